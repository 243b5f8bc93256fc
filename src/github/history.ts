/**
 * History from the artifacts of earlier runs of this workflow on the history
 * branch. Incremental: the newest run that carries a `flakegate-history`
 * artifact (written by assess on the history branch) stands for itself and
 * every run before it, so at steady state only the runs after it are read.
 *
 * Every failure (expired, missing, corrupt, rate limit, spent budget) is
 * counted and the verdict goes on with the history it has.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { RunInfo } from '../model/index.ts';
import {
  downloadArtifact,
  listRunArtifacts,
  type ArtifactRef,
  type DownloadLimits,
  type Repo,
} from './artifacts.ts';
import { BudgetExhausted, type Client } from './client.ts';

export const HISTORY_ARTIFACT = 'flakegate-history';
const RUN_FILE = 'flakegate-run.json';
/** Runs whose artifacts are listed at once; the newest alone first (it usually has the history artifact). */
const BATCH = 4;

/** Where downloaded runs go (one folder each), and where the history artifact's runs go. */
export const historyRunsDir = (dest: string): string => path.join(dest, 'runs');
export const historyCompactDir = (dest: string): string => path.join(dest, 'compact');

export interface HistoryQuery {
  workflow: string | number;
  branch: string;
  runs: number;
  artifact: string;
  /** This run: never its own history. */
  currentRunId: number;
  dest: string;
  /** Most REST requests history may take (counted on the client, retries included). */
  budget: number;
  spent: () => number;
  limits: DownloadLimits;
}

export interface HistoryStats {
  /** Runs the verdict can learn from (from the history artifact and downloaded). */
  runs: number;
  fromHistoryArtifact: number;
  downloaded: number;
  expired: number;
  withoutArtifacts: number;
  unavailable: number;
  budgetSpent: boolean;
  notes: string[];
  /** Why each unavailable archive could not be used (corrupt, truncated, too large, ...). */
  unreadable: string[];
}

/** Before each history request: stop once the history's share of the budget is spent. */
function guard(q: HistoryQuery): void {
  if (q.spent() >= q.budget) throw new BudgetExhausted(q.budget);
}

export async function fetchHistory(
  client: Client,
  repo: Repo,
  q: HistoryQuery,
  warn: (m: string) => void,
): Promise<HistoryStats> {
  const stats: HistoryStats = {
    runs: 0,
    fromHistoryArtifact: 0,
    downloaded: 0,
    expired: 0,
    withoutArtifacts: 0,
    unavailable: 0,
    budgetSpent: false,
    notes: [],
    unreadable: [],
  };
  if (q.runs <= 0) return stats;
  await mkdir(historyRunsDir(q.dest), { recursive: true });
  try {
    const runs = await listRuns(client, repo, q);
    let i = 0;
    let batch = 1;
    while (i < runs.length) {
      // Never more requests in flight than the budget has left.
      guard(q);
      const slice = runs.slice(i, i + Math.min(batch, q.budget - q.spent()));
      i += slice.length;
      batch = BATCH;
      const listed = await Promise.all(
        slice.map(async (run) => ({
          run,
          artifacts: await Promise.resolve()
            .then(() => guard(q))
            .then(() => listRunArtifacts(client, repo, run.id, '*'))
            .catch((e: unknown) => {
              if (e instanceof BudgetExhausted) throw e;
              warn(`run ${run.id}: cannot list its artifacts: ${(e as Error).message}`);
              stats.unavailable++;
              return null;
            }),
        })),
      );
      // Newest first: runs older than one carrying the history artifact are inside it.
      let stop = false;
      const take: { run: RunRef; artifacts: ArtifactRef[] }[] = [];
      for (const { run, artifacts } of listed) {
        if (stop || !artifacts) continue;
        const hist = artifacts.find((a) => a.name === HISTORY_ARTIFACT && !a.expired);
        if (hist) {
          const n = await takeHistoryArtifact(client, repo, hist, q, warn);
          if (n !== null) {
            // It holds this run and every run before it in the window.
            stats.fromHistoryArtifact = n;
            stop = true;
            continue;
          }
        }
        take.push({ run, artifacts });
      }
      // The batch's downloads run together: concurrency is bounded by the batch size.
      const settled = await Promise.allSettled(
        take.map(({ run, artifacts }) => takeRun(client, repo, run, artifacts, q, stats, warn)),
      );
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      if (stop) break;
    }
  } catch (e) {
    if (!(e instanceof BudgetExhausted)) throw e;
    stats.budgetSpent = true;
    stats.notes.push(`${e.message}: the verdict rests on the history read until then`);
    warn(stats.notes[stats.notes.length - 1]!);
  }
  stats.runs = stats.fromHistoryArtifact + stats.downloaded;
  return stats;
}

