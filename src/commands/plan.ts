/**
 * `flakegate plan`: the failing tests of the head reports, how each is rerun,
 * and their split into shards for a workflow matrix.
 */
import type { LoadOptions } from '../ingest/load.ts';
import type { Framework, PlannedTest, RerunPlan } from '../model/index.ts';
import { sharesProcess } from '../rerun/adapters.ts';
import { costOf, failingTests, makespanLowerBound, matrixOf, shard } from '../rerun/plan.ts';
import { targetFor } from '../rerun/select.ts';
import { loadHead, type Warnings } from './assess-inputs.ts';
import { repoFacts } from './repo-facts.ts';

export interface PlanOptions extends LoadOptions {
  reports: string[];
  shards: number;
  rerunsK: number;
  inSuiteK: number;
  /** `--rerun-command`: an argv template used for every test. */
  template?: string[];
  /** `--framework`: overrides the adapter chosen from the dialect. */
  framework?: Framework;
  cwd: string;
}

export interface PlanResult {
  plan: RerunPlan;
  matrix: { shard: string[] };
  /** No split can finish sooner than this (ms of rerun work on the busiest shard). */
  lowerBoundMs: number;
  missing: string[];
}

export async function planCommand(o: PlanOptions, w: Warnings): Promise<PlanResult> {
  const { head, files, missing } = await loadHead(o.reports, { ...o, cwd: o.cwd, root: o.cwd }, w);
  const reports = head.attempts.flatMap((a) => a.reports);
  for (const r of reports) if (r.error) w.warn(`${r.file}: ${r.error.message}`);
  if (files.length === 0) w.warn(`no report matched ${o.reports.join(', ')}`);
  const repo = repoFacts(o.cwd);
  const found = failingTests(reports, {
    targetFor: (rec, d) => targetFor(rec, d, repo, o.framework),
    sharesProcess,
  });
  const planned: PlannedTest[] = found.planned.map((t) => ({
    ...t,
    preceding: o.inSuiteK > 0 ? t.preceding : [],
    costMs: 0,
  }));
  for (const t of planned) t.costMs = costOf(t, o);
  const shards = shard(planned, o.shards);
  const plan: RerunPlan = {
    version: 1,
    rerunsK: o.rerunsK,
    inSuiteK: o.inSuiteK,
    ...(o.template ? { template: o.template } : {}),
    shards,
    refused: found.refused,
    settled: found.settled,
    reports: files,
  };
  return {
    plan,
    matrix: matrixOf(shards),
    lowerBoundMs: makespanLowerBound(planned, o.shards),
    missing,
  };
}
