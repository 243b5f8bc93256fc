import { describe, expect, it } from 'vitest';
import type { AssessInput } from '../../src/model/assess-input.ts';
import type { Attempt, ParsedReport } from '../../src/model/report.ts';
import {
  blockAll,
  headFailures,
  historyOnly,
  manual,
  rerunOnce,
} from '../../scripts/eval/baselines.ts';
import { foldHistory } from '../../scripts/eval/fold.ts';
import { createRng, heavyTailedRate } from '../../scripts/eval/prng.ts';
import { buildReport } from '../../scripts/eval/reports.ts';
import { goals, metricsFor, type CaseRecord } from '../../scripts/eval/score.ts';
import { simulateCase, type SimCase } from '../../scripts/eval/simulate.ts';
import { trueRisk, type FailureTruth } from '../../scripts/eval/truth.ts';

const SEED = 7;
const cases: SimCase[] = Array.from({ length: 120 }, (_, i) => simulateCase(SEED, i));
const failuresOf = (cause: FailureTruth['cause']) =>
  cases.flatMap((c) => c.truth.failures.filter((f) => f.cause === cause).map((f) => ({ c, f })));

function attemptsOf(reports: readonly ParsedReport[], id: string): Attempt[] {
  return reports
    .filter((r) => r.error === undefined)
    .flatMap((r) => r.attempts.filter((a) => a.testId === id));
}

