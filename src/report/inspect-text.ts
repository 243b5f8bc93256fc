/** Terminal table for `flakegate inspect`. */
import { terminalText } from './escape.ts';

export interface InspectRow {
  file: string;
  dialect: string | null;
  testcases: number;
  failed: number;
  skipped: number;
  passed: number;
  retryAttempts: number;
  error?: string;
}

export function formatInspect(rows: InspectRow[]): string {
  const head = ['dialect', 'tests', 'failed', 'skipped', 'passed', 'retries', 'file'];
  const body = rows.map((r) => [
    r.dialect ?? '-',
    String(r.testcases),
    String(r.failed),
    String(r.skipped),
    String(r.passed),
    String(r.retryAttempts),
    terminalText(r.file) + (r.error ? `  ERROR: ${terminalText(r.error)}` : ''),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((b) => (i < 6 ? b[i]!.length : 0))),
  );
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 6 ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  const total = rows.reduce(
    (t, r) => ({
      testcases: t.testcases + r.testcases,
      failed: t.failed + r.failed,
      errors: t.errors + (r.error ? 1 : 0),
    }),
    { testcases: 0, failed: 0, errors: 0 },
  );
  const summary = `${rows.length} file(s), ${total.testcases} testcases, ${total.failed} failed, ${total.errors} unreadable`;
  return [fmt(head), ...body.map(fmt), summary].join('\n') + '\n';
}
