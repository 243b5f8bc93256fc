/**
 * ParsedReport objects as the ingest layer would build them from one shard's
 * JUnit file, without writing or parsing XML: the evaluation measures the
 * verdict engine, and the parser has its own corpus tests.
 */
import type { Attempt, ParsedReport, TestRecord } from '../../src/model/report.ts';
import type { Rng } from './prng.ts';

export function buildReport(file: string, tests: TestRecord[], attempts: Attempt[]): ParsedReport {
  let failed = 0;
  let skipped = 0;
  for (const a of attempts) {
    if (a.outcome === 'failed' || a.outcome === 'error') failed++;
    else if (a.outcome === 'skipped') skipped++;
  }
  return {
    file,
    dialect: 'vitest',
    tests,
    attempts,
    counts: {
      testcases: attempts.length,
      failed,
      skipped,
      passed: attempts.length - failed - skipped,
      retryAttempts: 0,
    },
    warnings: [],
  };
}

/**
 * The report as read when its file is damaged: usually truncated (the job was
 * killed while writing), so the first part is still read; sometimes not XML at
 * all. Returns the report and how many attempts survived.
 */
export function damageReport(
  report: ParsedReport,
  rng: Rng,
): { report: ParsedReport; kept: number } {
  if (rng.chance(0.25)) {
    return {
      report: {
        file: report.file,
        tests: [],
        attempts: [],
        counts: { testcases: 0, failed: 0, skipped: 0, passed: 0, retryAttempts: 0 },
        error: {
          file: report.file,
          message: 'Non-whitespace before first tag.',
          line: 1,
          column: 1,
        },
        warnings: [],
      },
      kept: 0,
    };
  }
  const kept = Math.floor(report.attempts.length * rng.uniform(0, 0.9));
  const attempts = report.attempts.slice(0, kept);
  const ids = new Set(attempts.map((a) => a.testId));
  const partial = buildReport(
    report.file,
    report.tests.filter((t) => ids.has(t.id)),
    attempts,
  );
  partial.error = {
    file: report.file,
    message: 'Unexpected end of file: unclosed tag <testsuite>',
    line: 40 + kept * 3,
    column: 1,
  };
  return { report: partial, kept };
}

/** A failed attempt of a test. */
export function failed(
  testId: string,
  failure: Attempt['failure'],
  retry: number,
  durationMs: number,
): Attempt {
  return { testId, outcome: 'failed', durationMs, failure, retry };
}
