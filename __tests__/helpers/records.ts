/**
 * Shared by the exact-record tests: read a corpus file, the attempts of one
 * test and their outcomes. (A helper module, not a test file, so that
 * importing it does not run a test file's tests twice.)
 */
import { expect } from 'vitest';
import type { Attempt, ParsedReport } from '../../src/model/index.ts';
import { readReportFile, type ReadOptions } from '../../src/ingest/read.ts';
import { CORPUS } from './corpus.ts';

/** A corpus file that must read without error. */
export function read(file: string, options?: ReadOptions): ParsedReport {
  const r = readReportFile(CORPUS + file, options);
  expect(r.error, `${file} reads without error`).toBeUndefined();
  return r;
}

/** The attempts of one test, in order, without the repeated test id. */
export function attemptsOf(r: ParsedReport, id: string): Omit<Attempt, 'testId'>[] {
  expect(
    r.tests.some((t) => t.id === id),
    `${id} is a test of ${r.file}`,
  ).toBe(true);
  return r.attempts.filter((a) => a.testId === id).map(({ testId: _, ...a }) => a);
}

/** Attempts without their captured output (asserted on its own where it matters). */
export function noOutput(attempts: Omit<Attempt, 'testId'>[]): Omit<Attempt, 'testId'>[] {
  return attempts.map(({ stdout: _o, stderr: _e, ...a }) => a);
}

/** Outcomes with retry numbers, e.g. `failed#0 passed#1`. */
export function outcomes(r: ParsedReport, id: string): string {
  return attemptsOf(r, id)
    .map((a) => `${a.outcome}#${a.retry}`)
    .join(' ');
}

/** A text that starts with `head`. */
export const startsWith = (head: string) =>
  expect.stringMatching(new RegExp(`^${head.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
