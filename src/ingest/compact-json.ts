/**
 * Compact reports as JSON, for the `flakegate-history` artifact: one file
 * per history run, read back without any XML. Outcomes travel as a string of
 * digits (the codes are single digits), which zips to almost nothing.
 */
import type { CompactReport } from '../model/index.ts';

export const COMPACT_FILE = 'flakegate-compact.json';

export function compactToJson(reports: CompactReport[]): string {
  return JSON.stringify({
    version: 1,
    reports: reports.map((r) => ({ ...r, outcomes: Array.from(r.outcomes).join('') })),
  });
}

/** Parses and checks a compact history file; throws an Error saying what is wrong. */
export function compactFromJson(text: string): CompactReport[] {
  const o = JSON.parse(text) as { version?: unknown; reports?: unknown };
  if (o?.version !== 1 || !Array.isArray(o.reports))
    throw new Error('not a version 1 compact history file');
  return o.reports.map((raw, i) => {
    const r = raw as Record<string, unknown>;
    const ids = r.ids;
    const outcomes = r.outcomes;
    if (
      typeof r.file !== 'string' ||
      !Array.isArray(ids) ||
      !ids.every((x) => typeof x === 'string') ||
      typeof outcomes !== 'string' ||
      !/^[0-3]*$/.test(outcomes) ||
      outcomes.length !== ids.length ||
      !Array.isArray(r.failures) ||
      !Array.isArray(r.files) ||
      typeof r.counts !== 'object' ||
      r.counts === null
    )
      throw new Error(`report ${i}: malformed compact report`);
    const failures = (r.failures as unknown[]).filter(
      (f): f is CompactReport['failures'][number] => {
        const x = f as {
          index?: unknown;
          failure?: { message?: unknown; type?: unknown; stack?: unknown };
        };
        return (
          Number.isInteger(x?.index) &&
          (x.index as number) >= 0 &&
          (x.index as number) < ids.length &&
          typeof x.failure?.message === 'string' &&
          typeof x.failure.type === 'string' &&
          typeof x.failure.stack === 'string'
        );
      },
    );
    const files = (r.files as unknown[]).filter(
      (f): f is [string, string] =>
        Array.isArray(f) && f.length === 2 && typeof f[0] === 'string' && typeof f[1] === 'string',
    );
    const c: CompactReport = {
      file: r.file,
      counts: r.counts as CompactReport['counts'],
      warnings: Array.isArray(r.warnings)
        ? (r.warnings as unknown[]).filter((w): w is string => typeof w === 'string')
        : [],
      ids: ids as string[],
      outcomes: Uint8Array.from(outcomes, (ch) => ch.charCodeAt(0) - 48),
      failures,
      files,
    };
    if (typeof r.dialect === 'string') c.dialect = r.dialect as CompactReport['dialect'];
    return c;
  });
}
