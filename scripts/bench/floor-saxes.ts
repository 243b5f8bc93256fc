/** Child: the streaming floor. saxes over 1 MB chunks, per-test outcome tally, nothing else. */
import { listXmlFiles } from './generate.ts';
import { historyDirArg, runMeasured } from './measure.ts';
import { CHUNK_BYTES, countFile } from './saxes-count.ts';
import { summarize, type Tally } from './tally.ts';

const dir = historyDirArg();
await runMeasured(() => {
  const files = listXmlFiles(dir);
  const tally: Tally = new Map();
  const buffer = new Uint8Array(CHUNK_BYTES);
  let bytes = 0;
  let testcases = 0;
  for (const file of files) {
    const read = countFile(file, tally, buffer);
    bytes += read.bytes;
    testcases += read.testcases;
  }
  return { files: files.length, bytes, testcases, tally: summarize(tally) };
});
