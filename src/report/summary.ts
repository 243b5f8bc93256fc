/**
 * The Markdown summary (`--summary FILE`, the job summary, the check run's output summary).
 *
 * Read top-down in ten seconds: risk and why in one heading line, a counts line, a table of the
 * failures, then per failure a collapsed ledger, then shared causes, then what the verdict rests
 * on. Everything that a test wrote (names, messages, files, owners) goes through escape.ts for
 * its sink: mdText for Markdown text, mdCodeInTable/mdCode for code spans, htmlText inside HTML.
 * Our own enums and labels are escaped too: the verdict may have been read back from JSON, and
 * one rule ("escape everything that is not a literal here") is easier to check than a list.
 *
 * Size: GitHub rejects a check-run summary over 65,535 characters (UTF-16 code units, which is
 * what `.length` counts). Every piece is bounded before it is escaped (raw text is cut, never
 * escaped text, see escape.ts), and the whole is built in priority order, stopping at the first
 * part that would not fit, with a note saying what was left out.
 */
import type { Cause, FailureVerdict, LedgerEntry, Risk, Verdict } from '../model/verdict.ts';
import { htmlText, mdCode, mdCodeInTable, mdText, truncate } from './escape.ts';
import {
  classTallies,
  classWords,
  countOf,
  evidenceWords,
  formatInt,
  formatPercent,
  sortFailures,
} from './words.ts';

export const SUMMARY_MAX_CHARS = 65_535;

export interface SummaryOptions {
  /** Upper bound on the result's length in UTF-16 code units (default 65,535). */
  maxChars?: number;
  /** Shown in the heading instead of "flakegate" (e.g. the check name). */
  title?: string;
}

// Bounds on raw text, applied before escaping. Escaping can grow text (an invisible character
// becomes `&lt;U\+202E&gt;`, 14 characters), so these keep any one part far below the budget.
const NAME_MAX = 150;
const PATH_MAX = 200;
const REASON_MAX = 300;
const NEXT_MAX = 160;
const MESSAGE_MAX = 500;
const LEDGER_TEXT_MAX = 200;
const LIST_MAX = 10;
const MORE_REASONS_MAX = 3;
const CAUSES_MAX = 10;
const STRIP_MAX = 30;
const LEDGER_MAX = 30;

/**
 * Share of the room left after the fixed parts that the table may take before causes and
 * details get their turn. Without it 10,000 failures would fill the budget with rows and no
 * failure would be explained; rows left over are added after the details if room remains.
 */
const ROW_SHARE = 0.5;

/** Room kept for the "… not shown" note; its only variable parts are three numbers. */
const NOTE_RESERVE = 240;

/** Blocks are joined by a blank line. */
const SEP = '\n\n';

/** Cut raw text with a short marker: in a table cell "… (truncated)" would cost a column. */
const cut = (s: string, max: number) => truncate(s, max, '…');

const RISK_ICON: Record<Risk, string> = { HIGH: '🔴', MEDIUM: '🟠', LOW: '🟡', NONE: '🟢' };

const STRIP_ICON: Record<string, string> = { P: '✅', F: '❌', f: '🔁', S: '➖', '.': '⬜' };
const STRIP_LEGEND =
  'History strips, oldest to newest: ✅ passed · ❌ failed · 🔁 failed then passed in one run · ' +
  '➖ skipped · ⬜ not run';

