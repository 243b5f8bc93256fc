/**
 * Scoring: per case, what each method said; over cases, the metrics of the
 * issue. Records are plain JSON (no Maps) so they can be written with --json.
 *
 * Denominators (each printed with the table):
 * - regression recall: commits with at least one true regression (a failing
 *   test the change broke) that the method graded HIGH;
 * - false-HIGH: commits with failures but no true regression that the method
 *   graded HIGH (commits where nothing failed are left out: every method
 *   says NONE there and they would only dilute the rate);
 * - accuracy: all commits, risk level equal to the true risk;
 * - regression -> NONE/LOW: regression commits graded NONE or LOW (goal: none);
 * - Brier: mean (p - y)^2 over the failures the methods could see, y = 1 for
 *   a true regression;
 * - INCONCLUSIVE: share of those failures classified INCONCLUSIVE.
 * A case where a method threw counts in `errors` and in no other metric.
 */
import type { FailureClass, Risk, Verdict } from '../../src/model/verdict.ts';
import type { Decision } from './baselines.ts';
import type { SimCase } from './simulate.ts';
import type { CaseTruth } from './truth.ts';

export interface Call {
  /** null: the method gave no verdict for this failure. */
  p: number | null;
  cls?: FailureClass;
}

export interface MethodOutcome {
  /** null: the method threw on this case. */
  risk: Risk | null;
  error?: string;
  /** Per visible true failure (test id). */
  calls: Record<string, Call>;
}

/** What flakegate said about one failure, kept for misses only. */
export interface FailureSummary {
  id: string;
  cls: FailureClass;
  category: string;
  p: number;
  evidence: Verdict['failures'][number]['evidence'];
  ledger: { factor: string; value: unknown; effect: number }[];
  newTest?: boolean;
  signature?: string;
}

export interface MissDetail {
  reasons: string[];
  failures: FailureSummary[];
  /** Verdict failures beyond those listed. */
  more: number;
}

export interface CaseRecord {
  index: number;
  scenario: SimCase['scenario'];
  change: SimCase['change'];
  infraHit: boolean;
  jobRerun: boolean;
  tests: number;
  truth: CaseTruth;
  methods: Record<string, MethodOutcome>;
  /** flakegate's verdict summary when it missed (see breakdown.ts). */
  miss?: MissDetail;
}

export function outcomeOf(decision: Decision, truth: CaseTruth): MethodOutcome {
  const calls: Record<string, Call> = {};
  for (const f of truth.failures) {
    if (!f.visible) continue;
    const c = decision.calls.get(f.testId);
    calls[f.testId] = c === undefined ? { p: null } : c;
  }
  return { risk: decision.risk, calls };
}

export function decisionOfVerdict(v: Verdict): Decision {
  return {
    risk: v.risk,
    calls: new Map(v.failures.map((f) => [f.id, { p: f.pRegression, cls: f.class }])),
  };
}

export interface Metrics {
  commits: number;
  errors: number;
  regressionCommits: number;
  /** Commits with failures and no true regression. */
  cleanFailing: number;
  recall: number;
  falseHigh: number;
  accuracy: number;
  regressionLow: number;
  regressionLowShare: number;
  brier: number;
  /** Failures scored by Brier, and failures the method gave no probability for. */
  brierFailures: number;
  unscored: number;
  inconclusive: number;
  /** Share of all commits graded each level. */
  levels: Record<Risk, number>;
}

const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

