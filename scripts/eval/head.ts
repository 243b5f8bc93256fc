/**
 * The head run: the commit being assessed, run like any CI run (shards,
 * in-report retries, sometimes an infrastructure failure, sometimes a job
 * re-run, sometimes an unreadable report), then the reruns a flakegate plan
 * would schedule for its failures (isolated K=5, in-suite K=3 when the
 * scenario has them), with one plan shard occasionally lost.
 *
 * Only failures the methods can see get reruns: a test whose only failure
 * sits in the unread tail of a damaged report is invisible to the planner too.
 */
import type { HeadRun, LostRerun, RerunAttempt, RunInfo } from '../../src/model/assess-input.ts';
import type { ParsedReport } from '../../src/model/report.ts';
import { execute, INFRA_KINDS, runShard, shardTests, type Exec, type Mode } from './behaviour.ts';
import type { Change } from './change.ts';
import type { SimHistory } from './history.ts';
import { HISTORY_START } from './history.ts';
import type { Rng } from './prng.ts';
import { buildReport, damageReport } from './reports.ts';
import type { Repo, SimTest } from './repo.ts';
import type { Scenario } from './scenario.ts';
import { primaryCause, type Cause, type FailureTruth } from './truth.ts';

export const ISOLATED_RERUNS = 5;
export const IN_SUITE_RERUNS = 3;
/** Heads are drawn again (same change) until something fails, except this share: the NONE cases. */
export const CLEAN_HEAD_SHARE = 0.05;
const MAX_DRAWS = 30;

export interface SimHead {
  head: HeadRun;
  reruns: RerunAttempt[];
  lostReruns: LostRerun[];
  unreadable: { file: string; error: string }[];
  failures: FailureTruth[];
  latentRegressions: number;
  /** Whether the infrastructure failure and the job re-run actually happened. */
  infraHit: boolean;
  jobRerun: boolean;
}

interface AttemptRun {
  run: RunInfo;
  reports: ParsedReport[];
  /** Per report: test -> causes of its failed attempts, and the failed attempts' indices. */
  failures: Map<string, Cause[]>[];
}

export function makeHead(
  rng: Rng,
  repo: Repo,
  change: Change,
  scenario: Scenario,
  history: SimHistory,
): SimHead {
  const n = scenario.historyRuns;
  const shards = shardTests(repo.files, repo.shards);
  const addedShard =
    change.newFile?.shard ?? repo.files.find((f) => f.path === change.added[0]?.file)?.shard ?? 0;
  shards[addedShard]?.push(...change.added);
  const all = new Map<string, SimTest>([
    ...repo.byId,
    ...change.added.map((t) => [t.id, t] as const),
  ]);
  const ex: Exec = { rng, runIndex: n, historyRuns: n, regressions: change.regressions };
  const sha = rng.hex(40);
  const runInfo = (attempt: number): RunInfo => ({
    runId: '9999001',
    attempt,
    sha,
    branch: 'feature/change',
    createdAt: new Date(HISTORY_START + (n * 3 + 2 + attempt) * 3_600_000).toISOString(),
    event: 'pull_request',
  });
  const requireFailure = !rng.chance(CLEAN_HEAD_SHARE);
  const infraShard = rng.int(repo.shards);
  const infraKind = rng.pick(INFRA_KINDS);

  let first: AttemptRun | undefined;
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    first = runAttempt(shards, 1, ex, repo, (s, len) =>
      scenario.infra && s === infraShard
        ? { from: rng.int(Math.max(1, len - 10)), kind: infraKind }
        : undefined,
    );
    if (!requireFailure || first.failures.some((m) => m.size > 0)) break;
  }
  if (first === undefined) throw new Error('no head draw');
  first.run = runInfo(1);
  const attempts: AttemptRun[] = [first];
  const failedShards = first.failures.flatMap((m, s) => (m.size > 0 ? [s] : []));
  const jobRerun = scenario.jobRerun && failedShards.length > 0;
  if (jobRerun) {
    const second = runAttempt(shards, 2, ex, repo, () => undefined, new Set(failedShards));
    second.run = runInfo(2);
    attempts.push(second);
  }

  // Damage one report of attempt 1: what lies past the cut is unseen by every method.
  const unreadable: SimHead['unreadable'] = [];
  const visibleFail = new Set<string>();
  let damaged = -1;
  if (scenario.unreadableHead) {
    damaged = rng.int(first.reports.length);
    const { report } = damageReport(first.reports[damaged] as ParsedReport, rng);
    first.reports[damaged] = report;
    unreadable.push({ file: report.file, error: report.error?.message ?? 'unreadable' });
  }
  for (const a of attempts)
    for (const rep of a.reports)
      for (const at of rep.attempts)
        if (at.outcome === 'failed' || at.outcome === 'error') visibleFail.add(at.testId);

  const causes = new Map<string, Cause[]>();
  for (const a of attempts)
    for (const m of a.failures)
      for (const [id, cs] of m) causes.set(id, [...(causes.get(id) ?? []), ...cs]);
  const failures: FailureTruth[] = [...causes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, cs]) => {
      const reg = change.regressions.get(id);
      const t = all.get(id);
      const f: FailureTruth = {
        testId: id,
        cause: reg !== undefined ? 'regression' : primaryCause(cs),
        regression: reg !== undefined,
        visible: visibleFail.has(id),
        newTest: t?.added === true,
        historyFailures: history.failCounts.get(id) ?? 0,
      };
      if (reg !== undefined)
        Object.assign(f, { route: reg.route, q: reg.q, regressionKind: reg.kind });
      if (t?.nature.kind === 'flaky') f.rate = t.nature.rate;
      return f;
    });
  const latentRegressions = [...change.regressions.keys()].filter((id) => !causes.has(id)).length;

  const { reruns, lostReruns } = makeReruns(
    rng,
    scenario,
    failures.filter((f) => f.visible).map((f) => all.get(f.testId) as SimTest),
    ex,
  );
  return {
    head: { sha, attempts: attempts.map((a) => ({ run: a.run, reports: a.reports })) },
    reruns,
    lostReruns,
    unreadable,
    failures,
    latentRegressions,
    infraHit: scenario.infra,
    jobRerun,
  };
}

