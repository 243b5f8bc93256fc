/** Plain-text rendering: Markdown tables for the metrics, the confusion matrix and calibration. */
import { RISK_LEVELS } from '../../src/model/verdict.ts';
import type { CaseRecord, Goal, Metrics } from './score.ts';
import { calibration, confusion } from './score.ts';

/** Markdown table; every column but the first is right-aligned. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${widths.map((w, i) => (i === 0 ? (cells[i] ?? '').padEnd(w) : (cells[i] ?? '').padStart(w))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export const fmt = (x: number, digits = 3): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(digits));
const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export function metricsTable(
  rows: readonly { name: string; m: Metrics; inconclusive: boolean }[],
): string {
  return markdownTable(
    [
      'method',
      'regression recall',
      'false-HIGH',
      'risk accuracy',
      'regression -> NONE/LOW',
      'Brier',
      'INCONCLUSIVE',
      'errors',
    ],
    rows.map(({ name, m, inconclusive }) => [
      name,
      fmt(m.recall),
      fmt(m.falseHigh),
      fmt(m.accuracy),
      `${m.regressionLow} (${pct(m.regressionLowShare)})`,
      fmt(m.brier, 4),
      inconclusive ? pct(m.inconclusive) : '-',
      String(m.errors),
    ]),
  );
}

export function goalLines(method: string, goals: readonly Goal[]): string {
  return goals
    .map((g) => `${g.pass ? 'PASS' : 'FAIL'}  ${method}: ${g.name} (${g.value})`)
    .join('\n');
}

export function confusionTable(records: readonly CaseRecord[], method: string): string {
  const c = confusion(records, method);
  return markdownTable(
    ['true \\ graded', ...RISK_LEVELS],
    RISK_LEVELS.map((t) => [t, ...RISK_LEVELS.map((g) => String(c[t][g]))]),
  );
}

export function calibrationTable(records: readonly CaseRecord[], method: string): string {
  return markdownTable(
    ['pRegression', 'failures', 'mean p', 'observed regression rate'],
    calibration(records, method)
      .filter((b) => b.n > 0)
      .map((b) => [
        `${b.lo.toFixed(1)}-${b.hi.toFixed(1)}`,
        String(b.n),
        fmt(b.meanP),
        fmt(b.observed),
      ]),
  );
}
