/**
 * Builders for the verdict engine's input (src/assess): a head run whose tests
 * have given outcomes and failure messages as ParsedReports, a history folded
 * through the real HistoryBuilder from outcome strings like "PPFPPF", reruns,
 * and small lookups into the resulting Verdict.
 *
 * Tests are named by a short name; `testId(name)` and `fileOf(name)` give the id
 * and file the builders use, so head, history, reruns and lookups agree.
 */
import { expect } from 'vitest';
import { gatherEvidence, type FailureEvidence } from '../../src/assess/evidence.ts';
import { HistoryBuilder } from '../../src/assess/history.ts';
import type { Judged } from '../../src/assess/risk.ts';
import { logit } from '../../src/assess/stats.ts';
import type {
  AssessInput,
  Attempt,
  FailureClass,
  FailureVerdict,
  HeadRun,
  HistoryIndex,
  LedgerEntry,
  ParsedReport,
  RerunAttempt,
  RerunMode,
  RunInfo,
  TestRecord,
  Verdict,
} from '../../src/model/index.ts';

export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const BASE_SHA = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';

/** The failure every builder uses unless told otherwise: no category pattern matches, LR_message 1. */
export const DEFAULT_FAILURE = { type: 'Error', message: 'boom' } as const;

export function fileOf(name: string): string {
  return `tests/${name}.test.ts`;
}

export function testId(name: string): string {
  return `vitest:${fileOf(name)} > ${name}`;
}

export interface TestSpec {
  name: string;
  /**
   * Outcomes of the test in one report, retries in order: P passed, F failed,
   * E error, S skipped. "FP" is a failure and a passing retry. Default "P".
   */
  outcomes?: string;
  type?: string;
  message?: string;
  stack?: string;
  stdout?: string;
  stderr?: string;
  /** The test's source file; null for a report that gives none. Default fileOf(name). */
  file?: string | null;
  suite?: string;
  line?: number;
}

export const pass = (name: string, over: Partial<TestSpec> = {}): TestSpec => ({
  name,
  outcomes: 'P',
  ...over,
});

export const fail = (name: string, over: Partial<TestSpec> = {}): TestSpec => ({
  name,
  outcomes: 'F',
  ...over,
});

/** `count` passing tests named `${prefix}0`, `${prefix}1`, ...: the rest of the suite. */
export function passing(count: number, prefix = 'ok'): TestSpec[] {
  return Array.from({ length: count }, (_, i) => pass(`${prefix}${i}`));
}

const OUTCOME: Record<string, Attempt['outcome']> = {
  P: 'passed',
  F: 'failed',
  E: 'error',
  S: 'skipped',
};

function outcomeOf(c: string): Attempt['outcome'] {
  const o = OUTCOME[c];
  if (!o) throw new Error(`unknown outcome code ${JSON.stringify(c)} (use P, F, E, S)`);
  return o;
}

export function testRecord(spec: TestSpec): TestRecord {
  const file = spec.file === undefined ? fileOf(spec.name) : spec.file;
  return {
    id: testId(spec.name),
    dialect: 'vitest',
    name: spec.name,
    suite: spec.suite ?? file ?? spec.name,
    ...(file !== null ? { file } : {}),
    ...(spec.line !== undefined ? { line: spec.line } : {}),
  };
}

function attemptsOf(spec: TestSpec): Attempt[] {
  const codes = spec.outcomes ?? 'P';
  return [...codes].map((c, retry) => {
    const outcome = outcomeOf(c);
    const a: Attempt = { testId: testId(spec.name), outcome, retry, durationMs: 10 };
    if (outcome === 'failed' || outcome === 'error') {
      a.failure = {
        type: spec.type ?? DEFAULT_FAILURE.type,
        message: spec.message ?? DEFAULT_FAILURE.message,
        stack: spec.stack ?? '',
      };
      if (spec.stdout !== undefined) a.stdout = spec.stdout;
      if (spec.stderr !== undefined) a.stderr = spec.stderr;
    }
    return a;
  });
}