export function renderSummary(v: Verdict, opts: SummaryOptions = {}): string {
  const maxChars = opts.maxChars ?? SUMMARY_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 0) {
    throw new RangeError(`maxChars must be a whole number >= 0, got ${String(maxChars)}`);
  }
  const failures = sortFailures(v.failures);
  const head = [heading(v, opts.title ?? 'flakegate'), countsLine(v), ...moreReasons(v)];
  const basis = basisBlock(v);
  const causes = causesBlock(v);

  // Running cost of what is kept: each block plus its separator (over-counts one separator).
  let used = NOTE_RESERVE + 1;
  for (const b of [...head, basis]) used += b.length + SEP.length;

  // 1. Table rows, up to their share.
  const rows: string[] = [];
  const tableCost = TABLE_HEAD.length + SEP.length;
  const rowCap = used + tableCost + Math.floor((maxChars - used - tableCost) * ROW_SHARE);
  const addRows = (cap: number) => {
    while (rows.length < failures.length) {
      const r = tableRow(failures[rows.length] as FailureVerdict);
      const cost = r.length + 1 + (rows.length === 0 ? tableCost : 0);
      if (used + cost > cap) return;
      rows.push(r);
      used += cost;
    }
  };
  addRows(rowCap);

  // 2. Shared causes: one line can explain hundreds of failures.
  const keepCauses = causes !== '' && used + causes.length + SEP.length <= maxChars;
  if (keepCauses) used += causes.length + SEP.length;

  // 3. A collapsed ledger for each failure in the table, in table order.
  const details: string[] = [];
  const legendCost = failures.some((f) => f.historyStrip) ? STRIP_LEGEND.length + SEP.length : 0;
  for (const f of failures.slice(0, rows.length)) {
    const d = detailsBlock(f);
    const cost = d.length + SEP.length + (details.length === 0 ? legendCost : 0);
    if (used + cost > maxChars) break;
    details.push(d);
    used += cost;
  }

  // 4. Whatever room is left goes to more rows (without details).
  addRows(maxChars);

  const note = omissionNote(
    failures.length - rows.length,
    rows.length - details.length,
    causes !== '' && !keepCauses,
    maxChars,
  );
  const blocks = [...head];
  if (rows.length > 0) blocks.push(`${TABLE_HEAD}\n${rows.join('\n')}`);
  if (note) blocks.push(note);
  if (details.length > 0 && legendCost > 0) blocks.push(STRIP_LEGEND);
  blocks.push(...details);
  if (keepCauses) blocks.push(causes);
  blocks.push(basis);

  const out = blocks.join(SEP) + '\n';
  // Only a tiny maxChars (smaller than the heading, counts and basis) gets here: keep whole
  // lines so no escape, code span or tag is cut in two.
  return out.length <= maxChars ? out : wholeLines(out, maxChars);
}

// ---------------------------------------------------------------------------------------------
// Head: the one line that matters, then the counts.
// ---------------------------------------------------------------------------------------------

function heading(v: Verdict, title: string): string {
  const why = v.reasons[0] ?? (v.failures.length === 0 ? 'no failing tests' : '');
  const icon = RISK_ICON[v.risk] ?? '⚪';
  // A reason of only spaces (a blank test name) would leave a dangling dash.
  const because = why.trim() === '' ? '' : ` — ${mdText(cut(why, REASON_MAX))}`;
  return `## ${icon} ${mdText(cut(title, 100))}: ${mdText(v.risk)} risk${because}`;
}

function countsLine(v: Verdict): string {
  const failed = v.counts.failed;
  const lead = failed === 0 ? '**No test failed**' : `**${formatInt(failed)} failed**`;
  const classes = classTallies(v.failures).map(([c, n]) => mdText(classWords(c, n)));
  // 12 hex digits identify a commit to a reader; the full SHA is in the verdict JSON.
  const sha = v.headSha ? ` · head ${mdCode(truncate(v.headSha, 12, ''))}` : '';
  const tally = classes.length > 0 ? `: ${classes.join(' · ')}` : '';
  return `${lead} of ${formatInt(v.counts.tests)} tests${tally}${sha}`;
}

/** Reasons after the first, which the heading already gives. */
function moreReasons(v: Verdict): string[] {
  const rest = v.reasons.slice(1);
  if (rest.length === 0) return [];
  const items = rest.slice(0, MORE_REASONS_MAX).map((r) => `- ${mdText(cut(r, REASON_MAX))}`);
  if (rest.length > MORE_REASONS_MAX) {
    items.push(`- … ${formatInt(rest.length - MORE_REASONS_MAX)} more in the verdict JSON`);
  }
  return [items.join('\n')];
}

// ---------------------------------------------------------------------------------------------
// The failures table.
// ---------------------------------------------------------------------------------------------

const TABLE_HEAD =
  '| Test | Class | Category | P(regression) | Evidence | Next |\n' +
  '| --- | --- | --- | ---: | --- | --- |';

/** file:line when known, else the suite: where to look, next to the name. */
function where(f: FailureVerdict): string {
  if (f.file) return f.line ? `${f.file}:${f.line}` : f.file;
  return f.suite;
}

function tableRow(f: FailureVerdict): string {
  // A code span keeps the name literal (no emphasis, links or pings inside <code>).
  const name = f.name === '' ? '*(no name)*' : mdCodeInTable(cut(f.name, NAME_MAX));
  const loc = where(f);
  const test = loc === '' ? name : `${name} · ${mdText(cut(loc, PATH_MAX))}`;
  const cells = [
    test,
    mdText(f.class),
    mdText(f.category),
    formatPercent(f.pRegression),
    mdText(evidenceWords(f.evidence, f.newTest)),
    mdText(cut(f.next, NEXT_MAX)),
  ];
  return `| ${cells.join(' | ')} |`;
}

// ---------------------------------------------------------------------------------------------
// Per-failure details: ledger, history strip, matched runs, polluters, owners.
// ---------------------------------------------------------------------------------------------

