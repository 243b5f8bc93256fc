/**
 * What the triggering event says about where to read and where to report: the commit, the
 * workflow whose history counts, the run whose artifacts hold the reports, whether the pull
 * request comes from a fork. Pure functions over an `EventContext`; `readContext` is the only
 * part that touches the environment and the event file, so tests build contexts directly.
 */
import { readFileSync } from 'node:fs';

/** The parts of the Actions environment and the event payload the action uses. */
export interface EventContext {
  /** GITHUB_EVENT_NAME, e.g. `pull_request`, `push`, `workflow_run`. */
  eventName: string;
  /** The parsed event file (GITHUB_EVENT_PATH); `{}` when absent or unreadable. */
  payload: Record<string, unknown>;
  /** GITHUB_SHA: on pull_request events the merge commit, not the PR head. */
  sha: string;
  /** GITHUB_REPOSITORY, `owner/repo`. */
  repository: string;
  ref: string;
  runId: string;
  runAttempt: string;
  /** GITHUB_WORKFLOW_REF, `owner/repo/.github/workflows/ci.yml@refs/heads/main`. */
  workflowRef: string;
  serverUrl: string;
}

/**
 * Reads the context from the given environment. A missing or malformed event file leaves the
 * payload empty rather than failing: every reader below falls back to the environment values.
 */
export function readContext(env: Record<string, string | undefined>): EventContext {
  let payload: Record<string, unknown> = {};
  const path = env.GITHUB_EVENT_PATH;
  if (path) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (isRecord(parsed)) payload = parsed;
    } catch {
      // Unreadable event file: keep the empty payload (see above).
    }
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    sha: env.GITHUB_SHA ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    ref: env.GITHUB_REF ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    workflowRef: env.GITHUB_WORKFLOW_REF ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The value at a property path of the payload, or undefined if any step is missing. */
export function field(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

const text = (x: unknown): string | undefined =>
  typeof x === 'string' && x !== '' ? x : undefined;

const wholeNumber = (x: unknown): number | undefined => {
  const n = typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** pull_request, pull_request_target and the review events all carry `pull_request`. */
export function isPullRequestEvent(ctx: EventContext): boolean {
  return ctx.eventName.startsWith('pull_request');
}

/** `{ owner, repo }` from GITHUB_REPOSITORY, or null when it is not `owner/repo`. */
export function ownerRepo(ctx: EventContext): { owner: string; repo: string } | null {
  const m = /^([^/]+)\/([^/]+)$/.exec(ctx.repository);
  return m ? { owner: m[1]!, repo: m[2]! } : null;
}

/**
 * The commit to assess and report on. On pull_request events GITHUB_SHA is a merge commit that
 * nobody pushed (a check run there is invisible on the PR); under workflow_run it is the default
 * branch's head, while the reports belong to the triggering run's commit.
 */
export function headSha(ctx: EventContext): string {
  const sha = isPullRequestEvent(ctx)
    ? text(field(ctx.payload, 'pull_request', 'head', 'sha'))
    : ctx.eventName === 'workflow_run'
      ? text(field(ctx.payload, 'workflow_run', 'head_sha'))
      : undefined;
  return sha ?? ctx.sha;
}

/** `ci.yml` from `.github/workflows/ci.yml` (and from a ref-suffixed form). */
function fileName(path: string): string | undefined {
  const noRef = /^(.*?\.ya?ml)@/.exec(path)?.[1] ?? path;
  return text(noRef.slice(noRef.lastIndexOf('/') + 1));
}

/**
 * The workflow whose runs are history, as the runs API accepts it (file name or numeric id).
 * Under workflow_run that is the triggering workflow, not this reporting one: its runs hold
 * the test reports. Null when nothing names a workflow.
 */
export function workflowFile(ctx: EventContext): string | number | null {
  if (ctx.eventName === 'workflow_run') {
    const path = text(field(ctx.payload, 'workflow_run', 'path'));
    const fromPath = path === undefined ? undefined : fileName(path);
    return fromPath ?? wholeNumber(field(ctx.payload, 'workflow_run', 'workflow_id')) ?? null;
  }
  // The file name ends in .yml/.yaml; matching that before `@` keeps a branch name holding
  // `@` (git allows it) from being taken as part of the path.
  const m = /\.github\/workflows\/(.+?\.ya?ml)@/.exec(ctx.workflowRef);
  if (m) return fileName(m[1]!) ?? null;
  const at = ctx.workflowRef.indexOf('@');
  return fileName(at < 0 ? ctx.workflowRef : ctx.workflowRef.slice(0, at)) ?? null;
}

/**
 * The run whose artifacts hold the reports to assess: under workflow_run the triggering run
 * (this run only reports on it), otherwise this run. Null when neither is a run id.
 */
export function runToRead(ctx: EventContext): number | null {
  if (ctx.eventName === 'workflow_run') {
    const id = wholeNumber(field(ctx.payload, 'workflow_run', 'id'));
    if (id !== undefined) return id;
  }
  return wholeNumber(ctx.runId) ?? null;
}

/** The pull request number: of the event, or under workflow_run of the triggering run. */
export function pullNumber(ctx: EventContext): number | null {
  if (isPullRequestEvent(ctx)) {
    return wholeNumber(field(ctx.payload, 'pull_request', 'number')) ?? null;
  }
  if (ctx.eventName === 'workflow_run') {
    const prs = field(ctx.payload, 'workflow_run', 'pull_requests');
    if (Array.isArray(prs)) return wholeNumber(field(prs[0], 'number')) ?? null;
  }
  return null;
}

/**
 * A pull request from another repository: its token is read-only (no check run). A head repo
 * that is gone (a deleted fork) is a fork too. Compared by id when both have one, else by name,
 * case-insensitively as GitHub treats owner and repo names.
 */
export function isFork(ctx: EventContext): boolean {
  if (!isPullRequestEvent(ctx)) return false;
  const head = field(ctx.payload, 'pull_request', 'head', 'repo');
  const base = field(ctx.payload, 'pull_request', 'base', 'repo');
  if (!isRecord(base)) return false;
  if (!isRecord(head)) return true;
  const headId = wholeNumber(head.id);
  const baseId = wholeNumber(base.id);
  if (headId !== undefined && baseId !== undefined) return headId !== baseId;
  const name = (r: Record<string, unknown>) => text(r.full_name)?.toLowerCase();
  return name(head) !== name(base);
}
