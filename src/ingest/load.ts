/**
 * Finds report files and reads them, using every core when there are several:
 * each worker thread streams one file at a time and hands back its records,
 * so memory is bounded by the largest file, not by the sum of all files.
 */
import { availableParallelism } from 'node:os';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { ParsedReport } from '../model/index.ts';
import type { WorkerMessage } from './parse-worker.ts';
import { readReportFile, unreadableReport, type ReadOptions } from './read.ts';

export interface LoadOptions extends ReadOptions {
  /** Worker threads; 1 parses in this thread. Defaults to the core count. */
  concurrency?: number;
}

const REPORT_GLOB = '**/*.xml';
const IGNORE = ['**/node_modules/**', '**/.git/**'];

/**
 * Files, folders (every .xml below them) and globs to a de-duplicated list, in
 * the order of the inputs (each input's matches sorted). Paths are as the input
 * names them: relative to `cwd` for relative inputs, absolute for absolute ones.
 * A file reached twice (named twice, or again through a symbolic link) is
 * listed once. Inputs that match nothing are returned in `missing` so callers
 * can name them.
 */
export async function expandReportPaths(
  inputs: string[],
  cwd = process.cwd(),
): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = await stat(abs).catch(() => undefined);
    let found: string[];
    if (st?.isFile()) found = [input];
    else if (st?.isDirectory()) {
      found = (await glob(REPORT_GLOB, { cwd: abs, ignore: IGNORE, dot: false })).map((f) =>
        path.join(input, f),
      );
    } else if (isDynamicPattern(input)) {
      found = await glob(input, { cwd, ignore: IGNORE, absolute: path.isAbsolute(input) });
    } else found = [];
    if (found.length === 0) missing.push(input);
    // Of the paths reaching one file, the one without symbolic links is kept.
    const entries = await Promise.all(
      found.sort().map(async (f) => {
        const abs = path.resolve(cwd, f);
        return { f, abs, real: await realpath(abs).catch(() => abs) };
      }),
    );
    const best = new Map<string, (typeof entries)[number]>();
    for (const e of entries) {
      const b = best.get(e.real);
      if (!b || (b.abs !== e.real && e.abs === e.real)) best.set(e.real, e);
    }
    for (const e of entries) {
      if (best.get(e.real) !== e || seen.has(e.real)) continue;
      seen.add(e.real);
      // Paths stay as the user wrote them when they are relative to this
      // process; for another cwd they must be absolute to be readable.
      files.push(cwd === process.cwd() ? e.f : e.abs);
    }
  }
  return { files, missing };
}

function workerUrl(): URL {
  // From source (tests, bench) the worker is the .ts file, run by Node's type
  // stripping; from the bundle it is dist/parse-worker.js beside this entry.
  return import.meta.url.endsWith('.ts')
    ? new URL('./parse-worker.ts', import.meta.url)
    : new URL('./parse-worker.js', import.meta.url);
}

/**
 * Reads every file; yields each report as soon as it is parsed (completion
 * order), each file exactly once, and never throws for a bad file: a file
 * that cannot be read, or that kills the worker reading it (out of memory,
 * say), comes back as a report with `error` set. Workers that cannot start at
 * all hand their files back to this thread.
 */
export async function* readReports(
  files: string[],
  options: LoadOptions = {},
): AsyncGenerator<ParsedReport> {
  const { concurrency, ...readOptions } = options;
  const n = Math.min(concurrency ?? availableParallelism(), files.length);
  if (n <= 1) {
    for (const f of files) yield readReportFile(f, readOptions);
    return;
  }
  const queue = [...files];
  const ready: ParsedReport[] = [];
  const current = new Map<Worker, string>();
  const idle = new Set<Worker>();
  const started = new Set<Worker>();
  const workers: Worker[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const feed = (w: Worker) => {
    const next = queue.shift();
    if (next === undefined) {
      idle.add(w);
      return;
    }
    idle.delete(w);
    current.set(w, next);
    w.postMessage(next);
  };
  // A worker that dies costs only the file it held; one that never started
  // (its module failed to load) hands the file back to be read elsewhere.
  const lost = (w: Worker, why: string) => {
    idle.delete(w);
    const file = current.get(w);
    current.delete(w);
    if (file !== undefined) {
      if (started.has(w)) ready.push(unreadableReport(file, `parser stopped: ${why}`));
      else {
        queue.unshift(file);
        const other = idle.values().next();
        if (!other.done) feed(other.value);
      }
    }
    notify();
  };
  for (let i = 0; i < n; i++) {
    let w: Worker;
    try {
      w = new Worker(workerUrl(), { workerData: readOptions });
    } catch {
      continue; // no worker: the files are read in this thread below
    }
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        started.add(w);
        return;
      }
      current.delete(w);
      ready.push(m.report);
      feed(w);
      notify();
    });
    w.on('error', (e) => lost(w, e.message));
    w.on('exit', (code) => lost(w, `worker exited with code ${code}`));
    workers.push(w);
    feed(w);
  }
  try {
    for (;;) {
      const r = ready.shift();
      if (r) {
        yield r;
        continue;
      }
      if (current.size === 0) {
        // Every worker is idle or dead: whatever is left is read here.
        const next = queue.shift();
        if (next === undefined) break;
        yield readReportFile(next, readOptions);
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
