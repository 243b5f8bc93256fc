/**
 * P(regression) for one failure, as a sum of log likelihood ratios on the
 * odds of risk-model.md's prior, each recorded in the ledger with its rule:
 *
 *   logit P = logit(pi0) + ln LR_history + ln LR_attempts + ln LR_change
 *             + ln LR_message + ln LR_signature + ln LR_base + ln LR_broken
 *
 * Where this departs from the reference model, the comment at the factor says
 * why (the model's known weaknesses are listed at the end of risk-model.md).
 */
import betainc from '@stdlib/math-base-special-betainc';
import type { LedgerEntry } from '../model/index.ts';
import type { Config } from './config.ts';
import { messageLikelihoodRatio } from './category.ts';
import type { FailureEvidence } from './evidence.ts';
import { round } from './evidence.ts';
import { reached } from './proximity.ts';
import { logBeta, logit, ruleOfThreeBound, sigmoid } from './stats.ts';

const failed = (o: string) => o === 'failed' || o === 'error';

/** Attempts on the head commit after the failure being judged: k failures of m. */
export function laterAttempts(ev: FailureEvidence): { k: number; m: number } {
  let k = 0;
  let m = 0;
  const i = ev.headAttempts.indexOf(ev.failure);
  for (const a of ev.headAttempts.slice(i + 1)) {
    if (a.outcome === 'skipped') continue;
    m++;
    if (failed(a.outcome)) k++;
  }
  for (const f of ev.isolatedSequence) {
    m++;
    if (f) k++;
  }
  // In-suite passes prove nondeterminism as well as isolated ones; in-suite
  // failures next to isolated passes point at order, not at the change, so
  // they count only while no isolated rerun has passed.
  m += ev.inSuite.passed;
  if (ev.isolated.passed === 0) {
    m += ev.inSuite.failed;
    k += ev.inSuite.failed;
  }
  return { k, m };
}

/** Lowest failure rate of an intermittent regression (see logLrAttempts). */
export const MIN_INTERMITTENT_RATE = 0.2;

/** ln(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/**
 * ln LR bounded smoothly to (-ln cap, ln cap). Reruns in one environment are
 * correlated, so their evidence is capped (risk-model.md: 1000); a smooth cap
 * keeps the ratio strictly monotone, so one more failure always raises it and
 * one more pass always lowers it, even near the cap.
 */
export function softCap(x: number, cap: number): number {
  const c = Math.log(cap);
  return x - softplus(x - c) + softplus(-x - c);
}

/**
 * ln P(k of m later attempts fail | regression) / P(... | flaky).
 *
 * Flaky: each attempt fails with the test's own rate p, whose prior is the
 * same one the history factor uses, Beta(s r, s (1 - r)), updated with the
 * test's history (h failures in n runs); the predictive is beta-binomial. The
 * reference model uses Jeffreys' Beta(0.5, 0.5) here; that prior is U-shaped
 * and calls "fails every time" a likely flaky rate, so without history five
 * or eight failing reruns said almost nothing (measured by npm run eval).
 *
 * Regression: the model assumes a regression fails every time, so one passing
 * rerun reads as a flake. But a regression can make a test intermittent (a
 * race the change introduced), so here a regression fails every time with
 * probability 1 - w, and with probability w at a rate q ~ U(q0, 1), q0 the
 * larger of 0.2 and the test's expected flaky rate: a regression that fails
 * less often than the test already flakes cannot be told from a flake by
 * reruns, and bounding q that way keeps the ratio monotone (with q down to 0,
 * enough passes would start to favour a regression).
 */
export function logLrAttempts(k: number, m: number, h: number, n: number, cfg: Config): number {
  if (m === 0) return 0;
  const { a, b } = flakyRatePrior(h, n, cfg);
  const logFlaky = logBeta(a + k, b + m - k) - logBeta(a, b);
  const w = cfg.likelihood.intermittentShare;
  // An intermittent regression fails more often than the test flakes (else
  // it could not be told apart, and enough passes would favour it).
  const q0 = Math.max(MIN_INTERMITTENT_RATE, a / (a + b));
  // ∫_{q0}^{1} q^k (1-q)^(m-k) dq / (1 - q0), via the regularized incomplete beta.
  const upper = betainc(q0, k + 1, m - k + 1, true, true);
  const intermittent = (Math.exp(logBeta(k + 1, m - k + 1)) * upper) / (1 - q0);
  const pReg = (k === m ? 1 - w : 0) + w * intermittent;
  return softCap(Math.log(pReg) - logFlaky, cfg.likelihood.rerunCap);
}

