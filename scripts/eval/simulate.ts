/**
 * One evaluation case: a repository, its base-branch history, a head commit
 * with a change, the head run and its reruns, and the truth. Pure function of
 * (seed, index): each part draws from its own stream, so changing how one
 * part is generated does not reshuffle the others.
 */
import type { AssessInput } from '../../src/model/assess-input.ts';
import { makeChange, type Change } from './change.ts';
import { makeHead } from './head.ts';
import { makeHistory, type SimHistory } from './history.ts';
import { createRng, mixSeed } from './prng.ts';
import { dependencyMap, makeRepo } from './repo.ts';
import { drawScenario, type Scenario, type ScenarioOptions } from './scenario.ts';
import { trueRisk, type CaseTruth } from './truth.ts';

export const DEFAULT_SEED = 20_251_124;

export interface SimCase {
  index: number;
  seed: number;
  scenario: Scenario;
  /** The true change, also when the methods are not told (scenario.changeKnown false). */
  change: Pick<Change, 'kind' | 'variant' | 'changed'>;
  history: SimHistory;
  /** Everything but the folded history index, which the harness builds from `history`. */
  input: Omit<AssessInput, 'history'>;
  truth: CaseTruth;
  tests: number;
  /** The infrastructure failure and the job re-run, as they happened. */
  infraHit: boolean;
  jobRerun: boolean;
}

export function simulateCase(seed: number, index: number, opts: ScenarioOptions = {}): SimCase {
  const stream = (part: string) => createRng(mixSeed(seed, 'case', index, part));
  const scenario = drawScenario(stream('scenario'), opts);
  const repo = makeRepo(stream('repo'), scenario.historyRuns);
  const history = makeHistory(stream('history'), repo, scenario.historyRuns);
  const change = makeChange(stream('change'), repo, {
    kind: scenario.change,
    regress: scenario.regress,
    addTests: scenario.addTests,
  });
  const head = makeHead(stream('head'), repo, change, scenario, history);
  const files = change.newFile === undefined ? repo.files : [...repo.files, change.newFile];
  const input: Omit<AssessInput, 'history'> = {
    head: head.head,
    reruns: head.reruns,
    lostReruns: head.lostReruns,
    changed: scenario.changeKnown ? [...change.changed] : null,
    dependencies: dependencyMap(files),
    codeowners: repo.codeowners,
    unreadable: head.unreadable,
  };
  const truth: CaseTruth = {
    risk: trueRisk(head.failures),
    regression: head.failures.some((f) => f.regression),
    failures: head.failures,
    latentRegressions: head.latentRegressions,
  };
  return {
    index,
    seed,
    scenario,
    change: { kind: change.kind, variant: change.variant, changed: change.changed },
    history,
    input,
    truth,
    tests: repo.tests.length + change.added.length,
    infraHit: head.infraHit,
    jobRerun: head.jobRerun,
  };
}
