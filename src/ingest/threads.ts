/**
 * Every worker thread flakegate starts (parse workers, the commands' job
 * worker) starts here, with the same memory bounds, found beside its
 * caller's module.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';

/**
 * Young generation of every thread flakegate starts, MiB (V8 makes it two
 * 16 MB semi-spaces). Left alone, Node 24 grows a thread's young generation
 * to 128 MB under the steady allocation of parsing, almost all of it empty
 * between collections; that alone took the bench history's ingest past
 * 256 MB. The main thread's can only be bounded by a startup flag, which a
 * GitHub Action cannot pass to its runtime, so the work runs in workers
 * (commands/off-thread.ts) that take this as `resourceLimits`.
 */
export const YOUNG_GENERATION_MB = 48;

/**
 * How far V8 lets the old generation grow past what the last full
 * collection kept: 50%. Left to itself, V8 picks a factor of up to 4 from
 * the collector's speed, and reading reports promotes short-lived records
 * in bursts, so the peak depended on when a full collection happened to
 * run: the bench history's ingest peaked anywhere from 237 to 319 MB over
 * runs of the same build, 222-226 MB with this, at no measurable cost in
 * time (assess: 2.48-2.97 s without, 2.55-3.01 s with). The flag is read at
 * every collection, so setting it before the first worker starts reaches
 * every thread. Node 24's V8 has it; a V8 without it would only say so on
 * stderr.
 */
const OLD_GENERATION_GROWTH_FLAG = '--heap-growing-percent=50';
let growthSet = false;

/** A worker with the bounds above; throws as `new Worker` does when none can start. */
export function startBoundedWorker(script: URL, workerData: unknown): Worker {
  if (!growthSet) {
    growthSet = true;
    setFlagsFromString(OLD_GENERATION_GROWTH_FLAG);
  }
  return new Worker(script, {
    workerData,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
}

/**
 * A worker entry beside the module at `from` (its import.meta.url): the .ts
 * file from source (run by Node's type stripping), the bundled .js beside
 * the entry in dist/.
 */
export function besideThis(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}
