/**
 * Small builders for Verdict objects in report tests: sensible defaults, override what a test is
 * about. Counts are derived from the failures unless given, so a verdict is consistent by default.
 */
import type { Evidence, FailureVerdict, Verdict } from '../../src/model/verdict.ts';

export function evidence(over: Partial<Evidence> = {}): Evidence {
  return {
    sameCommit: { passed: 0, failed: 1 },
    isolated: { passed: 0, failed: 5 },
    inSuite: { passed: 0, failed: 0 },
    history: { runs: 50, failed: 0, flakeEvents: 0, flipRate: 0 },
    changed: true,
    ...over,
  };
}

let seq = 0;

/** A REGRESSION by default; `n` in the name and id keeps failures apart. */
export function failure(over: Partial<FailureVerdict> = {}): FailureVerdict {
  const n = ++seq;
  return {
    id: `vitest:tests/x${n}.test.ts:suite:test ${n}`,
    name: `test ${n}`,
    suite: 'suite',
    file: `tests/x${n}.test.ts`,
    line: 12,
    class: 'REGRESSION',
    category: 'assertion',
    pRegression: 0.97,
    evidence: evidence(),
    ledger: [
      { factor: 'prior', value: 0.16, effect: Math.log(0.16 / 0.84), rule: 'pi0' },
      { factor: 'isolated reruns', value: '0/5 pass', effect: Math.log(40), rule: 'LR_rerun' },
      { factor: 'test file changed', value: true, effect: Math.log(3), rule: 'LR_change' },
    ],
    next: 'fix: fails every rerun',
    ...over,
  };
}

/** A FLAKY failure whose next action is quarantine. */
export function flaky(over: Partial<FailureVerdict> = {}): FailureVerdict {
  return failure({
    class: 'FLAKY',
    category: 'async-timeout',
    pRegression: 0.03,
    evidence: evidence({
      sameCommit: { passed: 1, failed: 1 },
      isolated: { passed: 4, failed: 1 },
      history: { runs: 50, failed: 3, flakeEvents: 3, flipRate: 0.1 },
      changed: false,
    }),
    next: 'quarantine with an owner',
    ...over,
  });
}

export function verdict(failures: FailureVerdict[], over: Partial<Verdict> = {}): Verdict {
  const by = (c: FailureVerdict['class']) => failures.filter((f) => f.class === c).length;
  return {
    schemaVersion: 1,
    risk: failures.length === 0 ? 'NONE' : by('REGRESSION') > 0 ? 'HIGH' : 'LOW',
    headSha: '0123456789abcdef0123456789abcdef01234567',
    counts: {
      tests: 1200 + failures.length,
      failed: failures.length,
      flaky: by('FLAKY') + by('FLAKY-LIKELY'),
      regression: by('REGRESSION'),
      inconclusive: by('INCONCLUSIVE'),
    },
    failures,
    reasons: failures.length === 0 ? [] : ['1 regression in changed code (tests/x.test.ts)'],
    inputs: {
      reports: ['reports/junit.xml'],
      unreadable: [],
      history: { runs: 50, unreadable: 0 },
    },
    ...over,
  };
}