let reportSeq = 0;

/** One parsed report holding the given tests; `error` makes it a (partly) unreadable one. */
export function report(
  specs: TestSpec[],
  opts: { file?: string; error?: string } = {},
): ParsedReport {
  const tests = specs.map(testRecord);
  const attempts = specs.flatMap(attemptsOf);
  const first = attempts.filter((a) => a.retry === 0);
  const file = opts.file ?? `reports/junit-${++reportSeq}.xml`;
  return {
    file,
    dialect: 'vitest',
    tests,
    attempts,
    counts: {
      testcases: tests.length,
      failed: first.filter((a) => a.outcome === 'failed' || a.outcome === 'error').length,
      skipped: first.filter((a) => a.outcome === 'skipped').length,
      passed: first.filter((a) => a.outcome === 'passed').length,
      retryAttempts: attempts.length - first.length,
    },
    ...(opts.error !== undefined ? { error: { file, message: opts.error } } : {}),
    warnings: [],
  };
}

/** A report that could not be read at all. */
export function unreadableReport(file: string, error = 'unexpected end of file'): ParsedReport {
  return report([], { file, error });
}

type AttemptContent = TestSpec[] | ParsedReport[];

function isReports(a: AttemptContent): a is ParsedReport[] {
  return a.length > 0 && 'attempts' in a[0]!;
}

/**
 * The head run: one entry per attempt of the workflow run (a job re-run is
 * attempt 2, ...), each either test specs (one report) or ready reports.
 */
export function headRun(
  attempts: AttemptContent[],
  opts: { sha?: string | null; runId?: string } = {},
): HeadRun {
  const sha = opts.sha === null ? undefined : (opts.sha ?? HEAD_SHA);
  return {
    ...(sha !== undefined ? { sha } : {}),
    attempts: attempts.map((content, i) => ({
      run: {
        runId: opts.runId ?? '9000',
        attempt: i + 1,
        ...(sha !== undefined ? { sha } : {}),
        branch: 'feature',
        createdAt: `2024-06-01T12:0${i}:00Z`,
      },
      reports: isReports(content) ? content : [report(content)],
    })),
  };
}

/** A head run of one attempt with these tests. */
export function head(tests: TestSpec[], opts: { sha?: string | null } = {}): HeadRun {
  return headRun([tests], opts);
}

export interface HistorySpec {
  /**
   * Test name -> one character per history run, oldest first: P passed,
   * F failed, f failed then passed on a retry within the run, S skipped,
   * . absent. Strings may differ in length; shorter ones are absent at the end.
   */
  tests: Record<string, string>;
  /** Failure text of a test's failures: one for all, or one per run index. Default DEFAULT_FAILURE. */
  failures?: Record<string, FailureText | (FailureText | undefined)[]>;
  /** Commit per run; default a distinct SHA per run; null entries (or 'none') give runs no SHA. */
  shas?: (string | null)[] | 'none';
  /** Run id per run; default h1, h2, ... Repeat an id with `attempts` to make job re-runs of one run. */
  runIds?: string[];
  /** Attempt number per run; default 1. */
  attempts?: number[];
  /** Give the runs no createdAt (the builder then keeps insertion order). */
  undated?: boolean;
}

export type FailureText = string | { type?: string; message: string; stack?: string };

function failureDetail(f: FailureText | undefined): {
  type: string;
  message: string;
  stack: string;
} {
  if (f === undefined) return { ...DEFAULT_FAILURE, stack: '' };
  if (typeof f === 'string') return { type: DEFAULT_FAILURE.type, message: f, stack: '' };
  return { type: f.type ?? DEFAULT_FAILURE.type, message: f.message, stack: f.stack ?? '' };
}

