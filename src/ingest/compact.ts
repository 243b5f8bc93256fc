/**
 * The compact form of a report for history: what folding a run into the
 * history needs (each attempt's test id and outcome, the failures' text, the
 * tests' files) and nothing else. Workers send full records (wire.ts); the
 * reading thread builds this form from them.
 */
import {
  CODE_FAILED,
  CODE_PASSED,
  CODE_SKIPPED,
  type CompactReport,
  type ParsedReport,
} from '../model/index.ts';

export type { CompactReport };

export function compactReport(r: ParsedReport): CompactReport {
  const n = r.attempts.length;
  const ids = new Array<string>(n);
  const outcomes = new Uint8Array(n);
  const failures: CompactReport['failures'] = [];
  r.attempts.forEach((a, i) => {
    ids[i] = a.testId;
    const failed = a.outcome === 'failed' || a.outcome === 'error';
    outcomes[i] = failed ? CODE_FAILED : a.outcome === 'skipped' ? CODE_SKIPPED : CODE_PASSED;
    if (failed && a.failure) failures.push({ index: i, failure: a.failure });
  });
  const files: [string, string][] = [];
  for (const t of r.tests) if (t.file) files.push([t.id, t.file]);
  return assembleCompact(r, { ids, outcomes, failures, files });
}

/** A compact report from a report's own fields and the per-attempt parts built for it. */
export function assembleCompact(
  r: Pick<ParsedReport, 'file' | 'dialect' | 'counts' | 'error' | 'warnings'>,
  parts: Pick<CompactReport, 'ids' | 'outcomes' | 'failures' | 'files'>,
): CompactReport {
  const c: CompactReport = { file: r.file, counts: r.counts, warnings: r.warnings, ...parts };
  if (r.dialect) c.dialect = r.dialect;
  if (r.error) c.error = r.error;
  return c;
}
