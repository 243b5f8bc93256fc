import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  clampProbability,
  decayedFlipRate,
  fisherExactOneSided,
  flipRate,
  logBeta,
  logit,
  logLrRerun,
  lrRerun,
  rerunsToDetect,
  ruleOfThreeBound,
  sigmoid,
} from '../../../src/assess/stats.ts';

/** |actual - expected| <= tol * max(1, |expected|): relative for large values, absolute near 0. */
function expectClose(actual: number, expected: number, tol: number): void {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected) / scale).toBeLessThanOrEqual(tol);
}

describe('logBeta', () => {
  // Reference: mpmath log(beta(a, b)) at 40 digits (python3 on this machine), rounded to doubles.
  const cases: [number, number, number][] = [
    [0.5, 0.5, 1.1447298858494002], // ln(pi)
    [1, 1, 0],
    [3, 4, -4.0943445622221], // ln(1/60)
    [0.5, 50.5, -1.3861465181277048],
    [10.5, 40.5, -26.064066663303883],
    [100.5, 0.5, -1.7314701448611685],
    [1000.5, 0.5, -2.8816376965611603],
    [0.001, 2, 6.906755778649053],
  ];
  it.each(cases)('ln B(%d, %d) = %d within 1e-13 relative', (a, b, expected) => {
    expectClose(logBeta(a, b), expected, 1e-13);
  });

  it('is symmetric', () => {
    expect(logBeta(2.5, 7.5)).toBeCloseTo(logBeta(7.5, 2.5), 14);
  });

  it.each([
    [0, 1],
    [1, 0],
    [-1, 2],
    [Number.NaN, 1],
    [Infinity, 1],
  ])('rejects a=%d, b=%d', (a, b) => {
    expect(() => logBeta(a, b)).toThrow(RangeError);
  });
});

describe('lrRerun', () => {
  // For integer K the ratio is exactly prod_{j<K} (n + 1 + j) / (f + 1/2 + j); the
  // references are those products in exact rational arithmetic (python3 fractions),
  // an independent route from the lgamma/betaln one the code takes.
  const exact: [number, number, number, number][] = [
    [0, 0, 1, 2],
    [0, 0, 5, 256 / 63],
    [0, 50, 1, 102],
    [2, 50, 1, 102 / 5],
    [10, 50, 1, 34 / 7],
    [25, 50, 2, 208 / 53],
    [50, 50, 3, 374816 / 364105],
    [3, 10, 2, 176 / 21],
    [0, 10, 2, 176],
  ];
  it.each(exact)('f=%d n=%d K=%d -> %d (relative 1e-12)', (f, n, K, expected) => {
    expectClose(lrRerun(f, n, K), expected, 1e-12);
    expectClose(logLrRerun(f, n, K), Math.log(expected), 1e-12);
  });

  it('caps at 1000 by default, and at a configured cap', () => {
    // Uncapped: 74963.2, 3569.68, 1412.89, 1135.72.
    expect(lrRerun(0, 50, 3)).toBe(1000);
    expect(lrRerun(2, 50, 3)).toBe(1000);
    expect(lrRerun(10, 50, 5)).toBe(1000);
    expect(lrRerun(5, 200, 2)).toBe(1000);
    expect(logLrRerun(0, 50, 3)).toBeCloseTo(Math.log(1000), 14);
    expectClose(lrRerun(0, 50, 3, 1e6), 374816 / 5, 1e-12);
    expectClose(lrRerun(10, 50, 5, 1e4), 32983808 / 23345, 1e-12);
    expect(lrRerun(0, 50, 3, 1)).toBe(1);
  });

  it('is exactly 1 with no rerun failures (K = 0), whatever the history', () => {
    expect(lrRerun(0, 0, 0)).toBe(1);
    expect(lrRerun(0, 50, 0)).toBe(1);
    expect(lrRerun(50, 50, 0)).toBe(1);
    expect(logLrRerun(7, 9, 0)).toBe(0);
  });

  it('handles f = 0 and f = n', () => {
    expect(lrRerun(0, 1, 1)).toBe(4); // 2 / 0.5
    expect(lrRerun(1, 1, 1)).toBeCloseTo(4 / 3, 12); // 2 / 1.5
  });

  it('is higher when the history is cleaner (fewer flake events)', () => {
    expect(lrRerun(0, 50, 2)).toBeGreaterThan(lrRerun(2, 50, 2));
    expect(lrRerun(2, 50, 2)).toBeGreaterThan(lrRerun(20, 50, 2));
  });

  it.each([
    [-1, 5, 1],
    [6, 5, 1],
    [0, 5, -1],
    [Number.NaN, 5, 1],
    [0, Infinity, 1],
  ])('rejects f=%d n=%d K=%d', (f, n, K) => {
    expect(() => lrRerun(f, n, K)).toThrow(RangeError);
  });

  it('rejects a cap below 1', () => {
    expect(() => lrRerun(0, 5, 1, 0.5)).toThrow(RangeError);
    expect(() => logLrRerun(0, 5, 1, Number.NaN)).toThrow(RangeError);
  });

  const history = fc
    .integer({ min: 0, max: 2000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it('property: is >= 1 (and <= cap) for every valid input', () => {
    fc.assert(
      fc.property(
        history,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        ([f, n], K, cap) => {
          const lr = lrRerun(f, n, K, cap);
          return lr >= 1 && lr <= cap && logLrRerun(f, n, K, cap) >= 0;
        },
      ),
    );
  });

  it('property: more rerun failures never lower it', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.boolean(),
        ([f, n], k1, k2, capped) => {
          const cap = capped ? 1000 : Number.MAX_VALUE;
          const [lo, hi] = k1 <= k2 ? [k1, k2] : [k2, k1];
          return lrRerun(f, n, hi, cap) >= lrRerun(f, n, lo, cap);
        },
      ),
    );
  });
});

