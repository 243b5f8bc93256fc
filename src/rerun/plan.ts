/**
 * Rerun plans: which failing tests are rerun, with what cost, split into
 * shards a workflow matrix runs. Pure: the head reports come in parsed.
 */
import type {
  ParsedReport,
  PlannedTest,
  PlanShard,
  RerunTarget,
  TestRecord,
} from '../model/index.ts';

/** The most shards a plan has: a matrix makes at most 256 jobs. */
export const MAX_SHARDS = 256;
/** In-suite reruns replay at most this many preceding tests (the nearest ones). */
export const MAX_PRECEDING = 200;
/** Floor for a test's duration, so tests reported as 0 s still spread across shards. */
const MIN_DURATION_MS = 1;

export interface PlanChoices {
  rerunsK: number;
  inSuiteK: number;
  shards: number;
}

/** What the planner needs to know about rerunning tests; the adapters answer it. */
export interface TargetSource {
  targetFor(record: TestRecord, durationMs: number): RerunTarget | { refused: string };
  sharesProcess(a: RerunTarget, b: RerunTarget): boolean;
}

/**
 * go's report writers list failures first, so report order is not run order;
 * `go test` runs a package's tests in source order whatever -run selects, so
 * every test of the package is a candidate predecessor and go orders them.
 */
function reportOrderIsRunOrder(t: RerunTarget): boolean {
  return t.framework !== 'go';
}

export interface FailingTests {
  planned: Omit<PlannedTest, 'costMs'>[];
  refused: { testId: string; reason: string }[];
  /** Tests that both failed and passed in the head run already: proven nondeterministic, no rerun needed. */
  settled: { testId: string; reason: string }[];
}

/**
 * Every test that failed in the head reports, with the tests that preceded it
 * in its report (report order is run order, except for go: see above).
 */
export function failingTests(reports: ParsedReport[], source: TargetSource): FailingTests {
  const planned: FailingTests['planned'] = [];
  const refused: FailingTests['refused'] = [];
  const settled: FailingTests['settled'] = [];
  const seen = new Set<string>();
  // Outcomes across all reports: a test can be retried in another file of the run.
  const failed = new Map<string, number>();
  const passed = new Set<string>();
  for (const r of reports)
    for (const a of r.attempts) {
      if (a.outcome === 'failed' || a.outcome === 'error')
        failed.set(a.testId, Math.max(failed.get(a.testId) ?? 0, a.durationMs ?? 0));
      else if (a.outcome === 'passed') passed.add(a.testId);
    }
  for (const r of reports) {
    const order: { record: TestRecord; target: RerunTarget | null }[] = [];
    const reportTargets = new Set<string>();
    for (const rec of r.tests) {
      const durationMs = failed.get(rec.id) ?? durationOf(r, rec.id);
      const t = source.targetFor(rec, durationMs);
      const target = 'refused' in t ? null : t;
      order.push({ record: rec, target });
      if (!failed.has(rec.id) || seen.has(rec.id)) continue;
      seen.add(rec.id);
      if (passed.has(rec.id)) {
        settled.push({ testId: rec.id, reason: 'failed and passed in the head run already' });
        continue;
      }
      if (!target) {
        refused.push({ testId: rec.id, reason: (t as { refused: string }).refused });
        continue;
      }
      planned.push({ target, preceding: [] });
      reportTargets.add(target.testId);
    }
    // Predecessors once the whole report is known (go needs the tests after it too).
    const all = order.filter((o) => o.target).map((o) => o.target!);
    for (const p of planned) {
      if (!reportTargets.has(p.target.testId)) continue;
      const at = all.findIndex((x) => x.testId === p.target.testId);
      const before = reportOrderIsRunOrder(p.target) ? all.slice(0, at) : all;
      const preceding = before.filter(
        (x) => x.testId !== p.target.testId && source.sharesProcess(x, p.target),
      );
      p.preceding = preceding.slice(-MAX_PRECEDING);
    }
  }
  return { planned, refused, settled };
}

function durationOf(r: ParsedReport, testId: string): number {
  let d = 0;
  for (const a of r.attempts) if (a.testId === testId) d = Math.max(d, a.durationMs ?? 0);
  return d;
}

/** Cost of a test's reruns: K isolated runs, plus in-suite runs that replay its predecessors. */
export function costOf(
  t: Omit<PlannedTest, 'costMs'>,
  c: Pick<PlanChoices, 'rerunsK' | 'inSuiteK'>,
): number {
  const own = Math.max(MIN_DURATION_MS, t.target.durationMs);
  const before = t.preceding.reduce((s, p) => s + Math.max(MIN_DURATION_MS, p.durationMs), 0);
  return c.rerunsK * own + (t.preceding.length ? c.inSuiteK * (own + before) : 0);
}

/**
 * Longest-processing-time first: costliest test to the least-loaded shard.
 * Within 4/3 of optimal in the worst case, and close to the lower bound
 * max(total / N, costliest test) when there are many more tests than shards.
 */
export function shard(tests: PlannedTest[], shards: number): PlanShard[] {
  const n = Math.max(1, Math.min(shards, MAX_SHARDS, tests.length));
  if (tests.length === 0) return [];
  const out: PlanShard[] = Array.from({ length: n }, (_, i) => ({
    id: `s${i + 1}`,
    tests: [],
    costMs: 0,
  }));
  const sorted = [...tests].sort(
    (a, b) => b.costMs - a.costMs || a.target.testId.localeCompare(b.target.testId),
  );
  for (const t of sorted) {
    let best = out[0]!;
    for (const s of out) if (s.costMs < best.costMs) best = s;
    best.tests.push(t);
    best.costMs += t.costMs;
  }
  return out;
}

/** The lower bound no split can beat: the mean load, or the costliest single test. */
export function makespanLowerBound(tests: PlannedTest[], shards: number): number {
  const total = tests.reduce((s, t) => s + t.costMs, 0);
  const longest = tests.reduce((m, t) => Math.max(m, t.costMs), 0);
  return Math.max(total / Math.max(1, Math.min(shards, MAX_SHARDS)), longest);
}

/** What `strategy.matrix` takes: opaque shard ids only, never a test name. */
export function matrixOf(shards: PlanShard[]): { shard: string[] } {
  return { shard: shards.map((s) => s.id) };
}
