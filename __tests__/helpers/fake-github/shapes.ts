/**
 * Bodies shaped like GitHub's: every property the OpenAPI description marks
 * required is filled with a plausible value, URLs point back at this server.
 */
import { createHash } from 'node:crypto';
import type { CheckRunRecord, FakeArtifact, FakeRun } from './types.ts';

export interface Site {
  /** REST root, e.g. http://127.0.0.1:1234 */
  api: string;
  /** Web root (GITHUB_SERVER_URL). */
  web: string;
  owner: string;
  repo: string;
  repoId: number;
  ownerId: number;
}

/** A 40-hex sha: `seed` itself when it already is one, else a stable hash of it. */
export const fakeSha = (seed: string): string =>
  /^[0-9a-f]{40}$/.test(seed) ? seed : createHash('sha1').update(seed).digest('hex');

const nodeId = (kind: string, id: number) => Buffer.from(`${kind}${id}`).toString('base64');

export const DOCS = 'https://docs.github.com/rest';

export const ghError = (message: string, documentation_url = DOCS) => ({
  message,
  documentation_url,
});

export function user(site: Site, login: string, id: number, type = 'User') {
  const u = `${site.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId('U_', id),
    avatar_url: `${site.web}/avatars/u/${id}`,
    gravatar_id: '',
    url: u,
    html_url: `${site.web}/${encodeURIComponent(login)}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    site_admin: false,
  };
}

const REPO_URLS: [string, string][] = [
  ['archive_url', '/{archive_format}{/ref}'],
  ['assignees_url', '/assignees{/user}'],
  ['blobs_url', '/git/blobs{/sha}'],
  ['branches_url', '/branches{/branch}'],
  ['collaborators_url', '/collaborators{/collaborator}'],
  ['comments_url', '/comments{/number}'],
  ['commits_url', '/commits{/sha}'],
  ['compare_url', '/compare/{base}...{head}'],
  ['contents_url', '/contents/{+path}'],
  ['contributors_url', '/contributors'],
  ['deployments_url', '/deployments'],
  ['downloads_url', '/downloads'],
  ['events_url', '/events'],
  ['forks_url', '/forks'],
  ['git_commits_url', '/git/commits{/sha}'],
  ['git_refs_url', '/git/refs{/sha}'],
  ['git_tags_url', '/git/tags{/sha}'],
  ['hooks_url', '/hooks'],
  ['issue_comment_url', '/issues/comments{/number}'],
  ['issue_events_url', '/issues/events{/number}'],
  ['issues_url', '/issues{/number}'],
  ['keys_url', '/keys{/key_id}'],
  ['labels_url', '/labels{/name}'],
  ['languages_url', '/languages'],
  ['merges_url', '/merges'],
  ['milestones_url', '/milestones{/number}'],
  ['notifications_url', '/notifications{?since,all,participating}'],
  ['pulls_url', '/pulls{/number}'],
  ['releases_url', '/releases{/id}'],
  ['stargazers_url', '/stargazers'],
  ['statuses_url', '/statuses/{sha}'],
  ['subscribers_url', '/subscribers'],
  ['subscription_url', '/subscription'],
  ['tags_url', '/tags'],
  ['teams_url', '/teams'],
  ['trees_url', '/git/trees{/sha}'],
];

export const repoApi = (site: Site) =>
  `${site.api}/repos/${encodeURIComponent(site.owner)}/${encodeURIComponent(site.repo)}`;
export const repoWeb = (site: Site) =>
  `${site.web}/${encodeURIComponent(site.owner)}/${encodeURIComponent(site.repo)}`;

/** The `minimal-repository` shape. */
export function repository(site: Site) {
  const base = repoApi(site);
  return {
    id: site.repoId,
    node_id: nodeId('R_', site.repoId),
    name: site.repo,
    full_name: `${site.owner}/${site.repo}`,
    owner: user(site, site.owner, site.ownerId, 'Organization'),
    private: true,
    html_url: repoWeb(site),
    description: null,
    fork: false,
    url: base,
    ...Object.fromEntries(REPO_URLS.map(([k, suffix]) => [k, base + suffix])),
  };
}

const prRef = (site: Site, ref: string, sha: string) => ({
  ref,
  sha,
  repo: { id: site.repoId, url: repoApi(site), name: site.repo },
});

