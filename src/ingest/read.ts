/**
 * Reads one report file from disk into records: size checked before reading,
 * then decoded and parsed chunk by chunk, so memory follows the records kept,
 * not the file's size, and a parse that stops early stops reading too.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { ParsedReport } from '../model/index.ts';
import { createDecoder } from './decode.ts';
import { DEFAULT_MAX_FILE_BYTES } from './limits.ts';
import { ReportBuilder, type ParseOptions } from './parse.ts';

export interface ReadOptions extends ParseOptions {
  /** Files larger than this are refused before reading. */
  maxFileBytes?: number;
}

const CHUNK = 1 << 20;
/** One read buffer per thread: reports are read one at a time, most are small. */
let shared: Buffer | undefined;

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
    const builder = new ReportBuilder(file, options);
    const buf = (shared ??= Buffer.allocUnsafe(CHUNK));
    let n = readSync(fd, buf, 0, CHUNK, null);
    const decoder = createDecoder(buf.subarray(0, Math.min(n, 512)));
    let total = 0;
    while (n > 0) {
      total += n;
      if (total > max)
        return unreadableReport(file, `file grew past the ${max}-byte limit while reading`);
      if (!builder.write(decoder.decode(buf.subarray(0, n)))) break;
      n = readSync(fd, buf, 0, CHUNK, null);
    }
    if (n === 0) builder.write(decoder.decode(new Uint8Array(0), true));
    if (decoder.note) builder.warn(decoder.note);
    if (decoder.replaced) builder.warn('invalid byte sequences were replaced with U+FFFD');
    return builder.finish();
  } catch (e) {
    return unreadableReport(file, `cannot read: ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}
