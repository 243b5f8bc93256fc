/** `flakegate assess` on the command line. */
import { assessOffThread } from '../commands/jobs.ts';
import { loadConfig } from '../config/load.ts';
import { RISK_LEVELS, type Risk } from '../model/index.ts';
import { renderTerminal } from '../report/terminal.ts';
import { verdictJsonChunks } from '../report/verdict-json.ts';
import { UsageError, intOption, output, type Command } from './args.ts';
import { createProgress, useColor, warnBeside } from './progress.ts';

const ASSESS_USAGE = `Usage: flakegate assess REPORTS... [options]

Judges each failing test of the head run (REPORTS: files, folders or globs of
JUnit XML; a folder with flakegate-run.json is one attempt of the run) and
grades the commit NONE, LOW, MEDIUM or HIGH.

Options:
  --history DIR         earlier runs, one subfolder each (with flakegate-run.json) (default: none)
  --reruns DIR          rerun reports, each beside its flakegate-rerun.json (default: none)
  --plan FILE           the rerun plan: tests whose shard sent nothing are INCONCLUSIVE (default: none)
  --changed FILE        changed paths, one a line (default: unknown, never "nothing changed")
  --head-sha SHA        the commit assessed (default: from flakegate-run.json)
  --base-branch NAME    only history runs of this branch (default: all runs given)
  --config FILE         thresholds and priors (default: .github/flakegate.yml when present)
  --json FILE           write the verdict JSON; - for stdout (default: none)
  --summary FILE        write the Markdown summary; - for stdout (default: none)
  --quarantine FILE     write the tests to quarantine, one a line (default: none)
  --fail-on LEVEL       lowest risk that exits 1: NONE, LOW, MEDIUM or HIGH (default: HIGH)
  --reruns-k N          isolated reruns per failing test expected (default: 5, or the config's)
  --max-file-size BYTES refuse report files larger than this (default: 268435456)
  --concurrency N       parser threads (default: number of cores)
  --quiet               print nothing on stdout but what --json/--summary - ask for, and no
                        progress on a terminal (default: off)
  -h, --help            show this help

Exit status: 0 risk below --fail-on, 1 at or above it, 2 usage error or no readable report.`;

export const ASSESS: Command = {
  usage: ASSESS_USAGE,
  options: {
    history: { type: 'string' },
    reruns: { type: 'string' },
    plan: { type: 'string' },
    changed: { type: 'string' },
    'head-sha': { type: 'string' },
    'base-branch': { type: 'string' },
    config: { type: 'string' },
    json: { type: 'string' },
    summary: { type: 'string' },
    quarantine: { type: 'string' },
    'fail-on': { type: 'string', default: 'HIGH' },
    'reruns-k': { type: 'string' },
    'max-file-size': { type: 'string' },
    concurrency: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
  async run(values, positionals) {
    if (positionals.length === 0)
      throw new UsageError('assess needs at least one report file, folder or glob');
    const failOn = String(values['fail-on']).toUpperCase() as Risk;
    if (!RISK_LEVELS.includes(failOn)) {
      throw new UsageError(
        `--fail-on must be one of ${RISK_LEVELS.join(', ')}, got ${JSON.stringify(values['fail-on'])}`,
      );
    }
    const cwd = process.cwd();
    const loaded = await loadConfig({
      cwd,
      ...(typeof values.config === 'string' ? { path: values.config } : {}),
    });
    if (loaded.errors.length > 0) {
      for (const e of loaded.errors) process.stderr.write(`flakegate: ${e}\n`);
      return 2;
    }
    const config = loaded.config;
    const k = intOption(values['reruns-k'], '--reruns-k', 1);
    if (k !== undefined) config.reruns.isolated = k;
    const progress = createProgress(process.stderr, {
      env: process.env,
      quiet: values.quiet === true,
    });
    const warn = warnBeside(progress, process.stderr);
    const result = await assessOffThread(
      {
        reports: positionals,
        cwd,
        config,
        ...(typeof values.history === 'string' ? { history: values.history } : {}),
        ...(typeof values.reruns === 'string' ? { reruns: values.reruns } : {}),
        ...(typeof values.plan === 'string' ? { plan: values.plan } : {}),
        ...(typeof values.changed === 'string' ? { changed: values.changed } : {}),
        ...(typeof values['head-sha'] === 'string' ? { headSha: values['head-sha'] } : {}),
        ...(typeof values['base-branch'] === 'string' ? { baseBranch: values['base-branch'] } : {}),
        maxFileBytes: intOption(values['max-file-size'], '--max-file-size', 1),
        concurrency: intOption(values.concurrency, '--concurrency', 1),
      },
      { warn, progress: (done, total, what) => progress.update(done, total, what) },
    ).finally(() => progress.stop());
    for (const m of result.missing)
      process.stderr.write(`flakegate: no report matches ${JSON.stringify(m)}\n`);
    for (const u of result.verdict.inputs.unreadable) {
      process.stderr.write(`flakegate: ${JSON.stringify(u.file)}: unreadable: ${u.error}\n`);
    }
    if (result.nothingReadable) {
      process.stderr.write('flakegate: no readable report: nothing to assess\n');
      return 2;
    }
    const toStdout = [values.json, values.summary, values.quarantine].includes('-');
    await output(values.json, verdictJsonChunks(result.verdict));
    await output(values.summary, result.summary());
    await output(values.quarantine, result.quarantine());
    if (!values.quiet && !toStdout) {
      const color = useColor(process.stdout, process.env);
      process.stdout.write(
        renderTerminal(result.verdict, { color, width: process.stdout.columns || 100 }),
      );
    }
    return RISK_LEVELS.indexOf(result.verdict.risk) >= RISK_LEVELS.indexOf(failOn) ? 1 : 0;
  },
};