describe('ruleOfThreeBound', () => {
  // Reference: 1 - 0.05 ** (1 / n) in python3 (relative 1e-12).
  it.each([
    [1, 0.95],
    [5, 0.4507197283469412],
    [20, 0.13910834066826516],
    [50, 0.058155079116972264],
    [100, 0.029513049607039932],
    [1000, 0.0029912495450953314],
  ])('n=%d -> %d', (n, expected) => {
    expectClose(ruleOfThreeBound(n), expected, 1e-12);
  });

  it('says "about 45%" after 5 clean reruns, as risk-model.md does', () => {
    expect(ruleOfThreeBound(5)).toBeCloseTo(0.45, 2);
  });

  it('is 1 (nothing known) after 0 runs', () => {
    expect(ruleOfThreeBound(0)).toBe(1);
  });

  it('takes another confidence level', () => {
    expectClose(ruleOfThreeBound(10, 0.99), 1 - 0.01 ** 0.1, 1e-12);
  });

  it('rejects bad arguments', () => {
    expect(() => ruleOfThreeBound(-1)).toThrow(RangeError);
    expect(() => ruleOfThreeBound(5, 1)).toThrow(RangeError);
    expect(() => ruleOfThreeBound(5, 0)).toThrow(RangeError);
  });

  it('property: within 10% of 3/n for n >= 20, and never above 3/n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 10_000_000 }), (n) => {
        const bound = ruleOfThreeBound(n);
        return Math.abs(bound - 3 / n) <= 0.1 * (3 / n) && bound <= 3 / n;
      }),
    );
  });

  it('property: (1 - bound)^n is the 5% tail it claims', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (n) => {
        return Math.abs((1 - ruleOfThreeBound(n)) ** n - 0.05) < 1e-9;
      }),
    );
  });
});

