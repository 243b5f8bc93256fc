/**
 * Child: flakegate's history ingest, the path `assess --history` takes. Reads
 * every run folder's reports through the worker pool in the compact form and
 * folds them into the history index (HistoryBuilder), then checks the index
 * against the floor's tally: the same job as the streaming floor, through the
 * real code, ending in the data structure the verdict engine reads.
 *
 *     node scripts/bench/row-history.ts HISTORY_DIR [--concurrency N]
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HistoryBuilder } from '../../src/assess/history.ts';
import { expandReportPaths, readCompactReports } from '../../src/ingest/load.ts';
import {
  OUTCOME_FAILED,
  OUTCOME_FLAKY,
  OUTCOME_PASSED,
  OUTCOME_SKIPPED,
} from '../../src/model/index.ts';
import type { RunInfo } from '../../src/model/index.ts';
import { emit, historyDirArg, measure } from './measure.ts';

const dir = historyDirArg();
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { concurrency: { type: 'string' } },
});
const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);

const { value, ...times } = await measure(async () => {
  const builder = new HistoryBuilder();
  const runOf = new Map<string, RunInfo>();
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const runDir = path.join(dir, name);
    if (!statSync(runDir).isDirectory()) continue;
    const run: RunInfo = { runId: name, attempt: 1 };
    builder.addRun(run, []);
    for (const f of (await expandReportPaths([runDir])).files) {
      runOf.set(f, run);
      files.push(f);
    }
  }
  let testcases = 0;
  let errors = 0;
  for await (const r of readCompactReports(files, concurrency ? { concurrency } : {})) {
    testcases += r.counts.testcases;
    if (r.error) errors++;
    builder.addCompact(runOf.get(r.file)!, r);
  }
  return { files, testcases, errors, index: builder.build() };
});

// Per-run outcome codes, counted the way the floor counts (after the clock stops).
let passed = 0;
let failed = 0;
let skipped = 0;
for (const t of value.index.tests.values()) {
  for (const code of t.outcomes) {
    if (code === OUTCOME_PASSED) passed++;
    else if (code === OUTCOME_FAILED || code === OUTCOME_FLAKY) failed++;
    else if (code === OUTCOME_SKIPPED) skipped++;
  }
}
const bytes = value.files.reduce((sum, f) => sum + statSync(f).size, 0);
emit(
  {
    files: value.files.length,
    bytes,
    testcases: value.testcases,
    errors: value.errors,
    index: {
      tests: value.index.tests.size,
      runs: value.index.runs.length,
      passed,
      failed,
      skipped,
    },
  },
  times,
);
