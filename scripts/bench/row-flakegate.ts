/**
 * Child: flakegate's own ingest, run as `flakegate inspect` runs it: in a
 * worker thread with the commands' bounded young generation, reading with
 * `readReports` and folding every attempt into a per-test outcome tally
 * (ingest-work.ts): the same job as the streaming floor, through the real
 * code. The thread's start is inside the clock, as it is for a user.
 *
 *     node scripts/bench/row-flakegate.ts HISTORY_DIR [--concurrency N]
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runBounded } from '../../src/commands/off-thread.ts';
import { besideThis } from '../../src/ingest/threads.ts';
import type { IngestJob } from './ingest-work.ts';
import { emit, historyDirArg, measure, type TallySummary } from './measure.ts';

const dir = historyDirArg();
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { concurrency: { type: 'string' } },
});
const job: IngestJob = {
  dir,
  ...(values.concurrency === undefined
    ? {}
    : { options: { concurrency: Number(values.concurrency) } }),
};
interface Ingested {
  paths: string[];
  testcases: number;
  errors: number;
  tally: TallySummary;
}
const { value, ...times } = await measure(() => {
  const run = runBounded<Ingested>(besideThis('ingest-work', import.meta.url), job);
  if (!run) throw new Error('no worker thread could start');
  return run;
});
// Sizes are taken after the clock stops: readReports does not report them.
const bytes = value.paths.reduce((sum, path) => sum + statSync(path).size, 0);
emit(
  {
    files: value.paths.length,
    bytes,
    testcases: value.testcases,
    errors: value.errors,
    tally: value.tally,
  },
  times,
);
