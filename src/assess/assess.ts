/**
 * The verdict engine: head attempts, reruns, history and the change set in;
 * per-failure class, category, P(regression), ledger and next action, and the
 * commit's risk level out. Pure: no I/O, no clock, no randomness.
 */
import type {
  AssessInput,
  Attempt,
  Cause,
  FailureClass,
  FailureVerdict,
  RerunAttempt,
  TestRecord,
  Verdict,
} from '../model/index.ts';
import { classify, orderNote } from './classify.ts';
import { DEFAULT_CONFIG, type Config } from './config.ts';
import { evidenceBlock, gatherEvidence, round, type FailureEvidence } from './evidence.ts';
import { nextAction } from './next.ts';
import { ownerLookup } from './owners.ts';
import { pRegression } from './probability.ts';
import { logit } from './stats.ts';
import { changeProximity, touches } from './proximity.ts';
import { commitRisk, type Judged } from './risk.ts';

const SEVERITY: FailureClass[] = [
  'REGRESSION',
  'INCONCLUSIVE',
  'BROKEN-BEFORE',
  'ORDER-DEPENDENT',
  'FLAKY-LIKELY',
  'FLAKY',
];

const failed = (a: Attempt) => a.outcome === 'failed' || a.outcome === 'error';

/** Tests and their attempts on the head commit, attempts in run-attempt then report order. */
function headTests(input: AssessInput): {
  tests: Map<string, TestRecord>;
  attempts: Map<string, Attempt[]>;
} {
  const tests = new Map<string, TestRecord>();
  const attempts = new Map<string, Attempt[]>();
  const ordered = [...input.head.attempts].sort((a, b) => a.run.attempt - b.run.attempt);
  for (const { reports } of ordered) {
    for (const r of reports) {
      for (const t of r.tests) if (!tests.has(t.id)) tests.set(t.id, t);
      for (const a of r.attempts) {
        let list = attempts.get(a.testId);
        if (!list) attempts.set(a.testId, (list = []));
        list.push(a);
      }
    }
  }
  return { tests, attempts };
}

