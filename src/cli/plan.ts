/** `flakegate plan` on the command line. */
import { writePlan } from '../commands/plan-file.ts';
import { planCommand } from '../commands/plan.ts';
import { FRAMEWORKS, type Framework } from '../model/index.ts';
import { terminalText } from '../report/escape.ts';
import { UsageError, argvOption, intOption, seconds, type Command } from './args.ts';
import { createProgress, warnBeside } from './progress.ts';

export const PLAN: Command = {
  usage: `Usage: flakegate plan REPORTS... [options]

Lists every failing test of the head reports, decides how each is rerun
(framework, argument list) and splits the work into shards balanced by the
tests' durations. Writes the plan and prints the matrix JSON that
strategy.matrix takes (opaque shard ids only, never a test name).

Options:
  --shards N            most shards, 1 to 256 (default: 4)
  --reruns-k N          isolated reruns per failing test (default: 5)
  --in-suite-k N        reruns after the tests that preceded it (default: 0)
  --out FILE            where the plan goes (default: plan.json)
  --rerun-command JSON  argv template for every test, e.g. '["npx","vitest","run","{file}","-t","{pattern}"]'
                        placeholders {file} {name} {pattern} {suite} {junit}
                        (default: from the report's dialect)
  --framework NAME      adapter to use instead of the one the dialect suggests (default: detected)
                        one of ${FRAMEWORKS.join(', ')}
  --max-file-size BYTES refuse report files larger than this (default: 268435456)
  --concurrency N       parser threads (default: number of cores)
  --quiet               print only the matrix JSON, no progress on a terminal (default: off)
  -h, --help            show this help

Exit status: 0 plan written, 2 usage error or no readable report.`,
  options: {
    shards: { type: 'string', default: '4' },
    'reruns-k': { type: 'string', default: '5' },
    'in-suite-k': { type: 'string', default: '0' },
    out: { type: 'string', default: 'plan.json' },
    'rerun-command': { type: 'string' },
    framework: { type: 'string' },
    'max-file-size': { type: 'string' },
    concurrency: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
  async run(values, positionals) {
    if (positionals.length === 0)
      throw new UsageError('plan needs at least one report file, folder or glob');
    const shards = intOption(values.shards, '--shards', 1)!;
    if (shards > 256)
      throw new UsageError(
        `--shards must be at most 256 (a matrix makes at most 256 jobs), got ${shards}`,
      );
    const framework = values.framework;
    if (framework !== undefined && !FRAMEWORKS.includes(framework as Framework))
      throw new UsageError(
        `--framework must be one of ${FRAMEWORKS.join(', ')}, got ${JSON.stringify(framework)}`,
      );
    const template = argvOption(values['rerun-command'], '--rerun-command');
    const rerunsK = intOption(values['reruns-k'], '--reruns-k', 0)!;
    const inSuiteK = intOption(values['in-suite-k'], '--in-suite-k', 0)!;
    const maxFileBytes = intOption(values['max-file-size'], '--max-file-size', 1);
    const concurrency = intOption(values.concurrency, '--concurrency', 1);
    const progress = createProgress(process.stderr, {
      env: process.env,
      quiet: values.quiet === true,
    });
    const warn = warnBeside(progress, process.stderr);
    const result = await planCommand(
      {
        reports: positionals,
        cwd: process.cwd(),
        shards,
        rerunsK,
        inSuiteK,
        ...(template ? { template } : {}),
        ...(framework ? { framework: framework as Framework } : {}),
        maxFileBytes,
        concurrency,
      },
      { warn, progress: (done, total, what) => progress.update(done, total, what) },
    ).finally(() => progress.stop());
    if (result.plan.reports.length === 0) {
      process.stderr.write('flakegate: no readable report: nothing to plan\n');
      return 2;
    }
    await writePlan(String(values.out), result.plan);
    const { plan } = result;
    if (!values.quiet) {
      const tests = plan.shards.reduce((n, s) => n + s.tests.length, 0);
      const makespan = plan.shards.reduce((m, s) => Math.max(m, s.costMs), 0);
      process.stderr.write(
        `flakegate: ${tests} failing test(s) to rerun in ${plan.shards.length} shard(s); ` +
          `busiest shard ${seconds(makespan)} of rerun work (lower bound ${seconds(result.lowerBoundMs)}); ` +
          `${plan.settled.length} already proven flaky, ${plan.refused.length} not rerunnable; ` +
          `plan written to ${String(values.out)}\n`,
      );
      for (const r of plan.refused)
        process.stderr.write(`flakegate: not rerun: ${terminalText(r.testId)}: ${r.reason}\n`);
    }
    process.stdout.write(JSON.stringify(result.matrix) + '\n');
    return 0;
  },
};