export function historySha(i: number): string {
  return `${(i + 1).toString(16).padStart(8, '0')}${'c'.repeat(32)}`;
}

/** The history runs of a spec, as (run, reports) pairs in spec order, one report per run. */
export function historyRuns(spec: HistorySpec): { run: RunInfo; reports: ParsedReport[] }[] {
  const n = Math.max(0, ...Object.values(spec.tests).map((s) => s.length));
  const out: { run: RunInfo; reports: ParsedReport[] }[] = [];
  for (let i = 0; i < n; i++) {
    const sha = spec.shas === 'none' ? null : spec.shas ? (spec.shas[i] ?? null) : historySha(i);
    const run: RunInfo = {
      runId: spec.runIds?.[i] ?? `h${i + 1}`,
      attempt: spec.attempts?.[i] ?? 1,
      branch: 'main',
      ...(sha !== null ? { sha } : {}),
      ...(spec.undated
        ? {}
        : { createdAt: new Date(Date.UTC(2024, 4, 1) + i * 3_600_000).toISOString() }),
    };
    const attempts: Attempt[] = [];
    const tests: TestRecord[] = [];
    for (const [name, strip] of Object.entries(spec.tests)) {
      const c = strip[i] ?? '.';
      if (c === '.') continue;
      tests.push(testRecord({ name }));
      const f = spec.failures?.[name];
      const detail = failureDetail(Array.isArray(f) ? f[i] : f);
      const id = testId(name);
      if (c === 'P') attempts.push({ testId: id, outcome: 'passed', retry: 0 });
      else if (c === 'S') attempts.push({ testId: id, outcome: 'skipped', retry: 0 });
      else if (c === 'F')
        attempts.push({ testId: id, outcome: 'failed', retry: 0, failure: detail });
      else if (c === 'f') {
        attempts.push({ testId: id, outcome: 'failed', retry: 0, failure: detail });
        attempts.push({ testId: id, outcome: 'passed', retry: 1 });
      } else throw new Error(`unknown history code ${JSON.stringify(c)} (use P F f S .)`);
    }
    const r: ParsedReport = {
      file: `history/${run.runId}-${run.attempt}/junit.xml`,
      dialect: 'vitest',
      tests,
      attempts,
      counts: {
        testcases: tests.length,
        failed: attempts.filter((a) => a.outcome === 'failed' && a.retry === 0).length,
        skipped: attempts.filter((a) => a.outcome === 'skipped').length,
        passed: attempts.filter((a) => a.outcome === 'passed' && a.retry === 0).length,
        retryAttempts: attempts.filter((a) => a.retry > 0).length,
      },
      warnings: [],
    };
    out.push({ run, reports: [r] });
  }
  return out;
}

/** The history index of a spec, folded by the real HistoryBuilder. */
export function history(spec: HistorySpec, opts: { maxRuns?: number } = {}): HistoryIndex {
  const b = new HistoryBuilder(opts);
  for (const { run, reports } of historyRuns(spec)) b.addRun(run, reports);
  return b.build();
}

/** `n` history runs in which `name` passed every time (and nothing else ran). */
export function cleanHistory(name: string, n = 50): HistoryIndex {
  return history({ tests: { [name]: 'P'.repeat(n) } });
}

/**
 * Reruns of one test: one character per rerun, in order (P, F, E, S).
 * `commit` marks reruns on another commit (the merge base).
 */
export function reruns(
  name: string,
  outcomes: string,
  opts: {
    mode?: RerunMode;
    commit?: string;
    type?: string;
    message?: string;
    polluters?: string[];
    start?: number;
  } = {},
): RerunAttempt[] {
  return [...outcomes].map((c, i) => {
    const outcome = outcomeOf(c);
    const r: RerunAttempt = {
      testId: testId(name),
      mode: opts.mode ?? 'isolated',
      attempt: (opts.start ?? 1) + i,
      outcome,
      durationMs: 12,
    };
    if (outcome === 'failed' || outcome === 'error') {
      r.failure = {
        type: opts.type ?? DEFAULT_FAILURE.type,
        message: opts.message ?? DEFAULT_FAILURE.message,
        stack: '',
      };
    }
    if (opts.commit !== undefined) r.commit = opts.commit;
    if (opts.polluters !== undefined && outcome !== 'passed') r.polluters = opts.polluters;
    return r;
  });
}

