/**
 * Class rules of src/assess/classify.ts, one `it` per rule, in the order the
 * engine checks them (risk-model.md, "Classes").
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/assess/assess.ts';
import { classify } from '../../../src/assess/classify.ts';
import { DEFAULT_CONFIG, type Config } from '../../../src/assess/config.ts';
import type { AssessInput } from '../../../src/model/index.ts';
import {
  BASE_SHA,
  classRule,
  cleanHistory,
  evidenceFor,
  factor,
  fail,
  fileOf,
  head,
  history,
  inSuite,
  isolated,
  pass,
  reruns,
  testId,
  verdictOf,
} from '../../helpers/assess-builder.ts';

const T = 'checkout';
/** 34 history runs with 4 scattered failures (one a retry-pass within its run): a known flake. */
const FLAKY_HISTORY = 'PPPFPPPPFPPPPPfPPPPPPPPPPPPPFPPPPP';
/** 30 history runs with 2 isolated failures. */
const SPARSE_HISTORY = 'PPPPPPPPPPFPPPPPPPPPPPPPPFPPPP';
const UNRELATED = ['src/billing/invoice.ts'];
const C = DEFAULT_CONFIG;

function one(input: AssessInput, config?: Config) {
  const v = assess(input, config);
  return { v, f: verdictOf(v, T) };
}