/** Beta posterior of the test's failure rate if it is flaky: population prior plus its history. */
export function flakyRatePrior(h: number, n: number, cfg: Config): { a: number; b: number } {
  const r = cfg.likelihood.flakyFailureRate;
  const s = cfg.likelihood.flakyPriorRuns;
  return { a: s * r + h, b: s * (1 - r) + Math.max(0, n - h) };
}

/**
 * ln LR of the failure itself given the test's history. The prior pi0 is the
 * share of real regressions among all failures, most of which come from tests
 * that fail often; a test whose history shows it almost never fails is more
 * likely to be failing for a reason now. Expected failure rate of this test
 * if flaky: (s r + h) / (s + n), with r the typical rate of a failing flaky
 * test and s its weight in runs; LR = r / that. No history: LR = 1.
 */
export function logLrHistory(h: number, n: number, cfg: Config): number {
  const r = cfg.likelihood.flakyFailureRate;
  const s = cfg.likelihood.flakyPriorRuns;
  const expected = (s * r + h) / (s + n);
  return Math.max(-Math.log(20), Math.min(Math.log(20), Math.log(r / expected)));
}

export interface Probability {
  p: number;
  logOdds: number;
  ledger: LedgerEntry[];
}

function entry(factor: string, value: LedgerEntry['value'], lr: number, rule: string): LedgerEntry {
  return { factor, value, effect: round(Math.log(lr), 3), rule };
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

export function pRegression(ev: FailureEvidence, cfg: Config): Probability {
  const L = cfg.likelihood;
  const ledger: LedgerEntry[] = [];
  ledger.push({
    factor: 'prior',
    value: cfg.prior,
    effect: round(logit(cfg.prior), 3),
    rule: `pi0: share of failures that are real regressions (risk-model.md)`,
  });
  let logOdds = logit(cfg.prior);
  const add = (e: LedgerEntry) => {
    ledger.push(e);
    logOdds += e.effect;
  };

  const h = ev.history.intermittentFailures;
  const n = ev.history.runs;
  // A test failing on the latest history runs is broken, not flaky: those
  // failures must not count as its flake rate.
  const broken = isBrokenBefore(ev);
  if (n > 0 && !broken) {
    const lr = Math.exp(logLrHistory(h, n, cfg));
    add(
      entry(
        'history',
        `${h} intermittent failure(s) in ${n} runs`,
        lr,
        `failure rate on the history branch vs a typical flaky test's ${pct(L.flakyFailureRate)}` +
          (h === 0 ? `; 95% bound on its rate ${pct(ruleOfThreeBound(n))}` : ''),
      ),
    );
  }

  const { k, m } = laterAttempts(ev);
  const baseFails = ev.base.failed > 0 && ev.base.passed === 0;
  if (m > 0) {
    let x = logLrAttempts(k, m, broken ? 0 : h, n, cfg);
    const what =
      k === m
        ? `failed ${k}/${m} later attempts on this commit`
        : `failed ${k}/${m} later attempts on this commit (passed ${m - k})`;
    let rule =
      k === m
        ? `beta-binomial: ${m} failures in a row are unlikely for a test flaky at its history rate (soft cap ${L.rerunCap})`
        : `a pass on the same commit proves nondeterminism; an intermittent regression (share ${L.intermittentShare}) is still possible`;
    if (broken || baseFails) {
      // A test broken without the change fails every time whatever the change
      // did: failing reruns say "deterministic", not "caused by this change",
      // so they do not count; each pass still halves the odds, so more
      // failures never lower P and a pass always does.
      x = -(m - k) * Math.LN2;
      rule =
        'failures not counted for a regression: the test fails without this change too; each pass halves the odds';
    }
    add(entry('reruns', what, Math.exp(x), rule));
  }

  const prox = ev.proximity.proximity;
  const changeLr =
    prox === 'test-file' || prox === 'module' || prox === 'import'
      ? L.changed
      : prox === 'dependency'
        ? L.dependencyChange
        : prox === 'untouched'
          ? L.untouched
          : 1;
  const because = ev.proximity.because.length ? `: ${ev.proximity.because.join(', ')}` : '';
  add(
    entry(
      'change',
      prox,
      changeLr,
      prox === 'unknown'
        ? 'change set unknown: no evidence either way'
        : prox === 'untouched'
          ? 'the change touches neither the test nor its module or imports (DeFlaker)'
          : prox === 'dependency'
            ? `dependency, build or CI files changed${because}`
            : ev.newTest
              ? 'new test added by this change'
              : `the change touches the test's ${prox === 'test-file' ? 'file' : prox === 'module' ? 'module' : 'imports'}${because}`,
    ),
  );

  // Message evidence must not overrule a change that touched the test or a
  // signature never seen before: "connection refused" is also what a change
  // that breaks a service's start-up looks like.
  const msg = messageLikelihoodRatio(ev.category, ev.nullDereference, L.message);
  // A new signature shared by many failures of this run is one broad cause
  // (the runner, the network), not a new bug in this test.
  const novel = isNovelSignature(ev, cfg) && ev.causeSize === 1;
  const touched = reached(prox);
  // Nor a failure that reproduces on every later attempt: a transient
  // network or runner fault does not fail the same way again and again.
  const reproduces = m >= 2 && k === m;
  if (msg.lr < 1 && (touched || novel || reproduces)) {
    const why = touched
      ? 'the change touches the test'
      : novel
        ? 'signature never seen on the history branch'
        : `it failed all ${m} later attempts`;
    add(entry('message', ev.category, 1, `${msg.rule}; not applied: ${why}`));
  } else if (msg.lr !== 1) {
    add(entry('message', ev.category, msg.lr, msg.rule));
  }

  const sig = signatureFactor(ev, cfg);
  if (sig) add(sig);

  if (ev.base.passed + ev.base.failed > 0) {
    if (ev.base.failed > 0 && ev.base.passed === 0) {
      add(
        entry(
          'base commit',
          `failed ${ev.base.failed}/${ev.base.failed} reruns on ${ev.base.commit ?? 'the base'}`,
          L.baseFails,
          'fails the same way without the change',
        ),
      );
    } else if (ev.base.failed === 0 && ev.isolated.passed === 0 && ev.isolated.failed > 0) {
      add(
        entry(
          'base commit',
          `passed ${ev.base.passed}/${ev.base.passed} reruns on ${ev.base.commit ?? 'the base'}`,
          L.basePasses,
          'passes without the change, fails with it',
        ),
      );
    }
  }

  if (broken) {
    add(
      entry(
        'broken before',
        `failed the last ${ev.history.trailingFailures} history run(s)`,
        L.brokenBefore,
        'already failing on the history branch before this change',
      ),
    );
  }

  const p = Math.min(0.999, Math.max(0.001, sigmoid(logOdds)));
  return { p, logOdds, ledger };
}

/**
 * Broken before this change, by the history alone: failing on the newest
 * history runs where the test ran (two in a row, or the newest one with the
 * same failure as now) after a history in which it rarely failed. A flaky
 * test whose last run happened to fail is not broken. (The class
 * BROKEN-BEFORE also needs every attempt here to fail; the factor does not,
 * so a pass on this commit can only lower P(regression).)
 */
export function isBrokenBefore(ev: FailureEvidence): boolean {
  const streak = ev.history.trailingFailures;
  if (streak === 0) return false;
  const earlier = ev.history.runs - streak;
  const earlierRate = earlier > 0 ? (ev.history.failed - streak) / earlier : 0;
  if (streak >= 2) return earlierRate < 0.2;
  const last = ev.matchedRuns[ev.matchedRuns.length - 1];
  return last !== undefined && last >= ev.historyRuns - 3 && earlierRate < 0.05;
}

function isNovelSignature(ev: FailureEvidence, cfg: Config): boolean {
  return (
    ev.historyRuns >= cfg.history.minRunsForNew &&
    ev.matchedRuns.length === 0 &&
    ev.matchedAnyRuns.length === 0
  );
}

/**
 * Signature against history. Only a test that has failed before says
 * something by failing differently: for one that never failed, every
 * signature is new and the history factor already counts that.
 * Infrastructure causes match on any test (one runner outage fails many).
 */
function signatureFactor(ev: FailureEvidence, cfg: Config): LedgerEntry | undefined {
  const L = cfg.likelihood;
  if (ev.matchedRuns.length > 0) {
    return entry(
      'signature',
      ev.signature.text,
      L.knownSignature,
      `same failure already seen for this test in ${ev.matchedRuns.length} history run(s)`,
    );
  }
  const infra =
    ev.category === 'infrastructure' || ev.category === 'network' || ev.category === 'rate-limit';
  if (infra && ev.matchedAnyRuns.length > 0) {
    return entry(
      'signature',
      ev.signature.text,
      L.knownSignature,
      `same ${ev.category} failure seen on other tests in ${ev.matchedAnyRuns.length} history run(s)`,
    );
  }
  if (ev.history.failed > 0 && ev.historyRuns >= cfg.history.minRunsForNew) {
    return entry(
      'signature',
      ev.signature.text,
      L.newSignature,
      `this test failed before, but never this way in ${ev.historyRuns} history runs`,
    );
  }
  return undefined;
}
