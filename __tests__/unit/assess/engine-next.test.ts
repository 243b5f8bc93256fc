/**
 * What a verdict tells a reader: the ledger (each factor, value, effect on
 * P(regression) and rule) and the next action (fix, quarantine with an owner,
 * or rerun N more times with N from the model), never "not flaky" without n
 * and the 95% bound.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/assess/assess.ts';
import { DEFAULT_CONFIG } from '../../../src/assess/config.ts';
import { logit, rerunsToDetect, ruleOfThreeBound } from '../../../src/assess/stats.ts';
import type { AssessInput } from '../../../src/model/index.ts';
import {
  BASE_SHA,
  cleanHistory,
  expectLedgerSumsToP,
  factor,
  fail,
  fileOf,
  head,
  history,
  inSuite,
  isolated,
  passing,
  reruns,
  verdictOf,
} from '../../helpers/assess-builder.ts';

const T = 'checkout';
const FLAKY_HISTORY = 'PPPFPPPPFPPPPPfPPPPPPPPPPPPPFPPPPP';
const SPARSE_HISTORY = 'PPPPPPPPPPFPPPPPPPPPPPPPPFPPPP';
const UNRELATED = ['src/billing/invoice.ts'];
const NPE = { type: 'TypeError', message: "Cannot read properties of undefined (reading 'total')" };

function one(input: AssessInput) {
  const v = assess(input);
  return { v, f: verdictOf(v, T) };
}

function withMoreReruns(input: AssessInput, outcomes: string): AssessInput {
  const start = (input.reruns?.length ?? 0) + 1;
  return { ...input, reruns: [...(input.reruns ?? []), ...reruns(T, outcomes, { start })] };
}

describe('ledger', () => {
  it('ledger: every entry has a factor, a value, a finite effect and the rule it comes from', () => {
    const { f } = one({
      head: head([fail(T, NPE)]),
      history: history({ tests: { [T]: SPARSE_HISTORY } }),
      reruns: isolated(T, 'FFP'),
      changed: [fileOf(T)],
    });
    expect(f.ledger.length).toBeGreaterThanOrEqual(5);
    for (const e of f.ledger) {
      expect(e.factor).not.toBe('');
      expect(e.rule).not.toBe('');
      expect(Number.isFinite(e.effect)).toBe(true);
      expect(e).toHaveProperty('value');
    }
    expect(f.ledger[0]).toMatchObject({ factor: 'prior', value: 0.16 });
    expect(f.ledger[0]!.effect).toBeCloseTo(logit(0.16), 3);
  });

  it('ledger: effects sum to logit(pRegression) (REGRESSION, FLAKY, INCONCLUSIVE, ORDER-DEPENDENT, BROKEN-BEFORE)', () => {
    const cases: AssessInput[] = [
      {
        head: head([fail(T)]),
        history: cleanHistory(T, 10),
        reruns: isolated(T, 'F'),
        changed: UNRELATED,
      },
      {
        head: head([fail(T, { outcomes: 'FP' })]),
        history: history({ tests: { [T]: FLAKY_HISTORY } }),
        reruns: isolated(T, 'PPFP'),
        changed: [fileOf(T)],
      },
      {
        head: head([fail(T)]),
        history: history({ tests: { [T]: SPARSE_HISTORY } }),
        reruns: isolated(T, 'F'),
        changed: null,
      },
      {
        head: head([fail(T)]),
        history: cleanHistory(T),
        reruns: [...isolated(T, 'PPPPP'), ...inSuite(T, 'FFF')],
        changed: UNRELATED,
      },
      {
        head: head([fail(T)]),
        history: history({ tests: { [T]: `${'P'.repeat(27)}FFF` } }),
        reruns: isolated(T, 'FFFFF'),
        changed: UNRELATED,
      },
      {
        head: head([fail(T, { message: 'connect ECONNREFUSED 127.0.0.1:80' })]),
        history: history({
          tests: { [T]: FLAKY_HISTORY },
          failures: { [T]: 'connect ECONNREFUSED 10.1.1.1:80' },
        }),
        changed: UNRELATED,
      },
    ];
    const classes = new Set<string>();
    for (const input of cases) {
      const { f } = one(input);
      classes.add(f.class);
      expectLedgerSumsToP(f);
    }
    expect(classes.size).toBeGreaterThanOrEqual(5);
  });

  it("ledger: the unreadable-report pseudo-failure's ledger also sums to logit(pRegression)", () => {
    const v = assess({ head: head(passing(3)), unreadable: [{ file: 'r/bad.xml', error: 'bad' }] });
    expectLedgerSumsToP(v.failures[0]!);
  });

  it('ledger: the example of risk-model.md (5/5 reruns failed, 0 flakes in 50 runs with the 95% bound, file changed)', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T, 50),
      reruns: isolated(T, 'FFFFF'),
      changed: [fileOf(T)],
    });
    expect(factor(f, 'reruns')?.value).toBe('failed 5/5 later attempts on this commit');
    expect(factor(f, 'history')?.value).toBe('0 intermittent failure(s) in 50 runs');
    // 1 - 0.05^(1/50) = 5.8%: about 3/50.
    expect(factor(f, 'history')?.rule).toContain('95% bound on its rate 5.8%');
    expect(factor(f, 'change')?.value).toBe('test-file');
    expect(f.class).toBe('REGRESSION');
  });
});

describe('next action', () => {
  it('next: REGRESSION -> fix, with the attempts and the 95% lower bound on its failure rate', () => {
    const { f } = one({
      head: head([fail(T, { line: 42 })]),
      history: cleanHistory(T),
      reruns: isolated(T, 'FFFFF'),
      changed: [fileOf(T)],
    });
    // 0.05^(1/5) = 0.549
    expect(f.next).toBe(
      `fix in ${fileOf(T)}:42: failed 6/6 attempts on this commit; 95% lower bound on its failure rate 55% (5 reruns)`,
    );
  });

  it('next: never "not flaky" without n and the 95% bound (a REGRESSION without reruns still states them)', () => {
    // One intermittent failure in 50 runs, the changed file, a null dereference and a signature
    // never seen for this test make it a REGRESSION before any rerun.
    const { f } = one({
      head: head([fail(T, NPE)]),
      history: history({ tests: { [T]: `PPPPF${'P'.repeat(45)}` } }),
      changed: [fileOf(T)],
    });
    expect(f.class).toBe('REGRESSION');
    const text = [f.next, ...f.ledger.map((e) => `${String(e.value)} ${e.rule}`)].join('\n');
    expect(text).toMatch(/95%/);
  });

  it('next: BROKEN-BEFORE on the history branch -> fix on the base branch, with how many runs', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: `${'P'.repeat(27)}FFF` } }),
      reruns: isolated(T, 'FFFFF'),
      changed: UNRELATED,
    });
    expect(f.next).toBe(
      `fix on the base branch in ${fileOf(T)}: already failing there (the latest 3 run(s)); not caused by this change`,
    );
  });

  it('next: BROKEN-BEFORE on the base commit cites the base-commit reruns, not "0 latest runs"', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'FFFFF'), ...reruns(T, 'FFF', { commit: BASE_SHA })],
      changed: [fileOf(T)],
    });
    expect(f.class).toBe('BROKEN-BEFORE');
    expect(f.next).toMatch(/^fix on the base branch/);
    expect(f.next).not.toMatch(/\(0 latest run/);
  });

  it('next: BROKEN-BEFORE ("not introduced by this change") never carries P(regression) >= the regression threshold', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'FFFFF'), ...reruns(T, 'FFF', { commit: BASE_SHA })],
      changed: [fileOf(T)],
    });
    expect(f.class).toBe('BROKEN-BEFORE');
    expect(f.pRegression).toBeLessThan(DEFAULT_CONFIG.regressionThreshold);
  });

  it('next: ORDER-DEPENDENT -> fix test isolation, naming the polluters when found', () => {
    const base: AssessInput = {
      head: head([fail(T)]),
      history: cleanHistory(T),
      changed: UNRELATED,
    };
    const named = one({
      ...base,
      reruns: [...isolated(T, 'PPPPP'), ...inSuite(T, 'FFF', ['vitest:seed'])],
    }).f;
    expect(named.next).toBe(`fix test isolation in ${fileOf(T)}: fails after vitest:seed`);
    const unnamed = one({ ...base, reruns: [...isolated(T, 'PPPPP'), ...inSuite(T, 'FFF')] }).f;
    expect(unnamed.next).toMatch(/^fix test isolation .*find the polluter/);
  });

  it('next: FLAKY -> quarantine with the owner from CODEOWNERS (last matching pattern wins)', () => {
    const { f } = one({
      head: head([fail(T, { outcomes: 'FP' })]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      reruns: isolated(T, 'PPPPP'),
      changed: UNRELATED,
      codeowners: [
        { pattern: '*', owners: ['@org/everyone'] },
        { pattern: 'tests/', owners: ['@org/checkout', '@alice'] },
        { pattern: '/docs/', owners: ['@org/docs'] },
      ],
    });
    expect(f.class).toBe('FLAKY');
    expect(f.owners).toEqual(['@org/checkout', '@alice']);
    expect(f.next).toMatch(
      /^quarantine \(owner @org\/checkout @alice\): flaky, failed 4\/34 history runs/,
    );
  });

  it('next: FLAKY without CODEOWNERS -> quarantine, saying there is no owner', () => {
    const { f } = one({
      head: head([fail(T, { outcomes: 'FP' })]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      reruns: isolated(T, 'PPPPP'),
      changed: UNRELATED,
    });
    expect(f.owners).toBeUndefined();
    expect(f.next).toMatch(/^quarantine \(no owner in CODEOWNERS\)/);
  });

  it('next: FLAKY-LIKELY without reruns -> rerun n times, stating that n clean runs bound its rate by about 3/n', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      changed: UNRELATED,
    });
    expect(f.class).toBe('FLAKY-LIKELY');
    const m =
      /^rerun (\d+) times alone to confirm \((\d+) clean runs bound its failure rate below (\d+)%\), or quarantine/.exec(
        f.next,
      );
    expect(m, f.next).not.toBeNull();
    const n = Number(m![1]);
    expect(Number(m![2])).toBe(n);
    // Enough runs to see, at 95%, a flake failing at this test's own history rate (4 in 34).
    expect(n).toBeGreaterThanOrEqual(rerunsToDetect(4 / 34));
    expect(Number(m![3])).toBe(Math.round(ruleOfThreeBound(n) * 100));
    expect(Math.abs(Number(m![3]) / 100 - 3 / n)).toBeLessThanOrEqual(0.1 * (3 / n) + 0.005);
  });

  it('next: FLAKY in touched code -> rerun until an intermittent regression failing 30% would show (9 runs)', () => {
    const { f } = one({
      head: head([fail(T, { outcomes: 'FP' })]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      reruns: isolated(T, 'PPPPP'),
      changed: [fileOf(T)],
    });
    expect(f.class).toBe('FLAKY');
    // 6 later attempts done, rerunsToDetect(0.3) = 9 in all.
    expect(f.next).toMatch(
      /^rerun 3 more times alone: .* 9 runs would show an intermittent regression failing 30%/,
    );
  });

  it('next: INCONCLUSIVE -> rerun N more times, N from the model: N failures make it REGRESSION, N - 1 do not', () => {
    const strips = [
      'PPPPPFPPPPPPPPPPPPPFPPPPPPFPPPPPPPPPFP',
      'PPPPPPPPPPFPPPPPPPPPPPPPPFPPPP',
      FLAKY_HISTORY,
    ];
    const candidates: AssessInput[] = strips.flatMap((strip) =>
      ['F', 'FP', ''].flatMap((iso) =>
        [null, UNRELATED, [fileOf(T)]].map((changed) => ({
          head: head([fail(T)]),
          history: history({ tests: { [T]: strip } }),
          reruns: isolated(T, iso),
          changed,
        })),
      ),
    );
    const found = candidates
      .map((input) => ({ input, f: verdictOf(assess(input), T) }))
      .map(({ input, f }) => ({
        input,
        f,
        m: /^rerun (\d+) more times alone: \1 failures in a row make it a regression; one pass makes it flaky$/.exec(
          f.next,
        ),
      }))
      .find(({ f, m }) => f.class === 'INCONCLUSIVE' && m !== null && Number(m[1]) >= 2);
    expect(found, 'an INCONCLUSIVE candidate with "rerun N more times", N >= 2').toBeDefined();
    const { input, m } = found!;
    const n = Number(m![1]);
    expect(verdictOf(assess(withMoreReruns(input, 'F'.repeat(n))), T).class).toBe('REGRESSION');
    expect(verdictOf(assess(withMoreReruns(input, 'F'.repeat(n - 1))), T).class).not.toBe(
      'REGRESSION',
    );
    // "one pass makes it flaky"
    expect(verdictOf(assess(withMoreReruns(input, 'P')), T).class).toBe('FLAKY');
  });

  it('next: INCONCLUSIVE that reruns cannot settle says so (100 failures would not reach the threshold)', () => {
    // With the rerun factor capped low, failing reruns alone cannot lift P to the threshold.
    const candidates = [1.5, 2, 3].flatMap((cap) =>
      [UNRELATED, null, [fileOf(T)]].flatMap((changed) =>
        ['P'.repeat(30), 'PPPPPPPPPPFPPPPPPPPPPPPPPFPPPP'].map((strip) => ({
          cfg: { ...DEFAULT_CONFIG, likelihood: { ...DEFAULT_CONFIG.likelihood, rerunCap: cap } },
          input: {
            head: head([fail(T)]),
            history: history({ tests: { [T]: strip } }),
            reruns: isolated(T, 'F'),
            changed,
          } as AssessInput,
        })),
      ),
    );
    const found = candidates.find(({ cfg, input }) => {
      const f = verdictOf(assess(input, cfg), T);
      return f.class === 'INCONCLUSIVE' && f.next.includes('reruns alone cannot settle it');
    });
    expect(found, 'a candidate the engine calls unsettleable by reruns').toBeDefined();
    const { cfg, input } = found!;
    expect(verdictOf(assess(input, cfg), T).next).toBe(
      'rerun 100 more times alone and review the change: reruns alone cannot settle it',
    );
    const more = withMoreReruns(input, 'F'.repeat(105));
    expect(verdictOf(assess(more, cfg), T).class).not.toBe('REGRESSION');
  });

  it('next: a lost rerun -> rerun, naming the lost shard', () => {
    const { f } = one({
      head: head([fail(T)]),
      history: cleanHistory(T),
      lostReruns: [
        { testId: `vitest:${fileOf(T)} > ${T}`, shard: 'rerun-4', reason: 'job cancelled' },
      ],
    });
    expect(f.next).toBe('rerun: its rerun shard rerun-4 was lost (job cancelled)');
  });
});