export function metricsFor(records: readonly CaseRecord[], method: string): Metrics {
  let commits = 0;
  let errors = 0;
  let regressionCommits = 0;
  let regressionHigh = 0;
  let regressionLow = 0;
  let cleanFailing = 0;
  let cleanHigh = 0;
  let correct = 0;
  let sq = 0;
  let scored = 0;
  let unscored = 0;
  let inconclusive = 0;
  const levels: Record<Risk, number> = { NONE: 0, LOW: 0, MEDIUM: 0, HIGH: 0 };
  for (const r of records) {
    const m = r.methods[method];
    if (m === undefined) continue;
    if (m.risk === null) {
      errors++;
      continue;
    }
    commits++;
    levels[m.risk]++;
    if (m.risk === r.truth.risk) correct++;
    if (r.truth.regression) {
      regressionCommits++;
      if (m.risk === 'HIGH') regressionHigh++;
      if (m.risk === 'NONE' || m.risk === 'LOW') regressionLow++;
    } else if (r.truth.failures.length > 0) {
      cleanFailing++;
      if (m.risk === 'HIGH') cleanHigh++;
    }
    for (const f of r.truth.failures) {
      const c = m.calls[f.testId];
      if (c === undefined) continue;
      if (c.p === null) {
        unscored++;
        continue;
      }
      scored++;
      sq += (c.p - (f.regression ? 1 : 0)) ** 2;
      if (c.cls === 'INCONCLUSIVE') inconclusive++;
    }
  }
  for (const k of Object.keys(levels) as Risk[]) levels[k] = ratio(levels[k], commits);
  return {
    commits,
    errors,
    regressionCommits,
    cleanFailing,
    recall: ratio(regressionHigh, regressionCommits),
    falseHigh: ratio(cleanHigh, cleanFailing),
    accuracy: ratio(correct, commits),
    regressionLow,
    regressionLowShare: ratio(regressionLow, regressionCommits),
    brier: ratio(sq, scored),
    brierFailures: scored,
    unscored,
    inconclusive: ratio(inconclusive, scored),
    levels,
  };
}

export interface Goal {
  name: string;
  pass: boolean;
  value: string;
}

/** The goals, checked on one method's metrics. */
export function goals(m: Metrics): Goal[] {
  const f = (x: number, d = 3): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(d));
  return [
    {
      name: 'no true regression called NONE/LOW',
      pass: m.regressionLow === 0 && m.errors === 0,
      value: `${m.regressionLow} of ${m.regressionCommits}`,
    },
    { name: 'regression recall >= 0.97', pass: m.recall >= 0.97, value: f(m.recall) },
    { name: 'false-HIGH <= 0.10', pass: m.falseHigh <= 0.1, value: f(m.falseHigh) },
    { name: 'Brier score of pRegression <= 0.05', pass: m.brier <= 0.05, value: f(m.brier, 4) },
  ];
}

/** Reliability of pRegression: failures binned by p, with the observed regression rate. */
export function calibration(
  records: readonly CaseRecord[],
  method: string,
  bins = 10,
): { lo: number; hi: number; n: number; meanP: number; observed: number }[] {
  const acc = Array.from({ length: bins }, (_, i) => ({
    lo: i / bins,
    hi: (i + 1) / bins,
    n: 0,
    sumP: 0,
    pos: 0,
  }));
  for (const r of records) {
    const m = r.methods[method];
    if (m === undefined || m.risk === null) continue;
    for (const f of r.truth.failures) {
      const p = m.calls[f.testId]?.p;
      if (p === undefined || p === null) continue;
      const b = acc[Math.min(bins - 1, Math.floor(p * bins))];
      if (b === undefined) continue;
      b.n++;
      b.sumP += p;
      if (f.regression) b.pos++;
    }
  }
  return acc.map((b) => ({
    lo: b.lo,
    hi: b.hi,
    n: b.n,
    meanP: ratio(b.sumP, b.n),
    observed: ratio(b.pos, b.n),
  }));
}

/** Confusion matrix: true risk (rows) x method risk (columns). */
export function confusion(
  records: readonly CaseRecord[],
  method: string,
): Record<Risk, Record<Risk, number>> {
  const zero = (): Record<Risk, number> => ({ NONE: 0, LOW: 0, MEDIUM: 0, HIGH: 0 });
  const out: Record<Risk, Record<Risk, number>> = {
    NONE: zero(),
    LOW: zero(),
    MEDIUM: zero(),
    HIGH: zero(),
  };
  for (const r of records) {
    const m = r.methods[method];
    if (m === undefined || m.risk === null) continue;
    out[r.truth.risk][m.risk]++;
  }
  return out;
}