describe('classify: rules in order', () => {
  it('classify 1: INCONCLUSIVE when its planned reruns were lost (before every other rule)', () => {
    // Everything else says REGRESSION: clean history, 5/5 failures, test file changed.
    const { v, f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: isolated(T, 'FFFFF'),
      lostReruns: [{ testId: testId(T), shard: 'rerun-2', reason: 'runner lost' }],
      changed: [fileOf(T)],
    });
    expect(f.class).toBe('INCONCLUSIVE');
    expect(classRule(f)).toMatch(/reruns were lost.*rerun-2.*runner lost/);
    expect(f.next).toMatch(/^rerun: .*rerun-2/);
    expect(v.inputs.lostReruns).toEqual([
      { testId: testId(T), shard: 'rerun-2', reason: 'runner lost' },
    ]);
    expect(v.reasons.at(-1)).toBe('1 test(s) lost their reruns');
  });

  it('classify 1: INCONCLUSIVE with no usable evidence (no rerun, no other attempt, no history)', () => {
    const { f } = one({ head: head([fail(T), pass('other')]), changed: UNRELATED });
    expect(f.class).toBe('INCONCLUSIVE');
    expect(classRule(f)).toMatch(/no usable evidence/);
    // With P well under 0.2 the probability alone would have said FLAKY-LIKELY.
    expect(f.pRegression).toBeLessThan(C.inconclusiveThreshold);
  });

  it('classify 1: history alone is usable evidence (not "no usable evidence")', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
    });
    expect(classRule(f)).not.toMatch(/no usable evidence/);
  });

  it('classify 2: ORDER-DEPENDENT victim: fails 3/3 in-suite, passes 5/5 alone (Fisher p = 1/56 < 0.05)', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'PPPPP'), ...inSuite(T, 'FFF', [testId('seeds-db')])],
      changed: UNRELATED,
    });
    expect(f.class).toBe('ORDER-DEPENDENT');
    expect(f.category).toBe('order');
    expect(classRule(f)).toMatch(/fails 3\/3 .*passes 5\/5 alone \(Fisher one-sided p=0\.018\)/);
    expect(f.polluters).toEqual([testId('seeds-db')]);
    expect(f.next).toContain(testId('seeds-db'));
  });

  it('classify 2: ORDER-DEPENDENT needs Fisher p < 0.05 (3 in-suite vs 3 isolated is not enough)', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'PPP'), ...inSuite(T, 'FFF')],
      changed: UNRELATED,
    });
    // 1 / C(6, 3) = 0.05 exactly: not < 0.05.
    expect(f.class).not.toBe('ORDER-DEPENDENT');
    expect(f.class).toBe('FLAKY');
  });

  it('classify 2: ORDER-DEPENDENT brittle (the reverse): fails 5/5 alone, passes 3/3 in the suite', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'FFFFF'), ...inSuite(T, 'PPP')],
      changed: UNRELATED,
    });
    expect(f.class).toBe('ORDER-DEPENDENT');
    expect(classRule(f)).toMatch(/^brittle: fails 5\/5 alone, passes 3\/3/);
  });

  it('classify 2: ORDER-DEPENDENT needs every isolated rerun to pass (one isolated failure: not order)', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'PPPPF'), ...inSuite(T, 'FFFFF')],
      changed: UNRELATED,
    });
    expect(f.class).not.toBe('ORDER-DEPENDENT');
  });

  it('classify 3: BROKEN-BEFORE when it fails the same way on the base commit', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'FFFFF'), ...reruns(T, 'FFF', { commit: BASE_SHA })],
      changed: [fileOf(T)],
    });
    expect(f.class).toBe('BROKEN-BEFORE');
    expect(classRule(f)).toContain(BASE_SHA);
    expect(factor(f, 'base commit')?.effect).toBeCloseTo(Math.log(0.05), 3);
    // Base-commit reruns are not same-commit evidence.
    expect(f.evidence.isolated).toEqual({ passed: 0, failed: 5 });
  });

  it('classify 3: a flaky test whose newest history runs happened to fail is not BROKEN-BEFORE', () => {
    // Failing half its runs before the streak: the streak is its flake rate, not a breakage.
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: `${'PF'.repeat(14)}FF` } }),
      reruns: isolated(T, 'FFFFF'),
      changed: UNRELATED,
    });
    expect(f.class).not.toBe('BROKEN-BEFORE');
    expect(factor(f, 'broken before')).toBeUndefined();
  });

  it('classify 3: BROKEN-BEFORE when it fails every attempt and failed the newest history runs', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: `${'P'.repeat(27)}FFF` } }),
      reruns: isolated(T, 'FFFFF'),
      changed: UNRELATED,
    });
    expect(f.class).toBe('BROKEN-BEFORE');
    expect(classRule(f)).toMatch(/failed the last 3 history run/);
    expect(factor(f, 'broken before')?.effect).toBeCloseTo(Math.log(0.05), 3);
    // Its failures on the history branch are a breakage, not a flake rate.
    expect(factor(f, 'history')).toBeUndefined();
    expect(f.next).toMatch(/^fix on the base branch/);
  });

  it('classify 3: not BROKEN-BEFORE once it passed on this commit (trailing history failures notwithstanding)', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: `${'P'.repeat(27)}FFF` } }),
      reruns: isolated(T, 'FPFFF'),
      changed: UNRELATED,
    });
    expect(f.class).not.toBe('BROKEN-BEFORE');
  });

  it('classify 3: BROKEN-BEFORE needs the newest history runs: an old streak is not "before"', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: `PPFFF${'P'.repeat(25)}` } }),
      reruns: isolated(T, 'FFFFF'),
      changed: UNRELATED,
    });
    expect(f.class).not.toBe('BROKEN-BEFORE');
  });

  it('classify 4: REGRESSION at P >= regressionThreshold (and not below)', () => {
    const ev = evidenceFor(
      {
        head: head([fail(T)]),
        history: history({ tests: { [T]: SPARSE_HISTORY } }),
        reruns: isolated(T, 'FP'),
      },
      T,
    );
    expect(classify(ev, C.regressionThreshold, C).cls).toBe('REGRESSION');
    expect(classify(ev, C.regressionThreshold, C).rule).toMatch(/>= 0\.8$/);
    expect(classify(ev, C.regressionThreshold - 1e-6, C).cls).not.toBe('REGRESSION');
    // The threshold is the config's.
    expect(classify(ev, 0.5, { ...C, regressionThreshold: 0.5 }).cls).toBe('REGRESSION');
  });

  it('classify 4: REGRESSION end to end (fails 5/5 reruns, clean history, test file changed)', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: isolated(T, 'FFFFF'),
      changed: [fileOf(T)],
    });
    expect(f.class).toBe('REGRESSION');
    expect(f.pRegression).toBeGreaterThanOrEqual(C.regressionThreshold);
    expect(f.ledger.map((e) => e.factor)).toEqual([
      'prior',
      'history',
      'reruns',
      'change',
      'class',
    ]);
  });

  it('classify 5: FLAKY: passed and failed on this commit, P < inconclusiveThreshold', () => {
    const ev = evidenceFor(
      {
        head: head([fail(T, { outcomes: 'FP' })]),
        history: history({ tests: { [T]: FLAKY_HISTORY } }),
      },
      T,
    );
    expect(ev.sameCommit).toEqual({ passed: 1, failed: 1 });
    expect(classify(ev, C.inconclusiveThreshold - 1e-6, C).cls).toBe('FLAKY');
    // A pass is not enough when P is in the INCONCLUSIVE band.
    expect(classify(ev, C.inconclusiveThreshold, C).cls).toBe('INCONCLUSIVE');
  });

  it('classify 5: FLAKY end to end (a known flake that passed its retry and 5/5 reruns)', () => {
    const { f } = one({
      head: head([fail(T, { outcomes: 'FP' })]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      reruns: isolated(T, 'PPPPP'),
      changed: UNRELATED,
    });
    expect(f.class).toBe('FLAKY');
    expect(f.pRegression).toBeLessThan(C.inconclusiveThreshold);
  });

  it('classify 5: an isolated or in-suite pass is same-commit proof too', () => {
    const iso = evidenceFor(
      { head: head([fail(T)]), history: cleanHistory(T), reruns: isolated(T, 'FP') },
      T,
    );
    expect(classify(iso, 0.01, C).cls).toBe('FLAKY');
    const suite = evidenceFor(
      { head: head([fail(T)]), history: cleanHistory(T), reruns: inSuite(T, 'P') },
      T,
    );
    expect(classify(suite, 0.01, C).cls).toBe('FLAKY');
  });

  it('classify 6: INCONCLUSIVE at inconclusiveThreshold <= P < regressionThreshold', () => {
    const ev = evidenceFor(
      {
        head: head([fail(T)]),
        history: history({ tests: { [T]: SPARSE_HISTORY } }),
        reruns: isolated(T, 'F'),
      },
      T,
    );
    for (const p of [C.inconclusiveThreshold, 0.5, C.regressionThreshold - 1e-6]) {
      const c = classify(ev, p, C);
      expect(c.cls).toBe('INCONCLUSIVE');
      expect(c.rule).toMatch(/between 0\.2 and 0\.8/);
    }
  });

  it('classify 7: FLAKY-LIKELY: P < inconclusiveThreshold without a pass on this commit', () => {
    const ev = evidenceFor(
      {
        head: head([fail(T)]),
        history: history({ tests: { [T]: FLAKY_HISTORY } }),
        changed: UNRELATED,
      },
      T,
    );
    const c = classify(ev, C.inconclusiveThreshold - 1e-6, C);
    expect(c.cls).toBe('FLAKY-LIKELY');
    expect(c.rule).toMatch(/without a pass on this commit/);
  });

  it('classify 7: never FLAKY-LIKELY after failing every one of 3+ attempts here (INCONCLUSIVE)', () => {
    const ev = evidenceFor(
      {
        head: head([fail(T)]),
        history: history({ tests: { [T]: FLAKY_HISTORY } }),
        reruns: isolated(T, 'FFF'),
        changed: UNRELATED,
      },
      T,
    );
    expect(classify(ev, 0.01, C).cls).toBe('INCONCLUSIVE');
  });

  it('classify: the class entry closes every ledger and names the rule that fired', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      changed: UNRELATED,
    });
    const last = f.ledger.at(-1)!;
    expect(last).toMatchObject({ factor: 'class', value: f.class, effect: 0 });
    expect(last.rule).not.toBe('');
  });
});
