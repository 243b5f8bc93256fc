/**
 * The action's four commands. Each reads its inputs, calls the same
 * commands/ the CLI calls, and leaves GitHub-specific I/O (artifacts, check
 * run, outputs) to the modules beside it.
 */
import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import { loadConfig } from '../config/load.ts';
import { assessOffThread } from '../commands/jobs.ts';
import { loadPlan, writePlan } from '../commands/plan-file.ts';
import { planCommand } from '../commands/plan.ts';
import { COMPACT_FILE, compactToJson } from '../ingest/compact-json.ts';
import type { CompactReport, RerunPlan, RunInfo } from '../model/index.ts';
import { renderSummary, SUMMARY_MAX_CHARS } from '../report/summary.ts';
import { mdText, truncate } from '../report/escape.ts';
import { runShard, type ShardOptions } from '../rerun/runner.ts';
import {
  downloadArtifact,
  listRunArtifacts,
  uploadArtifact,
  type ArtifactRef,
  type DownloadLimits,
  type Repo,
} from './artifacts.ts';
import { changedFiles } from './changed.ts';
import type { BudgetedClient } from './client.ts';
import { headSha, isFork, runToRead, workflowFile, type EventContext } from './event.ts';
import {
  fetchHistory,
  historyCompactDir,
  historyRunsDir,
  HISTORY_ARTIFACT,
  type HistoryStats,
} from './history.ts';
import type { ActionInputs } from './inputs.ts';
import { publishVerdict } from './publish.ts';

export const PLAN_ARTIFACT = 'flakegate-plan';
export const RERUN_ARTIFACT_PREFIX = 'flakegate-rerun-';

export interface StepEnv {
  inputs: ActionInputs;
  ctx: EventContext;
  repo: Repo;
  api: BudgetedClient;
  /** The checkout (GITHUB_WORKSPACE). */
  workspace: string;
  /** A fresh folder of this step under RUNNER_TEMP. */
  work: string;
}

/** Archives from other runs are size-checked before download and while unzipping. */
export const LIMITS: DownloadLimits = {
  // Report archives are small; a bigger one is refused before it is downloaded.
  maxZipBytes: 256 * 1024 * 1024,
  // Counted as bytes actually inflated: a zip bomb stops here (the report size cap is the same).
  maxBytes: 256 * 1024 * 1024,
  maxEntries: 10_000,
  timeoutS: 300,
};

const warn = (m: string) => core.warning(m);
const info = (m: string) => core.info(m);

async function localReports(e: StepEnv): Promise<string[]> {
  return glob(e.inputs.reports, {
    cwd: e.workspace,
    // Workspace-relative: that is how the summary names a report.
    absolute: false,
    dot: false,
    ignore: ['**/node_modules/**', '**/.git/**'],
  });
}

async function plan(e: StepEnv, reports: string[], shards: number): Promise<RerunPlan> {
  const res = await planCommand(
    {
      reports,
      cwd: e.workspace,
      shards,
      rerunsK: e.inputs.reruns,
      inSuiteK: e.inputs.inSuiteReruns,
      ...(e.inputs.rerunCommand ? { template: e.inputs.rerunCommand } : {}),
    },
    { warn: info },
  );
  return res.plan;
}

export async function planStep(e: StepEnv): Promise<void> {
  const reports = await localReports(e);
  if (reports.length === 0) warn(`no report matches ${e.inputs.reports.join(', ')}`);
  const p = await plan(e, reports.length ? reports : e.inputs.reports, e.inputs.shards);
  const file = path.join(e.work, 'plan.json');
  await writePlan(file, p);
  const tests = p.shards.reduce((n, s) => n + s.tests.length, 0);
  if (tests > 0) await uploadArtifact(PLAN_ARTIFACT, [file], e.work);
  core.setOutput('matrix', JSON.stringify({ shard: p.shards.map((s) => s.id) }));
  core.setOutput('has-failures', tests > 0 ? 'true' : 'false');
  info(`flakegate: ${tests} failing test(s) to rerun in ${p.shards.length} shard(s)`);
}