function detailsBlock(f: FailureVerdict): string {
  // The summary line is HTML, so htmlText; the body (after a blank line) is Markdown again.
  const title = `${f.class} · ${formatPercent(f.pRegression)} · ${cut(f.name, NAME_MAX)}`;
  const body: string[] = [`**Test id:** ${mdCode(cut(f.id, PATH_MAX)) || '*(empty)*'}`];
  if (f.message) body.push(`**Message:** ${mdCode(cut(f.message, MESSAGE_MAX))}`);
  if (f.ledger.length > 0) body.push(ledgerTable(f.ledger));
  const strip = historyLine(f);
  if (strip) body.push(strip);
  if (f.matchedRuns && f.matchedRuns.length > 0) {
    body.push(
      `**Same failure seen before** in ${countOf(f.matchedRuns.length, 'history run')}: ` +
        listOf(f.matchedRuns, (r) => mdCode(cut(r, 60))),
    );
  }
  if (f.polluters && f.polluters.length > 0) {
    body.push('**Fails when run after:** ' + listOf(f.polluters, (p) => mdCode(cut(p, NAME_MAX))));
  }
  // Owners are shown, never pinged: mdText breaks the @ of a team or user name.
  const owners =
    f.owners && f.owners.length > 0 ? listOf(f.owners, (o) => mdText(cut(o, 100))) : 'unowned';
  body.push(`**Owners:** ${owners}`);
  return `<details><summary>${htmlText(title)}</summary>${SEP}${body.join(SEP)}${SEP}</details>`;
}

/** Up to LIST_MAX items, then how many more. */
function listOf(items: readonly string[], show: (s: string) => string): string {
  const shown = items.slice(0, LIST_MAX).map(show).join(', ');
  return items.length > LIST_MAX ? `${shown} (+${formatInt(items.length - LIST_MAX)} more)` : shown;
}

const LEDGER_HEAD =
  '| Factor | Value | Effect (log-odds, ×LR) | Rule |\n| --- | --- | ---: | --- |';

