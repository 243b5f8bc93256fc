import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changedFiles } from '../../../src/github/changed.ts';
import { createClient } from '../../../src/github/client.ts';
import type { EventContext } from '../../../src/github/event.ts';

// A GitHub-like server on 127.0.0.1: each test scripts the answers and reads the requests.
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
let server: Server;
let baseUrl = '';
let seen: URL[] = [];
let route: (url: URL) => Answer = () => ({ status: 500, body: { message: 'no route' } });

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    seen.push(url);
    const a = route(url);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
afterEach(() => {
  seen = [];
});

const client = (budget = 100) =>
  createClient({ token: 't', budget, warn: () => {}, baseUrl }).client;

function ctx(eventName: string, payload: Record<string, unknown>): EventContext {
  return {
    eventName,
    payload,
    sha: 'm'.repeat(40),
    repository: 'o/r',
    ref: '',
    runId: '1',
    runAttempt: '1',
    workflowRef: '',
    serverUrl: 'https://github.com',
  };
}

const files = (n: number, prefix = 'src/f') =>
  Array.from({ length: n }, (_, i) => ({ filename: `${prefix}${i}.ts`, status: 'modified' }));

/** The PR files endpoint over `all`, paginated with Link headers as GitHub does. */
function pullFilesRoute(pull: number, all: object[]): (url: URL) => Answer {
  return (url): Answer => {
    if (url.pathname !== `/repos/o/r/pulls/${pull}/files`) return { status: 404, body: {} };
    const per = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(all.length / per));
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    return {
      status: 200,
      body: all.slice((page - 1) * per, page * per),
      headers: page < last ? { link: `<${next.href}>; rel="next"` } : {},
    };
  };
}

const BEFORE = 'b'.repeat(40);
const AFTER = 'a'.repeat(40);

describe('changedFiles: pull requests', () => {
  const pr = (changed_files?: number) => ({ pull_request: { number: 12, changed_files } });

  it('reads every page, renames at both paths', async () => {
    const all = [
      ...files(249),
      { filename: 'src/new-name.ts', previous_filename: 'src/old-name.ts', status: 'renamed' },
    ];
    route = pullFilesRoute(12, all);
    const r = await changedFiles(client(), ctx('pull_request', pr(250)));
    expect(r.source).toBe('pull request #12');
    expect(r.note).toBeUndefined();
    expect(r.files).toHaveLength(251);
    expect(r.files).toContain('src/f0.ts');
    expect(r.files).toContain('src/f248.ts');
    expect(r.files).toContain('src/new-name.ts');
    expect(r.files).toContain('src/old-name.ts');
    expect(seen.map((u) => u.searchParams.get('page'))).toEqual([null, '2', '3']);
    expect(seen.every((u) => u.searchParams.get('per_page') === '100')).toBe(true);
  });

  it('more files than GitHub lists (3,000) -> unknown, never a partial list', async () => {
    route = pullFilesRoute(12, files(3000));
    const r = await changedFiles(client(), ctx('pull_request_target', pr(3500)));
    expect(r.files).toBeNull();
    expect(r.note).toMatch(/at most 3000 files .* 3500/);
    expect(seen).toHaveLength(30);
  });

  it('an HTTP error -> unknown, naming the status', async () => {
    route = () => ({ status: 403, body: { message: 'Resource not accessible by integration' } });
    const r = await changedFiles(client(), ctx('pull_request', pr(3)));
    expect(r.files).toBeNull();
    expect(r.note).toMatch(/HTTP 403: Resource not accessible by integration/);
  });

  it('a spent request budget -> unknown', async () => {
    route = pullFilesRoute(12, files(3));
    const r = await changedFiles(client(0), ctx('pull_request', pr(3)));
    expect(r.files).toBeNull();
    expect(r.note).toMatch(/budget/);
  });
});

