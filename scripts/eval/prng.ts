/**
 * Seeded pseudo-random numbers for the evaluation simulator. Math.random is
 * never used: a case is a pure function of (seed, case index), so a miss seen
 * in one run can be replayed alone with `--case` and compared across engine
 * versions.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [lo, hi], both included. */
  between(lo: number, hi: number): number;
  /** Uniform real in [lo, hi). */
  uniform(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `weighted([['a', 3], ['b', 1]])` gives 'a' three times as often. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Up to `n` distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[];
  /** Lowercase hex string of `digits` digits (commit shas, temp-dir names). */
  hex(digits: number): string;
}

/** mulberry32: tiny and fast; good enough for outcome draws, not for cryptography. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const rng: Rng = {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    uniform: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [item, w] of items) {
        x -= w;
        if (x < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    sample: <T>(items: readonly T[], n: number): T[] => {
      const copy = [...items];
      const out: T[] = [];
      while (out.length < n && copy.length > 0) out.push(copy.splice(int(copy.length), 1)[0] as T);
      return out;
    },
    hex: (digits) => {
      let s = '';
      while (s.length < digits) s += int(0x10000).toString(16).padStart(4, '0');
      return s.slice(0, digits);
    },
  };
  return rng;
}

/** Mixes seed parts (FNV-1a over their text) into one 32-bit seed, e.g. (seed, 'case', 7). */
export function mixSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Per-run failure rate of a flaky test: Pareto(xm, alpha) capped at `cap`.
 * With the defaults most flaky tests fail 0.5-2% of runs and a tail reaches
 * the cap (30%), as in public flake-rate surveys (a few tests make most flakes).
 */
export function heavyTailedRate(rng: Rng, xm = 0.005, alpha = 1.1, cap = 0.3): number {
  const u = 1 - rng.next(); // (0, 1]
  return Math.min(cap, xm * u ** (-1 / alpha));
}
