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
import { compactReport, type CompactReport } from './compact.ts';
import type { WorkerMessage, WorkerRequest } from './parse-worker.ts';
import { readReportFile, unreadableReport, type ReadOptions } from './read.ts';
import { besideThis, startBoundedWorker } from './threads.ts';
import { WireDecoder, type WireBatch } from './wire.ts';

export interface LoadOptions extends ReadOptions {
  /** Worker threads; 1 parses in this thread. Defaults to the core count. */
  concurrency?: number;
}

const REPORT_GLOB = '**/*.xml';
const IGNORE = ['**/node_modules/**', '**/.git/**'];

/**
 * Files, folders (every .xml below them) and globs to a de-duplicated list, in
 * the order of the inputs (each input's matches sorted). Paths are as the input
 * names them (relative or absolute) when `cwd` is this process's; for another
 * `cwd` they are absolute, so that they can be read. A file reached twice
 * (named twice, or again through a symbolic link) is listed once. Inputs that
 * match nothing are returned in `missing` so callers can name them.
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

/**
 * Reads every file; yields each report as soon as it is parsed (completion
 * order), each file exactly once, and never throws for a bad file: a file
 * that cannot be read, or that kills the worker reading it (out of memory,
 * say), comes back as a report with `error` set. Workers that cannot start at
 * all hand their files back to this thread.
 */
export function readReports(
  files: string[],
  options: LoadOptions = {},
): AsyncGenerator<ParsedReport> {
  return pool(files, options, {
    compact: false,
    local: (f, o) => readReportFile(f, o),
    decode: (d, b) => d.reports(b),
    unreadable: unreadableReport,
  });
}

/**
 * The same, in the compact form history needs (see compact.ts): what crosses
 * from the workers is one string and one byte array per batch, so folding a
 * deep history costs little more than parsing it.
 */
export function readCompactReports(
  files: string[],
  options: LoadOptions = {},
): AsyncGenerator<CompactReport> {
  return pool(files, options, {
    compact: true,
    local: (f, o) => compactReport(readReportFile(f, o)),
    decode: (d, b) => d.compact(b),
    unreadable: (f, why) => compactReport(unreadableReport(f, why)),
  });
}

interface PoolKind<T> {
  /** Workers send only what the compact form needs. */
  compact: boolean;
  local(file: string, o: ReadOptions): T;
  decode(d: WireDecoder, b: WireBatch): T[];
  unreadable(file: string, why: string): T;
}

