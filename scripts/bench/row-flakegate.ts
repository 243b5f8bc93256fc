/**
 * Child: flakegate's own ingest. Lists the reports the way the CLI does,
 * reads them with `readReports` and folds every attempt into a per-test
 * outcome tally: the same job as the streaming floor, through the real code.
 *
 *     node scripts/bench/row-flakegate.ts HISTORY_DIR [--concurrency N]
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParsedReport } from '../../src/model/report.ts';
import { listXmlFiles } from './generate.ts';
import { emit, historyDirArg, measure } from './measure.ts';
import { bump, summarize, type Tally } from './tally.ts';

/** The part of src/ingest/load.ts this row uses; typed here so the bench compiles without it. */
interface LoadModule {
  readReports(paths: string[], opts?: { concurrency?: number }): AsyncIterable<ParsedReport>;
  /** Returns `{ files, missing }` today; a bare list is accepted too. */
  expandReportPaths?: (inputs: string[], cwd?: string) => Promise<string[] | { files: string[] }>;
}

export const LOAD_MODULE = new URL('../../src/ingest/load.ts', import.meta.url);

const dir = historyDirArg();
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { concurrency: { type: 'string' } },
});
const opts =
  values.concurrency === undefined ? undefined : { concurrency: Number(values.concurrency) };
// Imported before the clock starts, as the floors import their parsers.
const load = (await import(LOAD_MODULE.href)) as LoadModule;

async function listReports(dir: string): Promise<string[]> {
  if (load.expandReportPaths === undefined) return listXmlFiles(dir);
  const found = await load.expandReportPaths([dir]);
  return Array.isArray(found) ? found : found.files;
}

const { value, ...times } = await measure(async () => {
  const paths = await listReports(dir);
  const tally: Tally = new Map();
  let testcases = 0;
  let errors = 0;
  for await (const report of load.readReports(paths, opts)) {
    testcases += report.counts.testcases;
    if (report.error) errors++;
    for (const attempt of report.attempts) {
      bump(tally, attempt.testId, attempt.outcome === 'error' ? 'failed' : attempt.outcome);
    }
  }
  return { paths, testcases, errors, tally: summarize(tally) };
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
