/**
 * Runs a command's heavy work (reading reports, folding history, the engine)
 * in a worker thread with a bounded young generation, while this thread only
 * waits and relays warnings and progress. Why a thread, and the bound: see
 * YOUNG_GENERATION_MB. The worker side is `serveJob`; the worker entry of
 * the commands is job-worker.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { YOUNG_GENERATION_MB } from '../ingest/limits.ts';

/** Worker to parent: events while working, then exactly one `done` or `failed`. */
export type JobMessage<E> =
  | { type: 'event'; event: E }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: FailedError };

/** An error thrown in the worker, as it crosses: its class by name, so the edge can map it back. */
export interface FailedError {
  name: string;
  message: string;
  stack?: string;
}

/** A job's error, rebuilt on this side; `name` is the worker-side class (InputError, ...). */
export class JobError extends Error {
  readonly error: FailedError;
  constructor(error: FailedError, options?: ErrorOptions) {
    super(error.message, options);
    this.error = error;
    this.name = error.name;
    if (error.stack) this.stack = error.stack;
  }
}

/**
 * How far V8 lets the old generation grow past what the last full
 * collection kept: 50%. Left to itself, V8 picks a factor of up to 4 from
 * the collector's speed, and reading reports promotes short-lived records
 * in bursts, so the peak depended on when a full collection happened to
 * run: the bench history's ingest peaked anywhere from 237 to 319 MB over
 * runs of the same build, 222-226 MB with this, at no measurable cost in
 * time (assess: 2.48-2.97 s without, 2.55-3.01 s with). The flag is read at
 * every collection, so setting it now reaches the threads started after.
 * Node 24's V8 has it; a V8 without it would only say so on stderr.
 */
export const OLD_GENERATION_GROWTH_FLAG = '--heap-growing-percent=50';
let growthSet = false;
function setOldGenerationGrowth(): void {
  if (growthSet) return;
  growthSet = true;
  setFlagsFromString(OLD_GENERATION_GROWTH_FLAG);
}

/**
 * Starts `script` as a bounded worker with `data`, relays its events, and
 * resolves with its result. Undefined when no worker can start at all (the
 * caller then does the work in this thread); a worker that dies (out of
 * memory, say) rejects with what it died of.
 */
export function runBounded<R, E = never>(
  script: URL,
  data: unknown,
  onEvent: (event: E) => void = () => {},
): Promise<R> | undefined {
  setOldGenerationGrowth();
  let worker: Worker;
  try {
    worker = new Worker(script, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  } catch {
    return undefined;
  }
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.on('message', (m: JobMessage<E>) => {
      if (settled) return;
      if (m.type === 'event') onEvent(m.event);
      else if (m.type === 'done') settle(() => resolve(m.result as R));
      else settle(() => reject(new JobError(m.error)));
    });
    worker.on('error', (e) =>
      settle(() => reject(new Error(`the worker thread stopped: ${e.message}`, { cause: e }))),
    );
    worker.on('exit', (code) =>
      settle(() =>
        reject(new Error(`the worker thread exited with code ${code} before its answer`)),
      ),
    );
  });
}

/**
 * The worker side: runs `work` on this worker's data with an `emit` for
 * events, and posts its result or its error; `nameOf` names the error's
 * class for the other side (a bundler may rename classes).
 */
export function serveJob<D, E>(
  work: (data: D, emit: (event: E) => void) => Promise<unknown>,
  nameOf: (e: Error) => string = (e) => e.name,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveJob runs in a worker thread');
  const post = (m: JobMessage<E>) => port.postMessage(m);
  work(workerData as D, (event) => post({ type: 'event', event })).then(
    (result) => post({ type: 'done', result }),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const error: FailedError = { name: nameOf(err), message: err.message };
      if (err.stack) error.stack = err.stack;
      post({ type: 'failed', error });
    },
  );
}

/** A worker entry beside this module: the .ts file from source, the bundled .js from dist/. */
export function besideThis(name: string, from: string = import.meta.url): URL {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}
