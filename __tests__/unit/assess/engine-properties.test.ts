/**
 * Property tests of the engine's math and of the promises every verdict makes,
 * over generated head runs, histories, reruns and change sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/assess/assess.ts';
import { DEFAULT_CONFIG } from '../../../src/assess/config.ts';
import { logLrAttempts, pRegression, softCap } from '../../../src/assess/probability.ts';
import { logBeta, ruleOfThreeBound } from '../../../src/assess/stats.ts';
import type { AssessInput, FailureVerdict } from '../../../src/model/index.ts';
import {
  BASE_SHA,
  cleanHistory,
  evidenceFor,
  expectLedgerSumsToP,
  factor,
  fail,
  fileOf,
  head,
  history,
  pass,
  reruns,
  testId,
  verdictOf,
} from '../../helpers/assess-builder.ts';

const T = 'checkout';
const C = DEFAULT_CONFIG;

const MESSAGES = {
  plain: { type: 'Error', message: 'boom' },
  assertion: { type: 'AssertionError', message: 'expected 3 to equal 4' },
  network: { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
  infra: { type: 'Error', message: 'ENOSPC: no space left on device' },
  npe: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'id')" },
  timeout: { type: 'Error', message: 'Timeout of 2000ms exceeded' },
  crash: { type: 'Error', message: 'Segmentation fault (core dumped)' },
} as const;
type MessageKind = keyof typeof MESSAGES;
const KINDS = Object.keys(MESSAGES) as MessageKind[];

type Changed = 'unknown' | 'none' | 'file' | 'unrelated' | 'lock' | 'import' | 'docs';

interface Scenario {
  strip: string;
  headOutcomes: string;
  iso: string;
  suite: string;
  base: string;
  changed: Changed;
  message: MessageKind;
  /** The test's own history failures: the same message as now, or another. */
  historyMessage: MessageKind;
  /** Another test's history, failing with `otherMessage`. */
  otherStrip: string;
  otherMessage: MessageKind;
  lost: boolean;
  isNew: boolean;
}

const historyCode = fc.constantFrom(
  'P',
  'P',
  'P',
  'P',
  'P',
  'P',
  'P',
  'P',
  'F',
  'F',
  'f',
  'S',
  '.',
);
const arbStrip = (max: number) => fc.array(historyCode, { maxLength: max }).map((a) => a.join(''));
const arbRuns = (max: number) =>
  fc.array(fc.constantFrom('P', 'F'), { maxLength: max }).map((a) => a.join(''));

const arbScenario: fc.Arbitrary<Scenario> = fc.record({
  strip: arbStrip(60),
  headOutcomes: fc.constantFrom('F', 'E', 'FP', 'FF', 'FFP', 'FPF'),
  iso: arbRuns(8),
  suite: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: arbRuns(4) }),
  base: fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('FFF', 'PPP', 'FP') },
  ),
  changed: fc.constantFrom<Changed>(
    'unknown',
    'none',
    'file',
    'unrelated',
    'lock',
    'import',
    'docs',
  ),
  message: fc.constantFrom(...KINDS),
  historyMessage: fc.constantFrom(...KINDS),
  otherStrip: arbStrip(60),
  otherMessage: fc.constantFrom(...KINDS),
  lost: fc.oneof(
    { weight: 5, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  isNew: fc.boolean(),
});

function changedFiles(c: Changed): string[] | null {
  switch (c) {
    case 'unknown':
      return null;
    case 'none':
      return [];
    case 'file':
      return [fileOf(T)];
    case 'unrelated':
      return ['src/billing/invoice.ts'];
    case 'lock':
      return ['package-lock.json'];
    case 'import':
      return ['lib/money/round.ts'];
    case 'docs':
      return ['README.md'];
  }
}

function toInput(s: Scenario): AssessInput {
  const tests: Record<string, string> = { other: s.otherStrip || 'P' };
  if (!s.isNew) tests[T] = s.strip;
  return {
    head: head([fail(T, { outcomes: s.headOutcomes, ...MESSAGES[s.message] }), pass('other')]),
    history: history({
      tests,
      failures: { [T]: MESSAGES[s.historyMessage], other: MESSAGES[s.otherMessage] },
    }),
    reruns: [
      ...reruns(T, s.iso, MESSAGES[s.message]),
      ...reruns(T, s.suite, { mode: 'in-suite', ...MESSAGES[s.message] }),
      ...reruns(T, s.base, { commit: BASE_SHA, ...MESSAGES[s.message] }),
    ],
    lostReruns: s.lost ? [{ testId: testId(T), shard: 'rerun-1', reason: 'runner lost' }] : [],
    changed: changedFiles(s.changed),
    dependencies: new Map([[fileOf(T), ['lib/money/round.ts']]]),
  };
}