/** Downloads this run's artifacts whose names match into dir/<name>; returns the folders. */
/** Artifacts of the run being assessed that could not be had: named in the verdict as unreadable. */
const lostArtifacts: { file: string; error: string }[] = [];

/** Downloads this run's artifacts whose names match into dir/<name>; returns the folders. */
async function thisRunArtifacts(e: StepEnv, pattern: string, dir: string): Promise<string[]> {
  const runId = runToRead(e.ctx);
  if (runId === null) return [];
  const all = await runArtifacts(e, runId);
  const match = picomatch(pattern, { dot: true });
  const out: string[] = [];
  for (const a of all.filter((x) => match(x.name))) {
    const res = await downloadArtifact(
      e.api.client,
      e.repo,
      a,
      path.join(dir, safeName(a.name)),
      LIMITS,
    );
    if (res.ok) out.push(res.dir);
    else {
      warn(res.message);
      lostArtifacts.push({ file: `artifact ${a.name} (run ${runId})`, error: res.message });
    }
  }
  return out;
}

/** One listing of the run's artifacts serves the plan, the shards and the reports. */
let listing: { runId: number; artifacts: Promise<ArtifactRef[]> } | undefined;
function runArtifacts(e: StepEnv, runId: number): Promise<ArtifactRef[]> {
  if (listing?.runId !== runId) {
    const artifacts = listRunArtifacts(e.api.client, e.repo, runId, '*').catch((err: Error) => {
      // This run's artifacts are optional inputs (plan, shard results): say so, go on.
      warn(`cannot list the artifacts of run ${runId}: ${err.message}`);
      return [];
    });
    listing = { runId, artifacts };
  }
  return listing.artifacts;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'artifact';
}

function shardOptions(e: StepEnv, p: RerunPlan, shardId: string, out: string): ShardOptions {
  return {
    plan: p,
    shardId,
    out,
    cwd: e.workspace,
    timeoutMs: e.inputs.rerunTimeoutS * 1000,
    rerunsK: p.rerunsK,
    inSuiteK: p.inSuiteK,
    budgetMs: e.inputs.rerunBudgetS * 1000,
    // A polluter search may take a quarter of the budget, two minutes at most.
    polluterBudgetMs: Math.min(120, e.inputs.rerunBudgetS / 4) * 1000,
    headCommit: headSha(e.ctx),
  };
}

export async function rerunStep(e: StepEnv): Promise<void> {
  const dirs = await thisRunArtifacts(e, PLAN_ARTIFACT, path.join(e.work, 'plan'));
  if (dirs.length === 0)
    throw new Error(`this run has no ${PLAN_ARTIFACT} artifact: run the plan command first`);
  const p = await loadPlan(path.join(dirs[0]!, 'plan.json'));
  const out = path.join(e.work, 'reruns');
  await mkdir(out, { recursive: true });
  const summary = await runShard(shardOptions(e, p, e.inputs.shard!, out));
  const files = await glob('**/*', { cwd: out, absolute: true, onlyFiles: true });
  await uploadArtifact(`${RERUN_ARTIFACT_PREFIX}${summary.shard}`, files, out);
  info(
    `shard ${summary.shard}: ${summary.tests.length} test(s), ${summary.attempts} attempt(s); early stopping saved ${summary.attemptsSaved} attempt(s), about ${summary.secondsSaved} s`,
  );
}

