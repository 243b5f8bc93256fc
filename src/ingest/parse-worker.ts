/** Worker thread: parses the report files it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ParsedReport } from '../model/index.ts';
import { readReportFile, type ReadOptions } from './read.ts';

/** Worker to parent: `ready` once the parser has loaded, then one `report` per file sent. */
export type WorkerMessage = { type: 'ready' } | { type: 'report'; report: ParsedReport };

const options = (workerData ?? {}) as ReadOptions;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
parentPort?.on('message', (file: string) => {
  post({ type: 'report', report: readReportFile(file, options) });
});
post({ type: 'ready' });
