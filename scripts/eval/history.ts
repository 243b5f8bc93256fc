/**
 * The base-branch history of one case: `n` runs of the workflow on main, each
 * with one report per shard, drawn from the same test natures as the head.
 * Realistic noise the engine must survive: job re-runs (attempt 2 of a run,
 * re-running only the shards that failed; usual after an infrastructure
 * failure), occasional infrastructure failures of a whole shard, tests added
 * part-way through the window, and now and then an unreadable report.
 */
import type { RunInfo } from '../../src/model/assess-input.ts';
import type { ParsedReport } from '../../src/model/report.ts';
import { INFRA_KINDS, runShard, shardTests, type Exec } from './behaviour.ts';
import type { Rng } from './prng.ts';
import { buildReport, damageReport } from './reports.ts';
import type { Repo, SimTest } from './repo.ts';

export interface HistoryRun {
  run: RunInfo;
  reports: ParsedReport[];
}

export interface SimHistory {
  runs: HistoryRun[];
  /** Test id -> number of history runs (attempt 1) in which it failed, read or not. */
  failCounts: Map<string, number>;
}

export const HISTORY_START = Date.UTC(2025, 0, 6, 8, 0, 0);
const HOUR = 3_600_000;

export interface HistoryOptions {
  infraRate: number;
  unreadableRate: number;
}

export const DEFAULT_HISTORY_OPTIONS: HistoryOptions = { infraRate: 0.02, unreadableRate: 0.01 };

export function makeHistory(
  rng: Rng,
  repo: Repo,
  n: number,
  opts: HistoryOptions = DEFAULT_HISTORY_OPTIONS,
): SimHistory {
  const byShard = shardTests(repo.files, repo.shards);
  const runs: HistoryRun[] = [];
  const failCounts = new Map<string, number>();
  const joins = new Set(repo.tests.map((t) => t.since));
  let present: SimTest[][] = [];
  let presentRecords: ParsedReport['tests'][] = [];
  for (let r = 0; r < n; r++) {
    const runId = String(9_100_000 + r * 17);
    const base: RunInfo = {
      runId,
      attempt: 1,
      sha: rng.hex(40),
      branch: 'main',
      createdAt: new Date(HISTORY_START + r * 3 * HOUR).toISOString(),
      event: 'push',
    };
    const ex: Exec = { rng, runIndex: r, historyRuns: n };
    // Tests added part-way through the window join at their `since` run.
    if (r === 0 || joins.has(r)) {
      present = byShard.map((tests) => tests.filter((t) => t.since <= r));
      presentRecords = present.map(records);
    }
    const infraShard = rng.chance(opts.infraRate) ? rng.int(repo.shards) : -1;
    const infraKind = rng.pick(INFRA_KINDS);
    const failedShards: number[] = [];
    const reports1 = present.map((tests, s) => {
      const infra =
        s === infraShard
          ? { from: rng.int(Math.max(1, tests.length - 10)), kind: infraKind }
          : undefined;
      const run = runShard(tests, ex, repo.retries, infra);
      if (run.failures.size > 0) failedShards.push(s);
      for (const id of run.failures.keys()) failCounts.set(id, (failCounts.get(id) ?? 0) + 1);
      return buildReport(
        `history/${runId}/1/shard-${s + 1}/junit.xml`,
        presentRecords[s] ?? [],
        run.attempts,
      );
    });
    runs.push({ run: base, reports: reports1.map((rep) => maybeDamage(rep, rng, opts)) });
    // "Re-run failed jobs": people do it mostly after an infrastructure failure.
    if (failedShards.length > 0 && rng.chance(infraShard >= 0 ? 0.6 : 0.25)) {
      const reports2 = failedShards.map((s) => {
        const tests = present[s] ?? [];
        const run = runShard(tests, ex, repo.retries);
        return buildReport(
          `history/${runId}/2/shard-${s + 1}/junit.xml`,
          presentRecords[s] ?? [],
          run.attempts,
        );
      });
      runs.push({
        run: {
          ...base,
          attempt: 2,
          createdAt: new Date(HISTORY_START + (r * 3 + 1) * HOUR).toISOString(),
        },
        reports: reports2.map((rep) => maybeDamage(rep, rng, opts)),
      });
    }
  }
  return { runs, failCounts };
}

function records(tests: readonly SimTest[]): ParsedReport['tests'] {
  return tests.map((t) => t.record);
}

function maybeDamage(report: ParsedReport, rng: Rng, opts: HistoryOptions): ParsedReport {
  return rng.chance(opts.unreadableRate) ? damageReport(report, rng).report : report;
}
