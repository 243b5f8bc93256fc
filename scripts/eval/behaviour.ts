/**
 * How a simulated test behaves when it runs: in the suite (a CI run), alone
 * (an isolated rerun) or after the tests that preceded it (an in-suite rerun).
 * Every outcome is drawn from the test's true nature, plus the head's
 * regressions; history and head use the same code, so the history is an
 * honest sample of the same process the head is drawn from.
 */
import type { Attempt, FailureDetail } from '../../src/model/report.ts';
import {
  brokenFailure,
  flakeFailure,
  infraFailure,
  orderFailure,
  type InfraKind,
  type RegressionKind,
} from './messages.ts';
import type { Rng } from './prng.ts';
import { failed } from './reports.ts';
import type { SimTest } from './repo.ts';
import type { Cause, Route } from './truth.ts';

export type Mode = 'suite' | 'isolated' | 'in-suite';

/** A test the head commit broke. */
export interface Regression {
  /** Probability that one execution fails: 1 for a deterministic break, 0.3-0.7 for an intermittent one. */
  q: number;
  kind: RegressionKind;
  route: Route;
  /** The same failure each time: one bug, one message. */
  detail: FailureDetail;
}

export interface Exec {
  rng: Rng;
  /** History run index; the head runs at index `historyRuns`. */
  runIndex: number;
  historyRuns: number;
  regressions?: ReadonlyMap<string, Regression>;
}

export interface Failure {
  detail: FailureDetail;
  cause: Cause;
}

/** An in-suite rerun replays the original order, so the polluter runs first almost every time. */
const IN_SUITE_ORDER_FAILURE = 0.95;

/** One execution of `t`; null when it passes. Skipped tests are the caller's business. */
export function execute(t: SimTest, mode: Mode, ex: Exec): Failure | null {
  const { rng } = ex;
  const reg = ex.regressions?.get(t.id);
  if (reg !== undefined && rng.chance(reg.q)) return { detail: reg.detail, cause: 'regression' };
  const n = t.nature;
  switch (n.kind) {
    case 'stable': {
      const pb = t.pastBroken;
      if (pb !== undefined && ex.runIndex >= pb.from && ex.runIndex < pb.to)
        return { detail: brokenFailure(pb.broken, t.file, rng), cause: 'broken-before' };
      return null;
    }
    case 'flaky':
      return rng.chance(n.rate)
        ? {
            detail: flakeFailure(n.flake, t.file, rng),
            cause: t.added === true ? 'new-flaky' : 'flaky',
          }
        : null;
    case 'order': {
      if (mode === 'isolated') return null;
      const p = mode === 'in-suite' ? IN_SUITE_ORDER_FAILURE : n.rate;
      return rng.chance(p) ? { detail: orderFailure(t.file, rng), cause: 'order' } : null;
    }
    case 'broken':
      return ex.runIndex >= ex.historyRuns - n.brokenRuns
        ? { detail: brokenFailure(n.broken, t.file, rng), cause: 'broken-before' }
        : null;
    case 'skipped':
      return null;
  }
}

export interface ShardRun {
  attempts: Attempt[];
  /** Causes of each failing test's failed attempts. */
  failures: Map<string, Cause[]>;
}

/**
 * Runs one shard's tests in order, with the runner's in-report retries. When
 * `infra` is set, every test from index `infra.from` on fails with the same
 * infrastructure error (the disk filled or the runner died part-way).
 */
export function runShard(
  tests: readonly SimTest[],
  ex: Exec,
  retries: number,
  infra?: { from: number; kind: InfraKind },
): ShardRun {
  const attempts: Attempt[] = [];
  const failures = new Map<string, Cause[]>();
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i] as SimTest;
    const hitByInfra = infra !== undefined && i >= infra.from;
    // Fast path: most tests are stable and untouched (the history is ~10^7 executions per eval).
    if (
      !hitByInfra &&
      t.nature.kind === 'stable' &&
      t.pastBroken === undefined &&
      ex.regressions?.has(t.id) !== true
    ) {
      attempts.push(t.pass);
      continue;
    }
    runOne(t, hitByInfra);
  }
  return { attempts, failures };

  function runOne(t: SimTest, hitByInfra: boolean): void {
    if (t.nature.kind === 'skipped') {
      attempts.push(t.skip);
      return;
    }
    for (let retry = 0; retry <= retries; retry++) {
      const f: Failure | null = hitByInfra
        ? { detail: infraFailure(infra?.kind ?? 'disk', t.file, ex.rng), cause: 'infra' }
        : execute(t, 'suite', ex);
      if (f === null) {
        attempts.push(retry === 0 ? t.pass : { ...t.pass, retry });
        return;
      }
      attempts.push(failed(t.id, f.detail, retry, t.pass.durationMs ?? 10));
      const causes = failures.get(t.id);
      if (causes === undefined) failures.set(t.id, [f.cause]);
      else causes.push(f.cause);
      // A dead runner or a full disk does not heal between retries of one job.
      if (hitByInfra) return;
    }
  }
}

/** Tests of each shard in file order (vitest runs a shard's files in a fixed order). */
export function shardTests(
  files: readonly { shard: number; tests: SimTest[] }[],
  shards: number,
): SimTest[][] {
  const out: SimTest[][] = Array.from({ length: shards }, () => []);
  for (const f of files) out[f.shard]?.push(...f.tests);
  return out;
}

export const INFRA_KINDS: readonly InfraKind[] = ['disk', 'runner', 'killed'];
