/**
 * Ground truth of a simulated case, and the rule that turns it into the
 * commit's true risk level. Every method is scored against this.
 *
 * The rule (also proposed for the README):
 * - HIGH: at least one failing test is a true regression (the change broke
 *   it, deterministically or intermittently; a new test the change added that
 *   fails every time counts, as does a regression whose report was unreadable);
 * - MEDIUM: otherwise, a failure the team must act on though this change did
 *   not cause it: a test broken on the base branch before the change, an
 *   order-dependent victim, or a new test the change added that is flaky;
 * - LOW: otherwise, every failure is pre-existing flakiness or infrastructure
 *   (the truth knows the test was flaky before, whether or not the history
 *   window happened to catch it);
 * - NONE: nothing failed.
 * A regression that did not fail on the head run (an intermittent one that
 * happened to pass) is invisible to every method; it is counted as latent and
 * does not make the commit HIGH.
 */
import type { Risk } from '../../src/model/verdict.ts';
import type { RegressionKind } from './messages.ts';

/** Why a test failed on the head, as the simulator knows it. */
export type Cause = 'regression' | 'broken-before' | 'order' | 'new-flaky' | 'flaky' | 'infra';

/** How a regression reached the failing test. */
export type Route =
  | 'test-file' // the change edited the test file itself
  | 'source' // the change edited a source file the test imports
  | 'shared' // the change edited a shared module the test imports (other module)
  | 'dependency' // a lock file or build file changed
  | 'far' // reached at run time with no import edge (integration through a service)
  | 'new-test'; // a test the change added, broken from the start

export interface FailureTruth {
  testId: string;
  cause: Cause;
  regression: boolean;
  /** False when the failure sits only in the unread part of an unreadable report. */
  visible: boolean;
  newTest: boolean;
  /** Failed runs of this test in the simulated history (any cause). */
  historyFailures: number;
  /** Regressions: how they reached the test, their failure probability and message kind. */
  route?: Route;
  q?: number;
  regressionKind?: RegressionKind;
  /** Flaky tests: the true per-run failure rate. */
  rate?: number;
}

export interface CaseTruth {
  risk: Risk;
  /** At least one failing test is a true regression. */
  regression: boolean;
  failures: FailureTruth[];
  /** Regressed tests that passed every head attempt. */
  latentRegressions: number;
}

const ORDER: readonly Cause[] = [
  'regression',
  'broken-before',
  'order',
  'new-flaky',
  'flaky',
  'infra',
];

/** The cause that explains a test's head failures when several did (most severe first). */
export function primaryCause(causes: Iterable<Cause>): Cause {
  const set = new Set(causes);
  return ORDER.find((c) => set.has(c)) ?? 'flaky';
}

/** The commit's true risk level from its failures (see the rule above). */
export function trueRisk(failures: readonly FailureTruth[]): Risk {
  if (failures.length === 0) return 'NONE';
  if (failures.some((f) => f.regression)) return 'HIGH';
  if (
    failures.some(
      (f) => f.cause === 'broken-before' || f.cause === 'order' || f.cause === 'new-flaky',
    )
  )
    return 'MEDIUM';
  return 'LOW';
}
