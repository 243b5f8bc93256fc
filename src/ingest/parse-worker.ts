/** Worker thread: parses the report files it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { readReportFile, type ReadOptions } from './read.ts';

const options = (workerData ?? {}) as ReadOptions;
parentPort?.on('message', (file: string) => {
  parentPort!.postMessage(readReportFile(file, options));
});
