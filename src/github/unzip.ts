/**
 * Bounded, all-or-nothing extraction of downloaded artifacts. The zips come from other workflow
 * runs, pull requests' runs included, so every header is a claim to check: sizes are counted as
 * bytes inflate, names must stay inside the folder, links are refused, CRCs are verified, and a
 * failure leaves nothing behind (entries go to a hidden sibling folder renamed at the end).
 */
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

export interface UnzipLimits {
  /** Most bytes written in total, counted as bytes actually inflated (never trusting headers). */
  maxBytes: number;
  /** Most entries. */
  maxEntries: number;
  /** Most bytes of one entry (default maxBytes). */
  maxEntryBytes?: number;
}

export type UnzipReason =
  'corrupt' | 'truncated' | 'too-large' | 'too-many-entries' | 'unsafe-path' | 'link' | 'io';

export class UnzipError extends Error {
  readonly archive: string;
  readonly reason: UnzipReason;
  constructor(archive: string, reason: UnzipReason, detail: string, options?: ErrorOptions) {
    super(`${path.basename(archive)}: ${detail}`, options);
    this.name = 'UnzipError';
    this.archive = archive;
    this.reason = reason;
  }
}

export interface UnzipResult {
  /** Absolute paths of the files written, in archive order. */
  files: string[];
  /** Bytes inflated and written. */
  bytes: number;
  /** Entries left out (encrypted, unknown compression, duplicate names); names are raw, hostile. */
  skipped: { name: string; reason: string }[];
}

export interface ExtractOptions {
  /** Called after each chunk is written with the archive's running total (tests watch the cap). */
  onProgress?(inflatedBytes: number): void;
}

/**
 * Extract `zipFile` into `destDir` (which must not exist yet; its parent is created). All or
 * nothing: on any error destDir does not exist afterwards.
 */
