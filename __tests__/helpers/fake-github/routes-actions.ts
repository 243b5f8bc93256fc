/** Actions REST routes: workflow runs, artifacts, jobs. */
import { paginate } from './paging.ts';
import { type Handler, int, json, notFound } from './route-types.ts';
import { ghError, artifact, job, workflowRun } from './shapes.ts';
import { runKnown, workflowFileName } from './state.ts';
import type { FakeRun } from './types.ts';

const STATUSES = new Set(['completed', 'in_progress', 'queued', 'requested', 'waiting', 'pending']);

/** `created` filter: `>=x`, `<=x`, `>x`, `<x`, `a..b` or a date (same day). */
function createdFilter(spec: string): (iso: string) => boolean {
  const t = (s: string) => (s === '*' ? NaN : Date.parse(s));
  const range = spec.split('..');
  if (range.length === 2) {
    const [from, to] = [t(range[0] ?? '*'), t(range[1] ?? '*')];
    // `*` leaves that side open.
    return (iso) => !(t(iso) < from) && !(t(iso) > to);
  }
  const m = /^(>=|<=|>|<)?(.*)$/.exec(spec);
  const op = m?.[1] ?? '';
  const at = t(m?.[2] ?? '');
  if (op === '>=') return (iso) => t(iso) >= at;
  if (op === '<=') return (iso) => t(iso) <= at;
  if (op === '>') return (iso) => t(iso) > at;
  if (op === '<') return (iso) => t(iso) < at;
  return (iso) => iso.slice(0, 10) === (m?.[2] ?? '').slice(0, 10);
}

const newestFirst = (a: FakeRun, b: FakeRun) =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id;

/** Runs of one workflow, oldest first, so run_number is the position + 1. */
function runsOf(runs: Iterable<FakeRun>, file: string): FakeRun[] {
  return [...runs]
    .filter((r) => workflowFileName(r.workflowFile) === file)
    .sort((a, b) => -newestFirst(a, b));
}

const listWorkflowRuns: Handler = (c) => {
  const wanted = c.params.workflow_id ?? '';
  const ids = c.state.workflowIds;
  const file = /^\d+$/.test(wanted)
    ? [...ids].find(([, id]) => id === Number(wanted))?.[0]
    : ids.has(wanted)
      ? wanted
      : undefined;
  if (file === undefined) return notFound();
  const q = c.url.searchParams;
  const all = runsOf(c.state.runs.values(), file);
  let runs = [...all].sort(newestFirst);
  const branch = q.get('branch');
  const event = q.get('event');
  const status = q.get('status');
  const headSha = q.get('head_sha');
  const created = q.get('created');
  const actor = q.get('actor');
  if (branch !== null) runs = runs.filter((r) => r.headBranch === branch);
  if (event !== null) runs = runs.filter((r) => r.event === event);
  if (status !== null)
    runs = runs.filter((r) =>
      STATUSES.has(status) ? r.status === status : r.conclusion === status,
    );
  if (headSha !== null) runs = runs.filter((r) => r.headSha === headSha);
  if (created !== null) {
    const fits = createdFilter(created);
    runs = runs.filter((r) => fits(r.createdAt));
  }
  if (actor !== null) runs = runs.filter(() => actor === 'github-actions[bot]');
  // GitHub returns at most 1,000 runs for a filtered query.
  if ([branch, event, status, headSha, created, actor].some((f) => f !== null))
    runs = runs.slice(0, 1000);
  const page = paginate(runs, c.url);
  const exclude = q.get('exclude_pull_requests') === 'true';
  const workflowId = ids.get(file) ?? 0;
  return json(
    200,
    {
      total_count: runs.length,
      workflow_runs: page.items.map((r) =>
        workflowRun(c.site, r, workflowId, all.indexOf(r) + 1, exclude),
      ),
    },
    page.link,
  );
};

const getWorkflowRun: Handler = (c) => {
  const run = c.state.runs.get(int(c.params.run_id));
  if (!run) return notFound();
  const file = workflowFileName(run.workflowFile);
  const number = runsOf(c.state.runs.values(), file).indexOf(run) + 1;
  const exclude = c.url.searchParams.get('exclude_pull_requests') === 'true';
  return json(200, workflowRun(c.site, run, c.state.workflowIds.get(file) ?? 0, number, exclude));
};

const listRunArtifacts: Handler = (c) => {
  const runId = int(c.params.run_id);
  if (!runKnown(c.state, runId)) return notFound();
  const name = c.url.searchParams.get('name');
  // Stored oldest first; GitHub's default direction is desc (newest first).
  const list = c.state.artifacts.filter(
    (a) => a.runId === runId && (name === null || a.name === name),
  );
  if (c.url.searchParams.get('direction') !== 'asc') list.reverse();
  const page = paginate(list, c.url);
  const run = c.state.runs.get(runId);
  return json(
    200,
    {
      total_count: list.length,
      artifacts: page.items.map((a) =>
        artifact(c.site, a, run, c.state.artifactCreatedAt.get(a.id) ?? run?.createdAt ?? ''),
      ),
    },
    page.link,
  );
};

const downloadArtifact: Handler = (c) => {
  const a = c.state.artifacts.find((x) => x.id === int(c.params.artifact_id));
  if (!a || c.params.archive_format !== 'zip') return notFound();
  if (a.expired)
    return json(
      410,
      ghError(
        'Artifact has expired',
        'https://docs.github.com/rest/actions/artifacts#download-an-artifact',
      ),
    );
  return { status: 302, headers: { location: c.downloadUrl(a.id) } };
};

const listJobs: Handler = (c) => {
  const runId = int(c.params.run_id);
  if (!runKnown(c.state, runId)) return notFound();
  const jobs = c.state.jobs.get(runId) ?? [];
  const page = paginate(jobs, c.url);
  const run = c.state.runs.get(runId);
  return json(
    200,
    { total_count: jobs.length, jobs: page.items.map((j) => job(c.site, run, runId, j)) },
    page.link,
  );
};

export const actionsRoutes: Record<string, Handler> = {
  'actions/list-workflow-runs': listWorkflowRuns,
  'actions/get-workflow-run': getWorkflowRun,
  'actions/list-workflow-run-artifacts': listRunArtifacts,
  'actions/download-artifact': downloadArtifact,
  'actions/list-jobs-for-workflow-run': listJobs,
};
