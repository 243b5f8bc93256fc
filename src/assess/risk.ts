/**
 * The commit's risk level from its failures, by risk-model.md's rules with
 * two deliberate changes (both measured by `npm run eval`):
 *
 * - An INCONCLUSIVE failure that is more likely a regression than not
 *   (P >= inconclusiveHighThreshold) makes the commit HIGH even outside the
 *   changed module. A release manager gates a deploy on this output; a
 *   coin-flip-or-worse failure the evidence cannot explain away must block,
 *   or regressions that arrive through code the proximity rules cannot see
 *   slip under the gate.
 * - "A test flaky for the first time" is MEDIUM only when its failure rate on
 *   this commit is significantly above what its history allows (one-sided
 *   Fisher test). A rare flake (1% fails once in 100 runs) showing for the
 *   first time is expected and would push most clean commits to MEDIUM.
 *
 * A test new in this change never gets LOW from passing a rerun: a retry must
 * not let a new flaky test through.
 */
import type { FailureClass, Risk } from '../model/index.ts';
import type { Config } from './config.ts';
import type { FailureEvidence } from './evidence.ts';
import { laterAttempts } from './probability.ts';
import { fisherExactOneSided } from './stats.ts';

export interface Judged {
  /** Absent for an unreadable report, which stands for an unknown set of tests. */
  ev?: FailureEvidence;
  cls: FailureClass;
  p: number;
  name: string;
}

export interface RiskResult {
  risk: Risk;
  reasons: string[];
}

function touched(ev: FailureEvidence): boolean {
  const p = ev.proximity.proximity;
  return p === 'test-file' || p === 'module' || p === 'import';
}

/** Failure rate on this commit significantly above the test's history. */
export function flakeRateRose(ev: FailureEvidence, cfg: Config): boolean {
  const n = ev.history.runs;
  if (n < cfg.history.minRunsForNew) return false;
  const { k, m } = laterAttempts(ev);
  const headFails = k + 1;
  const headPasses = m - k;
  const histFails = ev.history.intermittentFailures;
  return fisherExactOneSided(headFails, headPasses, histFails, n - histFails) < 0.05;
}

export function commitRisk(
  judged: Judged[],
  opts: { tests: number; lost: number },
  cfg: Config,
): RiskResult {
  const failing = judged.filter((j) => j.ev !== undefined);
  if (judged.length === 0) return { risk: 'NONE', reasons: ['no test failed'] };
  const high: string[] = [];
  const medium: string[] = [];
  const low: string[] = [];
  const massAt = Math.max(cfg.massFailure.count, Math.ceil(cfg.massFailure.fraction * opts.tests));
  if (failing.length > massAt) {
    const causes = new Set(failing.map((j) => j.ev!.signature.key)).size;
    high.push(
      `mass failure: ${failing.length} tests failed (threshold ${massAt}), from ${causes} distinct cause(s); the run did not test this commit`,
    );
  }
  for (const j of judged) {
    const { ev, cls, p, name } = j;
    if (!ev) {
      medium.push(`report could not be read, its tests are unknown: ${name}`);
      continue;
    }
    const pp = `P(regression) ${p.toFixed(2)}`;
    if (cls === 'REGRESSION') high.push(`regression: ${name} (${pp})`);
    else if (cls === 'INCONCLUSIVE' && touched(ev)) high.push(`inconclusive failure in changed code: ${name} (${pp})`);
    else if (cls === 'INCONCLUSIVE' && p >= cfg.inconclusiveHighThreshold) high.push(`inconclusive failure, more likely a regression than not: ${name} (${pp})`);
    else if (ev.newTest && ev.isolated.failed > 0 && ev.isolated.passed === 0 && ev.sameCommit.passed === 0) {
      high.push(`new test fails every rerun: ${name}`);
    } else if ((ev.category === 'crash' || ev.category === 'resource') && laterAttempts(ev).k > 0 && cls !== 'BROKEN-BEFORE') {
      high.push(`${ev.category} reproduces: ${name}`);
    } else if (cls === 'INCONCLUSIVE') medium.push(`inconclusive: ${name} (${pp})`);
    else if (cls === 'BROKEN-BEFORE') medium.push(`broken before this change: ${name}`);
    else if (cls === 'ORDER-DEPENDENT') medium.push(`order-dependent: ${name}`);
    else if (ev.newTest) medium.push(`new test failed (a rerun pass must not let a new flaky test through): ${name}`);
    else if (touched(ev)) medium.push(`flaky in code the change touches: ${name}`);
    else if (flakeRateRose(ev, cfg)) medium.push(`fails more often than its history allows: ${name}`);
    else low.push(`flaky, untouched by the change: ${name}`);
  }
  const risk: Risk = high.length ? 'HIGH' : medium.length ? 'MEDIUM' : 'LOW';
  const top = high.length ? high : medium.length ? medium : low;
  // The first reason is the headline: the top level's first cause and how many more.
  const headline = top.length > 1 ? `${top[0]} (and ${top.length - 1} more)` : top[0]!;
  const reasons = [headline, ...[...high, ...medium, ...low].filter((r) => r !== top[0])];
  if (opts.lost > 0) reasons.push(`${opts.lost} test(s) lost their reruns`);
  return { risk, reasons };
}
