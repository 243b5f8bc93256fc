/** Plain-text rendering of the bench results: a Markdown table plus target lines. */

export type TableRow =
  | { label: string; cells: string[] }
  /** A row that did not run: its label, then one free-text note instead of cells. */
  | { label: string; note: string };

/** Markdown table; numbers are right-aligned (every column but the first). */
export function renderTable(headers: readonly string[], rows: readonly TableRow[]): string {
  const widths = headers.map((h) => h.length);
  for (const row of rows) {
    widths[0] = Math.max(widths[0]!, row.label.length);
    if ('cells' in row)
      row.cells.forEach((c, i) => (widths[i + 1] = Math.max(widths[i + 1]!, c.length)));
  }
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  const body = rows.map((row) =>
    'cells' in row
      ? line([row.label, ...row.cells])
      : `| ${row.label.padEnd(widths[0]!)} | ${row.note} |`,
  );
  return [line(headers), rule, ...body].join('\n');
}

export const fmt = {
  int: (n: number): string => Math.round(n).toLocaleString('en-US'),
  mb: (bytes: number): string => (bytes / 1e6).toFixed(1),
  fixed: (n: number, digits: number): string => n.toFixed(digits),
};
