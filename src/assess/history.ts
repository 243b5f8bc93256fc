/**
 * History: earlier runs of the workflow on the history branch, folded run by
 * run into a compact index (one byte per test per run, plus failure
 * signatures), so a deep window costs little memory and the reports can be
 * dropped as soon as they are folded.
 *
 * Runs are keyed by (runId, attempt): a job re-run is a separate attempt of the
 * same run, never merged with another run's reports.
 */
import {
  OUTCOME_ABSENT,
  OUTCOME_FAILED,
  OUTCOME_FLAKY,
  OUTCOME_PASSED,
  OUTCOME_SKIPPED,
  CODE_FAILED,
  CODE_SKIPPED,
  type CompactReport,
  type FailureDetail,
  type HistoryIndex,
  type ParsedReport,
  type RunInfo,
  type TestHistory,
} from '../model/index.ts';
import { normalizeSignature } from './signature.ts';
import { decayedFlipRate, flipRate } from './stats.ts';

interface PendingRun {
  run: RunInfo;
  /** Outcome code for this run by interned test index (0 = absent). */
  codes: Uint8Array;
  /** Test index -> signature keys of its failures in this run. */
  failures: Map<number, Set<string>>;
  unreadable: { file: string; error: string }[];
}

function runKey(r: RunInfo): string {
  return `${r.runId}#${r.attempt}`;
}

/** Combines two outcome codes of one test within one run (retries, several reports). */
function merge(a: number | undefined, b: number): number {
  if (a === undefined || a === OUTCOME_ABSENT) return b;
  if (a === b) return a;
  if (a === OUTCOME_SKIPPED) return b;
  if (b === OUTCOME_SKIPPED) return a;
  // pass + fail (or anything with flaky) within one run: failed and passed on one commit.
  return OUTCOME_FLAKY;
}

/**
 * The signature memo's keys are whole failure texts (up to 20,000 characters
 * each with the default parse limits): 20,000 entries, its old bound, could
 * hold 400 M characters. On the bench history it answers 38% of failures
 * and its keys, unbounded, reach 19 M characters.
 */
const MEMO_CHARS = 16_000_000;

export class HistoryBuilder {
  private readonly runs = new Map<string, PendingRun>();
  private readonly signatureText = new Map<string, string>();
  private readonly files = new Map<string, string>();
  /**
   * Test ids interned once for all runs: a run is then one byte per test,
   * not a map of its own id strings (50 runs x 10,000 tests cost 500,000
   * map entries and as many strings otherwise).
   */
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly maxRuns: number;

  /** Characters the signature memo may hold (its keys are whole failure texts). */
  private readonly memoChars: number;
  private memoUsed = 0;

  constructor(opts: { maxRuns?: number; memoChars?: number } = {}) {
    this.maxRuns = opts.maxRuns ?? Infinity;
    this.memoChars = opts.memoChars ?? MEMO_CHARS;
  }

  /** Characters held by the signature memo now (for tests of its bound). */
  get memoSize(): number {
    return this.memoUsed;
  }

  /** Adds the reports of one run attempt (may be called several times for one run). */
  addRun(run: RunInfo, reports: ParsedReport[]): void {
    for (const r of reports) this.addReport(run, r);
    if (reports.length === 0) this.pending(run);
  }

  /**
   * Adds one report in the compact form (ingest/compact.ts) that the worker
   * pool hands back for history: the same fold as addReport.
   */
  addCompact(run: RunInfo, c: CompactReport): void {
    const p = this.pending(run);
    if (c.error) p.unreadable.push({ file: c.file, error: c.error.message });
    for (const [id, file] of c.files) this.files.set(id, file);
    const { ids, outcomes } = c;
    for (let i = 0; i < ids.length; i++) {
      const o = outcomes[i];
      const code =
        o === CODE_FAILED ? OUTCOME_FAILED : o === CODE_SKIPPED ? OUTCOME_SKIPPED : OUTCOME_PASSED;
      this.setCode(p, this.idOf(ids[i]!), code);
    }
    for (const { index, failure } of c.failures)
      this.addFailure(p, this.idOf(ids[index]!), failure);
  }

