/**
 * The next action for a failure: fix, quarantine (with its owners), or rerun
 * N more times, with N computed from the same model that gave P(regression).
 */
import type { FailureClass } from '../model/index.ts';
import type { Config } from './config.ts';
import type { FailureEvidence } from './evidence.ts';
import { laterAttempts, pRegression } from './probability.ts';
import { rerunsToDetect, ruleOfThreeBound } from './stats.ts';

const MAX_RERUNS = 100;

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Fewest further isolated reruns that, all failing, would lift P(regression)
 * to the regression threshold (one pass would prove it nondeterministic).
 * Computed with the whole model on the evidence as it would then be, so
 * every factor that more failures switch on (e.g. base-commit reruns) counts.
 */
export function rerunsToSettle(ev: FailureEvidence, cfg: Config): number | undefined {
  for (let j = 1; j <= MAX_RERUNS; j++) {
    const more: FailureEvidence = {
      ...ev,
      isolated: { passed: ev.isolated.passed, failed: ev.isolated.failed + j },
      isolatedSequence: [...ev.isolatedSequence, ...Array<boolean>(j).fill(true)],
    };
    if (pRegression(more, cfg).p >= cfg.regressionThreshold) return j;
  }
  return undefined;
}

/** Expected failure rate of the test if it is flaky (history, shrunk toward a typical rate). */
function flakeRate(ev: FailureEvidence, cfg: Config): number {
  const s = cfg.likelihood.flakyPriorRuns;
  return (
    (s * cfg.likelihood.flakyFailureRate + ev.history.intermittentFailures) / (s + ev.history.runs)
  );
}

export function nextAction(
  cls: FailureClass,
  ev: FailureEvidence,
  owners: string[],
  cfg: Config,
): string {
  const who = owners.length > 0 ? `owner ${owners.join(' ')}` : 'no owner in CODEOWNERS';
  const { k, m } = laterAttempts(ev);
  const where = ev.test.file ? ` in ${ev.test.file}${ev.test.line ? `:${ev.test.line}` : ''}` : '';
  switch (cls) {
    case 'REGRESSION': {
      const bound =
        m === 0
          ? '; not rerun (n = 0), so no 95% bound on its failure rate yet: a rerun alone would confirm it'
          : k === m
            ? `; 95% lower bound on its failure rate ${pct(Math.pow(0.05, 1 / m))} (${m} reruns)`
            : `; it also passed ${m - k} of ${m} reruns: an intermittent regression`;
      return `fix${where}: failed ${k + 1}/${m + 1} attempts on this commit${bound}`;
    }
    case 'BROKEN-BEFORE': {
      const since =
        ev.base.failed > 0 && ev.base.passed === 0
          ? `fails the same way on ${ev.base.commit ?? 'the base commit'} (${ev.base.failed}/${ev.base.failed} reruns)`
          : `already failing there (the latest ${ev.history.trailingFailures} run(s))`;
      return `fix on the base branch${where}: ${since}; not caused by this change`;
    }
    case 'ORDER-DEPENDENT':
      return ev.polluters && ev.polluters.length > 0
        ? `fix test isolation${where}: fails after ${ev.polluters.join(', ')}`
        : `fix test isolation${where}: passes alone, fails after the tests that precede it (find the polluter with in-suite reruns)`;
    case 'INCONCLUSIVE': {
      if (ev.lostRerun)
        return `rerun: its rerun shard ${ev.lostRerun.shard} was lost (${ev.lostRerun.reason})`;
      const n = rerunsToSettle(ev, cfg);
      return n === undefined
        ? `rerun ${MAX_RERUNS} more times alone and review the change: reruns alone cannot settle it`
        : `rerun ${n} more times alone: ${n} failures in a row make it a regression; one pass makes it flaky`;
    }
    case 'FLAKY':
    case 'FLAKY-LIKELY': {
      const touched = ['test-file', 'module', 'import'].includes(ev.proximity.proximity);
      if (touched || ev.newTest) {
        // A first-time flake in code the change touched needs more reruns, not a pass.
        const n = Math.min(MAX_RERUNS, rerunsToDetect(0.3) - m);
        return `rerun ${Math.max(1, n)} more times alone: the change touches this test, and ${Math.max(1, n) + m} runs would show an intermittent regression failing 30% of the time`;
      }
      if (ev.isolated.passed + ev.isolated.failed === 0 && cls === 'FLAKY-LIKELY') {
        const r = flakeRate(ev, cfg);
        const n = Math.min(MAX_RERUNS, rerunsToDetect(Math.max(r, 0.03)));
        return `rerun ${n} times alone to confirm (${n} clean runs bound its failure rate below ${pct(ruleOfThreeBound(n))}), or quarantine (${who})`;
      }
      return `quarantine (${who}): flaky, failed ${ev.history.failed}/${ev.history.runs} history runs and ${ev.sameCommit.failed + ev.isolated.failed}/${ev.sameCommit.failed + ev.sameCommit.passed + ev.isolated.failed + ev.isolated.passed} attempts on this commit`;
    }
  }
}