describe('rerunsToDetect', () => {
  it.each([
    [0.2, 14],
    [0.1, 29],
    [0.05, 59],
    [0.5, 5],
    [0.01, 299],
    [1, 1],
  ])('p=%d -> %d reruns at 95%%', (p, n) => {
    expect(rerunsToDetect(p)).toBe(n);
  });

  it('lands exactly on an integer boundary: p = 1/2 at 75% needs 2, not 3', () => {
    expect(rerunsToDetect(0.5, 0.75)).toBe(2);
    expect(rerunsToDetect(0.5, 0.875)).toBe(3);
  });

  it('needs infinitely many reruns for p = 0 and none at confidence 0', () => {
    expect(rerunsToDetect(0)).toBe(Infinity);
    expect(rerunsToDetect(0.3, 0)).toBe(0);
  });

  it('rejects bad arguments', () => {
    expect(() => rerunsToDetect(-0.1)).toThrow(RangeError);
    expect(() => rerunsToDetect(1.1)).toThrow(RangeError);
    expect(() => rerunsToDetect(0.1, 1)).toThrow(RangeError);
  });

  it('property: n is the smallest count that reaches the confidence', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.999, noNaN: true }),
        (p, confidence) => {
          const n = rerunsToDetect(p, confidence);
          const reach = (k: number): number => 1 - (1 - p) ** k;
          // Tolerance 1e-12 for the pow-based check against the log-space one.
          return reach(n) >= confidence - 1e-12 && (n === 1 || reach(n - 1) < confidence + 1e-12);
        },
      ),
    );
  });
});

describe('fisherExactOneSided (upper tail, P(X >= a))', () => {
  // Reference: exact sums of hypergeometric terms in python3 fractions, confirmed
  // with scipy.stats.fisher_exact(..., alternative="greater"). Relative 1e-12.
  it.each([
    [3, 0, 0, 3, 1 / 20],
    [3, 0, 0, 5, 1 / 56],
    [5, 0, 0, 5, 1 / 252],
    [2, 1, 0, 3, 1 / 5],
    [4, 1, 1, 4, 13 / 126],
    [10, 2, 3, 15, 619 / 1330665],
    [1, 9, 11, 3, 29715 / 29716],
    [0, 3, 3, 0, 1],
    [0, 0, 0, 0, 1],
    [30, 0, 0, 30, 8.455616946072368e-18],
  ])('a=%d b=%d c=%d d=%d -> %d', (a, b, c, d, expected) => {
    const p = fisherExactOneSided(a, b, c, d);
    expect(Math.abs(p - expected)).toBeLessThanOrEqual(1e-12 * expected);
  });

  it('3 in-suite fails vs 3 isolated passes is exactly 1/20: not below 0.05', () => {
    // The all-or-nothing 3+3 pattern is the most extreme table, so 0.05 is the
    // smallest p-value 3+3 reruns can produce.
    expect(fisherExactOneSided(3, 0, 0, 3)).toBeCloseTo(0.05, 15);
    expect(fisherExactOneSided(3, 0, 0, 3) < 0.05).toBe(false);
    expect(fisherExactOneSided(3, 0, 0, 5)).toBeLessThan(0.05);
  });

  it('is one-sided: the reverse pattern is not significant in this direction', () => {
    // Passes in the suite, fails alone: nothing for the "victim" direction...
    expect(fisherExactOneSided(0, 3, 3, 0)).toBe(1);
    // ...and 1/20 for the "brittle" direction, with the rows swapped.
    expect(fisherExactOneSided(3, 0, 0, 3)).toBeCloseTo(0.05, 15);
  });

  it('rejects non-integer or negative counts', () => {
    expect(() => fisherExactOneSided(1.5, 0, 0, 1)).toThrow(RangeError);
    expect(() => fisherExactOneSided(1, -1, 0, 1)).toThrow(RangeError);
  });

  it('property: both one-sided tails cover the observed table (sum >= 1)', () => {
    const count = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(count, count, count, count, (a, b, c, d) => {
        const upper = fisherExactOneSided(a, b, c, d);
        const lower = fisherExactOneSided(b, a, d, c); // P(X <= a) via the column swap
        return upper > 0 && upper <= 1 && upper + lower >= 1 - 1e-12;
      }),
    );
  });
});

