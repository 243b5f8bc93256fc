/**
 * The files the assessed change touches, from the REST API. The contract: a list only when it
 * is complete, else null ("unknown"). A partial list would read as "this test's code did not
 * change" and lower risk; unknown keeps the engine careful. So caps, missing data and every
 * error give null with a note, and nothing here throws.
 */
import type { Client } from './client.ts';
import { type EventContext, field, isPullRequestEvent, ownerRepo, pullNumber } from './event.ts';

export interface ChangedFiles {
  /** Repo-relative paths, or null when the change set is unknown. */
  files: string[] | null;
  /** Where the list came from (or would have), e.g. `pull request #12`. */
  source: string;
  /** Why the list is unknown, for a log line. */
  note?: string;
}

/** GitHub lists at most this many files of a pull request. */
export const PULL_FILES_MAX = 3000;
/** The compare API lists at most this many files. */
export const COMPARE_FILES_MAX = 300;

const ZERO_SHA = /^0+$/;

export async function changedFiles(client: Client, ctx: EventContext): Promise<ChangedFiles> {
  const repo = ownerRepo(ctx);
  if (!repo) {
    return unknown(
      'none',
      `GITHUB_REPOSITORY is not owner/repo: ${JSON.stringify(ctx.repository)}`,
    );
  }
  const pr = pullNumber(ctx);
  if (isPullRequestEvent(ctx) || (ctx.eventName === 'workflow_run' && pr !== null)) {
    if (pr === null) return unknown('pull request', 'the event names no pull request number');
    // The event's own pull request says how many files it has; workflow_run's list does not.
    const total = isPullRequestEvent(ctx)
      ? field(ctx.payload, 'pull_request', 'changed_files')
      : null;
    return pullFiles(client, repo, pr, typeof total === 'number' ? total : null);
  }
  if (ctx.eventName === 'push') return pushFiles(client, repo, ctx);
  if (ctx.eventName === 'workflow_run') {
    // Fork pull requests are not listed in workflow_run.pull_requests, and a push has no
    // "before" here: nothing to compare against.
    return unknown('workflow_run', 'the triggering run names no pull request');
  }
  return unknown(
    ctx.eventName || 'none',
    `the ${ctx.eventName || 'unknown'} event has no change set`,
  );
}

async function pullFiles(
  client: Client,
  repo: { owner: string; repo: string },
  pull: number,
  total: number | null,
): Promise<ChangedFiles> {
  const source = `pull request #${pull}`;
  let rows: { filename: string; previous_filename?: string }[];
  try {
    rows = await client.paginate(client.rest.pulls.listFiles, {
      ...repo,
      pull_number: pull,
      per_page: 100,
    });
  } catch (e) {
    return unknown(source, `listing its files failed: ${describe(e)}`);
  }
  // Without the total from the event, a list at the cap may be cut: unknown as well.
  if (total !== null ? total > rows.length : rows.length >= PULL_FILES_MAX) {
    return unknown(
      source,
      `GitHub lists at most ${PULL_FILES_MAX} files of a pull request; it has ` +
        (total !== null ? `${total}` : `at least ${rows.length}`),
    );
  }
  return { files: withRenames(rows), source };
}

async function pushFiles(
  client: Client,
  repo: { owner: string; repo: string },
  ctx: EventContext,
): Promise<ChangedFiles> {
  const before = field(ctx.payload, 'before');
  const after = field(ctx.payload, 'after');
  if (typeof before !== 'string' || typeof after !== 'string' || before === '' || after === '') {
    return unknown('push', 'the push event names no before/after commits');
  }
  const source = `compare ${before.slice(0, 12)}...${after.slice(0, 12)}`;
  if (ZERO_SHA.test(before)) return unknown(source, 'a new branch: nothing to compare against');
  if (ZERO_SHA.test(after)) return unknown(source, 'the branch was deleted');
  let rows: { filename: string; previous_filename?: string }[];
  try {
    const res = await client.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${before}...${after}`,
    });
    rows = res.data.files ?? [];
  } catch (e) {
    // A force push can leave `before` unreachable: 404, unknown like any other failure.
    return unknown(source, `comparing the commits failed: ${describe(e)}`);
  }
  // The compare API says nothing about files beyond its cap: a full page may be a cut one.
  if (rows.length >= COMPARE_FILES_MAX) {
    return unknown(source, `the compare API lists at most ${COMPARE_FILES_MAX} files`);
  }
  return { files: withRenames(rows), source };
}

/** A renamed file changed at both paths: a test importing the old name is touched too. */
function withRenames(rows: { filename: string; previous_filename?: string }[]): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    out.add(r.filename);
    if (r.previous_filename) out.add(r.previous_filename);
  }
  return [...out];
}

function unknown(source: string, note: string): ChangedFiles {
  return { files: null, source, note };
}

/** `HTTP 404: Not Found`, or the message of an error that has no status. */
function describe(e: unknown): string {
  const status = (e as { status?: unknown } | null)?.status;
  const message = e instanceof Error ? e.message : String(e);
  return typeof status === 'number' && status > 0 ? `HTTP ${status}: ${message}` : message;
}
