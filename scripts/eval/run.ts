/**
 * Evaluates one simulated case with every method: folds the history (with
 * the engine's HistoryBuilder when it exists, so all methods see the same
 * input), runs the baselines, then flakegate, and keeps flakegate's evidence
 * for the cases where its risk level differs from the truth.
 */
import type { AssessInput, HistoryIndex } from '../../src/model/assess-input.ts';
import type { Verdict } from '../../src/model/verdict.ts';
import { BASELINES } from './baselines.ts';
import type { Engine } from './engine.ts';
import { foldHistory } from './fold.ts';
import {
  decisionOfVerdict,
  outcomeOf,
  type CaseRecord,
  type FailureSummary,
  type MissDetail,
} from './score.ts';
import type { SimCase } from './simulate.ts';

export const FLAKEGATE = 'flakegate';
/** Verdict failures kept per miss: the truth's failures first, then the rest. */
const KEPT_FAILURES = 6;

function buildHistory(sim: SimCase, engine: Engine): { index: HistoryIndex; error?: string } {
  if (engine.HistoryBuilder === undefined) return { index: foldHistory(sim.history.runs) };
  try {
    const builder = new engine.HistoryBuilder();
    for (const r of sim.history.runs) builder.addRun(r.run, r.reports);
    return { index: builder.build() };
  } catch (e) {
    return {
      index: foldHistory(sim.history.runs),
      error: `HistoryBuilder threw: ${(e as Error).stack ?? String(e)}`,
    };
  }
}

export function evaluateCase(sim: SimCase, engine: Engine, keepDetail = false): CaseRecord {
  const history = buildHistory(sim, engine);
  const input: AssessInput = { ...sim.input, history: history.index };
  const record: CaseRecord = {
    index: sim.index,
    scenario: sim.scenario,
    change: sim.change,
    infraHit: sim.infraHit,
    jobRerun: sim.jobRerun,
    tests: sim.tests,
    truth: sim.truth,
    methods: {},
  };
  for (const { name, method } of BASELINES)
    record.methods[name] = outcomeOf(method(input), sim.truth);
  if (engine.assess === undefined) return record;
  if (history.error !== undefined) {
    record.methods[FLAKEGATE] = { risk: null, error: history.error, calls: {} };
    return record;
  }
  let verdict: Verdict;
  try {
    verdict = engine.assess(input);
  } catch (e) {
    record.methods[FLAKEGATE] = {
      risk: null,
      error: `assess threw: ${(e as Error).stack ?? String(e)}`,
      calls: {},
    };
    return record;
  }
  const outcome = outcomeOf(decisionOfVerdict(verdict), sim.truth);
  record.methods[FLAKEGATE] = outcome;
  if (keepDetail || outcome.risk !== sim.truth.risk)
    record.miss = missDetail(verdict, sim, keepDetail ? 50 : KEPT_FAILURES);
  return record;
}

function missDetail(v: Verdict, sim: SimCase, keep: number): MissDetail {
  const truthIds = new Set(sim.truth.failures.map((f) => f.testId));
  const regressionIds = new Set(
    sim.truth.failures.filter((f) => f.regression).map((f) => f.testId),
  );
  const rank = (id: string): number => (regressionIds.has(id) ? 0 : truthIds.has(id) ? 1 : 2);
  const ordered = [...v.failures].sort(
    (a, b) => rank(a.id) - rank(b.id) || b.pRegression - a.pRegression,
  );
  const failures: FailureSummary[] = ordered.slice(0, keep).map((f) => {
    const s: FailureSummary = {
      id: f.id,
      cls: f.class,
      category: f.category,
      p: f.pRegression,
      evidence: f.evidence,
      ledger: f.ledger.map((l) => ({ factor: l.factor, value: l.value, effect: l.effect })),
    };
    if (f.newTest !== undefined) s.newTest = f.newTest;
    if (f.signature !== undefined) s.signature = f.signature;
    return s;
  });
  return {
    reasons: v.reasons.slice(0, keep === KEPT_FAILURES ? 4 : 50),
    failures,
    more: Math.max(0, v.failures.length - keep),
  };
}
