/**
 * A failure's class from its evidence and P(regression), by the rules of
 * risk-model.md, checked in this order (the first that holds wins):
 *
 * 1. INCONCLUSIVE when its planned reruns were lost, or there is no usable
 *    evidence at all (no later attempt, no rerun, no history).
 * 2. ORDER-DEPENDENT: every in-suite rerun fails and every isolated one
 *    passes (or the reverse), confirmed by a one-sided Fisher exact test.
 * 3. BROKEN-BEFORE: fails every attempt here and was already failing on the
 *    newest history runs, or fails the same way on the base commit.
 * 4. REGRESSION: P >= regressionThreshold.
 * 5. FLAKY: passed and failed on this commit, and P < inconclusiveThreshold.
 * 6. INCONCLUSIVE: P >= inconclusiveThreshold.
 * 7. FLAKY-LIKELY: the rest (P low without same-commit proof), except that a
 *    test that failed every one of three or more attempts here is never
 *    called likely flaky: it is INCONCLUSIVE however flaky its history.
 */
import type { FailureClass } from '../model/index.ts';
import type { Config } from './config.ts';
import type { FailureEvidence } from './evidence.ts';
import { isBrokenBefore, laterAttempts } from './probability.ts';
import { fisherExactOneSided } from './stats.ts';

export interface Classification {
  cls: FailureClass;
  rule: string;
  /** p-value of the order-dependence test, when it was run. */
  orderP?: number;
}

/** Same-commit proof of nondeterminism: a pass next to the failure on the head commit. */
export function provenNondeterministic(ev: FailureEvidence): boolean {
  return ev.sameCommit.passed > 0 || ev.isolated.passed > 0 || ev.inSuite.passed > 0;
}

export function orderDependence(ev: FailureEvidence, cfg: Config): Classification | undefined {
  const iso = ev.isolated;
  const suite = ev.inSuite;
  if (iso.passed + iso.failed === 0 || suite.passed + suite.failed === 0) return undefined;
  if (iso.failed === 0 && suite.passed === 0) {
    const p = fisherExactOneSided(suite.failed, suite.passed, iso.failed, iso.passed);
    if (p < cfg.orderDependenceAlpha) {
      return {
        cls: 'ORDER-DEPENDENT',
        rule: `fails ${suite.failed}/${suite.failed} after the tests that preceded it, passes ${iso.passed}/${iso.passed} alone (Fisher one-sided p=${p.toFixed(3)})`,
        orderP: p,
      };
    }
  }
  if (suite.failed === 0 && iso.passed === 0) {
    const p = fisherExactOneSided(iso.failed, iso.passed, suite.failed, suite.passed);
    if (p < cfg.orderDependenceAlpha) {
      return {
        cls: 'ORDER-DEPENDENT',
        rule: `brittle: fails ${iso.failed}/${iso.failed} alone, passes ${suite.passed}/${suite.passed} after the tests that preceded it (Fisher one-sided p=${p.toFixed(3)})`,
        orderP: p,
      };
    }
  }
  return undefined;
}

export function classify(ev: FailureEvidence, p: number, cfg: Config): Classification {
  if (ev.lostRerun) {
    return {
      cls: 'INCONCLUSIVE',
      rule: `its reruns were lost (shard ${ev.lostRerun.shard}: ${ev.lostRerun.reason})`,
    };
  }
  const { m } = laterAttempts(ev);
  if (m === 0 && ev.history.runs === 0 && ev.base.passed + ev.base.failed === 0) {
    return {
      cls: 'INCONCLUSIVE',
      rule: 'no usable evidence: no rerun, no other attempt and no history',
    };
  }
  const order = orderDependence(ev, cfg);
  if (order) return order;
  if (ev.base.failed > 0 && ev.base.passed === 0 && !provenNondeterministic(ev)) {
    return {
      cls: 'BROKEN-BEFORE',
      rule: `fails the same way on ${ev.base.commit ?? 'the base commit'}`,
    };
  }
  if (isBrokenBefore(ev) && !provenNondeterministic(ev)) {
    return {
      cls: 'BROKEN-BEFORE',
      rule: `fails every attempt and failed the last ${ev.history.trailingFailures} history run(s)`,
    };
  }
  if (p >= cfg.regressionThreshold) {
    return { cls: 'REGRESSION', rule: `P(regression) ${fmt(p)} >= ${cfg.regressionThreshold}` };
  }
  if (provenNondeterministic(ev) && p < cfg.inconclusiveThreshold) {
    return {
      cls: 'FLAKY',
      rule: `passed and failed on this commit; P(regression) ${fmt(p)} < ${cfg.inconclusiveThreshold}`,
    };
  }
  if (p >= cfg.inconclusiveThreshold) {
    return {
      cls: 'INCONCLUSIVE',
      rule: `P(regression) ${fmt(p)} between ${cfg.inconclusiveThreshold} and ${cfg.regressionThreshold}`,
    };
  }
  const later = laterAttempts(ev);
  if (later.m >= 3 && later.k === later.m) {
    return {
      cls: 'INCONCLUSIVE',
      rule: `failed all ${later.m + 1} attempts on this commit: flakiness not shown here, whatever its history`,
    };
  }
  return {
    cls: 'FLAKY-LIKELY',
    rule: `P(regression) ${fmt(p)} < ${cfg.inconclusiveThreshold} without a pass on this commit`,
  };
}

function fmt(p: number): string {
  return p.toFixed(2);
}

/**
 * What the reruns say about order when they do not prove it: a failure seen
 * only in-suite (not yet significant), or no in-suite reruns at all after
 * clean isolated ones. Said in the ledger rather than guessed (risk-model.md).
 */
export function orderNote(ev: FailureEvidence, cfg: Config): string | undefined {
  const iso = ev.isolated;
  const suite = ev.inSuite;
  if (iso.passed === 0 || iso.failed > 0) return undefined;
  if (suite.passed + suite.failed === 0) {
    return `passes ${iso.passed}/${iso.passed} alone and no in-suite rerun was run: order dependence not ruled out`;
  }
  if (suite.failed > 0) {
    const p = fisherExactOneSided(suite.failed, suite.passed, iso.failed, iso.passed);
    if (p >= cfg.orderDependenceAlpha) {
      return `fails only after the tests that preceded it (${suite.failed}/${suite.failed + suite.passed} in-suite, 0/${iso.passed} alone; Fisher p=${p.toFixed(2)}, not yet significant): more in-suite reruns would settle it`;
    }
  }
  return undefined;
}