/** `pull-request-minimal`, as runs and check runs list them. */
export function pullMinimal(
  site: Site,
  number: number,
  headRef: string,
  headSha: string,
  baseSha: string,
) {
  return {
    id: 5_000_000 + number,
    number,
    url: `${repoApi(site)}/pulls/${number}`,
    head: prRef(site, headRef, headSha),
    base: prRef(site, 'main', baseSha),
  };
}

export function workflowRun(
  site: Site,
  run: FakeRun,
  workflowId: number,
  runNumber: number,
  excludePullRequests: boolean,
) {
  const base = `${repoApi(site)}/actions/runs/${run.id}`;
  const file = run.workflowFile.split('/').pop() ?? run.workflowFile;
  const bot = user(site, 'github-actions[bot]', 41898282, 'Bot');
  return {
    id: run.id,
    name: run.name ?? file.replace(/\.ya?ml$/, ''),
    node_id: nodeId('WFR_', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflowFile.includes('/') ? run.workflowFile : `.github/workflows/${file}`,
    display_title: `Run ${run.id} on ${run.headBranch}`,
    run_number: runNumber,
    run_attempt: run.runAttempt ?? 1,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: workflowId,
    check_suite_id: 9_000_000 + run.id,
    check_suite_node_id: nodeId('CS_', 9_000_000 + run.id),
    url: base,
    html_url: `${repoWeb(site)}/actions/runs/${run.id}`,
    pull_requests: excludePullRequests
      ? []
      : (run.pullRequests ?? []).map((p) =>
          pullMinimal(site, p.number, run.headBranch, p.headSha, p.baseSha),
        ),
    created_at: run.createdAt,
    updated_at: run.createdAt,
    run_started_at: run.createdAt,
    actor: bot,
    triggering_actor: bot,
    jobs_url: `${base}/jobs`,
    logs_url: `${base}/logs`,
    check_suite_url: `${repoApi(site)}/check-suites/${9_000_000 + run.id}`,
    artifacts_url: `${base}/artifacts`,
    cancel_url: `${base}/cancel`,
    rerun_url: `${base}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApi(site)}/actions/workflows/${workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: fakeSha(`tree:${run.headSha}`),
      message: `Commit ${run.headSha.slice(0, 7)}`,
      timestamp: run.createdAt,
      author: { name: 'Dev', email: 'dev@example.com' },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository: repository(site),
    head_repository: repository(site),
  };
}

export function artifact(site: Site, a: FakeArtifact, run: FakeRun | undefined, createdAt: string) {
  const url = `${repoApi(site)}/actions/artifacts/${a.id}`;
  const expires = new Date(Date.parse(createdAt) + 90 * 86_400_000).toISOString();
  return {
    id: a.id,
    node_id: nodeId('MDg6QXJ0aWZhY3Q', a.id),
    name: a.name,
    size_in_bytes: a.claimedSize ?? a.zip.length,
    url,
    archive_download_url: `${url}/zip`,
    expired: a.expired === true,
    created_at: createdAt,
    updated_at: createdAt,
    expires_at: expires,
    digest: `sha256:${createHash('sha256').update(a.zip).digest('hex')}`,
    workflow_run: {
      id: a.runId,
      repository_id: site.repoId,
      head_repository_id: site.repoId,
      head_branch: run?.headBranch ?? 'main',
      head_sha: run?.headSha ?? fakeSha(`run:${a.runId}`),
    },
  };
}

export function job(
  site: Site,
  run: FakeRun | undefined,
  runId: number,
  j: { id: number; name: string },
) {
  const at = run?.createdAt ?? new Date(0).toISOString();
  const done = run?.status !== 'in_progress';
  return {
    id: j.id,
    run_id: runId,
    run_attempt: run?.runAttempt ?? 1,
    workflow_name: run?.name ?? null,
    head_branch: run?.headBranch ?? null,
    node_id: nodeId('CR_', j.id),
    head_sha: run?.headSha ?? fakeSha(`run:${runId}`),
    url: `${repoApi(site)}/actions/jobs/${j.id}`,
    run_url: `${repoApi(site)}/actions/runs/${runId}`,
    html_url: `${repoWeb(site)}/actions/runs/${runId}/job/${j.id}`,
    status: done ? 'completed' : 'in_progress',
    conclusion: done ? (run?.conclusion ?? 'success') : null,
    created_at: at,
    started_at: at,
    completed_at: done ? at : null,
    name: j.name,
    steps: [],
    check_run_url: `${repoApi(site)}/check-runs/${j.id}`,
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 2,
    runner_group_name: 'GitHub Actions',
  };
}

/** `diff-entry`: one changed file. */
export function diffEntry(site: Site, headSha: string, filename: string) {
  const path = filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: fakeSha(`blob:${headSha}:${filename}`),
    filename,
    status: 'modified',
    additions: 1,
    deletions: 1,
    changes: 2,
    blob_url: `${repoWeb(site)}/blob/${headSha}/${path}`,
    raw_url: `${repoWeb(site)}/raw/${headSha}/${path}`,
    contents_url: `${repoApi(site)}/contents/${path}?ref=${headSha}`,
    patch: '@@ -1 +1 @@\n-old\n+new',
  };
}

/** `commit`, as compare lists it. */
export function commit(site: Site, sha: string, parent: string | undefined) {
  const url = `${repoApi(site)}/commits/${sha}`;
  const who = { name: 'Dev', email: 'dev@example.com', date: '2026-01-01T00:00:00Z' };
  return {
    url,
    sha,
    node_id: nodeId('C_', Number.parseInt(sha.slice(0, 8), 16)),
    html_url: `${repoWeb(site)}/commit/${sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${repoApi(site)}/git/commits/${sha}`,
      author: who,
      committer: who,
      message: `Commit ${sha.slice(0, 7)}`,
      comment_count: 0,
      tree: {
        sha: fakeSha(`tree:${sha}`),
        url: `${repoApi(site)}/git/trees/${fakeSha(`tree:${sha}`)}`,
      },
    },
    author: user(site, 'dev', 1001),
    committer: user(site, 'web-flow', 19864447),
    parents: parent
      ? [
          {
            sha: parent,
            url: `${repoApi(site)}/commits/${parent}`,
            html_url: `${repoWeb(site)}/commit/${parent}`,
          },
        ]
      : [],
  };
}

export function comparison(site: Site, base: string, head: string, files: string[] | undefined) {
  const baseSha = fakeSha(base);
  const headSha = fakeSha(head);
  const basehead = `${base}...${head}`;
  return {
    url: `${repoApi(site)}/compare/${basehead}`,
    html_url: `${repoWeb(site)}/compare/${basehead}`,
    permalink_url: `${repoWeb(site)}/compare/${site.owner}:${baseSha.slice(0, 7)}...${site.owner}:${headSha.slice(0, 7)}`,
    diff_url: `${repoWeb(site)}/compare/${basehead}.diff`,
    patch_url: `${repoWeb(site)}/compare/${basehead}.patch`,
    base_commit: commit(site, baseSha, undefined),
    merge_base_commit: commit(site, baseSha, undefined),
    status: 'ahead',
    ahead_by: 1,
    behind_by: 0,
    total_commits: 1,
    commits: [commit(site, headSha, baseSha)],
    ...(files ? { files: files.map((f) => diffEntry(site, headSha, f)) } : {}),
  };
}

/** Internal check-run state: the public record plus what the REST shape needs. */
export interface CheckRunState extends CheckRunRecord {
  startedAt: string;
  completedAt?: string;
  detailsUrl?: string;
  externalId?: string;
}

export function checkRun(site: Site, c: CheckRunState) {
  const url = `${repoApi(site)}/check-runs/${c.id}`;
  const github = user(site, 'github', 9919, 'Organization');
  return {
    id: c.id,
    node_id: nodeId('CR_', c.id),
    head_sha: c.headSha,
    name: c.name,
    external_id: c.externalId ?? '',
    url,
    html_url: `${repoWeb(site)}/runs/${c.id}`,
    details_url: c.detailsUrl ?? `${repoWeb(site)}/runs/${c.id}`,
    status: c.status,
    conclusion: c.conclusion ?? null,
    started_at: c.startedAt,
    completed_at: c.completedAt ?? null,
    output: {
      title: c.output?.title ?? null,
      summary: c.output?.summary ?? null,
      text: c.output?.text ?? null,
      annotations_count: c.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    check_suite: { id: 9_500_000 + c.id },
    app: {
      id: 15368,
      slug: 'github-actions',
      node_id: 'MDM6QXBwMTUzNjg=',
      owner: github,
      name: 'GitHub Actions',
      description: 'Automate your workflow from idea to production',
      external_url: 'https://help.github.com/en/actions',
      html_url: `${site.web}/apps/github-actions`,
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2024-04-10T20:33:16Z',
      permissions: { checks: 'write', contents: 'write', metadata: 'read' },
      events: ['check_run', 'check_suite', 'pull_request', 'push'],
    },
    pull_requests: [],
  };
}