describe('eval simulator', () => {
  it('is a pure function of (seed, index)', () => {
    const again = simulateCase(SEED, 3);
    expect(JSON.stringify(again)).toBe(JSON.stringify(cases[3]));
    expect(JSON.stringify(simulateCase(SEED + 1, 3))).not.toBe(JSON.stringify(cases[3]));
  });

  it('draws flaky rates with a heavy tail: mostly small, some large, never above the cap', () => {
    const rng = createRng(1);
    const rates = Array.from({ length: 5000 }, () => heavyTailedRate(rng));
    const below2 = rates.filter((r) => r < 0.02).length / rates.length;
    expect(below2).toBeGreaterThan(0.6);
    expect(rates.some((r) => r >= 0.2)).toBe(true);
    expect(Math.max(...rates)).toBeLessThanOrEqual(0.3);
  });

  it('labels exactly the failures the methods can see as visible', () => {
    for (const c of cases) {
      const visible = c.truth.failures
        .filter((f) => f.visible)
        .map((f) => f.testId)
        .sort();
      expect(headFailures(c.input as AssessInput)).toEqual(visible);
    }
  });

  it('gives the commit the risk of its worst failure', () => {
    for (const c of cases) expect(c.truth.risk).toBe(trueRisk(c.truth.failures));
    expect(cases.some((c) => c.truth.risk === 'HIGH')).toBe(true);
    expect(cases.some((c) => c.truth.risk === 'LOW')).toBe(true);
  });

  it('has a broken-before test fail in the last base-branch run', () => {
    const broken = failuresOf('broken-before').filter(({ c }) => c.scenario.historyRuns > 0);
    expect(broken.length).toBeGreaterThan(0);
    let checked = 0;
    for (const { c, f } of broken) {
      const lastFirstAttempt = [...c.history.runs].reverse().find((r) => r.run.attempt === 1);
      const seen = attemptsOf(lastFirstAttempt?.reports ?? [], f.testId);
      if (seen.length === 0) continue; // that report was damaged
      expect(seen.every((a) => a.outcome === 'failed')).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('lets order-dependent victims pass alone and fail in-suite', () => {
    const victims = failuresOf('order').filter(({ c }) => c.scenario.reruns !== 'none');
    expect(victims.length).toBeGreaterThan(0);
    let inSuiteFailures = 0;
    for (const { c, f } of victims) {
      const reruns = (c.input.reruns ?? []).filter((r) => r.testId === f.testId);
      expect(reruns.filter((r) => r.mode === 'isolated').every((r) => r.outcome === 'passed')).toBe(
        true,
      );
      inSuiteFailures += reruns.filter(
        (r) => r.mode === 'in-suite' && r.outcome === 'failed',
      ).length;
    }
    expect(inSuiteFailures).toBeGreaterThan(0);
  });

  it('makes deterministic regressions fail every rerun', () => {
    const det = failuresOf('regression').filter(({ f }) => f.q === 1 && f.visible);
    expect(det.length).toBeGreaterThan(0);
    for (const { c, f } of det)
      for (const r of (c.input.reruns ?? []).filter((x) => x.testId === f.testId))
        expect(r.outcome).toBe('failed');
  });

  it('keeps the tests a change adds out of the history', () => {
    const added = cases.flatMap((c) =>
      c.truth.failures.filter((f) => f.newTest).map((f) => ({ c, f })),
    );
    expect(added.length).toBeGreaterThan(0);
    for (const { c, f } of added) {
      expect(foldHistory(c.history.runs).tests.has(f.testId)).toBe(false);
      expect(f.historyFailures).toBe(0);
    }
  });

  it('hides the change set when the scenario says it is unknown', () => {
    for (const c of cases) expect(c.input.changed === null).toBe(!c.scenario.changeKnown);
  });
});

describe('eval baselines', () => {
  const a = 'vitest:tests/a.test.ts::A > a';
  const b = 'vitest:tests/b.test.ts::B > b';
  const rec = (id: string) => ({ id, dialect: 'vitest' as const, name: id, suite: 'x' });
  const fail = (id: string): Attempt => ({
    testId: id,
    outcome: 'failed',
    retry: 0,
    failure: { type: 'Error', message: 'boom', stack: '' },
  });
  const pass = (id: string): Attempt => ({ testId: id, outcome: 'passed', retry: 0 });
  const head = buildReport('head/1/junit.xml', [rec(a), rec(b)], [fail(a), fail(b)]);
  const history = foldHistory([
    {
      run: { runId: '1', attempt: 1 },
      reports: [buildReport('h/1.xml', [rec(a), rec(b)], [fail(a), pass(b)])],
    },
  ]);
  const input: AssessInput = {
    head: { attempts: [{ run: { runId: 'h', attempt: 1 }, reports: [head] }] },
    history,
    reruns: [
      { testId: a, mode: 'isolated', attempt: 1, outcome: 'failed' },
      { testId: a, mode: 'isolated', attempt: 2, outcome: 'passed' },
      { testId: b, mode: 'isolated', attempt: 1, outcome: 'failed' },
    ],
  };

  it('decide from the input alone', () => {
    expect(manual(input).calls.get(a)?.p).toBe(0); // passed alone once
    expect(manual(input).risk).toBe('HIGH'); // b never passed alone
    expect(rerunOnce(input).calls.get(a)?.p).toBe(1); // its first rerun failed
    expect(historyOnly(input).calls.get(a)?.p).toBe(0); // failed on main before
    expect(historyOnly(input).calls.get(b)?.p).toBe(1);
    expect(blockAll(input).risk).toBe('HIGH');
    const clean: AssessInput = {
      head: { attempts: [{ run: { runId: 'h', attempt: 1 }, reports: [] }] },
    };
    expect(blockAll(clean).risk).toBe('NONE');
  });
});

describe('eval scorer', () => {
  const f = (testId: string, regression: boolean): FailureTruth => ({
    testId,
    cause: regression ? 'regression' : 'flaky',
    regression,
    visible: true,
    newTest: false,
    historyFailures: 0,
  });
  const record = (
    index: number,
    failures: FailureTruth[],
    risk: CaseRecord['truth']['risk'],
    graded: CaseRecord['truth']['risk'],
    p: number[],
  ): CaseRecord =>
    ({
      index,
      truth: {
        risk,
        regression: failures.some((x) => x.regression),
        failures,
        latentRegressions: 0,
      },
      methods: {
        m: {
          risk: graded,
          calls: Object.fromEntries(
            failures.map((x, i) => [
              x.testId,
              { p: p[i] ?? null, cls: i === 0 ? 'INCONCLUSIVE' : 'FLAKY' },
            ]),
          ),
        },
      },
    }) as unknown as CaseRecord;
  const records = [
    record(0, [f('r1', true)], 'HIGH', 'HIGH', [0.9]), // caught
    record(1, [f('r2', true), f('x', false)], 'HIGH', 'LOW', [0.5, 0]), // missed, called LOW
    record(2, [f('y', false)], 'LOW', 'HIGH', [0.6]), // false HIGH
    record(3, [f('z', false)], 'LOW', 'LOW', [0.1]),
    record(4, [], 'NONE', 'NONE', []),
  ];

  it('computes recall, false-HIGH, accuracy, Brier and INCONCLUSIVE share', () => {
    const m = metricsFor(records, 'm');
    expect(m.commits).toBe(5);
    expect(m.regressionCommits).toBe(2);
    expect(m.cleanFailing).toBe(2);
    expect(m.recall).toBe(0.5);
    expect(m.falseHigh).toBe(0.5);
    expect(m.accuracy).toBe(3 / 5);
    expect(m.regressionLow).toBe(1);
    // (0.9-1)^2 + (0.5-1)^2 + 0^2 + 0.6^2 + 0.1^2 over 5 failures
    expect(m.brier).toBeCloseTo((0.01 + 0.25 + 0 + 0.36 + 0.01) / 5, 12);
    expect(m.inconclusive).toBeCloseTo(4 / 5, 12);
    expect(goals(m).map((g) => g.pass)).toEqual([false, false, false, false]);
  });

  it('counts cases where a method threw as errors only', () => {
    const threw = {
      ...records[0],
      methods: { m: { risk: null, calls: {} } },
    } as unknown as CaseRecord;
    const m = metricsFor([threw, ...records.slice(1)], 'm');
    expect(m.errors).toBe(1);
    expect(m.regressionCommits).toBe(1);
    expect(goals(m)[0]?.pass).toBe(false);
  });
});