describe('changedFiles: workflow_run', () => {
  const run = (prs: object[]) => ({ workflow_run: { id: 5, head_sha: AFTER, pull_requests: prs } });

  it("reads the triggering run's pull request", async () => {
    route = pullFilesRoute(9, files(4));
    const r = await changedFiles(client(), ctx('workflow_run', run([{ number: 9 }])));
    expect(r).toEqual({
      files: ['src/f0.ts', 'src/f1.ts', 'src/f2.ts', 'src/f3.ts'],
      source: 'pull request #9',
    });
  });

  it('a list at the 3,000 cap with no total to compare -> unknown', async () => {
    route = pullFilesRoute(9, files(3000));
    const r = await changedFiles(client(), ctx('workflow_run', run([{ number: 9 }])));
    expect(r.files).toBeNull();
    expect(r.note).toMatch(/at least 3000/);
  });

  it('no pull request (a fork PR, or a push) -> unknown without a request', async () => {
    const r = await changedFiles(client(), ctx('workflow_run', run([])));
    expect(r.files).toBeNull();
    expect(r.note).toBeTruthy();
    expect(seen).toHaveLength(0);
  });
});

describe('changedFiles: push', () => {
  const push = (before: string, after = AFTER) => ({ before, after });
  const compare = (list: object[]) => (url: URL) =>
    url.pathname === `/repos/o/r/compare/${BEFORE}...${AFTER}`
      ? { status: 200, body: { total_commits: 2, commits: [], files: list } }
      : { status: 404, body: { message: 'Not Found' } };

  it('compares before...after', async () => {
    route = compare([
      { filename: 'a.ts', status: 'modified' },
      { filename: 'lib/b.ts', previous_filename: 'b.ts', status: 'renamed' },
    ]);
    const r = await changedFiles(client(), ctx('push', push(BEFORE)));
    expect(r.files).toEqual(['a.ts', 'lib/b.ts', 'b.ts']);
    expect(r.source).toBe(`compare ${BEFORE.slice(0, 12)}...${AFTER.slice(0, 12)}`);
    expect(seen).toHaveLength(1);
  });

  it('a compare at its 300-file cap -> unknown', async () => {
    route = compare(files(300));
    const r = await changedFiles(client(), ctx('push', push(BEFORE)));
    expect(r.files).toBeNull();
    expect(r.note).toMatch(/300/);
  });

  it('299 files is a complete list', async () => {
    route = compare(files(299));
    const r = await changedFiles(client(), ctx('push', push(BEFORE)));
    expect(r.files).toHaveLength(299);
  });

  it('a new branch (before is all zeros) -> unknown without a request', async () => {
    const r = await changedFiles(client(), ctx('push', push('0'.repeat(40))));
    expect(r.files).toBeNull();
    expect(r.note).toMatch(/new branch/);
    expect(seen).toHaveLength(0);
  });

  it('an unreachable before (force push) -> unknown, naming the 404', async () => {
    route = () => ({ status: 404, body: { message: 'Not Found' } });
    const r = await changedFiles(client(), ctx('push', push(BEFORE)));
    expect(r.files).toBeNull();
    expect(r.note).toMatch(/HTTP 404/);
  });

  it('a push payload without commits -> unknown', async () => {
    const r = await changedFiles(client(), ctx('push', {}));
    expect(r.files).toBeNull();
    expect(seen).toHaveLength(0);
  });
});

describe('changedFiles: other events', () => {
  it.each(['schedule', 'workflow_dispatch', 'merge_group', ''])('%j -> unknown', async (event) => {
    const r = await changedFiles(client(), ctx(event, { before: BEFORE, after: AFTER }));
    expect(r.files).toBeNull();
    expect(r.note).toBeTruthy();
    expect(seen).toHaveLength(0);
  });

  it('a malformed GITHUB_REPOSITORY -> unknown', async () => {
    const r = await changedFiles(client(), {
      ...ctx('push', { before: BEFORE, after: AFTER }),
      repository: 'x',
    });
    expect(r.files).toBeNull();
    expect(seen).toHaveLength(0);
  });
});