  private idOf(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
    }
    return i;
  }

  private setCode(p: PendingRun, i: number, code: number): void {
    if (i >= p.codes.length) {
      const grown = new Uint8Array(Math.max(1024, this.ids.length * 2));
      grown.set(p.codes);
      p.codes = grown;
    }
    p.codes[i] = merge(p.codes[i], code);
  }

  /** The same failure text recurs run after run (a flaky test fails the same way): normalize it once. */
  private readonly sigMemo = new Map<string, { key: string; text: string }>();

  private addFailure(p: PendingRun, i: number, failure: FailureDetail): void {
    const memoKey = `${failure.type}\u0000${failure.message}\u0000${failure.stack}`;
    let sig = this.sigMemo.get(memoKey);
    if (!sig) {
      sig = normalizeSignature(failure.type, failure.message, failure.stack);
      if (this.memoUsed + memoKey.length <= this.memoChars) {
        this.sigMemo.set(memoKey, sig);
        this.memoUsed += memoKey.length;
      }
    }
    if (!this.signatureText.has(sig.key)) this.signatureText.set(sig.key, sig.text);
    let set = p.failures.get(i);
    if (!set) p.failures.set(i, (set = new Set()));
    set.add(sig.key);
  }

  addReport(run: RunInfo, report: ParsedReport): void {
    const p = this.pending(run);
    if (report.error) p.unreadable.push({ file: report.file, error: report.error.message });
    for (const t of report.tests) if (t.file) this.files.set(t.id, t.file);
    for (const a of report.attempts) {
      const code =
        a.outcome === 'passed'
          ? OUTCOME_PASSED
          : a.outcome === 'skipped'
            ? OUTCOME_SKIPPED
            : OUTCOME_FAILED;
      const i = this.idOf(a.testId);
      this.setCode(p, i, code);
      if (code === OUTCOME_FAILED && a.failure) this.addFailure(p, i, a.failure);
    }
  }

  private pending(run: RunInfo): PendingRun {
    const key = runKey(run);
    let p = this.runs.get(key);
    if (!p) {
      p = { run, codes: new Uint8Array(this.ids.length), failures: new Map(), unreadable: [] };
      this.runs.set(key, p);
    }
    return p;
  }

  build(): HistoryIndex {
    // Oldest first; runs without a date keep the order they were added in.
    const ordered = [...this.runs.values()]
      .map((p, i) => ({ p, i }))
      .sort((x, y) => {
        const a = x.p.run.createdAt ?? '';
        const b = y.p.run.createdAt ?? '';
        if (a !== b && a && b) return a < b ? -1 : 1;
        if (x.p.run.runId === y.p.run.runId) return x.p.run.attempt - y.p.run.attempt;
        return x.i - y.i;
      })
      .map((x) => x.p)
      .slice(-this.maxRuns);
    const n = ordered.length;
    const tests = new Map<string, TestHistory>();
    const signatures: HistoryIndex['signatures'] = new Map();
    const sigTests = new Map<string, Set<string>>();
    const unreadable: HistoryIndex['unreadable'] = [];
    ordered.forEach((p, runIndex) => {
      for (const u of p.unreadable) unreadable.push({ ...u, runIndex });
      const codes = p.codes;
      for (let i = 0; i < codes.length; i++) {
        const code = codes[i]!;
        if (code === OUTCOME_ABSENT) continue;
        const id = this.ids[i]!;
        let t = tests.get(id);
        if (!t) {
          t = { outcomes: new Uint8Array(n), signatures: new Map() };
          const file = this.files.get(id);
          if (file) t.file = file;
          tests.set(id, t);
        }
        t.outcomes[runIndex] = code;
      }
      for (const [i, keys] of p.failures) {
        const id = this.ids[i]!;
        const t = tests.get(id)!;
        for (const key of keys) {
          let runs = t.signatures.get(key);
          if (!runs) t.signatures.set(key, (runs = []));
          runs.push(runIndex);
          let s = signatures.get(key);
          if (!s)
            signatures.set(key, (s = { text: this.signatureText.get(key)!, runs: [], tests: 0 }));
          if (s.runs[s.runs.length - 1] !== runIndex) s.runs.push(runIndex);
          let ts = sigTests.get(key);
          if (!ts) sigTests.set(key, (ts = new Set()));
          ts.add(id);
        }
      }
    });
    for (const [key, ts] of sigTests) signatures.get(key)!.tests = ts.size;
    return { runs: ordered.map((p) => p.run), tests, signatures, unreadable };
  }
}

