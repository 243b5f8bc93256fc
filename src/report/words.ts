/**
 * How a verdict reads in words, shared by the summary, terminal and quarantine renderers: the
 * order failures are shown in, how a probability reads, per-class tallies, the evidence in a few
 * words. Pure, and no escaping here: every caller escapes the result for its own sink.
 */
import type { Evidence, FailureClass, FailureVerdict, PassFail } from '../model/verdict.ts';

/**
 * Most alarming first: what blocks the deploy, then what the evidence could not settle, then
 * known breakage and order effects (real but not this change's doing), then noise.
 */
export const CLASS_ORDER: readonly FailureClass[] = [
  'REGRESSION',
  'INCONCLUSIVE',
  'BROKEN-BEFORE',
  'ORDER-DEPENDENT',
  'FLAKY-LIKELY',
  'FLAKY',
];

const RANK = new Map(CLASS_ORDER.map((c, i) => [c, i]));

/** A class the model does not know (a newer verdict) sorts after the known ones, not first. */
const rank = (c: FailureClass) => RANK.get(c) ?? CLASS_ORDER.length;

/** NaN would make the comparator inconsistent (and the sort order engine-dependent). */
const prob = (p: number) => (Number.isFinite(p) ? p : -1);

/**
 * A sorted copy: class severity, then P(regression) descending, then id so equal failures keep
 * one order from run to run (diffs of summaries stay small). Plain code-unit comparison rather
 * than localeCompare: it is locale-independent and much faster for 10,000 failures.
 */
export function sortFailures(failures: readonly FailureVerdict[]): FailureVerdict[] {
  return [...failures].sort(
    (a, b) =>
      rank(a.class) - rank(b.class) ||
      prob(b.pRegression) - prob(a.pRegression) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * P(regression) as a whole percentage. Never rounds a non-zero probability to "0%" or a
 * non-certain one to "100%": a reader takes those as certainty the model does not have.
 */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '?';
  if (p <= 0) return '0%';
  if (p >= 1) return '100%';
  if (p < 0.005) return '<1%';
  if (p > 0.995) return '>99%';
  return `${Math.round(p * 100)}%`;
}

/** Thousands separators, fixed to en-US so output does not depend on the machine's locale. */
export const formatInt = (n: number) => n.toLocaleString('en-US');

/** "1 report", "2 reports", "1,000 history runs". */
export const countOf = (n: number, one: string, many = `${one}s`) =>
  `${formatInt(n)} ${n === 1 ? one : many}`;

/** How many failures of each class, in CLASS_ORDER, only the classes present. */
export function classTallies(failures: readonly FailureVerdict[]): [FailureClass, number][] {
  const counts = new Map<FailureClass, number>();
  for (const f of failures) counts.set(f.class, (counts.get(f.class) ?? 0) + 1);
  const known = CLASS_ORDER.filter((c) => counts.has(c));
  const unknown = [...counts.keys()].filter((c) => !RANK.has(c)).sort();
  return [...known, ...unknown].map((c) => [c, counts.get(c) ?? 0]);
}

/**
 * "1 regression", "2 regressions", "3 flaky", "1 inconclusive": the class in words for a counts
 * line. Only "regression" is a noun; the other classes are adjectives and take no plural.
 */
export function classWords(c: FailureClass, n: number): string {
  const word = c === 'REGRESSION' && n !== 1 ? 'regressions' : c.toLowerCase();
  return `${formatInt(n)} ${word}`;
}

const passes = (label: string, x: PassFail) =>
  x.passed + x.failed > 0 ? [`${label} ${x.passed}/${x.passed + x.failed} pass`] : [];

/** E.g. "isolated 0/5 pass · history 2 flakes/50 · changed": the evidence in a few words. */
export function evidenceWords(e: Evidence, newTest?: boolean): string {
  const parts = [
    ...passes('same commit', e.sameCommit),
    ...passes('isolated', e.isolated),
    ...passes('in-suite', e.inSuite),
  ];
  // Said outright: "no reruns" is why a failure is INCONCLUSIVE more often than anything else.
  if (e.isolated.passed + e.isolated.failed + e.inSuite.passed + e.inSuite.failed === 0) {
    parts.push('no reruns');
  }
  const h = e.history;
  if (newTest) parts.push('new test');
  else if (h.runs === 0) parts.push('no history');
  else {
    const fails = h.failed > 0 ? `${h.failed} fails, ` : '';
    parts.push(`history ${fails}${h.flakeEvents} flakes/${h.runs}`);
  }
  parts.push(e.changed === null ? 'change unknown' : e.changed ? 'changed' : 'untouched');
  return parts.join(' · ');
}
