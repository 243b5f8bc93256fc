/**
 * Everything known about one failing test, gathered from the head run's
 * attempts, reruns, history, the change set and the failure text. Pure.
 */
import type {
  AssessInput,
  Attempt,
  Category,
  Evidence,
  HistoryIndex,
  PassFail,
  RerunAttempt,
  TestRecord,
} from '../model/index.ts';
import { categorize, isNullDereference } from './category.ts';
import { testHistoryStats, type TestHistoryStats } from './history.ts';
import { changeProximity, touches, type ProximityResult } from './proximity.ts';
import { causeLines, normalizeSignature, type Signature } from './signature.ts';

export interface FailureEvidence {
  test: TestRecord;
  /** Head attempts in order: attempt folders in order, retries in report order. */
  headAttempts: Attempt[];
  /** The first failing head attempt: the failure being judged. */
  failure: Attempt;
  sameCommit: PassFail;
  isolated: PassFail;
  inSuite: PassFail;
  /** Reruns on another commit (normally the merge base). */
  base: PassFail & { commit?: string };
  /** Isolated reruns in order (true = failed), for "K consecutive failures". */
  isolatedSequence: boolean[];
  polluters?: string[];
  history: TestHistoryStats;
  /** History runs in which this test failed with the same signature. */
  matchedRuns: number[];
  /** History runs in which any test failed with the same signature. */
  matchedAnyRuns: number[];
  historyRuns: number;
  signature: Signature;
  category: Category;
  categoryRule: string;
  nullDereference: boolean;
  proximity: ProximityResult;
  newTest: boolean;
  lostRerun?: { shard: string; reason: string };
  /** Failing tests of this run with the same signature (this one included): one cause, many failures. */
  causeSize: number;
}

const failed = (o: Attempt['outcome']) => o === 'failed' || o === 'error';

function tally(attempts: { outcome: Attempt['outcome'] }[]): PassFail {
  let passed = 0;
  let fails = 0;
  for (const a of attempts) {
    if (a.outcome === 'passed') passed++;
    else if (failed(a.outcome)) fails++;
  }
  return { passed, failed: fails };
}

export function gatherEvidence(
  test: TestRecord,
  headAttempts: Attempt[],
  input: AssessInput,
  rerunsByTest: Map<string, RerunAttempt[]>,
  lost: Map<string, { shard: string; reason: string }>,
): FailureEvidence {
  const failure = headAttempts.find((a) => failed(a.outcome))!;
  const reruns = rerunsByTest.get(test.id) ?? [];
  const headSha = input.head.sha;
  const onHead = (r: RerunAttempt) => r.commit === undefined || r.commit === headSha;
  const iso = reruns
    .filter((r) => r.mode === 'isolated' && onHead(r))
    .sort((a, b) => a.attempt - b.attempt);
  const suite = reruns.filter((r) => r.mode === 'in-suite' && onHead(r));
  const baseRuns = reruns.filter((r) => !onHead(r));
  const history: HistoryIndex | undefined = input.history;
  const stats = testHistoryStats(history, test.id);
  const f = failure.failure ?? { type: '', message: '', stack: '' };
  const signature = normalizeSignature(f.type, f.message, f.stack);
  const cat = categorize({
    type: f.type,
    message: f.message,
    stack: f.stack,
    stdout: failure.stdout,
    stderr: failure.stderr,
  });
  const newTest = history !== undefined && history.runs.length > 0 && !stats.present;
  const polluters = suite.find((r) => r.polluters && r.polluters.length > 0)?.polluters;
  const ev: FailureEvidence = {
    test,
    headAttempts,
    failure,
    sameCommit: tally(headAttempts),
    isolated: tally(iso),
    inSuite: tally(suite),
    base: { ...tally(baseRuns), ...(baseRuns[0]?.commit ? { commit: baseRuns[0].commit } : {}) },
    isolatedSequence: iso.filter((r) => r.outcome !== 'skipped').map((r) => failed(r.outcome)),
    history: stats,
    matchedRuns: history?.tests.get(test.id)?.signatures.get(signature.key) ?? [],
    matchedAnyRuns: history?.signatures.get(signature.key)?.runs ?? [],
    historyRuns: history?.runs.length ?? 0,
    signature,
    category: cat.category,
    categoryRule: cat.rule,
    // Frame names (e.g. `NullHandler.run`) must not read as a null dereference.
    nullDereference: isNullDereference(`${f.type} ${f.message} ${causeLines(f.stack).join('\n')}`),
    proximity: changeProximity(test, input.changed, input.dependencies, newTest),
    newTest,
    causeSize: 1,
  };
  if (polluters) ev.polluters = polluters;
  const l = lost.get(test.id);
  if (l) ev.lostRerun = l;
  return ev;
}

/** The verdict JSON's evidence block. */
export function evidenceBlock(ev: FailureEvidence): Evidence {
  return {
    sameCommit: ev.sameCommit,
    isolated: ev.isolated,
    inSuite: ev.inSuite,
    history: {
      runs: ev.history.runs,
      failed: ev.history.failed,
      flakeEvents: ev.history.flakeEvents,
      flipRate: round(ev.history.flipRate, 3),
    },
    changed: touches(ev.proximity.proximity),
    ...(ev.base.passed + ev.base.failed > 0 ? { base: ev.base } : {}),
  };
}

export function round(x: number, digits: number): number {
  const m = 10 ** digits;
  return Math.round(x * m) / m;
}