async function* pool<T>(
  files: string[],
  options: LoadOptions,
  kind: PoolKind<T>,
): AsyncGenerator<T> {
  const { concurrency, ...readOptions } = options;
  const n = Math.min(concurrency ?? availableParallelism(), files.length);
  if (n <= 1) {
    for (const f of files) yield kind.local(f, readOptions);
    return;
  }
  // This thread parses too, so n-way parallelism takes n - 1 workers (it
  // would sit idle otherwise, waiting on them). Files go out in batches: one
  // message per file costs more than parsing a small report. A worker is sent
  // more only when this thread looks at its messages, and this thread also
  // folds what the caller does with every report (the history index), so a
  // worker needs a cushion longer than this thread's longest stretch away
  // (a garbage collection, a large file). Bench history, assess: with two
  // batches in flight and four files parsed here between looks, the worker
  // sat idle 270-460 ms of its 2.2 s, in gaps of up to 36 ms; with four in
  // flight and one file here, 6-37 ms, and the peak did not grow.
  const BATCH = 16;
  const IN_FLIGHT = 4;
  const LOCAL_BATCH = 1;
  const MAX_RESPAWNS = 4;
  let next = 0;
  const requeued: string[] = [];
  // Files of a batch whose worker died: each is read again alone, in a
  // worker (never here: the one that killed a worker would kill this thread),
  // so a dying worker costs only the file that killed it.
  const suspects: string[] = [];
  const suspect = new Set<string>();
  const ready: T[] = [];
  let readyAt = 0; // index of the next report to yield (shift() would move the array)
  const inFlight = new Map<Worker, string[][]>();
  const started = new Set<Worker>();
  const workers: Worker[] = [];
  let respawns = 0;
  let closing = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const take = (size = BATCH): string[] => {
    const batch = requeued.splice(0, size);
    while (batch.length < size && next < files.length) batch.push(files[next++]!);
    return batch;
  };
  const send = (w: Worker, batch: string[]) => {
    inFlight.get(w)!.push(batch);
    w.postMessage({ files: batch, compact: kind.compact } satisfies WorkerRequest);
  };
  const feed = (w: Worker) => {
    const queue = inFlight.get(w);
    if (!queue) return;
    while (queue.length < IN_FLIGHT) {
      // A suspect goes alone to an idle worker, so that if the worker dies,
      // the file it was reading is known.
      if (suspects.length > 0) {
        if (queue.length === 0) send(w, [suspects.shift()!]);
        return;
      }
      const batch = take();
      if (batch.length === 0) return;
      send(w, batch);
    }
  };
  const lost = (w: Worker, why: string) => {
    const queue = inFlight.get(w);
    if (!queue || closing) return; // already handled (error, then exit), or terminated by us
    inFlight.delete(w);
    // A worker reads its batches in order: it died in the first; the others never started.
    queue.forEach((batch, i) => {
      const alone = batch.length === 1 && suspect.has(batch[0]!);
      if (i === 0 && started.has(w)) {
        if (alone) ready.push(kind.unreadable(batch[0]!, `parser stopped: ${why}`));
        else
          for (const f of batch) {
            suspect.add(f);
            suspects.push(f);
          }
      } else if (alone) suspects.push(batch[0]!);
      else requeued.push(...batch);
    });
    if (started.has(w) && respawns < MAX_RESPAWNS) {
      respawns++;
      spawn();
    }
    if (inFlight.size === 0) {
      // No worker left to read the suspects: they count as unreadable.
      for (const f of suspects.splice(0)) ready.push(kind.unreadable(f, `parser stopped: ${why}`));
    }
    for (const other of inFlight.keys()) feed(other);
    notify();
  };
  const spawn = () => {
    let w: Worker;
    try {
      w = startBoundedWorker(besideThis('parse-worker', import.meta.url), readOptions);
    } catch {
      return; // no worker: the files are read in this thread below
    }
    inFlight.set(w, []);
    const decoder = new WireDecoder();
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        started.add(w);
        return;
      }
      const files = inFlight.get(w)?.shift() ?? [];
      try {
        for (const r of kind.decode(decoder, m.batch)) ready.push(r);
      } catch (e) {
        // A batch this thread cannot read: its files are unreadable, and the
        // two sides' tables may no longer agree, so the worker is replaced.
        const why = `cannot read the parser's answer: ${(e as Error).message}`;
        for (const f of files) ready.push(kind.unreadable(f, why));
        lost(w, why);
        void w.terminate();
        return;
      }
      feed(w);
      notify();
    });
    w.on('error', (e) => lost(w, e.message));
    w.on('exit', (code) => lost(w, `worker exited with code ${code}`));
    workers.push(w);
    feed(w);
  };
  for (let i = 0; i < n - 1; i++) spawn();
  const busy = () => [...inFlight.values()].some((q) => q.length > 0);
  try {
    for (;;) {
      if (readyAt < ready.length) {
        const r = ready[readyAt]!;
        ready[readyAt++] = undefined as T; // let it go once yielded
        if (readyAt > 1024 && readyAt * 2 > ready.length) {
          ready.splice(0, readyAt);
          readyAt = 0;
        }
        yield r;
        continue;
      }
      const batch = take(LOCAL_BATCH);
      if (batch.length > 0) {
        // Parse a batch here, then let the workers' messages in.
        for (const f of batch) ready.push(kind.local(f, readOptions));
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (!busy() && suspects.length === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
