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
import type { LedgerEntry } from '../model/index.ts';
import type { Config } from './config.ts';
import { messageLikelihoodRatio } from './category.ts';
import type { FailureEvidence } from './evidence.ts';
import { round } from './evidence.ts';
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
  // they count only when there are no isolated reruns.
  m += ev.inSuite.passed;
  if (ev.isolatedSequence.length === 0) {
    m += ev.inSuite.failed;
    k += ev.inSuite.failed;
  }
  return { k, m };
}

/**
 * ln P(k of m later attempts fail | regression) / P(... | flaky).
 *
 * Flaky: each attempt fails with the test's own rate p, p ~ Beta(0.5 + h,
 * 0.5 + n - h) from its history (Jeffreys prior, as the model and Chromium's
 * LUCI use), so the predictive is beta-binomial; for k = m = K this is exactly
 * the model's B(0.5+f, 0.5+n-f) / B(0.5+f+K, 0.5+n-f).
 *
 * Regression: the model assumes a regression fails every time, so one passing
 * rerun reads as a flake. But a regression can make a test intermittent (a
 * race the change introduced), so a regression here fails every time with
 * probability 1 - w, and with probability w at an unknown rate q ~ U(0, 1).
 * With w = 0.3 a single pass still lowers the odds a lot, but no longer to
 * nothing when the rest of the evidence points at the change.
 */
export function logLrAttempts(k: number, m: number, h: number, n: number, cfg: Config): number {
  if (m === 0) return 0;
  const a = 0.5 + h;
  const b = 0.5 + Math.max(0, n - h);
  const logFlaky = logBeta(a + k, b + m - k) - logBeta(a, b);
  const w = cfg.likelihood.intermittentShare;
  const pReg = (k === m ? 1 - w : 0) + w * Math.exp(logBeta(1 + k, 1 + m - k));
  const cap = Math.log(cfg.likelihood.rerunCap);
  return Math.max(-cap, Math.min(cap, Math.log(pReg) - logFlaky));
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
  if (m > 0) {
    const lr = Math.exp(logLrAttempts(k, m, broken ? 0 : h, n, cfg));
    const what =
      k === m
        ? `failed ${k}/${m} later attempts on this commit`
        : `failed ${k}/${m} later attempts on this commit (passed ${m - k})`;
    add(
      entry(
        'reruns',
        what,
        lr,
        k === m
          ? `beta-binomial: ${m} failures in a row are unlikely for a test flaky at its history rate (capped at ${L.rerunCap})`
          : `a pass on the same commit proves nondeterminism; an intermittent regression (share ${L.intermittentShare}) is still possible`,
      ),
    );
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
  const novel = isNovelSignature(ev, cfg);
  const touched = prox === 'test-file' || prox === 'module' || prox === 'import';
  if (msg.lr < 1 && (touched || novel)) {
    add(entry('message', ev.category, 1, `${msg.rule}; not applied: ${touched ? 'the change touches the test' : 'signature never seen on the history branch'}`));
  } else if (msg.lr !== 1) {
    add(entry('message', ev.category, msg.lr, msg.rule));
  }

  const sig = signatureFactor(ev, cfg);
  if (sig) add(sig);

  if (ev.base.passed + ev.base.failed > 0) {
    if (ev.base.failed > 0 && ev.base.passed === 0) {
      add(entry('base commit', `failed ${ev.base.failed}/${ev.base.failed} reruns on ${ev.base.commit ?? 'the base'}`, L.baseFails, 'fails the same way without the change'));
    } else if (ev.base.failed === 0 && ev.isolated.passed === 0 && ev.isolated.failed > 0) {
      add(entry('base commit', `passed ${ev.base.passed}/${ev.base.passed} reruns on ${ev.base.commit ?? 'the base'}`, L.basePasses, 'passes without the change, fails with it'));
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

/** Failing on the newest history runs and on every attempt here. */
export function isBrokenBefore(ev: FailureEvidence): boolean {
  if (ev.history.trailingFailures === 0) return false;
  if (ev.sameCommit.passed > 0 || ev.isolated.passed > 0) return false;
  const last = ev.matchedRuns[ev.matchedRuns.length - 1];
  const sameWay = last !== undefined && last >= ev.historyRuns - 3;
  return sameWay || ev.history.trailingFailures >= 2;
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
    return entry('signature', ev.signature.text, L.knownSignature, `same failure already seen for this test in ${ev.matchedRuns.length} history run(s)`);
  }
  const infra = ev.category === 'infrastructure' || ev.category === 'network' || ev.category === 'rate-limit';
  if (infra && ev.matchedAnyRuns.length > 0) {
    return entry('signature', ev.signature.text, L.knownSignature, `same ${ev.category} failure seen on other tests in ${ev.matchedAnyRuns.length} history run(s)`);
  }
  if (ev.history.failed > 0 && ev.historyRuns >= cfg.history.minRunsForNew) {
    return entry('signature', ev.signature.text, L.newSignature, `this test failed before, but never this way in ${ev.historyRuns} history runs`);
  }
  return undefined;
}
