/**
 * The risk model's math (shared/design/risk-model.md), as small pure functions.
 *
 * Special functions come from stdlib (`betaln`, the hypergeometric CDF), which
 * is tested against R/Boost fixtures; this file only composes them. Every
 * function throws a RangeError on arguments outside its domain rather than
 * returning NaN, so a bad count surfaces where it was made, not in a verdict.
 */
import betaln from '@stdlib/math-base-special-betaln';
import hypergeometricCdf from '@stdlib/stats-base-dists-hypergeometric-cdf';

/** Jeffreys prior Beta(1/2, 1/2), as Chromium's LUCI uses for retried results. */
export const JEFFREYS_PRIOR = 0.5;

/** Default cap on LR_rerun: reruns in one environment are correlated, so K failures are not K independent proofs. */
export const DEFAULT_LR_RERUN_CAP = 1000;

function assertCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

function assertInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
}

function assertProbability(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${value}`);
  }
}

/**
 * Natural log of the beta function, ln B(a, b) = lnΓ(a) + lnΓ(b) - lnΓ(a + b), for a, b > 0.
 * Delegates to stdlib's `betaln`, which avoids the cancellation of the naive lgamma sum
 * when one argument is much larger than the other.
 */
export function logBeta(a: number, b: number): number {
  if (!(a > 0 && b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`logBeta needs finite a, b > 0, got (${a}, ${b})`);
  }
  return betaln(a, b);
}

/**
 * ln LR_rerun: log of the beta-binomial predictive likelihood ratio
 *
 *     LR = B(1/2 + f, 1/2 + n - f) / B(1/2 + f + K, 1/2 + n - f)
 *
 * i.e. 1 / P(the next K runs all fail | f failures in n history runs), with a
 * Jeffreys Beta(1/2, 1/2) prior on the test's failure probability. It is >= 1
 * (B(a, b) falls as a grows) and 1 when K = 0. Computed in log space, then capped
 * at ln(cap).
 *
 * @param f flake events (failures) seen in the history, 0 <= f <= n
 * @param n history runs
 * @param K consecutive failing reruns of the head commit
 * @param cap upper bound on the ratio (>= 1), default 1000
 */
export function logLrRerun(f: number, n: number, K: number, cap = DEFAULT_LR_RERUN_CAP): number {
  return Math.min(uncappedLogLrRerun(f, n, K), Math.log(checkedCap(cap)));
}

/** LR_rerun as a ratio, in [1, cap] (capped in ratio space so the cap itself comes back exactly). */
export function lrRerun(f: number, n: number, K: number, cap = DEFAULT_LR_RERUN_CAP): number {
  return Math.min(Math.exp(uncappedLogLrRerun(f, n, K)), checkedCap(cap));
}

function checkedCap(cap: number): number {
  if (!(cap >= 1)) throw new RangeError(`cap must be >= 1, got ${cap}`);
  return cap;
}

function uncappedLogLrRerun(f: number, n: number, K: number): number {
  assertCount('f', f);
  assertCount('n', n);
  assertCount('K', K);
  if (f > n) throw new RangeError(`f (${f}) cannot exceed n (${n})`);
  const a = JEFFREYS_PRIOR + f;
  const b = JEFFREYS_PRIOR + n - f;
  // max(0, ...) only absorbs rounding for tiny K; mathematically the ratio is >= 1.
  return Math.max(0, logBeta(a, b) - logBeta(a + K, b));
}

/**
 * Exact one-sided upper confidence bound on a failure probability p after n
 * clean (all-pass) trials: the largest p with (1 - p)^n >= 1 - confidence,
 * i.e. 1 - (1 - confidence)^(1/n). At 95% this is the "rule of three": about
 * 3/n for large n (ln 20 = 2.996), within 10% of 3/n from n = 20 on; for small
 * n it is well below 3/n (5 clean runs: 45%, not 60%). n = 0 gives 1 (nothing known).
 */
export function ruleOfThreeBound(n: number, confidence = 0.95): number {
  assertCount('n', n);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
  if (n === 0) return 1;
  // -expm1(x) = 1 - e^x without cancellation when the bound is small (large n).
  return -Math.expm1(Math.log1p(-confidence) / n);
}

/**
 * Smallest number of runs n with P(at least one failure) = 1 - (1 - p)^n >= confidence:
 * how many reruns it takes to see a flake of rate p at least once.
 * p = 0.2 -> 14, p = 0.1 -> 29, p = 0.05 -> 59 (at 95%). p = 0 -> Infinity.
 */
export function rerunsToDetect(p: number, confidence = 0.95): number {
  assertProbability('p', p);
  if (!(confidence >= 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in [0, 1), got ${confidence}`);
  }
  if (confidence === 0) return 0;
  if (p === 0) return Infinity;
  if (p === 1) return 1;
  const detects = (runs: number): boolean => -Math.expm1(runs * Math.log1p(-p)) >= confidence;
  // The closed form can land one off when the ratio is (nearly) an integer; settle it
  // with the defining inequality.
  let runs = Math.max(1, Math.ceil(Math.log1p(-confidence) / Math.log1p(-p)));
  while (runs > 1 && detects(runs - 1)) runs -= 1;
  while (!detects(runs)) runs += 1;
  return runs;
}