describe('flipRate and decayedFlipRate', () => {
  it('flipRate = flips / (runs - 1)', () => {
    expect(flipRate([])).toBe(0);
    expect(flipRate(['fail'])).toBe(0);
    expect(flipRate(['pass', 'pass', 'pass'])).toBe(0);
    expect(flipRate(['pass', 'fail', 'pass', 'fail'])).toBe(1);
    expect(flipRate([true, true, false, false, true])).toBe(0.5);
  });

  // Reference: the recurrence run in python3 (relative 1e-12).
  it.each([
    [[1, 0, 1, 0], 1],
    [[1, 1, 1, 0], 0.36900369003690037],
    [[0, 1, 1, 1], 0.2988929889298893],
    [[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.0702712386343591],
    [[0, 0, 0, 0, 0, 0, 0, 0, 1, 0], 0.310163818064754],
  ])('decayedFlipRate(%j) = %d', (outcomes, expected) => {
    expectClose(decayedFlipRate(outcomes), expected, 1e-12);
  });

  it('weighs a recent flip more than an old one', () => {
    const old = ['fail', 'pass', 'pass', 'pass', 'pass', 'pass'];
    const recent = ['pass', 'pass', 'pass', 'pass', 'pass', 'fail'];
    expect(flipRate(old)).toBe(flipRate(recent));
    expect(decayedFlipRate(recent)).toBeGreaterThan(decayedFlipRate(old));
  });

  it('reduces to flipRate at lambda = 0 and to "last run flipped" at lambda = 1', () => {
    const seq = [true, false, false, true, true, true, false];
    expectClose(decayedFlipRate(seq, 0), flipRate(seq), 1e-15);
    expect(decayedFlipRate(seq, 1)).toBe(1);
    expect(decayedFlipRate([true, false, false], 1)).toBe(0);
  });

  it('is 0 for fewer than two runs and rejects lambda outside [0, 1]', () => {
    expect(decayedFlipRate([])).toBe(0);
    expect(decayedFlipRate([true])).toBe(0);
    expect(() => decayedFlipRate([true, false], 1.5)).toThrow(RangeError);
    expect(() => decayedFlipRate([true, false], -0.1)).toThrow(RangeError);
  });

  it('property: both rates stay in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seq, lambda) => {
          const z = decayedFlipRate(seq, lambda);
          const r = flipRate(seq);
          return z >= 0 && z <= 1 + 1e-12 && r >= 0 && r <= 1;
        },
      ),
    );
  });
});

describe('logit, sigmoid, clampProbability', () => {
  it('logit of the model prior pi0 = 0.16', () => {
    // ln(0.16 / 0.84), python3: -1.6582280766035322
    expectClose(logit(0.16), -1.6582280766035322, 1e-14);
    expect(logit(0.5)).toBe(0);
    expect(logit(0)).toBe(-Infinity);
    expect(logit(1)).toBe(Infinity);
  });

  it('sigmoid is safe at the extremes', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(-745)).toBeGreaterThan(0);
    expect(sigmoid(Infinity)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
    expectClose(sigmoid(-30), 9.357622968839299e-14, 1e-12);
  });

  it('property: sigmoid inverts logit', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        return Math.abs(sigmoid(logit(p)) - p) <= 1e-12;
      }),
    );
  });

  it('clampProbability keeps p in [eps, 1 - eps]', () => {
    expect(clampProbability(1.2)).toBe(1);
    expect(clampProbability(-0.1)).toBe(0);
    expect(clampProbability(0.3)).toBe(0.3);
    expect(clampProbability(0, 1e-9)).toBe(1e-9);
    expect(clampProbability(1, 1e-9)).toBe(1 - 1e-9);
    expect(Number.isFinite(logit(clampProbability(1, 1e-9)))).toBe(true);
  });

  it('rejects NaN and out-of-range arguments', () => {
    expect(() => logit(1.5)).toThrow(RangeError);
    expect(() => logit(Number.NaN)).toThrow(RangeError);
    expect(() => sigmoid(Number.NaN)).toThrow(RangeError);
    expect(() => clampProbability(Number.NaN)).toThrow(RangeError);
    expect(() => clampProbability(0.5, 0.5)).toThrow(RangeError);
  });
});
