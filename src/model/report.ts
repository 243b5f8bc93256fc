/**
 * Normalized records read from one test report. The parser (src/ingest) builds
 * these; everything downstream reads only these, never XML.
 */

/** The tool family that wrote a report, detected from its content. */
export type Dialect =
  | 'surefire'
  | 'gradle'
  | 'pytest'
  | 'jest'
  | 'vitest'
  | 'mocha'
  | 'cypress'
  | 'go-junit-report'
  | 'gotestsum'
  | 'playwright'
  | 'rspec'
  | 'phpunit'
  | 'nextest'
  | 'bazel'
  | 'ctest'
  | 'dotnet'
  | 'catch2'
  | 'gtest'
  | 'testng'
  | 'xctest'
  | 'junit'; // generic JUnit/Ant-style: Jenkins, Ant, ScalaTest, ExUnit, minitest, ...

/** Formats that look like test reports but are not JUnit; named in errors. */
export type ForeignFormat = 'nunit' | 'xunit.net' | 'trx' | 'allure' | 'checkstyle' | 'unknown';

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

/** A test as a report names it. `id` is stable across runs, report files and dialects of one tool. */
export interface TestRecord {
  id: string;
  dialect: Dialect;
  /** Display name as the report gives it (describe chain included where the tool joins it). */
  name: string;
  /** classname, or the enclosing suite's name when there is no classname. */
  suite: string;
  /** Source file of the test, repository-relative with `/` separators, when known. */
  file?: string;
  line?: number;
  /** Parameters split off the name (pytest `[...]`, JUnit `[1]`), when present. */
  params?: string;
}

export interface FailureDetail {
  /** Bounded excerpt of the failure message. */
  message: string;
  /** Exception or failure type, e.g. `AssertionError`. */
  type: string;
  /** Bounded excerpt of the stack / element body. */
  stack: string;
}

/** One execution of a test with a recorded outcome. */
export interface Attempt {
  testId: string;
  outcome: Outcome;
  /** Milliseconds, when the report gives a time. */
  durationMs?: number;
  failure?: FailureDetail;
  /** Bounded tail excerpts of the captured output. */
  stdout?: string;
  stderr?: string;
  /**
   * 0 for the first execution of this test in the report, 1.. for retries
   * (Surefire flaky/rerun elements or a repeated testcase), in order.
   */
  retry: number;
}

/** Element-by-element counts, as interface.md defines them for `inspect`. */
export interface ReportCounts {
  testcases: number;
  failed: number;
  skipped: number;
  passed: number;
  retryAttempts: number;
}

export interface ParseError {
  file: string;
  message: string;
  line?: number;
  column?: number;
  /** When the file is in a known non-JUnit format. */
  format?: ForeignFormat;
}

export interface ParsedReport {
  file: string;
  /** Undefined when nothing JUnit-like was found. */
  dialect?: Dialect;
  tests: TestRecord[];
  attempts: Attempt[];
  counts: ReportCounts;
  /** Set when the file could not be read whole; tests/attempts then hold a partial read. */
  error?: ParseError;
  /** Non-fatal oddities (e.g. invalid UTF-8 replaced, message truncated). */
  warnings: string[];
}
