/**
 * What the verdict engine is given. The edges (CLI, action) build this from
 * files and GitHub; the simulator of `npm run eval` builds it directly. The
 * engine itself never reads a file.
 */
import type { Attempt, ParsedReport, TestRecord } from './report.ts';

/** One run of the workflow, or one attempt of it (a job re-run is a new attempt of the same run). */
export interface RunInfo {
  runId: string;
  attempt: number;
  sha?: string;
  branch?: string;
  /** ISO 8601. */
  createdAt?: string;
  event?: string;
}

/** The run being assessed: one or several attempts, each with its reports. */
export interface HeadRun {
  sha?: string;
  attempts: { run: RunInfo; reports: ParsedReport[] }[];
}

export type RerunMode = 'isolated' | 'in-suite';

/** One rerun of one test (flakegate-rerun.json beside its report). */
export interface RerunAttempt {
  testId: string;
  mode: RerunMode;
  attempt: number;
  outcome: Attempt['outcome'];
  failure?: Attempt['failure'];
  durationMs?: number;
  /** The commit the rerun ran on, when not the head (e.g. the merge base, for --also-on). */
  commit?: string;
  /** For in-suite reruns: the preceding tests that make it fail, when found. */
  polluters?: string[];
}

/** Tests that were planned for rerun but whose results never arrived (a lost shard). */
export interface LostRerun {
  testId: string;
  shard: string;
  reason: string;
}

/** Compact per-test history, folded from history reports run by run. */
export interface TestHistory {
  /**
   * One code per history run (same order as HistoryIndex.runs): 0 absent,
   * 1 passed, 2 failed, 3 skipped, 4 failed and passed within that run (retries).
   */
  outcomes: Uint8Array;
  /** Failure signature key -> history run indices where this test failed with it. */
  signatures: Map<string, number[]>;
  /** The test's source file, as its newest report gave it. */
  file?: string;
}

export const OUTCOME_ABSENT = 0;
export const OUTCOME_PASSED = 1;
export const OUTCOME_FAILED = 2;
export const OUTCOME_SKIPPED = 3;
export const OUTCOME_FLAKY = 4;

export interface HistoryIndex {
  /** Oldest first; one entry per (runId, attempt). */
  runs: RunInfo[];
  tests: Map<string, TestHistory>;
  /** Every failure signature seen in history: key -> runs and how many tests. */
  signatures: Map<string, { text: string; runs: number[]; tests: number }>;
  /** Reports of history runs that could not be read. */
  unreadable: { file: string; error: string; runIndex: number }[];
}

export interface OwnerRule {
  /** CODEOWNERS pattern. */
  pattern: string;
  owners: string[];
}

export interface AssessInput {
  head: HeadRun;
  history?: HistoryIndex;
  reruns?: RerunAttempt[];
  lostReruns?: LostRerun[];
  /** Changed paths (repo-relative); null or absent means unknown, never "nothing changed". */
  changed?: string[] | null;
  /**
   * Repository files each test file depends on (import graph), when the edge
   * could read them: test file -> files it imports, transitively.
   */
  dependencies?: Map<string, string[]>;
  codeowners?: OwnerRule[];
  /** Files given as head reports that could not be read (also present as ParsedReport.error). */
  unreadable?: { file: string; error: string }[];
}

export type { Attempt, ParsedReport, TestRecord };
