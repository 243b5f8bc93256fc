/**
 * The compact form of a report that history needs (built in src/ingest/compact.ts).
 */
import type { FailureDetail, ParsedReport } from './report.ts';

export const CODE_PASSED = 1;
export const CODE_FAILED = 2;
export const CODE_SKIPPED = 3;

export interface CompactReport {
  file: string;
  dialect?: ParsedReport['dialect'];
  counts: ParsedReport['counts'];
  error?: ParsedReport['error'];
  warnings: string[];
  /** Test id of each attempt, in report order. */
  ids: string[];
  /** Outcome of each attempt: CODE_PASSED, CODE_FAILED (failed or error) or CODE_SKIPPED. */
  outcomes: Uint8Array;
  /** The failed attempts' details, by index into `ids`. */
  failures: { index: number; failure: FailureDetail }[];
  /** Test id -> source file, for the tests that name one. */
  files: [string, string][];
}
