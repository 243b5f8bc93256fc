/**
 * Reads one report file from disk into records: size checked before reading.
 * A file under 8 MB is read and decoded whole, then parsed (fast scanner first,
 * see parse.ts); a larger one is decoded and parsed chunk by chunk, so memory
 * follows the records kept, not the file's size, and a parse that stops early
 * stops reading too.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { ParsedReport } from '../model/index.ts';
import { createDecoder } from './decode.ts';
import { DEFAULT_MAX_FILE_BYTES } from './limits.ts';
import { parseReportText, ReportBuilder, type ParseOptions } from './parse.ts';

export interface ReadOptions extends ParseOptions {
  /** Files larger than this are refused before reading. */
  maxFileBytes?: number;
}

const CHUNK = 1 << 20;
/** Files below this size are read whole, in a buffer of their own. */
const WHOLE_MAX = 8 << 20;
/** One read buffer per thread: reports are read one at a time, most are small. */
let shared: Buffer | undefined;
const EMPTY = new Uint8Array(0);

/** Reads until `buf` is full or the file ends; returns the bytes read. */
function fill(fd: number, buf: Buffer): number {
  let n = 0;
  for (;;) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return n;
    n += got;
    if (n === buf.length) return n;
  }
}

/**
 * Opened without blocking: a FIFO named as a report would otherwise wait
 * forever for a writer. Regular files ignore the flag.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'path too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code) return REASONS[code] ? `${REASONS[code]} (${code})` : code;
  return e instanceof Error ? e.message : String(e);
}

/** A report that could not be read at all: no records, the reason in `error`. */
export function unreadableReport(file: string, message: string): ParsedReport {
  return {
    file,
    tests: [],
    attempts: [],
    counts: { testcases: 0, failed: 0, skipped: 0, passed: 0, retryAttempts: 0 },
    error: { file, message },
    warnings: [],
  };
}

export function readReportFile(file: string, options: ReadOptions = {}): ParsedReport {
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (e) {
    return unreadableReport(file, `cannot open: ${reason(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      return unreadableReport(
        file,
        `not a regular file${st.isDirectory() ? ' (a directory)' : ''}`,
      );
    }
    if (st.size > max) {
      return unreadableReport(
        file,
        `file is ${st.size} bytes, over the ${max}-byte limit (--max-file-size)`,
      );
    }
    // Most reports fit one buffer: read whole, they go to the fast scanner
    // first (parseReportText). Larger ones stream through saxes chunk by chunk.
    // One byte over the size: a file that grew since fstat does not pass as whole.
    const buf =
      st.size >= CHUNK && st.size < WHOLE_MAX
        ? Buffer.allocUnsafe(st.size + 1)
        : (shared ??= Buffer.allocUnsafe(CHUNK));
    let n = fill(fd, buf);
    const decoder = createDecoder(buf.subarray(0, Math.min(n, 512)));
    const notes = (): string[] => [
      ...(decoder.note ? [decoder.note] : []),
      ...(decoder.replaced ? ['invalid byte sequences were replaced with U+FFFD'] : []),
    ];
    if (n < buf.length && n <= max) {
      return parseReportText(file, decoder.decode(buf.subarray(0, n), true), options, notes());
    }
    const builder = new ReportBuilder(file, options);
    let total = 0;
    while (n > 0) {
      total += n;
      if (total > max)
        return unreadableReport(file, `file grew past the ${max}-byte limit while reading`);
      if (!builder.write(decoder.decode(buf.subarray(0, n)))) break;
      n = fill(fd, buf);
    }
    if (n === 0) builder.write(decoder.decode(EMPTY, true));
    for (const note of notes()) builder.warn(note);
    return builder.finish();
  } catch (e) {
    return unreadableReport(file, `cannot read: ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}
