/**
 * Rerun plans and invocations: which failing test is rerun, how (an argument
 * list, never a shell string) and in which shard. Built by src/rerun, written
 * to plan.json by `flakegate plan`, executed by `flakegate rerun`.
 */

/** Frameworks flakegate can rerun a single test with. */
export const FRAMEWORKS = [
  'vitest',
  'jest',
  'mocha',
  'node-test',
  'playwright',
  'pytest',
  'go',
  'nextest',
  'maven',
  'gradle',
  'rspec',
  'phpunit',
  'dotnet',
  'ctest',
] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** One test as the head report described it, with what a rerun needs to select it. */
export interface RerunTarget {
  /** The engine's test id (TestRecord.id). */
  testId: string;
  framework: Framework;
  /** The testcase name as reported (TestRecord.name). */
  name: string;
  /** classname or enclosing suite as reported (TestRecord.suite). */
  suite: string;
  /** Repository-relative source file, when known. */
  file?: string;
  /** Parameters split off the name (TestRecord.params), when present. */
  params?: string;
  /** Recorded duration of the failing attempt, for balancing shards. */
  durationMs: number;
}

/** Where an invocation's result is read from. */
export type ResultSource =
  /** A JUnit report the framework writes to `path` (absolute). */
  | { format: 'junit'; path: string }
  /** `go test -json` events on stdout. */
  | { format: 'go-json' }
  /** Only the exit status (custom templates without `{junit}`): 0 passed, else failed. */
  | { format: 'exit-code' };

/** A process to start: argv[0] is the program, looked up on PATH; never run through a shell. */
export interface Invocation {
  argv: string[];
  /** Extra environment (merged over the parent's). */
  env?: Record<string, string>;
  result: ResultSource;
}

/** A failing test in a plan: the target, and the tests that preceded it in its report (for in-suite runs). */
export interface PlannedTest {
  target: RerunTarget;
  /** Tests that ran before it in the same process, in report order (empty when unknown). */
  preceding: RerunTarget[];
  /** Estimated cost of this test's reruns in the plan, in ms. */
  costMs: number;
}

export interface PlanShard {
  /** Opaque id (`s1`, `s2`, ...): the only thing that reaches the workflow matrix. */
  id: string;
  tests: PlannedTest[];
  costMs: number;
}

export interface RerunPlan {
  version: 1;
  rerunsK: number;
  inSuiteK: number;
  /** User's argv template (`--rerun-command`), when given. */
  template?: string[];
  shards: PlanShard[];
  /** Failing tests that cannot be rerun, and why (hostile name, unknown framework, ...). */
  refused: { testId: string; reason: string }[];
  /** Failing tests not rerun because the head run already proved them nondeterministic. */
  settled: { testId: string; reason: string }[];
  /** Reports the plan was made from. */
  reports: string[];
}
