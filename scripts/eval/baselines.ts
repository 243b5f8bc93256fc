/**
 * The simple practices flakegate is compared with. Each sees only the
 * AssessInput (never the truth) and calls every visible failure a regression
 * (p = 1) or not (p = 0), so their Brier scores are comparable with
 * flakegate's probabilities. The commit is HIGH when any failure is called a
 * regression, LOW when failures exist and none is, NONE when nothing failed.
 *
 * - manual, "passes alone, so LOW": a failure that passed at least one
 *   isolated rerun is noise; one with no isolated pass (or no reruns at all,
 *   e.g. a lost rerun shard) blocks.
 * - block on any failure: every failure blocks; so does an unreadable head
 *   report (the job's exit status was red).
 * - rerun once: the failure's first rerun decides: the first isolated rerun,
 *   or, without reruns, the job re-run (head attempt 2) when there is one;
 *   with neither it blocks.
 * - history only: a test that already failed on the base branch is noise;
 *   one that never failed there (or with no history) blocks.
 */
import { OUTCOME_FAILED, OUTCOME_FLAKY, type AssessInput } from '../../src/model/assess-input.ts';
import type { FailureClass, Risk } from '../../src/model/verdict.ts';

export interface FailureCall {
  /** The method's probability that this failure is a real regression. */
  p: number;
  cls?: FailureClass;
}

export interface Decision {
  risk: Risk;
  /** Test id -> the method's call on that failure. */
  calls: Map<string, FailureCall>;
}

export type Method = (input: AssessInput) => Decision;

const isFailure = (outcome: string): boolean => outcome === 'failed' || outcome === 'error';

/** Tests with at least one failed attempt in any (readable part of a) head report. */
export function headFailures(input: AssessInput): string[] {
  const ids = new Set<string>();
  for (const a of input.head.attempts)
    for (const r of a.reports)
      for (const at of r.attempts) if (isFailure(at.outcome)) ids.add(at.testId);
  return [...ids].sort();
}

function decide(
  ids: readonly string[],
  blocks: (id: string) => boolean,
  forceHigh = false,
): Decision {
  const calls = new Map(ids.map((id) => [id, { p: blocks(id) ? 1 : 0 }]));
  const any = [...calls.values()].some((c) => c.p === 1);
  const risk: Risk = any || forceHigh ? 'HIGH' : ids.length === 0 ? 'NONE' : 'LOW';
  return { risk, calls };
}

function isolated(input: AssessInput, id: string) {
  return (input.reruns ?? [])
    .filter((r) => r.testId === id && r.mode === 'isolated')
    .sort((a, b) => a.attempt - b.attempt);
}

export const manual: Method = (input) =>
  decide(headFailures(input), (id) => !isolated(input, id).some((r) => r.outcome === 'passed'));

export const blockAll: Method = (input) =>
  decide(headFailures(input), () => true, (input.unreadable ?? []).length > 0);

export const rerunOnce: Method = (input) => {
  const second = input.head.attempts.filter((a) => a.run.attempt >= 2);
  return decide(headFailures(input), (id) => {
    const first = isolated(input, id)[0];
    if (first !== undefined) return first.outcome !== 'passed';
    for (const a of second)
      for (const r of a.reports)
        for (const at of r.attempts)
          if (at.testId === id && at.retry === 0) return isFailure(at.outcome);
    return true;
  });
};

export const historyOnly: Method = (input) =>
  decide(headFailures(input), (id) => {
    const h = input.history?.tests.get(id);
    return h === undefined || !h.outcomes.some((o) => o === OUTCOME_FAILED || o === OUTCOME_FLAKY);
  });

export const BASELINES: readonly { name: string; method: Method }[] = [
  { name: "manual ('passes alone')", method: manual },
  { name: 'block on any failure', method: blockAll },
  { name: 'rerun once', method: rerunOnce },
  { name: 'history only', method: historyOnly },
];
