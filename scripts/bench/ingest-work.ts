/**
 * The ingest row's work, in the bounded worker thread flakegate's commands
 * run in (src/commands/off-thread.ts): lists the reports the way the CLI
 * does, reads them with `readReports` and folds every attempt into a
 * per-test outcome tally.
 */
import { expandReportPaths, readReports, type LoadOptions } from '../../src/ingest/load.ts';
import { serveJob } from '../../src/commands/off-thread.ts';
import { bump, summarize, type Tally } from './tally.ts';

export interface IngestJob {
  dir: string;
  options?: LoadOptions;
}

serveJob<IngestJob, never>(async ({ dir, options }) => {
  const paths = (await expandReportPaths([dir])).files;
  const tally: Tally = new Map();
  let testcases = 0;
  let errors = 0;
  for await (const report of readReports(paths, options)) {
    testcases += report.counts.testcases;
    if (report.error) errors++;
    for (const attempt of report.attempts) {
      bump(tally, attempt.testId, attempt.outcome === 'error' ? 'failed' : attempt.outcome);
    }
  }
  return { paths, testcases, errors, tally: summarize(tally) };
});
