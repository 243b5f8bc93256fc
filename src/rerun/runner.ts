/**
 * Executes one shard of a rerun plan: each test K times alone in a fresh
 * process, optionally after its predecessors in one process (with delta
 * debugging for the polluter), optionally on another commit too. Every
 * attempt leaves a JUnit report and a flakegate-rerun.json in its own folder.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Invocation, RerunMode, RerunPlan, RerunTarget } from '../model/index.ts';
import { isolatedInvocation, suiteInvocation, templateInvocation } from './adapters.ts';
import { ddmin } from './ddmin.ts';
import { runProcess, type RunOptions } from './process.ts';
import { attemptResult, junitFor, type AttemptResult, type ProcessOutcome } from './result.ts';

export const RERUN_FILE = 'flakegate-rerun.json';
/** Reports bigger than this are not read back (a rerun of one test writes a few KB). */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export interface ShardOptions {
  plan: RerunPlan;
  shardId: string;
  /** Folder receiving one subfolder per attempt. */
  out: string;
  /** Repository checkout the tests run in. */
  cwd: string;
  timeoutMs: number;
  rerunsK: number;
  inSuiteK: number;
  /** Wall-clock budget for the whole shard; attempts not started in time are reported lost. */
  budgetMs: number;
  /** Budget for one polluter search. */
  polluterBudgetMs: number;
  /** The head commit (recorded in every attempt). */
  headCommit?: string;
  /** Rerun each test on another commit too, in a prepared worktree. */
  base?: { commit: string; cwd: string };
  exec?: (inv: Invocation, o: RunOptions) => Promise<ProcessOutcome>;
  progress?: (e: ProgressEvent) => void;
  now?: () => number;
}

export interface ProgressEvent {
  done: number;
  total: number;
  testIndex: number;
  phase: 'isolated' | 'in-suite' | 'polluter search' | 'base';
}

export interface TestSummary {
  testId: string;
  isolated: { passed: number; failed: number };
  inSuite: { passed: number; failed: number };
  base?: { passed: number; failed: number };
  polluters?: string[];
  polluterSearch?: { probes: number; minimal: boolean };
  problems: string[];
}

export interface ShardSummary {
  shard: string;
  tests: TestSummary[];
  attempts: number;
  /** Isolated attempts skipped because the test had already both passed and failed. */
  attemptsSaved: number;
  secondsSaved: number;
  elapsedMs: number;
  budgetSpent: boolean;
}