/** `check`: this job's reports, reruns here, then assess. `assess`: reports, plan and reruns from artifacts. */
export async function assessStep(e: StepEnv, mode: 'check' | 'assess'): Promise<void> {
  const loaded = await loadConfig({ cwd: e.workspace });
  if (loaded.errors.length) throw new Error(loaded.errors.join('\n'));
  const config = loaded.config;
  config.reruns.isolated = e.inputs.reruns;

  let reports = await localReports(e);
  let reruns: string | undefined;
  let planFile: string | undefined;
  if (mode === 'check') {
    if (reports.length === 0) warn(`no report matches ${e.inputs.reports.join(', ')}`);
    const p = await plan(e, reports, 1);
    const tests = p.shards[0]?.tests.length ?? 0;
    if (tests > 0) {
      reruns = path.join(e.work, 'reruns');
      planFile = path.join(e.work, 'plan.json');
      await writePlan(planFile, p);
      const s = await runShard(shardOptions(e, p, 's1', reruns));
      info(
        `reran ${tests} failing test(s): ${s.attempts} attempt(s) in ${(s.elapsedMs / 1000).toFixed(1)} s; early stopping saved ${s.attemptsSaved} attempt(s)`,
      );
    }
  } else {
    if (reports.length === 0)
      reports = await thisRunArtifacts(e, e.inputs.artifact, path.join(e.work, 'head'));
    const planDirs = await thisRunArtifacts(e, PLAN_ARTIFACT, path.join(e.work, 'plan'));
    if (planDirs.length) planFile = path.join(planDirs[0]!, 'plan.json');
    const shardDirs = await thisRunArtifacts(
      e,
      `${RERUN_ARTIFACT_PREFIX}*`,
      path.join(e.work, 'reruns'),
    );
    if (shardDirs.length) reruns = path.join(e.work, 'reruns');
  }

  // No report at all is never a pass: the tests may have crashed before writing one.
  if (reports.length === 0)
    lostArtifacts.push({
      file: e.inputs.reports.join(', '),
      error: `no report matches (nor any ${e.inputs.artifact} artifact of the run): did the tests run?`,
    });

  // History, and the change set.
  const historyDir = path.join(e.work, 'history');
  const branch = e.inputs.historyBranch ?? defaultBranch(e.ctx);
  const workflow = workflowFile(e.ctx);
  let stats: HistoryStats | null = null;
  if (workflow !== null && e.inputs.historyRuns > 0) {
    stats = await fetchHistory(
      e.api.client,
      e.repo,
      {
        workflow,
        branch,
        runs: e.inputs.historyRuns,
        artifact: e.inputs.artifact,
        currentRunId: runToRead(e.ctx) ?? 0,
        dest: historyDir,
        limits: LIMITS,
        budget: e.inputs.requestBudget,
        spent: e.api.spent,
      },
      warn,
    );
  }
  const changed = await changedFiles(e.api.client, e.ctx);
  if (changed.files === null)
    info(`changed files unknown (${changed.note ?? changed.source}): proximity is "unknown"`);

  const compacts = new Map<string, { run: RunInfo; reports: CompactReport[] }>();
  const onHistoryCompact = (run: RunInfo, r: CompactReport) => {
    const key = `${run.runId}-${run.attempt}`;
    const entry = compacts.get(key) ?? { run, reports: [] };
    entry.reports.push(r);
    compacts.set(key, entry);
  };
  const sha = headSha(e.ctx);
  // Only a run on the history branch writes the next history artifact: other
  // runs need no compact reports (off the main thread, each is copied across).
  const keepHistory = onHistoryBranch(e.ctx, branch) && !isFork(e.ctx);
  const result = await assessOffThread(
    {
      reports: reports.length ? reports : e.inputs.reports,
      cwd: e.workspace,
      config,
      headSha: sha,
      ...(stats
        ? {
            history: [historyRunsDir(historyDir), historyCompactDir(historyDir)].filter((d) =>
              existsSync(d),
            ),
          }
        : {}),
      ...(keepHistory ? { onHistoryCompact, compactHead: true } : {}),
      ...(reruns ? { reruns } : {}),
      ...(planFile ? { plan: planFile } : {}),
      changedList: changed.files,
      extraUnreadable: lostArtifacts,
    },
    { warn: info },
  );
  for (const u of result.verdict.inputs.unreadable) warn(`${u.file}: unreadable: ${u.error}`);
  const note = historyNote(stats, branch, e.api, e.inputs.requestBudget);
  const summary =
    renderSummary(result.verdict, { maxChars: SUMMARY_MAX_CHARS - note.length - 2 }) + '\n' + note;
  await publishVerdict(e.api.client, {
    verdict: result.verdict,
    summary,
    verdictPath: path.join(e.work, 'verdict.json'),
    repo: e.repo,
    headSha: sha,
    checkName: e.inputs.checkName,
    checkRunId: e.inputs.checkRunId,
    failOn: e.inputs.failOn,
    workspace: e.workspace,
  });
  if (keepHistory) {
    const thisRun: RunInfo = {
      runId: String(runToRead(e.ctx) ?? e.ctx.runId),
      attempt: Number(e.ctx.runAttempt) || 1,
      sha,
      branch,
      createdAt: new Date().toISOString(),
      event: e.ctx.eventName,
    };
    const reportsOfRun = result.headCompacts ?? [];
    compacts.set(`${thisRun.runId}-${thisRun.attempt}`, { run: thisRun, reports: reportsOfRun });
    await uploadHistory(e, [...compacts.values()]).catch((err: Error) =>
      warn(`could not upload the ${HISTORY_ARTIFACT} artifact: ${err.message}`),
    );
  }
}

