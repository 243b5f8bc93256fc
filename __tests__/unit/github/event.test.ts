import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type EventContext,
  headSha,
  isFork,
  ownerRepo,
  pullNumber,
  readContext,
  runToRead,
  workflowFile,
} from '../../../src/github/event.ts';

const MERGE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const TRIGGER = 'c'.repeat(40);

function ctx(eventName: string, payload: Record<string, unknown> = {}): EventContext {
  return {
    eventName,
    payload,
    sha: MERGE,
    repository: 'octo/app',
    ref: 'refs/heads/main',
    runId: '1001',
    runAttempt: '1',
    workflowRef: 'octo/app/.github/workflows/ci.yml@refs/heads/main',
    serverUrl: 'https://github.com',
  };
}

const repo = (id: number, fullName: string) => ({ id, full_name: fullName });
const pr = (head: unknown, base: unknown = repo(1, 'octo/app')) => ({
  pull_request: { number: 7, head: { sha: HEAD, repo: head }, base: { repo: base } },
});
const run = (over: Record<string, unknown> = {}) => ({
  workflow_run: {
    id: 5005,
    head_sha: TRIGGER,
    path: '.github/workflows/tests.yaml',
    workflow_id: 42,
    pull_requests: [{ number: 9 }],
    ...over,
  },
});

describe('headSha', () => {
  it.each([
    ['pull_request', pr(repo(1, 'octo/app')), HEAD],
    ['pull_request_target', pr(repo(2, 'fork/app')), HEAD],
    ['pull_request_review', pr(repo(1, 'octo/app')), HEAD],
    ['workflow_run', run(), TRIGGER],
    ['push', { after: HEAD }, MERGE],
    ['schedule', {}, MERGE],
    ['pull_request', {}, MERGE], // no payload: GITHUB_SHA rather than nothing
    ['workflow_run', run({ head_sha: '' }), MERGE],
  ])('%s -> the expected commit', (event, payload, want) => {
    expect(headSha(ctx(event, payload))).toBe(want);
  });
});

describe('workflowFile', () => {
  it.each<[string, string, Record<string, unknown>, string | number | null]>([
    ['ref of this workflow', 'o/r/.github/workflows/ci.yml@refs/heads/main', {}, 'ci.yml'],
    ['yaml extension, tag ref', 'o/r/.github/workflows/test.yaml@refs/tags/v1', {}, 'test.yaml'],
    ['branch holding @', 'o/r/.github/workflows/ci.yml@refs/heads/a@b', {}, 'ci.yml'],
    ['file name holding @', 'o/r/.github/workflows/x@y.yml@refs/heads/main', {}, 'x@y.yml'],
    ['no ref', 'o/r/.github/workflows/ci.yml', {}, 'ci.yml'],
    ['nothing', '', {}, null],
  ])('%s', (_label, workflowRef, payload, want) => {
    expect(workflowFile({ ...ctx('push', payload), workflowRef })).toBe(want);
  });

  it('under workflow_run reads the triggering workflow, not this one', () => {
    expect(workflowFile(ctx('workflow_run', run()))).toBe('tests.yaml');
    expect(workflowFile(ctx('workflow_run', run({ path: undefined })))).toBe(42);
    expect(workflowFile(ctx('workflow_run', run({ path: '', workflow_id: undefined })))).toBe(null);
  });
});

describe('runToRead', () => {
  it.each<[string, Record<string, unknown>, string, number | null]>([
    ['workflow_run', run(), '1001', 5005],
    ['workflow_run', { workflow_run: { id: 'x' } }, '1001', 1001],
    ['pull_request', pr(repo(1, 'octo/app')), '1001', 1001],
    ['push', {}, '', null],
    ['push', {}, '12abc', null],
  ])('%s %j run %s -> %s', (event, payload, runId, want) => {
    expect(runToRead({ ...ctx(event, payload), runId })).toBe(want);
  });
});

describe('pullNumber', () => {
  it('reads the event PR, the triggering run PR, or none', () => {
    expect(pullNumber(ctx('pull_request', pr(null)))).toBe(7);
    expect(pullNumber(ctx('workflow_run', run()))).toBe(9);
    expect(pullNumber(ctx('workflow_run', run({ pull_requests: [] })))).toBe(null);
    expect(pullNumber(ctx('push', { number: 3 }))).toBe(null);
  });
});

describe('isFork', () => {
  it.each<[string, string, Record<string, unknown>, boolean]>([
    ['same repo', 'pull_request', pr(repo(1, 'octo/app')), false],
    ['other repo', 'pull_request', pr(repo(2, 'someone/app')), true],
    ['renamed base, same id', 'pull_request', pr(repo(1, 'octo/old'), repo(1, 'octo/app')), false],
    [
      'names only, case differs',
      'pull_request',
      pr({ full_name: 'Octo/App' }, { full_name: 'octo/app' }),
      false,
    ],
    [
      'names only, differ',
      'pull_request',
      pr({ full_name: 'x/app' }, { full_name: 'octo/app' }),
      true,
    ],
    ['deleted fork', 'pull_request_target', pr(null), true],
    ['push', 'push', pr(repo(2, 'someone/app')), false],
    ['no payload', 'pull_request', {}, false],
  ])('%s', (_label, event, payload, want) => {
    expect(isFork(ctx(event, payload))).toBe(want);
  });
});

describe('ownerRepo', () => {
  it('splits owner/repo and refuses anything else', () => {
    expect(ownerRepo(ctx('push'))).toEqual({ owner: 'octo', repo: 'app' });
    expect(ownerRepo({ ...ctx('push'), repository: 'octo' })).toBe(null);
    expect(ownerRepo({ ...ctx('push'), repository: 'a/b/c' })).toBe(null);
  });
});

describe('readContext', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flakegate-event-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = (eventPath: string | undefined) => ({
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: MERGE,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_WORKFLOW_REF: 'octo/app/.github/workflows/ci.yml@refs/pull/7/merge',
    GITHUB_SERVER_URL: 'https://github.example',
  });

  it('reads the env values and the event file', () => {
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(pr(repo(2, 'someone/app'))));
    const c = readContext(env(file));
    expect(c).toMatchObject({
      eventName: 'pull_request',
      sha: MERGE,
      repository: 'octo/app',
      ref: 'refs/pull/7/merge',
      runId: '1001',
      runAttempt: '2',
      serverUrl: 'https://github.example',
    });
    expect(headSha(c)).toBe(HEAD);
    expect(isFork(c)).toBe(true);
    expect(workflowFile(c)).toBe('ci.yml');
  });

  it('keeps going with an empty payload when the event file is missing or not an object', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[1, 2');
    const arr = join(dir, 'array.json');
    writeFileSync(arr, '[]');
    for (const path of [undefined, join(dir, 'absent.json'), bad, arr]) {
      const c = readContext(env(path));
      expect(c.payload).toEqual({});
      expect(headSha(c)).toBe(MERGE);
    }
  });

  it('defaults the server URL and empty strings for a bare environment', () => {
    const c = readContext({});
    expect(c.serverUrl).toBe('https://github.com');
    expect(c.eventName).toBe('');
    expect(runToRead(c)).toBe(null);
  });
});
