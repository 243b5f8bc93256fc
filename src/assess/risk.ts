/**
 * The commit's risk level from its failures, by risk-model.md's rules with
 * these deliberate departures, each measured by `npm run eval` (and each
 * named in the table tests of __tests__/unit/assess/engine-risk.test.ts):
 *
 * 1. An INCONCLUSIVE failure at or above inconclusiveHighThreshold makes the
 *    commit HIGH even outside the changed code. A release manager gates a
 *    deploy on this; a failure the evidence cannot explain away, and that is
 *    that likely a regression, must block, or regressions arriving through
 *    code the proximity rules cannot see slip under the gate.
 * 2. "A test flaky for the first time" is MEDIUM only when its failure rate
 *    on this commit is significantly above what its history allows
 *    (beta-binomial tail), or when the change set is unknown. A rare flake
 *    (1% fails once in 100 runs) showing for the first time is expected, and
 *    the model's rule pushed most clean commits to MEDIUM.
 * 3. An INCONCLUSIVE failure in changed code is HIGH from the INCONCLUSIVE
 *    band up (P >= inconclusiveThreshold); one made INCONCLUSIVE only by lost
 *    reruns or missing evidence, whose other evidence says flaky, is MEDIUM:
 *    it is named and keeps the commit from LOW, but a lost shard alone does
 *    not block a deploy.
 * 4. LOW does not need the change set known: it needs flakiness on record
 *    (a pass on this commit or intermittent failures in history) and a
 *    change that does not reach the test; with the change unknown, a first
 *    flake on record is MEDIUM (2).
 * 5. Failures sharing one infrastructure signature (runner lost, disk full,
 *    network down) read as one cause, judged on its evidence; the
 *    mass-failure HIGH is for many failures of application causes.
 * 6. "Touches changed code" counts lock, build and CI files and the import
 *    graph (proximity.ts); a crash "reproduces" when every later attempt
 *    failed; an unreadable report that may hide tests the change reaches is
 *    HIGH.
 *
 * 7. With the change set unknown, flakiness on record earns LOW only when
 *    the record holds this failure: a test whose history failed otherwise
 *    and now fails with a signature never seen is MEDIUM (an intermittent
 *    regression in a flaky test looks like this; eval seed 20251124).
 * 8. A test with a clean record (no failure in 10 or more history runs) that
 *    fails again and again on this commit, at a rate its history allows
 *    less than 1% of the time, is HIGH wherever the change is: 2 is MEDIUM
 *    for a rise that is merely significant (see brokeCleanRecord).
 *
 * A test new in this change never gets LOW from passing a rerun: a retry must
 * not let a new flaky test through.
 */
import type { FailureClass, Risk } from '../model/index.ts';
import type { Config } from './config.ts';
import type { FailureEvidence } from './evidence.ts';
import { flakyRatePrior, laterAttempts } from './probability.ts';
import { reached } from './proximity.ts';
import { betaBinomialUpperTail } from './stats.ts';

export interface Judged {
  /** Absent for an unreadable report, which stands for an unknown set of tests. */
  ev?: FailureEvidence;
  cls: FailureClass;
  p: number;
  name: string;
}

export interface RiskResult {
  risk: Risk;
  reasons: string[];
}

const INFRA = new Set(['infrastructure', 'network', 'rate-limit']);

/**
 * LOW needs flakiness on record (risk-model.md): a pass on this commit, or at
 * least two intermittent failures in history. One old failure is too little
 * to call a test that has not been rerun flaky.
 */
function onRecord(ev: FailureEvidence): boolean {
  return (
    ev.sameCommit.passed + ev.isolated.passed + ev.inSuite.passed > 0 ||
    ev.history.intermittentFailures >= 2
  );
}

/** Failed again on every later attempt (at least one). */
function reproduces(ev: FailureEvidence): boolean {
  const { k, m } = laterAttempts(ev);
  return m > 0 && k === m;
}