export const isolated = (name: string, outcomes: string) => reruns(name, outcomes);
export const inSuite = (name: string, outcomes: string, polluters?: string[]) =>
  reruns(name, outcomes, { mode: 'in-suite', ...(polluters ? { polluters } : {}) });

/** The verdict of one failing test; throws (with the ids present) when it is not there. */
export function verdictOf(v: Verdict, name: string): FailureVerdict {
  const id = testId(name);
  const f = v.failures.find((x) => x.id === id);
  if (!f)
    throw new Error(`no verdict for ${id}; failures: ${v.failures.map((x) => x.id).join(', ')}`);
  return f;
}

/** The ledger entry of a factor, or undefined. */
export function factor(f: FailureVerdict, name: string): LedgerEntry | undefined {
  return f.ledger.find((e) => e.factor === name);
}

/** The class entry's rule: what classify() said. */
export function classRule(f: FailureVerdict): string {
  return factor(f, 'class')?.rule ?? '';
}

/**
 * The engine's evidence for one failing test of an input, gathered exactly as
 * assess() does (head attempts in run-attempt order, reruns by test, lost reruns).
 */
export function evidenceFor(input: AssessInput, name: string): FailureEvidence {
  const id = testId(name);
  let test: TestRecord | undefined;
  const attempts: Attempt[] = [];
  const ordered = [...input.head.attempts].sort((a, b) => a.run.attempt - b.run.attempt);
  for (const { reports } of ordered) {
    for (const r of reports) {
      test ??= r.tests.find((t) => t.id === id);
      attempts.push(...r.attempts.filter((a) => a.testId === id));
    }
  }
  if (!test) throw new Error(`${id} is not in the head run`);
  const rerunsByTest = new Map<string, RerunAttempt[]>([
    [id, (input.reruns ?? []).filter((r) => r.testId === id)],
  ]);
  const lost = new Map(
    (input.lostReruns ?? []).map((l) => [l.testId, { shard: l.shard, reason: l.reason }]),
  );
  return gatherEvidence(test, attempts, input, rerunsByTest, lost);
}

/**
 * One failure as the risk rules see it: the engine's evidence for `name` in
 * `input`, with the class and P(regression) given, so a risk rule can be
 * checked without depending on the probability model's tuning.
 */
export function judged(input: AssessInput, name: string, cls: FailureClass, p: number): Judged {
  return { ev: evidenceFor(input, name), cls, p, name };
}

/** Ledger effects sum to logit(pRegression), within the rounding of effects (3 digits) and of p (4 digits). */
export function expectLedgerSumsToP(f: FailureVerdict): void {
  const sum = f.ledger.reduce((s, e) => s + e.effect, 0);
  const p = f.pRegression;
  if (p <= 0.001 || p >= 0.999) {
    // Clamped to [0.001, 0.999] (then rounded to 4 digits): the sum lies at or beyond the clamp.
    const tol = 0.0005 * f.ledger.length;
    if (p <= 0.001) expect(sum).toBeLessThanOrEqual(logit(0.00105) + tol);
    else expect(sum).toBeGreaterThanOrEqual(logit(0.99895) - tol);
    return;
  }
  const tol = 0.0005 * f.ledger.length + 0.00005 / (p * (1 - p)) + 1e-9;
  expect(
    Math.abs(sum - logit(p)),
    `ledger sums to ${sum}, logit(p) = ${logit(p)}`,
  ).toBeLessThanOrEqual(tol);
}
