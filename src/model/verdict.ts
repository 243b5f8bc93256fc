/** The verdict JSON of interface.md (schemaVersion 1). */

export type Risk = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
export const RISK_LEVELS: readonly Risk[] = ['NONE', 'LOW', 'MEDIUM', 'HIGH'];

export type FailureClass =
  'FLAKY' | 'FLAKY-LIKELY' | 'ORDER-DEPENDENT' | 'BROKEN-BEFORE' | 'REGRESSION' | 'INCONCLUSIVE';

export type Category =
  | 'async-timeout'
  | 'concurrency'
  | 'order'
  | 'resource'
  | 'network'
  | 'rate-limit'
  | 'time'
  | 'randomness'
  | 'float'
  | 'unordered-collection'
  | 'io'
  | 'infrastructure'
  | 'assertion'
  | 'crash'
  | 'unknown';

export interface PassFail {
  passed: number;
  failed: number;
}

export interface Evidence {
  sameCommit: PassFail;
  isolated: PassFail;
  inSuite: PassFail;
  history: { runs: number; failed: number; flakeEvents: number; flipRate: number };
  /** true/false when the change set is known, null when it is not. */
  changed: boolean | null;
  /** Reruns on another commit (normally the merge base, `rerun --also-on`), when there were any. */
  base?: PassFail & { commit?: string };
}

export interface LedgerEntry {
  factor: string;
  value: string | number | boolean | null;
  /** Contribution to logit P(regression), in natural-log units (0 when it only explains). */
  effect: number;
  rule: string;
}

export interface FailureVerdict {
  id: string;
  name: string;
  suite: string;
  file?: string;
  line?: number;
  class: FailureClass;
  category: Category;
  pRegression: number;
  evidence: Evidence;
  ledger: LedgerEntry[];
  next: string;
  /** Extensions beyond interface.md's minimum (additive, optional). */
  /** First line of the failure message, bounded. */
  message?: string;
  /** Normalized failure signature text, and the key shared by failures of one cause. */
  signature?: string;
  cause?: string;
  /** The test's outcomes on the history branch, oldest first: P pass, F fail, f flaky, S skip, . absent. */
  historyStrip?: string;
  firstSeen?: string;
  decayedFlipRate?: number;
  /** History runs (run ids) where this failure's signature was already seen. */
  matchedRuns?: string[];
  owners?: string[];
  /** For ORDER-DEPENDENT: preceding tests that make it fail. */
  polluters?: string[];
  /** True when the test is absent from all history (new in this change). */
  newTest?: boolean;
}

/** Failures grouped by normalized signature: one cause, many failures. */
export interface Cause {
  key: string;
  signature: string;
  category: Category;
  tests: string[];
}

export interface Verdict {
  schemaVersion: 1;
  risk: Risk;
  /** The commit assessed; null when no input named it. */
  headSha: string | null;
  counts: {
    tests: number;
    failed: number;
    flaky: number;
    regression: number;
    inconclusive: number;
    [k: string]: number;
  };
  failures: FailureVerdict[];
  reasons: string[];
  inputs: {
    reports: string[];
    unreadable: { file: string; error: string }[];
    /** How much history the verdict rests on. */
    history?: { runs: number; unreadable: number };
    /** Tests whose planned reruns never arrived. */
    lostReruns?: { testId: string; shard: string; reason: string }[];
  };
  causes?: Cause[];
}