function firstLine(s: string, max = 300): string {
  const line = s.split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export function assess(input: AssessInput, config: Config = DEFAULT_CONFIG): Verdict {
  const { tests, attempts } = headTests(input);
  const rerunsByTest = new Map<string, RerunAttempt[]>();
  for (const r of input.reruns ?? []) {
    let list = rerunsByTest.get(r.testId);
    if (!list) rerunsByTest.set(r.testId, (list = []));
    list.push(r);
  }
  const lost = new Map(
    (input.lostReruns ?? []).map((l) => [l.testId, { shard: l.shard, reason: l.reason }]),
  );
  const owners = ownerLookup(input.codeowners);
  const judged: (Judged & { verdict: FailureVerdict })[] = [];

  const evidence: FailureEvidence[] = [];
  for (const [id, list] of attempts) {
    if (list.some(failed))
      evidence.push(gatherEvidence(tests.get(id)!, list, input, rerunsByTest, lost));
  }
  const causeSize = new Map<string, number>();
  for (const ev of evidence)
    causeSize.set(ev.signature.key, (causeSize.get(ev.signature.key) ?? 0) + 1);
  for (const ev of evidence) {
    ev.causeSize = causeSize.get(ev.signature.key)!;
    const test = ev.test;
    const id = test.id;
    const prob = pRegression(ev, config);
    const c = classify(ev, prob.p, config);
    const who = test.file ? owners(test.file) : [];
    const ledger = [...prob.ledger];
    const order = c.cls === 'ORDER-DEPENDENT' ? undefined : orderNote(ev, config);
    if (order) ledger.push({ factor: 'order', value: 'not ruled out', effect: 0, rule: order });
    ledger.push({ factor: 'class', value: c.cls, effect: 0, rule: c.rule });
    const v: FailureVerdict = {
      id,
      name: test.name,
      suite: test.suite,
      ...(test.file !== undefined ? { file: test.file } : {}),
      ...(test.line !== undefined ? { line: test.line } : {}),
      class: c.cls,
      category: c.cls === 'ORDER-DEPENDENT' ? 'order' : ev.category,
      pRegression: round(prob.p, 4),
      evidence: evidenceBlock(ev),
      ledger,
      next: nextAction(c.cls, ev, who, config),
      message: firstLine(ev.failure.failure?.message || ev.failure.failure?.stack || ''),
      signature: ev.signature.text,
      cause: ev.signature.key,
      historyStrip: ev.history.strip,
      decayedFlipRate: round(ev.history.decayedFlipRate, 3),
      matchedRuns: matched(ev, input),
      newTest: ev.newTest,
    };
    if (ev.history.firstSeen) v.firstSeen = ev.history.firstSeen;
    if (who.length) v.owners = who;
    if (ev.polluters) v.polluters = ev.polluters;
    judged.push({ ev, cls: c.cls, p: prob.p, name: test.name, verdict: v });
  }

  // An unreadable head report hides an unknown set of tests: it stands as one
  // INCONCLUSIVE failure, so a broken report can never pass silently.
  const unreadable = collectUnreadable(input);
  const hidden = unreadable.length > 0 ? hiddenTests(input, tests) : { missing: 0, reached: [] };
  for (const u of unreadable) judged.push(unreadableFailure(u.file, u.error, hidden, config));

  const { risk, reasons } = commitRisk(
    judged,
    { tests: tests.size, lost: lost.size, hiddenReached: hidden.reached },
    config,
  );
  const failures = judged
    .map((j) => j.verdict)
    .sort(
      (a, b) =>
        SEVERITY.indexOf(a.class) - SEVERITY.indexOf(b.class) ||
        b.pRegression - a.pRegression ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const count = (c: FailureClass) => failures.filter((f) => f.class === c).length;
  const causes = groupCauses(judged.flatMap((j) => (j.ev ? [j.ev] : [])));
  const reports = input.head.attempts.flatMap((a) => a.reports.map((r) => r.file));
  return {
    schemaVersion: 1,
    risk,
    headSha: input.head.sha ?? null,
    counts: {
      tests: tests.size,
      failed: failures.length,
      flaky: count('FLAKY') + count('FLAKY-LIKELY'),
      regression: count('REGRESSION'),
      inconclusive: count('INCONCLUSIVE'),
      brokenBefore: count('BROKEN-BEFORE'),
      orderDependent: count('ORDER-DEPENDENT'),
    },
    failures,
    reasons,
    inputs: {
      reports,
      unreadable,
      history: {
        runs: input.history?.runs.length ?? 0,
        unreadable: input.history?.unreadable.length ?? 0,
      },
      lostReruns: input.lostReruns ?? [],
    },
    causes,
  };
}

function collectUnreadable(input: AssessInput): { file: string; error: string }[] {
  const seen = new Map<string, string>();
  for (const a of input.head.attempts) {
    for (const r of a.reports) if (r.error) seen.set(r.file, r.error.message);
  }
  for (const u of input.unreadable ?? []) if (!seen.has(u.file)) seen.set(u.file, u.error);
  return [...seen].map(([file, error]) => ({ file, error }));
}

/**
 * What unreadable head reports may hide: tests that ran in the newest history
 * runs but are missing from the readable head reports, and which of those the
 * change reaches.
 */
function hiddenTests(
  input: AssessInput,
  present: Map<string, TestRecord>,
): { missing: number; reached: string[] } {
  const h = input.history;
  if (!h || h.runs.length === 0) return { missing: 0, reached: [] };
  const recent = Math.max(0, h.runs.length - 3);
  let missing = 0;
  const reached: string[] = [];
  for (const [id, t] of h.tests) {
    if (present.has(id)) continue;
    let ran = false;
    for (let i = recent; i < h.runs.length && !ran; i++) ran = t.outcomes[i] !== 0;
    if (!ran) continue;
    missing++;
    if (input.changed && t.file) {
      const rec: TestRecord = { id, dialect: 'junit', name: id, suite: '', file: t.file };
      if (touches(changeProximity(rec, input.changed, input.dependencies).proximity))
        reached.push(id);
    }
  }
  return { missing, reached };
}

function unreadableFailure(
  file: string,
  error: string,
  hidden: { missing: number; reached: string[] },
  cfg: Config,
): Judged & { verdict: FailureVerdict } {
  const test: TestRecord = {
    id: `report:${file}`,
    dialect: 'junit',
    name: file,
    suite: 'unreadable report',
  };
  const verdict: FailureVerdict = {
    id: test.id,
    name: file,
    suite: test.suite,
    class: 'INCONCLUSIVE',
    category: 'unknown',
    pRegression: cfg.prior,
    evidence: {
      sameCommit: { passed: 0, failed: 0 },
      isolated: { passed: 0, failed: 0 },
      inSuite: { passed: 0, failed: 0 },
      history: { runs: 0, failed: 0, flakeEvents: 0, flipRate: 0 },
      changed: null,
    },
    ledger: [
      {
        factor: 'prior',
        value: cfg.prior,
        effect: round(logit(cfg.prior), 3),
        rule: 'nothing is known about the tests in this report',
      },
      {
        factor: 'hidden tests',
        value: `${hidden.missing} missing, ${hidden.reached.length} reached by the change`,
        effect: 0,
        rule: 'tests of the newest history runs that no readable report of this run has',
      },
      { factor: 'class', value: 'INCONCLUSIVE', effect: 0, rule: `report unreadable: ${error}` },
    ],
    next: `fix or regenerate the report: ${error}`,
    message: error,
  };
  return { cls: 'INCONCLUSIVE', p: cfg.prior, name: file, verdict };
}

const INFRA = new Set(['infrastructure', 'network', 'rate-limit']);

/**
 * History runs the failure's signature matched: this test's own, or for an
 * infrastructure cause any test's. A run is `id` or `id#attempt` for re-runs.
 */
function matched(ev: FailureEvidence, input: AssessInput): string[] {
  const runs = input.history?.runs ?? [];
  const idx =
    ev.matchedRuns.length > 0 ? ev.matchedRuns : INFRA.has(ev.category) ? ev.matchedAnyRuns : [];
  return idx.map((i) => {
    const r = runs[i]!;
    return r.attempt > 1 ? `${r.runId}#${r.attempt}` : r.runId;
  });
}

function groupCauses(evs: FailureEvidence[]): Cause[] {
  const byKey = new Map<string, Cause>();
  for (const ev of evs) {
    let c = byKey.get(ev.signature.key);
    if (!c) {
      byKey.set(
        ev.signature.key,
        (c = {
          key: ev.signature.key,
          signature: ev.signature.text,
          category: ev.category,
          tests: [],
        }),
      );
    }
    c.tests.push(ev.test.id);
  }
  return [...byKey.values()].sort((a, b) => b.tests.length - a.tests.length);
}