interface RunRef {
  id: number;
  attempt: number;
  sha: string;
  branch: string;
  createdAt: string;
  event: string;
}

async function listRuns(client: Client, repo: Repo, q: HistoryQuery): Promise<RunRef[]> {
  const out: RunRef[] = [];
  const perPage = Math.min(100, q.runs + 1);
  for (let page = 1; out.length < q.runs && page <= 10; page++) {
    guard(q);
    const res = await client.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: q.workflow,
      branch: q.branch,
      status: 'completed',
      exclude_pull_requests: true,
      per_page: perPage,
      page,
    });
    for (const r of res.data.workflow_runs) {
      // Cancelled and skipped runs carry partial or no reports.
      if (r.id === q.currentRunId || r.conclusion === 'cancelled' || r.conclusion === 'skipped')
        continue;
      if (out.length < q.runs)
        out.push({
          id: r.id,
          attempt: r.run_attempt ?? 1,
          sha: r.head_sha,
          branch: r.head_branch ?? q.branch,
          createdAt: r.created_at,
          event: r.event,
        });
    }
    if (res.data.workflow_runs.length < perPage) break;
  }
  return out;
}

/** Downloads one run's report artifacts into its own folder with its flakegate-run.json. */
async function takeRun(
  client: Client,
  repo: Repo,
  run: RunRef,
  artifacts: ArtifactRef[],
  q: HistoryQuery,
  stats: HistoryStats,
  warn: (m: string) => void,
): Promise<void> {
  const match = picomatch(q.artifact, { dot: true });
  const wanted = artifacts.filter((a) => match(a.name));
  if (wanted.length === 0) {
    stats.withoutArtifacts++;
    return;
  }
  const dir = path.join(historyRunsDir(q.dest), `run-${run.id}-${run.attempt}`);
  let got = 0;
  for (const [j, a] of wanted.entries()) {
    guard(q);
    const res = await downloadArtifact(client, repo, a, path.join(dir, `a${j + 1}`), q.limits);
    if (res.ok) got++;
    else if (res.reason === 'expired') stats.expired++;
    else {
      stats.unavailable++;
      stats.unreadable.push(res.message);
      warn(res.message);
    }
  }
  if (got === 0) return;
  const info: RunInfo = {
    runId: String(run.id),
    attempt: run.attempt,
    sha: run.sha,
    branch: run.branch,
    createdAt: run.createdAt,
    event: run.event,
  };
  await writeFile(path.join(dir, RUN_FILE), JSON.stringify(info) + '\n');
  stats.downloaded++;
}

/** The compact history artifact: its run folders join the history as they are. Returns its run count. */
async function takeHistoryArtifact(
  client: Client,
  repo: Repo,
  a: ArtifactRef,
  q: HistoryQuery,
  warn: (m: string) => void,
): Promise<number | null> {
  const res = await downloadArtifact(
    client,
    repo,
    a,
    path.join(q.dest, 'history-artifact'),
    q.limits,
  );
  if (!res.ok) {
    warn(`${res.message}; reading the runs themselves instead`);
    return null;
  }
  const runs = new Set(
    res.files.filter((f) => path.basename(f) === RUN_FILE).map((f) => path.dirname(f)),
  );
  return runs.size;
}
