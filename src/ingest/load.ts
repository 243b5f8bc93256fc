/**
 * Finds report files and reads them, using every core when there are several:
 * each worker thread streams one file at a time and hands back its records,
 * so memory is bounded by the largest file, not by the sum of all files.
 */
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { ParsedReport } from '../model/index.ts';
import { readReportFile, unreadableReport, type ReadOptions } from './read.ts';

export interface LoadOptions extends ReadOptions {
  /** Worker threads; 1 parses in this thread. Defaults to the core count. */
  concurrency?: number;
}

const REPORT_GLOB = '**/*.xml';
const IGNORE = ['**/node_modules/**', '**/.git/**'];

/**
 * Files, folders (every .xml below them) and globs to a sorted, de-duplicated
 * list. Inputs that match nothing are returned in `missing` so callers can name them.
 */
export async function expandReportPaths(
  inputs: string[],
  cwd = process.cwd(),
): Promise<{ files: string[]; missing: string[] }> {
  const files = new Set<string>();
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
      found = await glob(input, { cwd, ignore: IGNORE });
    } else found = [];
    if (found.length === 0) missing.push(input);
    for (const f of found.sort()) files.add(f);
  }
  return { files: [...files], missing };
}

function workerUrl(): URL {
  // From source (tests, bench) the worker is the .ts file, run by Node's type
  // stripping; from the bundle it is dist/parse-worker.js beside this entry.
  return import.meta.url.endsWith('.ts')
    ? new URL('./parse-worker.ts', import.meta.url)
    : new URL('./parse-worker.js', import.meta.url);
}

/** Reads every file; yields each report as soon as it is parsed (completion order). */
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
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const feed = (w: Worker) => {
    const next = queue.shift();
    if (next !== undefined) {
      current.set(w, next);
      w.postMessage(next);
    }
  };
  const workers: Worker[] = [];
  for (let i = 0; i < n; i++) {
    const w = new Worker(workerUrl(), { workerData: readOptions });
    w.on('message', (r: ParsedReport) => {
      current.delete(w);
      ready.push(r);
      feed(w);
      notify();
    });
    // A worker that dies (out of memory, say) costs only the file it held.
    w.on('error', (e) => {
      const file = current.get(w);
      current.delete(w);
      if (file !== undefined) ready.push(unreadableReport(file, `parser stopped: ${e.message}`));
      notify();
    });
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