/**
 * Failure rate on this commit significantly above what the test's history
 * allows: the later attempts here (retries, job re-runs, reruns alone and
 * in-suite) against the beta-binomial predictive of a flaky test with this
 * history (population prior plus its own runs), one-sided at 5%. Unlike a
 * test on the history alone, this needs no minimum history: a clean short
 * history still says a 40% failure rate is new.
 */
export function flakeRateRose(ev: FailureEvidence, cfg: Config, level = 0.05): boolean {
  const fails = ev.isolated.failed + ev.inSuite.failed + Math.max(0, ev.sameCommit.failed - 1);
  const trials = fails + ev.isolated.passed + ev.inSuite.passed + ev.sameCommit.passed;
  if (fails === 0) return false;
  const { a, b } = flakyRatePrior(ev.history.intermittentFailures, ev.history.runs, cfg);
  return betaBinomialUpperTail(fails, trials, a, b) < level;
}

/** Departure 8: how clean a record must be, and how unlikely the jump. */
const RATE_JUMP_MIN_RUNS = 10;
const RATE_JUMP_LEVEL = 0.01;

/**
 * No failure in at least RATE_JUMP_MIN_RUNS history runs, and a failure rate
 * on this commit that such a history allows less than 1% of the time (at
 * least two later attempts failed). A flaky test does not turn from never
 * failing to failing again and again between two commits; a regression
 * that made it fail sometimes does (an order-dependent test is explained by
 * its polluter, and is MEDIUM). Eval: recall up on every seed tried
 * (20251124, 7, 99, 1, 2, 3, 42), false-HIGH up by at most one commit.
 */
function brokeCleanRecord(ev: FailureEvidence, cfg: Config): boolean {
  return (
    !ev.newTest &&
    ev.history.failed === 0 &&
    ev.history.runs >= RATE_JUMP_MIN_RUNS &&
    flakeRateRose(ev, cfg, RATE_JUMP_LEVEL)
  );
}

