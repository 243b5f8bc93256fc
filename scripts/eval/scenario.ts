/**
 * The mix of situations the evaluation draws cases from. Each case draws one
 * scenario; the weights are the assumptions the results rest on, so they are
 * printed with `--json` and kept here in one place.
 */
import type { ChangeKind } from './change.ts';
import type { Rng } from './prng.ts';

export type RerunMode = 'none' | 'isolated' | 'isolated+in-suite';

export interface Scenario {
  historyRuns: number;
  change: ChangeKind;
  /** False: the change set is not given to the methods (changed = null); the change still happened. */
  changeKnown: boolean;
  regress: boolean;
  addTests: boolean;
  reruns: RerunMode;
  /** The head run's failed shards were re-run (attempt 2). */
  jobRerun: boolean;
  /** One shard of the rerun plan never reported (LostRerun). */
  lostShard: boolean;
  /** One head report cannot be read (truncated or not XML). */
  unreadableHead: boolean;
  /** An infrastructure failure takes out part of one head shard. */
  infra: boolean;
}

export const HISTORY_SIZES: readonly (readonly [number, number])[] = [
  [0, 10],
  [5, 20],
  [20, 30],
  [50, 40],
];

const CHANGE_KINDS: readonly (readonly [ChangeKind, number])[] = [
  ['test', 15],
  ['source', 25],
  ['shared', 15],
  ['dependency', 15],
  ['docs', 10],
  ['none', 5],
];

/** Probability that a change of each kind introduces at least one regression. */
export const REGRESSION_RATE: Record<ChangeKind, number> = {
  test: 0.5,
  source: 0.5,
  shared: 0.5,
  dependency: 0.4,
  docs: 0,
  none: 0,
};

export interface ScenarioOptions {
  /** Fix the history size instead of drawing it. */
  historyRuns?: number;
}

export function drawScenario(rng: Rng, opts: ScenarioOptions = {}): Scenario {
  const historyRuns = opts.historyRuns ?? rng.weighted(HISTORY_SIZES);
  const change = rng.weighted(CHANGE_KINDS);
  const reruns = rng.weighted<RerunMode>([
    ['none', 25],
    ['isolated', 45],
    ['isolated+in-suite', 30],
  ]);
  return {
    historyRuns,
    change,
    changeKnown: rng.chance(0.8),
    regress: rng.chance(REGRESSION_RATE[change]),
    addTests: (change === 'test' || change === 'source') && rng.chance(0.45),
    reruns,
    jobRerun: rng.chance(0.2),
    lostShard: reruns !== 'none' && rng.chance(0.1),
    unreadableHead: rng.chance(0.04),
    infra: rng.chance(0.04),
  };
}
