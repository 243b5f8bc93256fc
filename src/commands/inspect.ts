/** `flakegate inspect`: per-file dialect and element counts, for checking the parser. */
import type { ParsedReport } from '../model/index.ts';
import { expandReportPaths, readReports, type LoadOptions } from '../ingest/load.ts';
import type { InspectRow as InspectLine } from '../report/inspect-text.ts';
import type { ProgressFn } from './assess-inputs.ts';

export type { InspectLine };

export function inspectLine(r: ParsedReport): InspectLine {
  const line: InspectLine = { file: r.file, dialect: r.dialect ?? null, ...r.counts };
  if (r.error) {
    const pos =
      r.error.line !== undefined ? ` (line ${r.error.line}, column ${r.error.column ?? 0})` : '';
    line.error = `${r.error.message}${pos}`;
  }
  return line;
}

export interface InspectResult {
  lines: InspectLine[];
  missing: string[];
}

/** Reads the files and returns one line per file, in the order the inputs name them. */
export async function inspect(
  inputs: string[],
  options: LoadOptions = {},
  progress?: ProgressFn,
): Promise<InspectResult> {
  const { files, missing } = await expandReportPaths(inputs);
  const byFile = new Map<string, InspectLine>();
  if (files.length > 0) progress?.(0, files.length, 'reading reports');
  for await (const r of readReports(files, options)) {
    byFile.set(r.file, inspectLine(r));
    progress?.(byFile.size, files.length, 'reading reports');
  }
  return { lines: files.map((f) => byFile.get(f)!), missing };
}