/** The window of runs, compact, as the next assessment's starting point. */
async function uploadHistory(
  e: StepEnv,
  runs: { run: RunInfo; reports: CompactReport[] }[],
): Promise<void> {
  const time = (r: RunInfo) => Date.parse(r.createdAt ?? '') || 0;
  const keep = runs.sort((a, b) => time(a.run) - time(b.run)).slice(-e.inputs.historyRuns - 1);
  const root = path.join(e.work, 'history-out');
  const files: string[] = [];
  for (const { run, reports } of keep) {
    const dir = path.join(root, `run-${safeName(run.runId)}-${run.attempt}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'flakegate-run.json'), JSON.stringify(run) + '\n');
    await writeFile(path.join(dir, COMPACT_FILE), compactToJson(reports));
    files.push(path.join(dir, 'flakegate-run.json'), path.join(dir, COMPACT_FILE));
  }
  await uploadArtifact(HISTORY_ARTIFACT, files, root, 30);
  info(`uploaded ${HISTORY_ARTIFACT} with ${keep.length} run(s)`);
}

function defaultBranch(ctx: EventContext): string {
  const b = (ctx.payload.repository as { default_branch?: unknown } | undefined)?.default_branch;
  return typeof b === 'string' && b ? b : 'main';
}

/** Only runs on the history branch itself (not pull requests) write the history artifact. */
function onHistoryBranch(ctx: EventContext, branch: string): boolean {
  if (ctx.eventName === 'push') return ctx.ref === `refs/heads/${branch}`;
  if (ctx.eventName === 'workflow_run') {
    const r = ctx.payload.workflow_run as { head_branch?: unknown; event?: unknown } | undefined;
    return r?.head_branch === branch && r?.event === 'push';
  }
  return false;
}

function historyNote(
  s: HistoryStats | null,
  branch: string,
  api: BudgetedClient,
  budget: number,
): string {
  if (!s) return '<sub>History: none read (no workflow file or history-runs is 0).</sub>\n';
  const parts = [
    `${s.runs} earlier run(s) of ${mdText(branch)}`,
    s.fromHistoryArtifact ? `${s.fromHistoryArtifact} from the ${HISTORY_ARTIFACT} artifact` : '',
    s.downloaded ? `${s.downloaded} downloaded` : '',
    s.expired ? `${s.expired} expired artifact(s) skipped` : '',
    s.withoutArtifacts ? `${s.withoutArtifacts} run(s) without report artifacts` : '',
    s.unavailable ? `${s.unavailable} unavailable` : '',
    s.budgetSpent ? `request budget (${budget}) spent: history cut short` : '',
  ].filter(Boolean);
  // The archives that could not be used are named (escaped: names come from other runs).
  const shown = s.unreadable.slice(0, 5).map((m) => `<sub>${mdText(truncate(m, 300))}</sub>`);
  const more = s.unreadable.length > 5 ? [`<sub>and ${s.unreadable.length - 5} more</sub>`] : [];
  return [
    `<sub>History: ${parts.join('; ')}. REST requests: ${api.spent()}.</sub>`,
    ...shown,
    ...more,
    '',
  ].join('\n\n');
}