function judge(s: Scenario): FailureVerdict {
  return verdictOf(assess(toInput(s)), T);
}

/** The same input with more isolated reruns of T on the head commit, after the others. */
function withMoreIsolated(input: AssessInput, outcomes: string, message: MessageKind): AssessInput {
  const start =
    1 + (input.reruns ?? []).filter((r) => r.mode === 'isolated' && r.commit === undefined).length;
  return {
    ...input,
    reruns: [...(input.reruns ?? []), ...reruns(T, outcomes, { start, ...MESSAGES[message] })],
  };
}

const logOdds = (input: AssessInput) => pRegression(evidenceFor(input, T), C).logOdds;

describe('properties of the math', () => {
  it('property: more rerun failures never lower pRegression (one more failing isolated rerun)', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const input = toInput(s);
        const more = withMoreIsolated(input, 'F', s.message);
        expect(logOdds(more)).toBeGreaterThanOrEqual(logOdds(input) - 1e-9);
        expect(verdictOf(assess(more), T).pRegression).toBeGreaterThanOrEqual(judge(s).pRegression);
      }),
      { numRuns: 1500 },
    );
  });

  it('property: a rerun pass on the same commit always lowers pRegression (one more passing isolated rerun)', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const input = toInput(s);
        const more = withMoreIsolated(input, 'P', s.message);
        expect(logOdds(more)).toBeLessThan(logOdds(input));
      }),
      { numRuns: 1500 },
    );
  });

  it('math: the first pass after only failures lowers pRegression, even when the failures hit the rerun cap', () => {
    // Never failed in 50 runs, 5/5 reruns fail: the rerun LR is at its cap of 1000.
    const input: AssessInput = {
      head: head([fail(T)]),
      history: cleanHistory(T, 50),
      reruns: reruns(T, 'FFFFF'),
      changed: ['src/billing/invoice.ts'],
    };
    expect(factor(verdictOf(assess(input), T), 'reruns')?.effect).toBeCloseTo(Math.log(1000), 3);
    const withPass = withMoreIsolated(input, 'P', 'plain');
    expect(logOdds(withPass)).toBeLessThan(logOdds(input));
  });

  it('math: a pass does not raise pRegression of a test that was broken before (5/5 failures, then a pass)', () => {
    // Failing the last 2 history runs and 5/5 reruns: BROKEN-BEFORE, P 0.32, commit MEDIUM.
    const input: AssessInput = {
      head: head([fail(T)]),
      history: history({ tests: { [T]: `${'P'.repeat(28)}FF` } }),
      reruns: reruns(T, 'FFFFF'),
      changed: ['src/billing/invoice.ts'],
    };
    expect(verdictOf(assess(input), T).class).toBe('BROKEN-BEFORE');
    const withPass = withMoreIsolated(input, 'P', 'plain');
    expect(logOdds(withPass)).toBeLessThan(logOdds(input));
    expect(assess(withPass).risk).not.toBe('HIGH');
  });

  it('math: another pass never raises the rerun factor (every h <= n <= 60, k <= m <= 10)', () => {
    const bad: string[] = [];
    for (let n = 0; n <= 60; n++)
      for (let h = 0; h <= n; h++)
        for (let m = 0; m <= 10; m++)
          for (let k = 0; k <= m; k++) {
            if (logLrAttempts(k, m + 1, h, n, C) > logLrAttempts(k, m, h, n, C) + 1e-12) {
              bad.push(`h=${h} n=${n}: ${k}/${m} -> ${k}/${m + 1}`);
            }
          }
    expect(bad.slice(0, 5), `${bad.length} cases`).toEqual([]);
  });

  it('math: another failure never lowers the rerun factor (every h <= n <= 60, k <= m <= 10)', () => {
    const bad: string[] = [];
    for (let n = 0; n <= 60; n++)
      for (let h = 0; h <= n; h++)
        for (let m = 0; m <= 10; m++)
          for (let k = 0; k <= m; k++) {
            if (logLrAttempts(k + 1, m + 1, h, n, C) < logLrAttempts(k, m, h, n, C) - 1e-12) {
              bad.push(`h=${h} n=${n}: ${k}/${m} -> ${k + 1}/${m + 1}`);
            }
          }
    expect(bad.slice(0, 5), `${bad.length} cases`).toEqual([]);
  });

  it('property: K failures in a row give the beta-binomial predictive ratio when no regression is intermittent', () => {
    // probability.ts: the flaky rate's prior is Beta(s r, s (1 - r)) updated with h failures in n runs.
    const noIntermittent = { ...C, likelihood: { ...C.likelihood, intermittentShare: 0 } };
    const s = C.likelihood.flakyPriorRuns;
    const r = C.likelihood.flakyFailureRate;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.nat(200),
        fc.integer({ min: 1, max: 30 }),
        (n, hRaw, K) => {
          const h = Math.min(hRaw, n);
          const a = s * r + h;
          const b = s * (1 - r) + n - h;
          // The model's ratio, bounded by the smooth cap (probability.ts softCap).
          const expected = softCap(logBeta(a, b) - logBeta(a + K, b), C.likelihood.rerunCap);
          expect(logLrAttempts(K, K, h, n, noIntermittent)).toBeCloseTo(expected, 9);
        },
      ),
    );
  });

  it('property: the rerun factor never exceeds the cap of 1000 either way', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(60), fc.nat(30), fc.nat(30), (n, hRaw, mRaw, kRaw) => {
        const h = Math.min(hRaw, n);
        const k = Math.min(kRaw, mRaw);
        expect(Math.abs(logLrAttempts(k, mRaw, h, n, C))).toBeLessThanOrEqual(
          Math.log(1000) + 1e-12,
        );
      }),
    );
  });

  it('property: the bound after n clean runs is about 3/n (ledger "95% bound on its rate", n >= 20)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 400 }), (n) => {
        const v = assess({
          head: head([fail(T)]),
          history: cleanHistory(T, n),
          reruns: reruns(T, 'P'),
        });
        const rule = factor(verdictOf(v, T), 'history')!.rule;
        const m = /95% bound on its rate ([\d.]+)%/.exec(rule);
        expect(m, rule).not.toBeNull();
        const bound = Number(m![1]) / 100;
        expect(Math.abs(bound - ruleOfThreeBound(n))).toBeLessThanOrEqual(0.0005);
        expect(Math.abs(bound - 3 / n)).toBeLessThanOrEqual(0.1 * (3 / n) + 0.0005);
        expect(bound).toBeLessThanOrEqual(3 / n + 0.0005);
      }),
    );
  });
});