export async function extractZip(
  zipFile: string,
  destDir: string,
  limits: UnzipLimits,
  options: ExtractOptions = {},
): Promise<UnzipResult> {
  checkLimits(limits);
  const dest = path.resolve(destDir);
  if (await exists(dest)) {
    throw new UnzipError(zipFile, 'io', `destination ${JSON.stringify(dest)} already exists`);
  }
  const parent = path.dirname(dest);
  let temp: string;
  try {
    await mkdir(parent, { recursive: true });
    temp = await mkdtemp(path.join(parent, `.${path.basename(dest)}.partial-`));
  } catch (err) {
    throw classify(zipFile, err);
  }
  try {
    const { rel, bytes, skipped } = await extractInto(zipFile, temp, limits, options);
    await chmod(temp, 0o755);
    await rename(temp, dest);
    return { files: rel.map((r) => path.join(dest, ...r.split('/'))), bytes, skipped };
  } catch (err) {
    // The original error matters more than a failed clean-up, which a retry rarely cures.
    await rm(temp, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
    throw classify(zipFile, err);
  }
}

/** The running count of inflated bytes against the archive's and the current entry's caps. */
export class InflateBudget {
  readonly archive: string;
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  total = 0;
  entry = 0;
  constructor(archive: string, limits: UnzipLimits) {
    this.archive = archive;
    this.maxBytes = limits.maxBytes;
    this.maxEntryBytes = Math.min(limits.maxEntryBytes ?? limits.maxBytes, limits.maxBytes);
  }
  /** Refuses an entry whose declared size alone passes a cap, before inflating anything. */
  begin(name: string, declared: number): void {
    this.entry = 0;
    this.check(name, declared, declared);
  }
  /** Accounts for `n` more bytes of the current entry, throwing before they would pass a cap. */
  take(name: string, n: number): void {
    this.check(name, this.entry + n, n);
    this.entry += n;
    this.total += n;
  }
  private check(name: string, entryBytes: number, more: number): void {
    if (entryBytes > this.maxEntryBytes) {
      throw new UnzipError(
        this.archive,
        'too-large',
        `entry ${quote(name)} inflates past the ${this.maxEntryBytes}-byte cap per entry`,
      );
    }
    if (this.total + more > this.maxBytes) {
      throw new UnzipError(
        this.archive,
        'too-large',
        `archive inflates past the ${this.maxBytes}-byte cap (at entry ${quote(name)})`,
      );
    }
  }
}

/**
 * Writes `source` to `out`, charging every chunk to `budget` before it is written, so a bomb
 * stops at the cap on disk. Returns the CRC-32 of the bytes written. Iteration starts at once:
 * yauzl emits inflate errors on its stream whether or not anyone listens yet.
 */
export async function writeCapped(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  out: FileHandle,
  name: string,
  budget: InflateBudget,
  onProgress?: (inflatedBytes: number) => void,
): Promise<number> {
  let crc = 0;
  for await (const chunk of source) {
    budget.take(name, chunk.length);
    crc = crc32(chunk, crc);
    let done = 0;
    while (done < chunk.length) {
      const { bytesWritten } = await out.write(chunk, done, chunk.length - done);
      done += bytesWritten;
    }
    onProgress?.(budget.total);
  }
  return crc;
}

// O_EXCL: never overwrite; O_NOFOLLOW: never write through a link (Windows lacks the flag).
const CREATE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** A new file with mode 0o644 whatever the umask, or null when the name is taken (a duplicate). */
async function createFile(file: string): Promise<FileHandle | null> {
  let handle;
  try {
    handle = await open(file, CREATE_FLAGS, 0o644);
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return null;
    throw err;
  }
  try {
    await handle.chmod(0o644);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

interface Extracted {
  rel: string[];
  bytes: number;
  skipped: { name: string; reason: string }[];
}

async function extractInto(
  zipFile: string,
  root: string,
  limits: UnzipLimits,
  options: ExtractOptions,
): Promise<Extracted> {
  const zip = await openZip(zipFile);
  const out: Extracted = { rel: [], bytes: 0, skipped: [] };
  const budget = new InflateBudget(zipFile, limits);
  const dirs = new Set<string>();
  try {
    // The count is the end record's claim; yauzl reads exactly that many entries, so it bounds.
    if (zip.entryCount > limits.maxEntries) {
      throw new UnzipError(
        zipFile,
        'too-many-entries',
        `${zip.entryCount} entries, more than the cap of ${limits.maxEntries}`,
      );
    }
    for await (const entry of zip.eachEntry()) {
      // decodeStrings is off so that names are judged here, not half-repaired by yauzl.
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        true,
      );
      const parts = safeParts(zipFile, name);
      const kind = entryKind(zipFile, entry, name);
      if (kind === 'dir') {
        await ensureDirs(root, parts, dirs);
        continue;
      }
      const skip = unreadable(entry);
      if (skip) {
        out.skipped.push({ name, reason: skip });
        continue;
      }
      if (parts.length === 0) throw unsafe(zipFile, name, 'names no file');
      if (!(await ensureDirs(root, parts.slice(0, -1), dirs))) {
        out.skipped.push({ name, reason: 'a file of the archive stands where its folder goes' });
        continue;
      }
      budget.begin(name, entry.uncompressedSize);
      const handle = await createFile(path.join(root, ...parts));
      if (handle === null) {
        out.skipped.push({ name, reason: 'duplicate name' });
        continue;
      }
      let crc: number;
      try {
        const stream = await zip.openReadStreamPromise(entry);
        try {
          crc = await writeCapped(stream, handle, name, budget, options.onProgress);
        } finally {
          stream.destroy();
        }
      } catch (err) {
        throw classify(zipFile, err, name);
      } finally {
        await handle.close();
      }
      if (crc !== entry.crc32) {
        throw new UnzipError(zipFile, 'corrupt', `CRC mismatch in entry ${quote(name)}`);
      }
      out.rel.push(parts.join('/'));
    }
  } finally {
    zip.close();
  }
  out.bytes = budget.total;
  return out;
}

async function openZip(zipFile: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(zipFile, {
      lazyEntries: true,
      autoClose: true,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (err) {
    if (err instanceof Error && /central directory record signature not found/.test(err.message)) {
      // The end record lives at the very end, so any cut loses it: a file that starts like a zip
      // was cut short, anything else is not a zip.
      const truncated = await startsWithLocalHeader(zipFile);
      throw new UnzipError(
        zipFile,
        truncated ? 'truncated' : 'corrupt',
        truncated ? 'archive is cut short (no end record)' : 'not a zip archive',
        { cause: err },
      );
    }
    throw err;
  }
}

async function startsWithLocalHeader(zipFile: string): Promise<boolean> {
  const handle = await open(zipFile, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

/**
 * The path segments of an entry name, refusing the whole archive for any name that is absolute,
 * climbs with `..`, uses backslashes or carries control characters. A well-meaning tool never
 * writes such names, so one of them marks the archive as crafted and none of its content is
 * trusted, not even the entries that look fine.
 */
function safeParts(archive: string, name: string): string[] {
  if (name.length === 0) throw unsafe(archive, name, 'is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw unsafe(archive, name, 'has control characters');
  if (name.includes('\\')) throw unsafe(archive, name, 'uses backslashes');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw unsafe(archive, name, 'is absolute');
  // On Windows a colon opens an alternate data stream or names a drive.
  if (process.platform === 'win32' && name.includes(':')) {
    throw unsafe(archive, name, 'has a colon');
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw unsafe(archive, name, 'climbs out with ..');
  // Belt and braces: whatever the checks above missed must still resolve inside the folder.
  const rel = path.relative('/root', path.resolve('/root', ...parts));
  if (parts.length > 0 && (rel.startsWith('..') || path.isAbsolute(rel))) {
    throw unsafe(archive, name, 'leaves the extraction folder');
  }
  return parts;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/**
 * Directory or regular file. The Unix mode sits in the high half of the external attributes;
 * it is checked whatever host the archive claims, since a link is refused, not guessed at.
 */
function entryKind(archive: string, entry: yauzl.Entry, name: string): 'dir' | 'file' {
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) {
    throw new UnzipError(archive, 'link', `entry ${quote(name)} is a symbolic link`);
  }
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    throw new UnzipError(
      archive,
      'link',
      `entry ${quote(name)} is a special file (mode ${type.toString(8)})`,
    );
  }
  return name.endsWith('/') || type === S_IFDIR ? 'dir' : 'file';
}

/** Why an entry cannot be read at all, or null. */
function unreadable(entry: yauzl.Entry): string | null {
  if (entry.isEncrypted()) return 'encrypted';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return `unsupported compression method ${entry.compressionMethod}`;
  }
  return null;
}

/**
 * Makes the folders `parts` under `root`, one level at a time with mode 0o755. Returns false when
 * a file written earlier stands in the way. Only this extraction writes under `root`, so nothing
 * found there can be a link.
 */
async function ensureDirs(root: string, parts: string[], made: Set<string>): Promise<boolean> {
  let rel = '';
  for (const part of parts) {
    rel = rel === '' ? part : `${rel}/${part}`;
    if (made.has(rel)) continue;
    const dir = path.join(root, ...rel.split('/'));
    try {
      await mkdir(dir, { mode: 0o755 });
      await chmod(dir, 0o755);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
      // Case-insensitive file systems make `A/` and `a/` one folder.
      if (!(await lstat(dir)).isDirectory()) return false;
    }
    made.add(rel);
  }
  return true;
}

function checkLimits(limits: UnzipLimits): void {
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
      throw new RangeError(`unzip limit ${key} must be a non-negative integer, got ${value}`);
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps whatever failed to one UnzipError: file-system errors are 'io', reads past the end of the
 * file 'truncated', the rest 'corrupt'. `entry` names the entry being inflated, if any.
 */
function classify(archive: string, err: unknown, entry?: string): UnzipError {
  if (err instanceof UnzipError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const where = entry === undefined ? '' : `entry ${quote(entry)}: `;
  const code = errnoCode(err);
  if (code !== undefined && code.startsWith('Z_')) {
    return new UnzipError(archive, 'corrupt', `${where}damaged compressed data (${message})`, {
      cause: err,
    });
  }
  if (code !== undefined && typeof (err as { syscall?: unknown }).syscall === 'string') {
    return new UnzipError(archive, 'io', `${where}${message}`, { cause: err });
  }
  // yauzl's own errors are plain Errors: its byte counter finds a size that differs from the
  // header (a lying header, or a bomb behind one).
  if (/too many bytes|not enough bytes/.test(message)) {
    return new UnzipError(archive, 'corrupt', `${where}size differs from its header (${message})`, {
      cause: err,
    });
  }
  const truncated = /unexpected EOF|overflows file bounds/.test(message);
  return new UnzipError(archive, truncated ? 'truncated' : 'corrupt', `${where}${message}`, {
    cause: err,
  });
}

function unsafe(archive: string, name: string, why: string): UnzipError {
  return new UnzipError(archive, 'unsafe-path', `entry name ${quote(name)} ${why}`);
}

/** Entry names are hostile: quoted with escapes (no raw newline reaches a log) and shortened. */
function quote(name: string): string {
  return JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);
}
