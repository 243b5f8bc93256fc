/**
 * `--quarantine FILE`: the tests to quarantine, one a line, for a test runner's exclude option.
 *
 *     # header comment lines (no tab in them)
 *     <test id>\t# <reason>; owner <owners or "unowned">
 *
 * The id is the first tab-separated field, so `grep -v '^#' FILE | cut -f1` is a bare list; a
 * runner that reads exclude files with `#` comments (Surefire's excludesFile, many ignore-file
 * readers) can take `cut -f1 FILE` as is, since the header lines have no tab and stay comments.
 */
import type { FailureVerdict, Verdict } from '../model/verdict.ts';
import { showInvisible } from './escape.ts';
import { evidenceWords, formatPercent } from './words.ts';

/**
 * The rule: the model called it noise (FLAKY or FLAKY-LIKELY) AND its next action says
 * quarantine. Both, because `next` is free text meant for people while the class is the model's
 * judgement: a REGRESSION must never be excluded, whatever its `next` says.
 */
export function shouldQuarantine(f: FailureVerdict): boolean {
  return (
    (f.class === 'FLAKY' || f.class === 'FLAKY-LIKELY') && /^quarantine\b/i.test(f.next.trimStart())
  );
}

const HEADER = [
  '# flakegate quarantine list: failing tests judged flaky whose next action is quarantine.',
  '# One test a line: <test id><TAB># <reason>; owner <owners>. Lines starting with # are comments.',
  "# Bare ids for a runner's exclude option: grep -v '^#' FILE | cut -f1",
  '# Control and invisible characters in ids are shown as symbols (newline ␊, tab ␉, <U+XXXX>),',
  '# and an id that starts with # is written \\#: check such tests by hand.',
];

/**
 * One line per id, whatever the id holds: newline and tab become visible symbols, which keeps
 * one test on one line and the id in the first field. Such an id no longer matches the test
 * byte for byte, which is the lesser harm: a raw newline would split it into two bogus ids.
 */
function field(s: string): string {
  return showInvisible(s);
}

function reason(f: FailureVerdict): string {
  return `${f.class}, P(regression) ${formatPercent(f.pRegression)}, ${f.category}: ${evidenceWords(f.evidence, f.newTest)}`;
}

export function renderQuarantine(v: Verdict): string {
  const lines = new Map<string, string>();
  for (const f of v.failures) {
    // An empty pattern in an exclude list can match every test: never write one.
    if (!shouldQuarantine(f) || f.id === '' || lines.has(f.id)) continue;
    const id = field(f.id).replace(/^#/, '\\#');
    const owners = f.owners && f.owners.length > 0 ? f.owners.map(field).join(', ') : 'unowned';
    lines.set(f.id, `${id}\t# ${field(reason(f))}; owner ${owners}`);
  }
  // Sorted by the raw id in code-unit order: stable across machines and locales, so the file
  // diffs cleanly from one run to the next.
  const body = [...lines.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, line]) => line);
  return [...HEADER, ...body].join('\n') + '\n';
}
