/** Worker thread: parses the report files it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { readReportFile, type ReadOptions } from './read.ts';
import { WireEncoder, type WireBatch } from './wire.ts';

/** Parent to worker: a batch of files, and whether the compact form is all the reader wants. */
export interface WorkerRequest {
  files: string[];
  compact: boolean;
}

/** Worker to parent: `ready` once the parser has loaded, then the reports of each batch sent. */
export type WorkerMessage = { type: 'ready' } | { type: 'reports'; batch: WireBatch };

const options = (workerData ?? {}) as ReadOptions;
const encoder = new WireEncoder();
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
parentPort?.on('message', ({ files, compact }: WorkerRequest) => {
  // Files come in small batches and go back as one message (see wire.ts).
  // Each report is encoded as soon as it is read, so its records die young
  // instead of living through the batch (and into the old generation).
  const batch = encoder.encode(
    (function* () {
      for (const f of files) yield readReportFile(f, options);
    })(),
    compact,
  );
  parentPort!.postMessage({ type: 'reports', batch } satisfies WorkerMessage, [
    batch.ints.buffer as ArrayBuffer,
    batch.floats.buffer as ArrayBuffer,
  ]);
});
post({ type: 'ready' });