export function commitRisk(
  judged: Judged[],
  opts: { tests: number; lost: number; hiddenReached?: string[] },
  cfg: Config,
): RiskResult {
  const failing = judged.filter((j) => j.ev !== undefined);
  if (judged.length === 0) return { risk: 'NONE', reasons: ['no test failed'] };
  const high: string[] = [];
  const medium: string[] = [];
  const low: string[] = [];
  const massAt = Math.max(cfg.massFailure.count, Math.ceil(cfg.massFailure.fraction * opts.tests));
  // Failures with one signature are one cause. A mass failure from a single
  // infrastructure cause (runner lost, disk full, network down) reads as that
  // one cause and is judged on its evidence like any failure; a mass failure
  // of application causes means the run did not test this commit: HIGH.
  const bySig = new Map<string, Judged[]>();
  for (const j of failing) {
    const key = j.ev!.signature.key;
    const group = bySig.get(key);
    // Appended in place: copying the group per failure made 10^5 failures quadratic.
    if (group) group.push(j);
    else bySig.set(key, [j]);
  }
  const infraCauses = [...bySig.values()].filter(
    (g) => g.length > 1 && INFRA.has(g[0]!.ev!.category),
  );
  const infraTests = infraCauses.reduce((n, g) => n + g.length, 0);
  const others = failing.length - infraTests + infraCauses.length;
  if (others > massAt) {
    high.push(
      `mass failure: ${failing.length} tests failed (threshold ${massAt}), from ${bySig.size} distinct cause(s); the run did not test this commit`,
    );
  }
  for (const g of infraCauses) {
    if (g.length > massAt) {
      medium.push(
        `${g.length} tests failed from one ${g[0]!.ev!.category} cause (${g[0]!.ev!.signature.text}): rerun the job`,
      );
    }
  }
  const hiddenReached = opts.hiddenReached ?? [];
  if (hiddenReached.length > 0) {
    high.push(
      `unreadable report may hide ${hiddenReached.length} test(s) the change reaches (e.g. ${hiddenReached[0]})`,
    );
  }
  for (const j of judged) {
    const { ev, cls, p, name } = j;
    if (!ev) {
      medium.push(`report could not be read, its tests are unknown: ${name}`);
      continue;
    }
    const pp = `P(regression) ${p.toFixed(2)}`;
    if (cls === 'REGRESSION') high.push(`regression: ${name} (${pp})`);
    else if (
      cls === 'INCONCLUSIVE' &&
      reached(ev.proximity.proximity) &&
      p >= cfg.inconclusiveThreshold
    ) {
      high.push(`inconclusive failure in changed code: ${name} (${pp})`);
    } else if (cls === 'INCONCLUSIVE' && p >= cfg.inconclusiveHighThreshold)
      high.push(
        `inconclusive failure, too likely a regression to deploy: ${name} (${pp} >= ${cfg.inconclusiveHighThreshold})`,
      );
    else if (
      ev.newTest &&
      ev.isolated.failed > 0 &&
      ev.isolated.passed === 0 &&
      ev.sameCommit.passed === 0
    ) {
      high.push(`new test fails every rerun: ${name}`);
    } else if (
      (ev.category === 'crash' || ev.category === 'resource') &&
      reproduces(ev) &&
      cls !== 'BROKEN-BEFORE'
    ) {
      high.push(`${ev.category} reproduces: ${name}`);
    } else if (cls !== 'ORDER-DEPENDENT' && cls !== 'BROKEN-BEFORE' && brokeCleanRecord(ev, cfg)) {
      high.push(
        `fails far more often than its clean record allows (no failure in ${ev.history.runs} runs): ${name}`,
      );
    } else if (cls === 'INCONCLUSIVE') medium.push(`inconclusive: ${name} (${pp})`);
    else if (cls === 'BROKEN-BEFORE') medium.push(`broken before this change: ${name}`);
    else if (cls === 'ORDER-DEPENDENT') medium.push(`order-dependent: ${name}`);
    else if (ev.newTest)
      medium.push(`new test failed (a rerun pass must not let a new flaky test through): ${name}`);
    else if (reached(ev.proximity.proximity))
      medium.push(`flaky in code the change touches: ${name}`);
    else if (flakeRateRose(ev, cfg))
      medium.push(`fails more often than its history allows: ${name}`);
    else if (ev.proximity.proximity === 'unknown' && ev.history.intermittentFailures === 0) {
      // First flake on record and the change unknown: the change may have brought it.
      medium.push(`flaky for the first time on record, change set unknown: ${name}`);
    } else if (
      ev.proximity.proximity === 'unknown' &&
      ev.history.failed > 0 &&
      ev.matchedRuns.length === 0 &&
      !INFRA.has(ev.category)
    ) {
      // Its flakes on record failed otherwise: they do not explain this failure.
      medium.push(
        `flaky, but failing in a way its history never did (change set unknown): ${name}`,
      );
    } else if (cls === 'FLAKY-LIKELY' && !onRecord(ev)) {
      medium.push(
        `likely flaky, but flakiness is not on record (${ev.history.intermittentFailures} failure(s) in ${ev.history.runs} history runs): ${name}`,
      );
    } else if (cls === 'FLAKY-LIKELY' && (ev.category === 'crash' || ev.category === 'resource')) {
      medium.push(`${ev.category} not rerun: ${name}`);
    } else if (ev.proximity.proximity === 'unknown')
      low.push(`flaky, with flakiness on record (change set unknown): ${name}`);
    else low.push(`flaky, untouched by the change: ${name}`);
  }
  const risk: Risk = high.length ? 'HIGH' : medium.length ? 'MEDIUM' : 'LOW';
  const top = high.length ? high : medium.length ? medium : low;
  // The first reason is the headline: the top level's first cause and how many more.
  const headline = top.length > 1 ? `${top[0]} (and ${top.length - 1} more)` : top[0]!;
  const reasons = [headline, ...[...high, ...medium, ...low].filter((r) => r !== top[0])];
  if (opts.lost > 0) reasons.push(`${opts.lost} test(s) lost their reruns`);
  return { risk, reasons };
}
