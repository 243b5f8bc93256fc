/** Worker thread: parses the report files it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { compactReport, packBatch, type PackedBatch } from './compact.ts';
import { readReportFile, type ReadOptions } from './read.ts';

/** Parent to worker: a batch of files, and whether to send full records or the compact form. */
export interface WorkerRequest {
  files: string[];
  compact: boolean;
}

/** Worker to parent: `ready` once the parser has loaded, then the reports of each batch sent. */
export type WorkerMessage =
  { type: 'ready' } | { type: 'reports'; json: string } | { type: 'compact'; packed: PackedBatch };

const options = (workerData ?? {}) as ReadOptions;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
parentPort?.on('message', ({ files, compact }: WorkerRequest) => {
  // Files come in small batches and go back as one message: a JSON string
  // crosses threads cheaper than a structured clone of thousands of small
  // objects, and the compact form cheaper still (measured on the bench history).
  const reports = files.map((f) => readReportFile(f, options));
  if (compact) {
    const packed = packBatch(reports.map(compactReport));
    parentPort!.postMessage({ type: 'compact', packed } satisfies WorkerMessage, [
      packed.outcomes.buffer as ArrayBuffer,
    ]);
  } else {
    post({ type: 'reports', json: JSON.stringify(reports) });
  }
});
post({ type: 'ready' });
