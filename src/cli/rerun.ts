/** `flakegate rerun` on the command line. */
import path from 'node:path';
import { loadPlan } from '../commands/plan-file.ts';
import { rerunCommand } from '../commands/rerun.ts';
import { terminalText } from '../report/escape.ts';
import type { ProgressEvent } from '../rerun/runner.ts';
import { UsageError, argvOption, intOption, seconds, type Command } from './args.ts';
import { createProgress, showsProgress, type Progress } from './progress.ts';

export const RERUN: Command = {
  usage: `Usage: flakegate rerun --plan FILE --shard ID [options]

Reruns each test of one shard K times, each attempt alone in a fresh process,
and, when asked, after the tests that preceded it (then searches for the
smallest set of them that makes it fail). Each attempt writes a JUnit report
and a flakegate-rerun.json into its own folder under --out.

Options:
  --plan FILE           the plan from 'flakegate plan' (required, no default)
  --shard ID            which shard to run, e.g. s1 (required, no default)
  --out DIR             where attempts go (default: flakegate-reruns)
  --timeout S           per-attempt timeout in seconds (default: 300)
  --reruns-k N          isolated reruns per test (default: the plan's)
  --in-suite-k N        in-suite reruns per test (default: the plan's)
  --budget S            time budget for the whole shard in seconds (default: 600)
  --polluter-budget S   time budget for one polluter search in seconds (default: 120)
  --also-on REF         also rerun each test on this commit (e.g. the merge base), in a git
                        worktree (default: none)
  --setup JSON          argv that prepares that worktree, e.g. '["npm","ci"]' (default: none)
  --quiet               print nothing but errors, no progress either (default: off)
  -h, --help            show this help

Exit status: 0 shard run (whatever the tests did), 2 usage or input error.`,
  options: {
    plan: { type: 'string' },
    shard: { type: 'string' },
    out: { type: 'string', default: 'flakegate-reruns' },
    timeout: { type: 'string', default: '300' },
    'reruns-k': { type: 'string' },
    'in-suite-k': { type: 'string' },
    budget: { type: 'string', default: '600' },
    'polluter-budget': { type: 'string', default: '120' },
    'also-on': { type: 'string' },
    setup: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
  async run(values, positionals) {
    if (positionals.length > 0)
      throw new UsageError(
        `rerun takes no positional arguments, got ${JSON.stringify(positionals[0])}`,
      );
    if (typeof values.plan !== 'string') throw new UsageError('rerun needs --plan FILE');
    if (typeof values.shard !== 'string') throw new UsageError('rerun needs --shard ID');
    const setup = argvOption(values.setup, '--setup');
    const quiet = values.quiet === true;
    const rerunsK = intOption(values['reruns-k'], '--reruns-k', 0);
    const inSuiteK = intOption(values['in-suite-k'], '--in-suite-k', 0);
    const timeoutS = intOption(values.timeout, '--timeout', 1)!;
    const budgetS = intOption(values.budget, '--budget', 1)!;
    const polluterBudgetS = intOption(values['polluter-budget'], '--polluter-budget', 0)!;
    const progress = createProgress(process.stderr, { env: process.env, quiet });
    const warn = (m: string) => {
      progress.clear();
      if (!quiet) process.stderr.write(`flakegate: ${m}\n`);
    };
    const onEvent =
      !quiet && showsProgress(process.stderr, process.env)
        ? await shardProgress(values.plan, values.shard, progress, {
            rerunsK,
            inSuiteK,
            alsoOn: typeof values['also-on'] === 'string',
          })
        : undefined;
    const summary = await rerunCommand(
      {
        plan: values.plan,
        shard: values.shard,
        out: String(values.out),
        cwd: process.cwd(),
        timeoutS,
        budgetS,
        polluterBudgetS,
        ...(rerunsK !== undefined ? { rerunsK } : {}),
        ...(inSuiteK !== undefined ? { inSuiteK } : {}),
        ...(typeof values['also-on'] === 'string' ? { alsoOn: values['also-on'] } : {}),
        ...(setup ? { setup } : {}),
        ...(onEvent ? { progress: onEvent } : {}),
      },
      { warn },
    ).finally(() => progress.stop());
    if (!quiet) {
      for (const t of summary.tests) {
        const parts = [
          `alone ${t.isolated.passed} passed ${t.isolated.failed} failed`,
          ...(t.inSuite.passed + t.inSuite.failed
            ? [`in suite ${t.inSuite.passed} passed ${t.inSuite.failed} failed`]
            : []),
          ...(t.base ? [`on --also-on ${t.base.passed} passed ${t.base.failed} failed`] : []),
          ...(t.polluters?.length
            ? [
                `fails after ${t.polluters.map(terminalText).join(', ')}${t.polluterSearch?.minimal ? '' : ' (search cut short)'}`,
              ]
            : []),
        ];
        process.stdout.write(`${terminalText(t.testId)}: ${parts.join('; ')}\n`);
        for (const p of t.problems)
          process.stderr.write(`flakegate: ${terminalText(t.testId)}: ${p}\n`);
      }
      process.stdout.write(
        `shard ${summary.shard}: ${summary.tests.length} test(s), ${summary.attempts} attempt(s) in ${seconds(summary.elapsedMs)}; ` +
          `early stopping saved ${summary.attemptsSaved} attempt(s), about ${summary.secondsSaved} s` +
          (summary.budgetSpent ? '; the time budget ran out' : '') +
          '\n',
      );
    }
    return 0;
  },
};

/**
 * Draws `rerun 7/25: isolated 3 of NAME` after each attempt. The runner's
 * events carry a test's index only, so the names come from the plan (read
 * again here; when it cannot be read rerunCommand says why).
 */
async function shardProgress(
  planFile: string,
  shardId: string,
  progress: Progress,
  o: { rerunsK: number | undefined; inSuiteK: number | undefined; alsoOn: boolean },
): Promise<(e: ProgressEvent) => void> {
  const plan = await loadPlan(path.resolve(process.cwd(), planFile)).catch(() => undefined);
  const tests = plan?.shards.find((s) => s.id === shardId)?.tests ?? [];
  const names = tests.map((t) => t.target.name);
  if (plan && tests.length > 0) {
    // Counted as runShard counts its attempts; its first event corrects any difference.
    const k = o.rerunsK ?? plan.rerunsK;
    const inSuite = tests.filter((t) => t.preceding.length > 0).length;
    const total = tests.length * (o.alsoOn ? 2 * k : k) + inSuite * (o.inSuiteK ?? plan.inSuiteK);
    progress.update(0, total, 'rerun', `shard ${shardId}`);
  }
  const seen = new Map<string, number>();
  return (e) => {
    const key = `${e.testIndex} ${e.phase}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const name = names[e.testIndex] ?? `test ${e.testIndex + 1}`;
    const detail =
      e.phase === 'polluter search'
        ? `polluter search, probe ${n}, for ${name}`
        : `${e.phase === 'base' ? 'on --also-on' : e.phase} ${n} of ${name}`;
    progress.update(e.done, e.total, 'rerun', detail);
  };
}
