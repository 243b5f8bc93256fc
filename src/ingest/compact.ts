/**
 * The compact form of a report for history: what folding a run into the
 * history needs (each attempt's test id and outcome, the failures' text, the
 * tests' files) and nothing else, packed so a batch crosses threads as one
 * string and one byte array instead of thousands of small objects.
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
  const c: CompactReport = {
    file: r.file,
    counts: r.counts,
    warnings: r.warnings,
    ids,
    outcomes,
    failures,
    files,
  };
  if (r.dialect) c.dialect = r.dialect;
  if (r.error) c.error = r.error;
  return c;
}

/** A batch packed for postMessage: ids joined by NUL, which XML text cannot contain. */
export interface PackedBatch {
  meta: string;
  ids: string;
  outcomes: Uint8Array;
}

export function packBatch(batch: CompactReport[]): PackedBatch {
  const total = batch.reduce((s, c) => s + c.outcomes.length, 0);
  const outcomes = new Uint8Array(total);
  const ids: string[] = [];
  let at = 0;
  for (const c of batch) {
    outcomes.set(c.outcomes, at);
    at += c.outcomes.length;
    for (const id of c.ids) ids.push(id);
  }
  const meta = JSON.stringify(
    batch.map((c) => ({ ...c, ids: undefined, outcomes: undefined, n: c.outcomes.length })),
  );
  return { meta, ids: ids.join('\0'), outcomes };
}

export function unpackBatch(p: PackedBatch): CompactReport[] {
  const metas = JSON.parse(p.meta) as (Omit<CompactReport, 'ids' | 'outcomes'> & { n: number })[];
  const ids = p.ids === '' ? [] : p.ids.split('\0');
  let at = 0;
  return metas.map(({ n, ...m }) => {
    const c: CompactReport = {
      ...m,
      ids: ids.slice(at, at + n),
      outcomes: p.outcomes.subarray(at, at + n),
    };
    at += n;
    return c;
  });
}