export async function runShard(o: ShardOptions): Promise<ShardSummary> {
  const shard = o.plan.shards.find((s) => s.id === o.shardId);
  if (!shard) {
    const ids = o.plan.shards.map((s) => s.id).join(', ') || 'none';
    throw new Error(`the plan has no shard ${JSON.stringify(o.shardId)} (shards: ${ids})`);
  }
  const now = o.now ?? (() => performance.now());
  const exec = o.exec ?? runProcess;
  const started = now();
  const budgetLeft = (): boolean => now() - started < o.budgetMs;
  const total =
    shard.tests.length * (o.rerunsK + (o.base ? o.rerunsK : 0)) +
    shard.tests.filter((t) => t.preceding.length).length * o.inSuiteK;
  const summary: ShardSummary = {
    shard: shard.id,
    tests: [],
    attempts: 0,
    attemptsSaved: 0,
    secondsSaved: 0,
    elapsedMs: 0,
    budgetSpent: false,
  };
  let done = 0;
  const tick = (testIndex: number, phase: ProgressEvent['phase']): void => {
    done++;
    o.progress?.({ done, total, testIndex, phase });
  };

  for (const [i, planned] of shard.tests.entries()) {
    const t = planned.target;
    const dir = path.join(o.out, `${shard.id}-t${i + 1}`);
    const ts: TestSummary = {
      testId: t.testId,
      isolated: { passed: 0, failed: 0 },
      inSuite: { passed: 0, failed: 0 },
      problems: [],
    };
    summary.tests.push(ts);
    const attempt = async (
      mode: RerunMode,
      n: number,
      inv: (junitPath: string) => Invocation | null,
      cwd: string,
      commit: string | undefined,
      on: 'head' | 'base',
    ): Promise<AttemptResult | null> => {
      const folder = path.join(dir, `${on === 'base' ? 'base' : mode}-${n}`);
      await mkdir(folder, { recursive: true });
      const junitPath = path.resolve(folder, 'report.xml');
      const invocation = inv(junitPath);
      if (!invocation) return null;
      const proc = await exec(invocation, { cwd, timeoutMs: o.timeoutMs });
      summary.attempts++;
      const text = await readBounded(junitPath);
      const res = attemptResult(invocation.result, proc, t, text);
      if ('outcome' in res && text === null) await writeFile(junitPath, junitFor(t, res), 'utf8');
      await writeManifest(folder, {
        test: t.testId,
        mode,
        attempt: n,
        on,
        ...(commit ? { commit } : {}),
        shard: shard.id,
        command: invocation.argv,
        exitCode: proc.exitCode,
        durationMs: proc.durationMs,
        ...('outcome' in res
          ? { outcome: res.outcome, ...(res.failure ? { failure: res.failure } : {}) }
          : { problem: res.problem }),
      });
      if ('problem' in res)
        ts.problems.push(`${on === 'base' ? 'base' : mode} ${n}: ${res.problem}`);
      return res;
    };
    const one = (jp: string): Invocation => isolated(o.plan, t, jp);

    // Isolated, on the head commit. The head run failed it, so one pass proves it
    // nondeterministic and further isolated attempts add nothing to the class...
    const durations: number[] = [];
    let isolatedRan = 0;
    const isolatedUpTo = async (k: number, stopOnPass: boolean): Promise<void> => {
      for (let n = isolatedRan + 1; n <= k; n++) {
        if (!budgetLeft()) {
          // Recorded only when nothing ran: then assess must say INCONCLUSIVE for it.
          if (n === 1)
            await lost(dir, t, shard.id, 'isolated', n, 'the time budget for reruns was spent');
          ts.problems.push(`isolated ${n}: not run, the time budget was spent`);
          summary.budgetSpent = true;
          return;
        }
        const t0 = now();
        const res = await attempt('isolated', n, one, o.cwd, o.headCommit, 'head');
        isolatedRan = n;
        durations.push(now() - t0);
        tick(i, 'isolated');
        if (res && 'outcome' in res) {
          if (res.outcome === 'passed') ts.isolated.passed++;
          else ts.isolated.failed++;
        }
        if (stopOnPass && ts.isolated.passed > 0) return;
      }
    };
    await isolatedUpTo(o.rerunsK, true);

    // In-suite: after the tests that preceded it, in one process.
    const suite = (tests: RerunTarget[]) => (jp: string) =>
      suiteInvocation([...tests, t], { junitPath: jp });
    const inSuiteFolders: string[] = [];
    if (o.inSuiteK > 0 && planned.preceding.length > 0) {
      if (!suite(planned.preceding)('x')) {
        ts.problems.push(
          `in-suite: ${t.framework} cannot run a chosen group of tests in one process`,
        );
      } else {
        for (let n = 1; n <= o.inSuiteK; n++) {
          if (!budgetLeft()) {
            ts.problems.push(`in-suite ${n}: not run, the time budget was spent`);
            summary.budgetSpent = true;
            break;
          }
          const res = await attempt(
            'in-suite',
            n,
            suite(planned.preceding),
            o.cwd,
            o.headCommit,
            'head',
          );
          inSuiteFolders.push(path.join(dir, `in-suite-${n}`));
          tick(i, 'in-suite');
          if (res && 'outcome' in res) {
            if (res.outcome === 'passed') ts.inSuite.passed++;
            else ts.inSuite.failed++;
          }
        }
        // ...unless it failed after its predecessors and never alone: then order dependence
        // needs the full isolated count for its test (Fisher's exact test on both columns).
        if (ts.isolated.failed === 0 && ts.inSuite.failed > 0 && ts.inSuite.passed === 0)
          await isolatedUpTo(o.rerunsK, false);
        // Passes alone, fails after its predecessors: find the smallest set that makes it fail.
        if (ts.isolated.failed === 0 && ts.isolated.passed > 0 && ts.inSuite.failed > 0) {
          const searchStart = now();
          const left = () => budgetLeft() && now() - searchStart < o.polluterBudgetMs;
          let probe = 0;
          const result = await ddmin(
            planned.preceding,
            async (subset) => {
              probe++;
              const folder = path.join(dir, `polluter-probe-${probe}`);
              await mkdir(folder, { recursive: true });
              const jp = path.resolve(folder, 'report.xml');
              const inv = suite(subset)(jp)!;
              const proc = await exec(inv, { cwd: o.cwd, timeoutMs: o.timeoutMs });
              o.progress?.({ done, total, testIndex: i, phase: 'polluter search' });
              const res = attemptResult(inv.result, proc, t, await readBounded(jp));
              return 'outcome' in res && res.outcome !== 'passed';
            },
            left,
          );
          ts.polluters = result.culprits.map((c) => c.testId);
          ts.polluterSearch = { probes: result.probes, minimal: result.minimal };
          for (const f of inSuiteFolders) await addPolluters(f, ts.polluters, result.minimal);
        }
      }
    }

    const saved = Math.max(0, o.rerunsK - isolatedRan);
    if (saved > 0 && !ts.problems.some((p) => p.includes('time budget'))) {
      summary.attemptsSaved += saved;
      summary.secondsSaved += (saved * mean(durations)) / 1000;
      done += saved;
    }

    // On the other commit (normally the merge base), in its own worktree.
    if (o.base) {
      ts.base = { passed: 0, failed: 0 };
      for (let n = 1; n <= o.rerunsK; n++) {
        if (!budgetLeft()) {
          ts.problems.push(`base ${n}: not run, the time budget was spent`);
          summary.budgetSpent = true;
          break;
        }
        const res = await attempt('isolated', n, one, o.base.cwd, o.base.commit, 'base');
        tick(i, 'base');
        if (res && 'outcome' in res) {
          if (res.outcome === 'passed') ts.base.passed++;
          else ts.base.failed++;
        }
        // Both outcomes there: the base is flaky too, nothing more to learn.
        if (ts.base.passed > 0 && ts.base.failed > 0) break;
      }
    }
  }
  summary.elapsedMs = Math.round(now() - started);
  summary.secondsSaved = Math.round(summary.secondsSaved * 10) / 10;
  return summary;
}