describe('properties of every verdict', () => {
  it('property: every verdict carries its ledger, and its effects sum to logit(pRegression) unless clamped', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const f = judge(s);
        expect(f.ledger[0]?.factor).toBe('prior');
        expect(f.ledger.at(-1)?.factor).toBe('class');
        for (const e of f.ledger) {
          expect(e.rule.length).toBeGreaterThan(0);
          expect(Number.isFinite(e.effect)).toBe(true);
        }
        expectLedgerSumsToP(f);
      }),
      { numRuns: 400 },
    );
  });

  it('property: every failure has a next action: fix, quarantine or rerun N more times', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const f = judge(s);
        expect(f.next).toMatch(/^(fix|quarantine|rerun(:| \d+ ))/);
        if (f.class === 'FLAKY' || f.class === 'FLAKY-LIKELY')
          expect(f.next).toMatch(/^(quarantine|rerun \d+)/);
        if (f.class === 'REGRESSION') expect(f.next).toMatch(/^fix/);
        if (f.class === 'INCONCLUSIVE') expect(f.next).toMatch(/^(rerun|fix or regenerate)/);
      }),
      { numRuns: 300 },
    );
  });

  it('property: changed unknown gives evidence.changed === null, a known change set a boolean', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const f = judge(s);
        // Never false when unknown; a test new in this change is part of it, known or not.
        if (s.changed === 'unknown') expect(f.evidence.changed).toBe(f.newTest ? true : null);
        else expect(typeof f.evidence.changed).toBe('boolean');
      }),
    );
  });

  it('property: message LR never damps a failure in touched code or with a never-seen signature', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const input = toInput(s);
        const f = verdictOf(assess(input), T);
        const msg = factor(f, 'message');
        if (!msg || msg.effect >= 0) return;
        const change = factor(f, 'change')!.value;
        expect(['test-file', 'module', 'import']).not.toContain(change);
        const seen = input.history!.signatures.has(f.cause!);
        const enoughHistory = input.history!.runs.length >= C.history.minRunsForNew;
        expect(seen || !enoughHistory).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('property: a test new in this change never gets LOW (or NONE) from passing a rerun', () => {
    fc.assert(
      fc.property(arbScenario, fc.constantFrom('P', 'FP', 'PF', 'PPPPP'), (s, passes) => {
        const scenario = { ...s, isNew: true, lost: false };
        const input = withMoreIsolated(toInput(scenario), passes, s.message);
        const v = assess(input);
        expect(verdictOf(v, T).newTest).toBe(true);
        expect(['MEDIUM', 'HIGH']).toContain(v.risk);
      }),
      { numRuns: 300 },
    );
  });

  it('property: INCONCLUSIVE "rerun N more times": N failing reruns make it REGRESSION, N - 1 do not', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        // In-suite and base-commit reruns change how later isolated reruns count; see the
        // deterministic test below for the base commit.
        const input = toInput({ ...s, lost: false, suite: '', base: '' });
        const f = verdictOf(assess(input), T);
        const m = /^rerun (\d+) more times alone: \d+ failures in a row make it a regression/.exec(
          f.next,
        );
        fc.pre(f.class === 'INCONCLUSIVE' && m !== null);
        const n = Number(m![1]);
        // P is the sum of ledger effects rounded to 3 digits: allow that much at the threshold.
        const near = (x: FailureVerdict) => Math.abs(x.pRegression - C.regressionThreshold) < 0.002;
        const after = verdictOf(assess(withMoreIsolated(input, 'F'.repeat(n), s.message)), T);
        if (!near(after)) expect(after.class).toBe('REGRESSION');
        if (n > 1) {
          const before = verdictOf(
            assess(withMoreIsolated(input, 'F'.repeat(n - 1), s.message)),
            T,
          );
          if (!near(before)) expect(before.class).not.toBe('REGRESSION');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('next: "rerun N more times" counts the base-commit factor the first isolated failure brings', () => {
    // Passes 3/3 on the base commit, no isolated rerun yet: the first isolated failure adds
    // "passes without the change, fails with it" (LR 10), which N must include.
    const strips = [
      'PPPFPPPPFPPPPPfPPPPPPPPPPPPPFPPPPP',
      'PPPPPFPPPPPPPPPPPPPFPPPPPPFPPPPPPPPPFP',
      'PPPPPPPPPPFPPPPPPPPPPPPPPFPPPP',
      'P'.repeat(30),
    ];
    const candidates: AssessInput[] = strips.flatMap((strip) =>
      ['F', 'FF'].flatMap((outcomes) =>
        [null, ['src/billing/invoice.ts'], [fileOf(T)]].map((changed) => ({
          head: head([fail(T, { outcomes }), pass('other')]),
          history: history({ tests: { [T]: strip, other: 'P'.repeat(30) } }),
          reruns: reruns(T, 'PPP', { commit: BASE_SHA }),
          changed,
        })),
      ),
    );
    const found = candidates
      .map((input) => ({ input, f: verdictOf(assess(input), T) }))
      .map(({ input, f }) => ({ input, f, m: /^rerun (\d+) more times alone/.exec(f.next) }))
      .find(({ f, m }) => f.class === 'INCONCLUSIVE' && m !== null && Number(m[1]) >= 1);
    expect(found, 'an INCONCLUSIVE candidate with "rerun N more times"').toBeDefined();
    const { input, m } = found!;
    const n = Number(m![1]);
    expect(verdictOf(assess(withMoreIsolated(input, 'F'.repeat(n), 'plain')), T).class).toBe(
      'REGRESSION',
    );
    expect(
      verdictOf(assess(withMoreIsolated(input, 'F'.repeat(n - 1), 'plain')), T).class,
    ).not.toBe('REGRESSION');
  });

  it('property: never "not flaky" without n and the 95% bound: every REGRESSION states both', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const f = judge({ ...s, lost: false });
        const e = f.evidence;
        // Called a regression with no pass on this commit: "not flaky".
        fc.pre(
          f.class === 'REGRESSION' &&
            e.sameCommit.passed + e.isolated.passed + e.inSuite.passed === 0,
        );
        const text = [f.next, ...f.ledger.map((e) => `${String(e.value)} ${e.rule}`)].join('\n');
        expect(text).toMatch(/\d+\/\d+ (later )?attempts|in \d+ (history )?runs/);
        expect(text).toMatch(/95%/);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the risk is NONE exactly when nothing failed, and the counts add up', () => {
    fc.assert(
      fc.property(arbScenario, fc.boolean(), (s, nothingFails) => {
        const input = toInput(s);
        if (nothingFails) input.head = head([pass(T), pass('other')]);
        const v = assess(input);
        expect(v.risk === 'NONE').toBe(v.failures.length === 0);
        expect(v.counts.failed).toBe(v.failures.length);
        expect(v.counts.flaky).toBe(
          v.failures.filter((f) => f.class === 'FLAKY' || f.class === 'FLAKY-LIKELY').length,
        );
      }),
    );
  });
});