/** What history says about one test. */
export interface TestHistoryStats {
  /** Runs in which the test ran (not absent, not skipped). */
  runs: number;
  /** Runs in which it failed (including failed-then-passed within the run). */
  failed: number;
  /**
   * Flake events: commits (SHAs) on which it both failed and passed, including
   * a failure and a pass within one run.
   */
  flakeEvents: number;
  /**
   * Failures that look intermittent rather than like a breakage: flake events
   * plus failures in short streaks (a streak of three or more runs reads as a
   * breakage and is not counted, unless the test failed in three or more
   * separate episodes). Without same-SHA reruns on the history branch, flake
   * events alone would miss most flaky tests.
   */
  intermittentFailures: number;
  flipRate: number;
  decayedFlipRate: number;
  /** Length of the failure streak ending at the newest run where the test ran. */
  trailingFailures: number;
  firstSeen?: string;
  /** One character per history run: P pass, F fail, f failed and passed, S skipped, . absent. */
  strip: string;
  present: boolean;
}

const STRIP = ['.', 'P', 'F', 'S', 'f'];

export function testHistoryStats(
  index: HistoryIndex | undefined,
  testId: string,
): TestHistoryStats {
  const empty: TestHistoryStats = {
    runs: 0,
    failed: 0,
    flakeEvents: 0,
    intermittentFailures: 0,
    flipRate: 0,
    decayedFlipRate: 0,
    trailingFailures: 0,
    strip: '',
    present: false,
  };
  const t = index?.tests.get(testId);
  if (!index || !t) return { ...empty, strip: '.'.repeat(index?.runs.length ?? 0) };
  const seq: boolean[] = []; // failed?, for runs where it ran
  const runIdx: number[] = [];
  const bySha = new Map<string, { f: boolean; p: boolean }>();
  let firstSeen: string | undefined;
  let strip = '';
  let flakeWithinRun = 0;
  t.outcomes.forEach((code, i) => {
    strip += STRIP[code] ?? '?';
    if (code === OUTCOME_ABSENT) return;
    const run = index.runs[i]!;
    if (firstSeen === undefined) firstSeen = run.createdAt;
    if (code === OUTCOME_SKIPPED) return;
    const failed = code === OUTCOME_FAILED || code === OUTCOME_FLAKY;
    seq.push(failed);
    runIdx.push(i);
    if (code === OUTCOME_FLAKY) flakeWithinRun++;
    {
      // Attempts of one run share a commit even when no SHA was recorded.
      const key = run.sha ?? `run:${run.runId}`;
      const s = bySha.get(key) ?? { f: false, p: false };
      if (code === OUTCOME_FLAKY) s.f = s.p = true;
      else if (failed) s.f = true;
      else s.p = true;
      bySha.set(key, s);
    }
  });
  let shaFlakes = 0;
  for (const s of bySha.values()) if (s.f && s.p) shaFlakes++;
  const flakeEvents = Math.max(shaFlakes, flakeWithinRun);
  // Failure episodes (streaks). A streak of three or more reads as a breakage,
  // unless the test fails in many separate episodes: then it is simply flaky.
  const streaks: number[] = [];
  for (let i = 0; i < seq.length;) {
    if (!seq[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < seq.length && seq[j]) j++;
    streaks.push(j - i);
    i = j;
  }
  const intermittent =
    streaks.length >= 3
      ? streaks.reduce((a, b) => a + b, 0)
      : streaks.filter((l) => l < 3).reduce((a, b) => a + b, 0);
  let trailing = 0;
  for (let i = seq.length - 1; i >= 0 && seq[i]; i--) trailing++;
  return {
    runs: seq.length,
    failed: seq.filter(Boolean).length,
    flakeEvents,
    intermittentFailures: Math.max(intermittent, flakeEvents),
    flipRate: flipRate(seq),
    decayedFlipRate: decayedFlipRate(seq),
    trailingFailures: trailing,
    ...(firstSeen !== undefined ? { firstSeen } : {}),
    strip,
    present: true,
  };
}