function runAttempt(
  shards: SimTest[][],
  attempt: number,
  ex: Exec,
  repo: Repo,
  infraFor: (
    shard: number,
    length: number,
  ) => { from: number; kind: (typeof INFRA_KINDS)[number] } | undefined,
  only?: Set<number>,
): AttemptRun {
  const reports: ParsedReport[] = [];
  const failures: Map<string, Cause[]>[] = [];
  shards.forEach((tests, s) => {
    if (only !== undefined && !only.has(s)) return;
    const run = runShard(tests, ex, repo.retries, infraFor(s, tests.length));
    reports.push(
      buildReport(
        `head/${attempt}/shard-${s + 1}/junit.xml`,
        tests.map((t) => t.record),
        run.attempts,
      ),
    );
    failures.push(run.failures);
  });
  return { run: { runId: '', attempt }, reports, failures };
}

function makeReruns(
  rng: Rng,
  scenario: Scenario,
  failing: readonly SimTest[],
  ex: Exec,
): { reruns: RerunAttempt[]; lostReruns: LostRerun[] } {
  const reruns: RerunAttempt[] = [];
  const lostReruns: LostRerun[] = [];
  if (scenario.reruns === 'none' || failing.length === 0) return { reruns, lostReruns };
  const planShards = Math.min(4, Math.ceil(failing.length / 3));
  const lost = scenario.lostShard ? rng.int(planShards) : -1;
  failing.forEach((t, i) => {
    const shard = i % planShards;
    if (shard === lost) {
      lostReruns.push({
        testId: t.id,
        shard: `rerun-${shard + 1}`,
        reason: `artifact flakegate-reruns-rerun-${shard + 1} not found`,
      });
      return;
    }
    const modes: [Mode, number][] = [['isolated', ISOLATED_RERUNS]];
    if (scenario.reruns === 'isolated+in-suite') modes.push(['in-suite', IN_SUITE_RERUNS]);
    for (const [mode, k] of modes) {
      for (let attempt = 1; attempt <= k; attempt++) {
        const f = execute(t, mode, ex);
        const r: RerunAttempt = {
          testId: t.id,
          mode: mode === 'in-suite' ? 'in-suite' : 'isolated',
          attempt,
          outcome: f === null ? 'passed' : 'failed',
          durationMs: t.pass.durationMs ?? 10,
        };
        if (f !== null) r.failure = f.detail;
        reruns.push(r);
      }
    }
  });
  return { reruns, lostReruns };
}
