/**
 * Runs a command's heavy work (reading reports, folding history, the engine)
 * in a worker thread with a bounded young generation, while this thread only
 * waits and relays warnings and progress. Why a thread, and the bounds: see
 * ingest/threads.ts. The worker side is `serveJob`; the worker entry of
 * the commands is job-worker.ts.
 */
import { parentPort, workerData, type Worker } from 'node:worker_threads';
import { startBoundedWorker } from '../ingest/threads.ts';

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
  constructor(error: FailedError) {
    super(error.message);
    this.error = error;
    this.name = error.name;
    if (error.stack) this.stack = error.stack;
  }
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
  let worker: Worker;
  try {
    worker = startBoundedWorker(script, data);
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