/**
 * One-sided Fisher exact test for a 2x2 table of counts
 *
 *                 fail  pass
 *     in-suite      a     b
 *     isolated      c     d
 *
 * Returns P(X >= a) for X hypergeometric with the table's margins fixed: the
 * upper tail, alternative "row 1 fails more often than row 2" (R's
 * `fisher.test(matrix(c(a, c, b, d), 2), alternative = "greater")`, scipy's
 * `fisher_exact([[a, b], [c, d]], alternative="greater")`).
 *
 * For an order-dependent "victim" pass the in-suite row first; for the reverse
 * ("brittle": fails alone, passes in the suite) swap the rows:
 * `fisherExactOneSided(isoFail, isoPass, suiteFail, suitePass)`.
 *
 * Exact values worth knowing: 3 in-suite fails vs 3 isolated passes gives
 * 1 / C(6, 3) = 1/20 = 0.05 one-sided (0.1 two-sided), which does NOT pass a
 * strict p < 0.05; 3 in-suite vs 5 isolated gives 1/C(8, 3) = 1/56 ~ 0.018.
 */
export function fisherExactOneSided(a: number, b: number, c: number, d: number): number {
  assertInteger('a', a);
  assertInteger('b', b);
  assertInteger('c', c);
  assertInteger('d', d);
  const total = a + b + c + d;
  const failures = a + c;
  // X >= a  <=>  the isolated row's failures Y = failures - X <= c, and Y is
  // hypergeometric with c + d draws. Summing that lower tail keeps small p-values
  // accurate (1 - cdf(a - 1) would cancel).
  const p = hypergeometricCdf(c, total, failures, c + d);
  return Math.min(1, p);
}

/** Flips (outcome differs from the one before) in an outcome sequence. */
function flips<T>(outcomes: readonly T[]): number {
  let count = 0;
  for (let i = 1; i < outcomes.length; i++) if (outcomes[i] !== outcomes[i - 1]) count++;
  return count;
}

/**
 * Flip rate = flips / (runs - 1): the share of consecutive run pairs whose
 * outcome changed. 0 for fewer than two runs. Outcomes compare with `===`
 * (booleans, 'pass' / 'fail', ...), oldest first.
 */
export function flipRate<T>(outcomes: readonly T[]): number {
  return outcomes.length < 2 ? 0 : flips(outcomes) / (outcomes.length - 1);
}

/**
 * Apple's decayed flip rate (Kowalczyk et al., "Modeling and Ranking Flaky
 * Tests at Apple", ICSE-SEIP 2020): Z_n = f_n + (1 - lambda) Z_{n-1}, Z_1 = 0,
 * where f_n = 1 when run n's outcome differs from run n-1's. Recent flips weigh
 * more. Normalised to [0, 1] by the largest Z possible for that length (a flip
 * on every run): sum_{k=0}^{L-2} (1 - lambda)^k. Outcomes oldest first.
 * lambda = 0 reduces to flipRate; lambda = 1 to "did the last run flip".
 */
export function decayedFlipRate<T>(outcomes: readonly T[], lambda = 0.1): number {
  if (!(lambda >= 0 && lambda <= 1)) {
    throw new RangeError(`lambda must be in [0, 1], got ${lambda}`);
  }
  if (outcomes.length < 2) return 0;
  const keep = 1 - lambda;
  let z = 0;
  let zMax = 0;
  for (let i = 1; i < outcomes.length; i++) {
    z = (outcomes[i] !== outcomes[i - 1] ? 1 : 0) + keep * z;
    zMax = 1 + keep * zMax;
  }
  return z / zMax;
}

/** ln(p / (1 - p)); -Infinity at 0, +Infinity at 1. */
export function logit(p: number): number {
  assertProbability('p', p);
  // log(p) - log1p(-p) keeps precision near both ends, unlike log(p / (1 - p)).
  return Math.log(p) - Math.log1p(-p);
}

/** 1 / (1 + e^-x), evaluated so that e^x never overflows: exact 0 and 1 only at +-Infinity or beyond ~+-745. */
export function sigmoid(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('sigmoid of NaN');
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Clamps p into [epsilon, 1 - epsilon]. With the default epsilon 0 it only
 * clamps into [0, 1]; pass e.g. 1e-9 before logit() to keep the result finite.
 */
export function clampProbability(p: number, epsilon = 0): number {
  if (Number.isNaN(p)) throw new RangeError('clampProbability of NaN');
  if (!(epsilon >= 0 && epsilon < 0.5)) {
    throw new RangeError(`epsilon must be in [0, 0.5), got ${epsilon}`);
  }
  return Math.min(1 - epsilon, Math.max(epsilon, p));
}

/**
 * P(X >= k) for X ~ BetaBinomial(n, a, b): the chance of k or more failures in
 * n attempts when the failure rate itself is Beta(a, b). Summed term by term
 * in log space (n is a rerun count, small).
 */
export function betaBinomialUpperTail(k: number, n: number, a: number, b: number): number {
  assertInteger('k', k);
  assertInteger('n', n);
  if (k <= 0) return 1;
  if (k > n) return 0;
  const lb = logBeta(a, b);
  let total = 0;
  let logChoose = 0; // ln C(n, x), built up from x = 0
  for (let x = 0; x <= n; x++) {
    if (x > 0) logChoose += Math.log(n - x + 1) - Math.log(x);
    if (x >= k) total += Math.exp(logChoose + logBeta(a + x, b + n - x) - lb);
  }
  return Math.min(1, total);
}
