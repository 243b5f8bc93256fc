/** Per-test outcome counts, the fold every "count only" row performs. */
import type { TallySummary } from './measure.ts';

export interface OutcomeCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export type Outcome = keyof OutcomeCounts;

export type Tally = Map<string, OutcomeCounts>;

export function bump(tally: Tally, key: string, outcome: Outcome, by = 1): void {
  let counts = tally.get(key);
  if (counts === undefined) {
    counts = { passed: 0, failed: 0, skipped: 0 };
    tally.set(key, counts);
  }
  counts[outcome] += by;
}

export function summarize(tally: Tally): TallySummary {
  const summary: TallySummary = {
    tests: tally.size,
    attempts: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
  };
  for (const counts of tally.values()) {
    summary.passed += counts.passed;
    summary.failed += counts.failed;
    summary.skipped += counts.skipped;
  }
  summary.attempts = summary.passed + summary.failed + summary.skipped;
  return summary;
}
