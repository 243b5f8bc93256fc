/**
 * Zip builders for the unzip tests: small archives from a spec, a deflated bomb of zeros streamed
 * through yazl (never held in memory), and byte patches that give entries names or headers that
 * yazl itself refuses to write.
 */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export interface ZipEntrySpec {
  name: string;
  /** File content; omitted for a directory entry (name ending in `/`). */
  data?: string | Buffer;
  /** Unix mode including the file type bits (e.g. 0o120777 for a symlink). */
  mode?: number;
  /** Deflate (default) or store. */
  compress?: boolean;
}

/** Writes a zip of `entries` to `file`. */
export async function writeZip(file: string, entries: ZipEntrySpec[]): Promise<void> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2026, 0, 1));
  for (const e of entries) {
    if (e.data === undefined) {
      zip.addEmptyDirectory(e.name, { mtime, ...(e.mode === undefined ? {} : { mode: e.mode }) });
      continue;
    }
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data;
    zip.addBuffer(data, e.name, {
      mtime,
      compress: e.compress ?? true,
      ...(e.mode === undefined ? {} : { mode: e.mode }),
    });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** Zeros in chunks of `chunk` bytes, made on demand; `pulled` counts the bytes handed out. */
export function zeros(
  total: number,
  chunk = 64 * 1024,
): { chunks: AsyncGenerator<Buffer>; pulled(): number } {
  let produced = 0;
  const block = Buffer.alloc(chunk);
  async function* generate() {
    while (produced < total) {
      const n = Math.min(chunk, total - produced);
      produced += n;
      yield n === chunk ? block : block.subarray(0, n);
    }
  }
  return { chunks: generate(), pulled: () => produced };
}

/** A one-entry zip whose entry `name` deflates `bytes` zeros (honest headers). */
export async function writeZerosBomb(file: string, bytes: number, name = 'bomb.xml') {
  const zip = new yazl.ZipFile();
  const source = Readable.from(zeros(bytes, 1024 * 1024).chunks, { objectMode: false });
  zip.addReadStream(source, name, { size: bytes, compressionLevel: 1 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/**
 * Replaces every occurrence of `from` by `to` (same byte length) in `file`: entry names sit in
 * both the local and the central headers, so a placeholder name becomes a hostile one.
 * Returns how many places were patched.
 */
export async function patchBytes(file: string, from: Buffer, to: Buffer): Promise<number> {
  if (from.length !== to.length) throw new Error('patchBytes needs equal lengths');
  const buf = await readFile(file);
  let count = 0;
  for (let at = buf.indexOf(from); at !== -1; at = buf.indexOf(from, at + to.length)) {
    to.copy(buf, at);
    count += 1;
  }
  await writeFile(file, buf);
  return count;
}

/** A zip of `files` (name -> content) in memory, deflated. */
export function zipBuffer(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files))
    zip.addBuffer(typeof data === 'string' ? Buffer.from(data) : data, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
