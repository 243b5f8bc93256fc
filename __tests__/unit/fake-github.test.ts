/**
 * The fake GitHub answers like GitHub (checked against its OpenAPI
 * description), records what clients do wrong, serves scripted faults, and
 * takes uploads from the real @actions/artifact client.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { zipBuffer } from '../helpers/zips.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  badGateway,
  notAccessible,
  rateLimited,
  secondaryRateLimit,
  startFakeGitHub,
  truncated,
  type FakeGitHub,
  type FakeRun,
} from '../helpers/fake-github/index.ts';

const TOKEN = 'ghs_fake';

const zipOf = zipBuffer;

const day = (n: number) =>
  new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString().replace('.000', '');

function run(id: number, over: Partial<FakeRun> = {}): FakeRun {
  return {
    id,
    workflowFile: 'ci.yml',
    headBranch: 'main',
    headSha: id.toString(16).padStart(40, 'a'),
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    createdAt: day(id),
    ...over,
  };
}

let fake: FakeGitHub;
const repo = () => ({ owner: fake.owner, repo: fake.repo });
const api = (p: string, init: RequestInit = {}) =>
  fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}${p}`, {
    ...init,
    headers: {
      authorization: `token ${TOKEN}`,
      accept: 'application/vnd.github+json',
      ...init.headers,
    },
  });
const octokit = () => getOctokit(TOKEN, { baseUrl: fake.apiUrl });

beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  await fake.close();
});

describe('workflow runs', () => {
  beforeEach(() => {
    for (let i = 1; i <= 75; i++)
      fake.addRun(run(i, i % 5 === 0 ? { conclusion: 'failure', headBranch: 'dev' } : {}));
    fake.addRun(run(200, { workflowFile: '.github/workflows/other.yml' }));
  });

  it('pages a workflow’s runs newest first and follows Link headers', async () => {
    const runs = await octokit().paginate(octokit().rest.actions.listWorkflowRuns, {
      ...repo(),
      workflow_id: 'ci.yml',
      per_page: 30,
    });
    expect(runs.map((r) => r.id)).toEqual(Array.from({ length: 75 }, (_, i) => 75 - i));
    expect(runs[0]?.run_number).toBe(75);
    expect(runs.every((r) => r.path === '.github/workflows/ci.yml')).toBe(true);
    const pages = fake.requests.filter((r) => r.operationId === 'actions/list-workflow-runs');
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(fake.violations).toEqual([]);
  });

  it('answers with a Link header and rate-limit headers like GitHub', async () => {
    const res = await api('/actions/workflows/ci.yml/runs?per_page=10&page=2');
    expect(res.status).toBe(200);
    const link = res.headers.get('link') ?? '';
    expect(link).toContain('page=3>; rel="next"');
    expect(link).toContain('page=8>; rel="last"');
    expect(link).toContain('page=1>; rel="prev"');
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(1000);
    expect(res.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const body = (await res.json()) as { total_count: number; workflow_runs: { id: number }[] };
    expect(body.total_count).toBe(75);
    expect(body.workflow_runs.map((r) => r.id)).toEqual([65, 64, 63, 62, 61, 60, 59, 58, 57, 56]);
  });

  it('filters by branch, status, head_sha and numeric workflow id', async () => {
    const o = octokit();
    const failed = await o.rest.actions.listWorkflowRuns({
      ...repo(),
      workflow_id: 'ci.yml',
      status: 'failure',
      branch: 'dev',
    });
    expect(failed.data.workflow_runs.map((r) => r.id)).toEqual([
      75, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5,
    ]);
    const bySha = await o.rest.actions.listWorkflowRuns({
      ...repo(),
      workflow_id: 'ci.yml',
      head_sha: run(7).headSha,
    });
    expect(bySha.data.workflow_runs.map((r) => r.id)).toEqual([7]);
    const other = await o.rest.actions.getWorkflowRun({ ...repo(), run_id: 200 });
    const byId = await o.rest.actions.listWorkflowRuns({
      ...repo(),
      workflow_id: other.data.workflow_id,
    });
    expect(byId.data.workflow_runs.map((r) => r.id)).toEqual([200]);
    // GitHub takes search qualifiers in `created`, though the description says date-time.
    const recent = await o.rest.actions.listWorkflowRuns({
      ...repo(),
      workflow_id: 'ci.yml',
      created: `>=${day(71)}`,
    });
    expect(recent.data.workflow_runs.map((r) => r.id)).toEqual([75, 74, 73, 72, 71]);
    const range = await o.rest.actions.listWorkflowRuns({
      ...repo(),
      workflow_id: 'ci.yml',
      created: `${day(74)}..*`,
    });
    expect(range.data.workflow_runs.map((r) => r.id)).toEqual([75, 74]);
    expect(fake.violations).toEqual([]);
  });

  it('lists pull requests of a run unless excluded', async () => {
    fake.addRun(
      run(300, {
        event: 'pull_request',
        status: 'in_progress',
        conclusion: null,
        pullRequests: [{ number: 9, headSha: 'b'.repeat(40), baseSha: 'c'.repeat(40) }],
      }),
    );
    const o = octokit();
    const withPrs = await o.rest.actions.getWorkflowRun({ ...repo(), run_id: 300 });
    expect(withPrs.data.conclusion).toBeNull();
    expect(withPrs.data.pull_requests?.map((p) => [p.number, p.head.sha, p.base.sha])).toEqual([
      [9, 'b'.repeat(40), 'c'.repeat(40)],
    ]);
    const without = await o.rest.actions.getWorkflowRun({
      ...repo(),
      run_id: 300,
      exclude_pull_requests: true,
    });
    expect(without.data.pull_requests).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('answers 404 for an unknown run and notes the status the description omits', async () => {
    const res = await api('/actions/runs/999999');
    expect(res.status).toBe(404);
    expect(fake.violations).toEqual([]);
    expect(fake.injected).toEqual([expect.stringContaining('404')]);
  });
});

describe('artifacts', () => {
  let zip: Buffer;
  beforeEach(async () => {
    zip = await zipOf({ 'junit.xml': '<testsuite name="a"/>' });
    fake.addRun(run(10));
    fake.addArtifact({ id: 501, runId: 10, name: 'reports', zip });
    fake.addArtifact({
      id: 502,
      runId: 10,
      name: 'old',
      zip,
      expired: true,
      claimedSize: 5_000_000_000,
    });
    fake.addArtifact({ id: 503, runId: 11, name: 'reports', zip });
  });

  it('lists a run’s artifacts, filters by name and flags expiry', async () => {
    const o = octokit();
    const all = await o.rest.actions.listWorkflowRunArtifacts({ ...repo(), run_id: 10 });
    expect(all.data.total_count).toBe(2);
    expect(all.data.artifacts.map((a) => [a.id, a.name, a.expired, a.size_in_bytes])).toEqual([
      [502, 'old', true, 5_000_000_000],
      [501, 'reports', false, zip.length],
    ]);
    const named = await o.rest.actions.listWorkflowRunArtifacts({
      ...repo(),
      run_id: 10,
      name: 'reports',
    });
    expect(named.data.artifacts.map((a) => a.id)).toEqual([501]);
    expect(fake.violations).toEqual([]);
  });

  it('downloads through a 302 to an unauthenticated blob URL on another origin', async () => {
    const res = await api('/actions/artifacts/501/zip', { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(fake.blobUrl)).toBe(true);
    expect(new URL(location).origin).not.toBe(new URL(fake.apiUrl).origin);
    const blob = await fetch(location);
    expect(Buffer.from(await blob.arrayBuffer()).equals(zip)).toBe(true);
    // octokit follows the redirect; fetch drops the token when the origin changes.
    const viaOctokit = await octokit().rest.actions.downloadArtifact({
      ...repo(),
      artifact_id: 501,
      archive_format: 'zip',
    });
    expect(Buffer.from(viaOctokit.data as ArrayBuffer).equals(zip)).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('records a token sent to blob storage as a violation', async () => {
    const res = await api('/actions/artifacts/501/zip', { redirect: 'manual' });
    const blob = await fetch(res.headers.get('location') ?? '', {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(blob.status).toBe(400);
    expect(fake.violations).toEqual([
      expect.stringContaining('Authorization header to blob storage'),
    ]);
  });

  it('refuses blob URLs it did not sign', async () => {
    const res = await fetch(`${fake.blobUrl}/_blob/501?sig=forged`);
    expect(res.status).toBe(403);
    expect(fake.violations).toHaveLength(1);
  });

  it('answers 410 for an expired artifact, as declared', async () => {
    await expect(
      octokit().rest.actions.downloadArtifact({
        ...repo(),
        artifact_id: 502,
        archive_format: 'zip',
      }),
    ).rejects.toMatchObject({ status: 410 });
    expect(fake.violations).toEqual([]);
    expect(fake.injected).toEqual([]);
  });
});

describe('jobs, pull request files, compare', () => {
  it('lists jobs of a run', async () => {
    fake.addRun(run(20, { conclusion: 'failure' }));
    fake.addJobs(20, [
      { id: 2001, name: 'test (1)' },
      { id: 2002, name: 'test (2)' },
    ]);
    const res = await octokit().rest.actions.listJobsForWorkflowRun({ ...repo(), run_id: 20 });
    expect(res.data.jobs.map((j) => [j.id, j.name, j.conclusion, j.head_sha])).toEqual([
      [2001, 'test (1)', 'failure', run(20).headSha],
      [2002, 'test (2)', 'failure', run(20).headSha],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('pages a pull request’s files', async () => {
    const files = Array.from({ length: 65 }, (_, i) => `src/f${i}.ts`);
    fake.setPullFiles(7, files);
    const listed = await octokit().paginate(octokit().rest.pulls.listFiles, {
      ...repo(),
      pull_number: 7,
      per_page: 30,
    });
    expect(listed.map((f) => f.filename)).toEqual(files);
    expect(fake.requests.filter((r) => r.operationId === 'pulls/list-files')).toHaveLength(3);
    expect(fake.violations).toEqual([]);
  });

  it('compares two commits', async () => {
    fake.setCompare('main', 'feature', ['a.ts', 'b/c.py']);
    const res = await octokit().rest.repos.compareCommitsWithBasehead({
      ...repo(),
      basehead: 'main...feature',
    });
    expect(res.data.files?.map((f) => f.filename)).toEqual(['a.ts', 'b/c.py']);
    await expect(
      octokit().rest.repos.compareCommitsWithBasehead({ ...repo(), basehead: 'main...nope' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });
});

const annotations = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    path: `tests/t${from + i}.py`,
    start_line: 1,
    end_line: 1,
    annotation_level: 'warning' as const,
    message: `flaky <b>${from + i}</b>`,
  }));

describe('check runs', () => {
  it('creates and patches a check run, accumulating annotations', async () => {
    const o = octokit();
    const created = await o.rest.checks.create({
      ...repo(),
      name: 'flakegate',
      head_sha: 'd'.repeat(40),
      status: 'in_progress',
      output: { title: 'Working', summary: 'first', annotations: annotations(50) },
    });
    expect(created.status).toBe(201);
    const id = created.data.id;
    const patched = await o.rest.checks.update({
      ...repo(),
      check_run_id: id,
      conclusion: 'neutral',
      output: { title: 'Done', summary: 'second', annotations: annotations(50, 50) },
    });
    expect(patched.data.status).toBe('completed');
    expect(patched.data.output.annotations_count).toBe(100);
    const got = await o.rest.checks.get({ ...repo(), check_run_id: id });
    expect(got.data.output.summary).toBe('second');
    const record = fake.checkRuns.find((c) => c.id === id);
    expect(record?.annotations).toHaveLength(100);
    expect((record?.annotations[99] as { path: string }).path).toBe('tests/t99.py');
    expect(record).toMatchObject({
      name: 'flakegate',
      headSha: 'd'.repeat(40),
      conclusion: 'neutral',
      output: { title: 'Done' },
    });
    expect(fake.violations).toEqual([]);
  });

  it('refuses 51 annotations in one request and records it', async () => {
    await expect(
      octokit().rest.checks.create({
        ...repo(),
        name: 'flakegate',
        head_sha: 'd'.repeat(40),
        output: { title: 't', summary: 's', annotations: annotations(51) },
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(fake.checkRuns).toEqual([]);
    expect(fake.violations.join('\n')).toMatch(/annotations.*(50|fewer)/);
  });

  it('records an over-long annotation title and summary', async () => {
    const res = await api('/check-runs', {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        head_sha: 'd'.repeat(40),
        output: {
          title: 't',
          summary: 's'.repeat(65_536),
          annotations: [{ ...annotations(1)[0], title: 'x'.repeat(256) }],
        },
      }),
    });
    expect(res.status).toBe(422);
    expect(fake.violations.join('\n')).toMatch(/summary/);
    const titled = await api('/check-runs', {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        head_sha: 'd'.repeat(40),
        output: {
          title: 't',
          summary: 's',
          annotations: [{ ...annotations(1)[0], title: 'x'.repeat(256) }],
        },
      }),
    });
    expect(titled.status).toBe(422);
    expect(fake.violations.join('\n')).toMatch(/annotation 0 title is over 255/);
  });
});

describe('request checks', () => {
  it('records a body of the wrong type', async () => {
    const res = await api('/check-runs', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', head_sha: 42 }),
    });
    expect(res.status).toBe(422);
    expect(fake.violations).toEqual([expect.stringMatching(/checks\/create.*head_sha.*string/)]);
  });

  it('records unknown paths, unknown and mistyped query parameters', async () => {
    fake.addRun(run(1));
    expect((await api('/actions/nonsense')).status).toBe(404);
    await api('/actions/workflows/ci.yml/runs?per_page=lots&perpage=5');
    expect(fake.violations).toHaveLength(3);
    expect(fake.violations[0]).toMatch(/no operation/);
    expect(fake.violations[1]).toMatch(/per_page/);
    expect(fake.violations[2]).toMatch(/unknown query parameter "perpage"/);
  });

  it('answers 401 without the right token', async () => {
    const res = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/actions/runs/1`, {
      headers: { authorization: 'token nope' },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toBe('Bad credentials');
    expect(fake.violations).toEqual([expect.stringContaining('wrong token')]);
  });
});

describe('faults', () => {
  beforeEach(async () => {
    fake.addRun(run(10));
    fake.addArtifact({
      id: 501,
      runId: 10,
      name: 'reports',
      zip: await zipOf({ 'a.xml': '<x/>'.repeat(500) }),
    });
  });

  it('serves a 502 the given number of times, then normal service', async () => {
    fake.fault({ ...badGateway({ path: /\/artifacts$/ }), times: 2 });
    expect((await api('/actions/runs/10/artifacts')).status).toBe(502);
    expect((await api('/actions/runs/10/artifacts')).status).toBe(502);
    expect((await api('/actions/runs/10/artifacts')).status).toBe(200);
    expect(fake.violations).toEqual([]);
    expect(fake.injected).toHaveLength(2);
    expect(fake.requests.map((r) => [r.status, r.fault === true])).toEqual([
      [502, true],
      [502, true],
      [200, false],
    ]);
  });

  it('lets octokit with the retry and throttling plugins ride out a 502 and a 429', async () => {
    fake.fault(badGateway({ path: '/artifacts' }));
    fake.fault(rateLimited({ path: '/artifacts' }));
    const o = getOctokit(
      TOKEN,
      {
        baseUrl: fake.apiUrl,
        retry: { retryAfterBaseValue: 10 },
        throttle: {
          retryAfterBaseValue: 10,
          onRateLimit: () => true,
          onSecondaryRateLimit: () => true,
        },
      },
      retry,
      throttling,
    );
    const res = await o.rest.actions.listWorkflowRunArtifacts({ ...repo(), run_id: 10 });
    expect(res.data.total_count).toBe(1);
    expect(fake.requests.map((r) => r.status)).toEqual([502, 429, 200]);
    expect(fake.violations).toEqual([]);
  });

  it('tells the throttling plugin when a 429 may be retried', async () => {
    fake.fault(rateLimited({ path: '/artifacts' }));
    const waits: number[] = [];
    const o = getOctokit(
      TOKEN,
      {
        baseUrl: fake.apiUrl,
        throttle: {
          retryAfterBaseValue: 10,
          onRateLimit: (after: number) => (waits.push(after), true),
          onSecondaryRateLimit: () => true,
        },
      },
      throttling,
    );
    await o.rest.actions.listWorkflowRunArtifacts({ ...repo(), run_id: 10 });
    // x-ratelimit-reset is a second away; the plugin adds one.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toBeLessThanOrEqual(3);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('serves a secondary rate limit with Retry-After', async () => {
    fake.fault(secondaryRateLimit({ path: '/actions/runs/10' }));
    const limited = await api('/actions/runs/10');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await api('/actions/runs/10')).status).toBe(200);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a write as for a read-only token, once', async () => {
    fake.fault(notAccessible({ method: 'POST', path: /check-runs/ }));
    const o = octokit();
    const body = { ...repo(), name: 'flakegate', head_sha: 'e'.repeat(40) };
    await expect(o.rest.checks.create(body)).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect((await o.rest.checks.create(body)).status).toBe(201);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it('checks a fault body against the description where the status is declared', async () => {
    fake.fault({ path: '/zip', status: 410, body: { message: 7 } });
    expect((await api('/actions/artifacts/501/zip', { redirect: 'manual' })).status).toBe(410);
    expect(fake.violations).toEqual([
      expect.stringMatching(/download-artifact 410 response\/message must be string/),
    ]);
  });

  it('cuts a download short, then serves it whole', async () => {
    fake.fault(truncated({ path: /^\/_blob\// }));
    const first = await api('/actions/artifacts/501/zip', { redirect: 'manual' });
    const cut = await fetch(first.headers.get('location') ?? '');
    expect(cut.status).toBe(200);
    await expect(cut.arrayBuffer()).rejects.toThrow();
    const again = await api('/actions/artifacts/501/zip', { redirect: 'manual' });
    const whole = await fetch(again.headers.get('location') ?? '');
    expect(Buffer.from(await whole.arrayBuffer()).length).toBe(
      Number(whole.headers.get('content-length')),
    );
    expect(fake.violations).toEqual([]);
  });
});

describe('@actions/artifact upload', () => {
  const saved = { ...process.env };
  let dir: string;
  let stdout: { mockRestore(): void };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'flakegate-fakegh-'));
    // @actions/core writes workflow commands (::add-mask::, ::debug::) to stdout; keep them
    // out of the log of a CI run of these tests.
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    stdout.mockRestore();
    process.env = { ...saved };
    await rm(dir, { recursive: true, force: true });
  });

  it('lands in uploaded and in the REST listing of its run', async () => {
    fake.addRun(run(42));
    process.env.ACTIONS_RUNTIME_TOKEN = fake.runtimeToken(42, 7);
    process.env.ACTIONS_RESULTS_URL = fake.resultsUrl;
    process.env.GITHUB_SERVER_URL = fake.serverUrl;
    process.env.GITHUB_API_URL = fake.apiUrl;
    const file = path.join(dir, 'verdict.json');
    await writeFile(file, JSON.stringify({ flaky: ['a "b" <c>'] }));
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const out = await new DefaultArtifactClient().uploadArtifact('flakegate-verdict', [file], dir);
    expect(fake.uploaded).toHaveLength(1);
    const up = fake.uploaded[0];
    expect(up).toMatchObject({ id: out.id, runId: 42, name: 'flakegate-verdict' });
    expect(up?.zip.subarray(0, 2).toString()).toBe('PK');
    expect(up?.zip.length).toBe(out.size);
    const ops = fake.requests.map((r) => r.operationId);
    expect(ops[0]).toBe('twirp:CreateArtifact');
    expect(ops).toContain('blob:put-block-list');
    expect(ops.at(-1)).toBe('twirp:FinalizeArtifact');

    const listed = await octokit().rest.actions.listWorkflowRunArtifacts({ ...repo(), run_id: 42 });
    expect(listed.data.artifacts.map((a) => [a.id, a.name, a.size_in_bytes])).toEqual([
      [out.id, 'flakegate-verdict', up?.zip.length],
    ]);
    const zip = await octokit().rest.actions.downloadArtifact({
      ...repo(),
      artifact_id: out.id ?? 0,
      archive_format: 'zip',
    });
    expect(Buffer.from(zip.data as ArrayBuffer).equals(up?.zip ?? Buffer.alloc(0))).toBe(true);
    expect(fake.violations).toEqual([]);

    // Artifacts are immutable: a second upload under the same name is refused.
    await expect(
      new DefaultArtifactClient().uploadArtifact('flakegate-verdict', [file], dir),
    ).rejects.toThrow(/409|already exists/i);
    expect(fake.uploaded).toHaveLength(1);
  });
});