function ledgerTable(ledger: readonly LedgerEntry[]): string {
  const rows = ledger.slice(0, LEDGER_MAX).map((e) => {
    const value = e.value === null ? '—' : mdText(cut(String(e.value), LEDGER_TEXT_MAX));
    const cells = [
      mdText(cut(e.factor, LEDGER_TEXT_MAX)),
      value,
      effect(e.effect),
      mdText(cut(e.rule, LEDGER_TEXT_MAX)),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const more = ledger.length - LEDGER_MAX;
  const tail = more > 0 ? `${SEP}… ${countOf(more, 'more factor')} in the verdict JSON` : '';
  return `${LEDGER_HEAD}\n${rows.join('\n')}${tail}`;
}

/** "+1.10 (×3.0)", "−3.91 (×0.02)"; "—" for a factor that only explains. */
export function effect(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+∞' : x < 0 ? '−∞' : '?';
  if (x === 0) return '—';
  // U+2212 MINUS: the same width as "+", and a cell starting with "-" reads as a dash.
  const sign = x > 0 ? '+' : '−';
  return `${sign}${Math.abs(x).toFixed(2)} (×${likelihoodRatio(Math.exp(x))})`;
}

function likelihoodRatio(lr: number): string {
  if (!Number.isFinite(lr)) return '∞';
  if (lr >= 100) return formatInt(Math.round(lr));
  if (lr >= 10) return lr.toFixed(0);
  if (lr >= 1) return lr.toFixed(1);
  // Two significant digits without trailing zeros or exponent noise: 0.37, 0.02, 0.001.
  return lr < 0.001 ? '<0.001' : String(Number(lr.toPrecision(2)));
}

/** The last STRIP_MAX history outcomes as icons; unknown codes show as "?", not as raw text. */
export function historyStrip(strip: string): string {
  const codes = [...strip];
  const shown = codes.slice(-STRIP_MAX).map((c) => STRIP_ICON[c] ?? '?');
  return (codes.length > STRIP_MAX ? '…' : '') + shown.join('');
}

function historyLine(f: FailureVerdict): string {
  const extra: string[] = [];
  if (f.firstSeen) extra.push(`first seen ${mdText(cut(f.firstSeen, 40))}`);
  if (f.decayedFlipRate !== undefined && Number.isFinite(f.decayedFlipRate)) {
    extra.push(`decayed flip rate ${f.decayedFlipRate.toFixed(2)}`);
  }
  if (!f.historyStrip) return extra.length > 0 ? `**History:** ${extra.join(' · ')}` : '';
  const n = [...f.historyStrip].length;
  const span = n > STRIP_MAX ? `last ${STRIP_MAX} of ${formatInt(n)} runs` : `${formatInt(n)} runs`;
  return [`**History** (${span}): ${historyStrip(f.historyStrip)}`, ...extra].join(' · ');
}

// ---------------------------------------------------------------------------------------------
// Causes shared by several failures, and what the verdict rests on.
// ---------------------------------------------------------------------------------------------

/** The verdict's causes, or failures grouped by their `cause` key when it has none. */
function sharedCauses(v: Verdict): Cause[] {
  let causes = v.causes;
  if (!causes) {
    const byKey = new Map<string, Cause>();
    for (const f of v.failures) {
      if (!f.cause) continue;
      const c = byKey.get(f.cause);
      if (c) c.tests.push(f.name);
      else {
        const signature = f.signature ?? f.cause;
        byKey.set(f.cause, { key: f.cause, signature, category: f.category, tests: [f.name] });
      }
    }
    causes = [...byKey.values()];
  }
  return causes
    .filter((c) => c.tests.length > 1)
    .sort(
      (a, b) => b.tests.length - a.tests.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}

function causesBlock(v: Verdict): string {
  const causes = sharedCauses(v);
  if (causes.length === 0) return '';
  const rows = causes.slice(0, CAUSES_MAX).map((c) => {
    const tests = c.tests.slice(0, 3).map((t) => mdCodeInTable(cut(t, 80)));
    if (c.tests.length > 3) tests.push(`+${formatInt(c.tests.length - 3)} more`);
    const signature = mdCodeInTable(cut(c.signature, LEDGER_TEXT_MAX)) || '*(empty)*';
    return `| ${formatInt(c.tests.length)} | ${mdText(c.category)} | ${signature} | ${tests.join(', ')} |`;
  });
  const more =
    causes.length > CAUSES_MAX
      ? `${SEP}… ${formatInt(causes.length - CAUSES_MAX)} more shared causes in the verdict JSON`
      : '';
  return (
    '### Causes shared by several failures\n\n' +
    '| Failures | Category | Signature | Tests |\n| ---: | --- | --- | --- |\n' +
    rows.join('\n') +
    more
  );
}

function basisBlock(v: Verdict): string {
  const items: string[] = [];
  items.push(`- ${countOf(v.inputs.reports.length, 'report')} read`);
  const h = v.inputs.history;
  if (!h || h.runs === 0) {
    items.push('- no history: failures are judged on this run and its reruns alone');
  } else {
    const bad = h.unreadable > 0 ? ` (${countOf(h.unreadable, 'report')} unreadable)` : '';
    items.push(`- history: ${countOf(h.runs, 'base-branch run')}${bad}`);
  }
  const unreadable = v.inputs.unreadable;
  if (unreadable.length > 0) {
    items.push(
      `- **${countOf(unreadable.length, 'unreadable report')}** (the failures they touch are INCONCLUSIVE):`,
      ...subList(
        unreadable,
        (u) => `${mdCode(cut(u.file, PATH_MAX))}: ${mdText(cut(u.error, LEDGER_TEXT_MAX))}`,
      ),
    );
  }
  const lost = v.inputs.lostReruns ?? [];
  if (lost.length > 0) {
    items.push(
      `- **${countOf(lost.length, 'planned rerun')} never arrived**:`,
      ...subList(
        lost,
        (l) =>
          `${mdCode(cut(l.testId, NAME_MAX))} (shard ${mdCode(cut(l.shard, 60))}): ${mdText(cut(l.reason, LEDGER_TEXT_MAX))}`,
      ),
    );
  }
  return `### What this verdict rests on\n\n${items.join('\n')}`;
}

function subList<T>(items: readonly T[], show: (x: T) => string): string[] {
  const lines = items.slice(0, LIST_MAX).map((x) => `  - ${show(x) || '*(empty)*'}`);
  if (items.length > LIST_MAX) lines.push(`  - … ${formatInt(items.length - LIST_MAX)} more`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Budget helpers.
// ---------------------------------------------------------------------------------------------

function omissionNote(rows: number, details: number, causes: boolean, maxChars: number): string {
  const parts: string[] = [];
  if (rows > 0) parts.push(`${countOf(rows, 'more failure')} not shown`);
  if (details > 0) parts.push(`no details for ${formatInt(details)} of the failures above`);
  if (causes) parts.push('shared causes left out');
  if (parts.length === 0) return '';
  return `*… ${parts.join('; ')}, to stay within ${formatInt(maxChars)} characters (see the verdict JSON).*`;
}

/** The longest run of whole lines that fits (the rest is dropped, never cut mid-line). */
function wholeLines(s: string, maxChars: number): string {
  let end = 0;
  for (;;) {
    const nl = s.indexOf('\n', end);
    if (nl < 0 || nl + 1 > maxChars) return s.slice(0, end);
    end = nl + 1;
  }
}