function isolated(plan: RerunPlan, t: RerunTarget, junitPath: string): Invocation {
  return plan.template
    ? templateInvocation(plan.template, t, { junitPath })
    : isolatedInvocation(t, { junitPath });
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

async function readBounded(file: string): Promise<string | null> {
  try {
    const s = await stat(file);
    if (!s.isFile() || s.size > MAX_REPORT_BYTES) return null;
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function writeManifest(folder: string, data: Record<string, unknown>): Promise<void> {
  await writeFile(path.join(folder, RERUN_FILE), `${JSON.stringify(data, null, 2)}\n`, 'utf8');
}

/** An attempt that never ran: recorded so that assess says INCONCLUSIVE rather than passing over it. */
async function lost(
  dir: string,
  t: RerunTarget,
  shard: string,
  mode: RerunMode,
  n: number,
  reason: string,
): Promise<void> {
  const folder = path.join(dir, `${mode}-${n}`);
  await mkdir(folder, { recursive: true });
  await writeManifest(folder, {
    test: t.testId,
    mode,
    attempt: n,
    on: 'head',
    shard,
    problem: reason,
  });
}

async function addPolluters(folder: string, polluters: string[], minimal: boolean): Promise<void> {
  const file = path.join(folder, RERUN_FILE);
  const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  data.polluters = polluters;
  data.pollutersMinimal = minimal;
  await writeManifest(folder, data);
}
