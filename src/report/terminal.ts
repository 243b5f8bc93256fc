/**
 * The short human summary on stdout: risk line, counts, the most alarming failures one a line.
 * In the Actions log every stdout line is also scanned for workflow commands, so every string a
 * test wrote goes through terminalText (no controls, no `::cmd::`, no `##[`), and our own text
 * never starts a line with `::` nor ends right before a name with `#`.
 */
import type { FailureClass, Risk, Verdict } from '../model/verdict.ts';
import { terminalText, truncate } from './escape.ts';
import {
  classTallies,
  classWords,
  countOf,
  formatInt,
  formatPercent,
  sortFailures,
} from './words.ts';

export interface TerminalOptions {
  /** ANSI colours; the CLI turns them on for a TTY without NO_COLOR. */
  color?: boolean;
  /** Columns to fit a line into (default 100); long names are cut with "…". */
  width?: number;
}

/** Enough to see what matters; the rest is in the Markdown summary and the verdict JSON. */
export const TERMINAL_FAILURES_SHOWN = 10;

const RISK_COLOR: Record<Risk, string> = { HIGH: '1;31', MEDIUM: '1;33', LOW: '36', NONE: '32' };
const CLASS_COLOR: Record<FailureClass, string> = {
  REGRESSION: '31',
  INCONCLUSIVE: '33',
  'BROKEN-BEFORE': '35',
  'ORDER-DEPENDENT': '35',
  'FLAKY-LIKELY': '2',
  FLAKY: '2',
};

/** The longest class name, "ORDER-DEPENDENT", so the percentages line up. */
const CLASS_WIDTH = 15;
const MIN_WIDTH = 40;

export function renderTerminal(v: Verdict, opts: TerminalOptions = {}): string {
  const paint = (code: string | undefined, s: string) =>
    opts.color === true && code ? `\x1b[${code}m${s}\x1b[0m` : s;
  const width = Math.max(MIN_WIDTH, Math.floor(opts.width ?? 100));
  // Cut the visible text (after terminalText): cutting only drops a suffix, which cannot create
  // a `##[` or a leading `::` that was not there.
  const fit = (s: string, room: number) => truncate(s, Math.max(room, 1), '…');

  const lines: string[] = [];
  const reason = v.reasons[0] ?? (v.failures.length === 0 ? 'no failing tests' : '');
  // Our enums go through terminalText too: the verdict may have been read back from JSON.
  const lead = `flakegate: ${terminalText(v.risk)} risk`;
  const why = reason === '' ? '' : ` — ${fit(terminalText(reason), width - lead.length - 3)}`;
  lines.push(paint(RISK_COLOR[v.risk], lead) + why);

  const tally = classTallies(v.failures).map(([c, n]) => classWords(c, n));
  lines.push(
    `${formatInt(v.counts.failed)} failed of ${formatInt(v.counts.tests)} tests` +
      (tally.length > 0 ? `: ${tally.join(', ')}` : ''),
  );

  const failures = sortFailures(v.failures);
  for (const f of failures.slice(0, TERMINAL_FAILURES_SHOWN)) {
    const cls = terminalText(f.class).padEnd(CLASS_WIDTH);
    const prefix = `  ${cls} ${formatPercent(f.pRegression).padStart(4)}  `;
    const loc = f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : '';
    const text = fit(terminalText(f.name + loc), width - prefix.length);
    lines.push(paint(CLASS_COLOR[f.class], prefix) + text);
  }
  if (failures.length > TERMINAL_FAILURES_SHOWN) {
    const more = formatInt(failures.length - TERMINAL_FAILURES_SHOWN);
    lines.push(`  … ${more} more (see the Markdown summary or the verdict JSON)`);
  }

  const gaps: string[] = [];
  const unreadable = v.inputs.unreadable.length;
  if (unreadable > 0) gaps.push(`${countOf(unreadable, 'report')} unreadable`);
  const lost = v.inputs.lostReruns?.length ?? 0;
  if (lost > 0) gaps.push(`${countOf(lost, 'rerun')} lost`);
  const history = v.inputs.history?.runs ?? 0;
  gaps.push(history > 0 ? `history of ${countOf(history, 'run')}` : 'no history');
  lines.push(`Based on: ${gaps.join(', ')}`);
  return lines.join('\n') + '\n';
}
