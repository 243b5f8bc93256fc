/**
 * Child: a full `flakegate assess` of the generated history, as the CLI runs
 * it (in the commands' bounded worker thread): the newest run as the head, every earlier run as history (read through
 * the worker pool in the compact form and folded into the index), then the
 * verdict engine and the Markdown summary.
 *
 *     node scripts/bench/row-assess.ts HISTORY_DIR [--concurrency N]
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG } from '../../src/assess/config.ts';
import { assessOffThread } from '../../src/commands/jobs.ts';
import { emit, historyDirArg, measure } from './measure.ts';

const dir = path.resolve(historyDirArg());
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { concurrency: { type: 'string' } },
});
const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);

// Head = the newest run; history = a folder of links to the others (made before the clock starts).
const runs = readdirSync(dir)
  .filter((d) => statSync(path.join(dir, d)).isDirectory())
  .sort();
const headDir = path.join(dir, runs[runs.length - 1]!);
const historyDir = mkdtempSync(path.join(os.tmpdir(), 'fg-bench-history-'));
for (const r of runs.slice(0, -1)) symlinkSync(path.join(dir, r), path.join(historyDir, r));

try {
  const { value, ...times } = await measure(async () => {
    const result = await assessOffThread(
      {
        reports: [headDir],
        history: historyDir,
        cwd: process.cwd(),
        // The whole generated history, not the default 50-run window, so the
        // row reads the same bytes as the floors.
        config: {
          ...structuredClone(DEFAULT_CONFIG),
          history: { ...DEFAULT_CONFIG.history, runs: runs.length },
        },
        ...(concurrency ? { concurrency } : {}),
      },
      { warn: () => {} },
    );
    const summary = result.summary();
    return { verdict: result.verdict, summaryChars: summary.length };
  });
  let bytes = 0;
  let files = 0;
  for (const r of runs) {
    for (const f of readdirSync(path.join(dir, r)).filter((x) => x.endsWith('.xml'))) {
      bytes += statSync(path.join(dir, r, f)).size;
      files++;
    }
  }
  emit(
    {
      files,
      bytes,
      verdict: {
        risk: value.verdict.risk,
        failed: value.verdict.counts.failed,
        historyRuns: value.verdict.inputs.history?.runs ?? 0,
        summaryChars: value.summaryChars,
      },
    },
    times,
  );
} finally {
  rmSync(historyDir, { recursive: true, force: true });
}
