import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EOL } from 'node:os';
import * as core from '@actions/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ANNOTATIONS_PER_REQUEST,
  SUMMARY_MAX,
  commandSafeMessage,
  conclusionFor,
  emitWorkflowAnnotations,
  publishCheck,
  type CheckArgs,
} from '../../../src/github/checks.ts';
import { createClient } from '../../../src/github/client.ts';
import type { FailureVerdict } from '../../../src/model/verdict.ts';
import { annotationsFor, type Annotation } from '../../../src/report/annotations.ts';
import { hostileTexts } from '../../helpers/hostile-names.ts';
import { failure, flaky, verdict } from '../../helpers/verdict-builder.ts';

// ---------------------------------------------------------------------------------------------
// A GitHub-like server on 127.0.0.1: each test scripts the answers and reads the requests.
// ---------------------------------------------------------------------------------------------

interface Seen {
  method: string;
  url: string;
  body: Record<string, unknown>;
}
interface Answer {
  status: number;
  body: unknown;
}
type Route = (req: Seen, n: number) => Answer;

let server: Server;
let baseUrl = '';
let seen: Seen[] = [];
let route: Route = () => ({ status: 500, body: { message: 'no route' } });

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        body: raw ? JSON.parse(raw) : {},
      };
      seen.push(s);
      const a = route(s, seen.length);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
afterEach(() => {
  seen = [];
  vi.restoreAllMocks();
});

const warnings: string[] = [];
const client = (budget = 100) =>
  createClient({ token: 't', budget, warn: (m) => warnings.push(m), baseUrl }).client;

const checkRun = (id: number) => ({
  status: 201,
  body: { id, html_url: `https://github.com/o/r/runs/${id}` },
});
const ok: Route = (req) =>
  req.method === 'POST' ? checkRun(901) : { ...checkRun(901), status: 200 };

function anns(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `tests/t${i}.test.ts`,
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: 'warning' as const,
    title: `t${i}`,
    message: `m${i}`,
  }));
}

const args = (over: Partial<CheckArgs> = {}): CheckArgs => ({
  owner: 'o',
  repo: 'r',
  name: 'flakegate',
  headSha: 'a'.repeat(40),
  conclusion: 'failure',
  title: 'HIGH: 1 regression',
  summary: '# flakegate\n\nsummary',
  annotations: [],
  ...over,
});

type Output = { title: string; summary: string; annotations: Annotation[] };
const output = (s: Seen) => s.body.output as Output;

describe('conclusionFor', () => {
  it.each([
    ['NONE', 'success'],
    ['LOW', 'success'],
    ['MEDIUM', 'neutral'],
    ['HIGH', 'failure'],
  ] as const)('%s -> %s', (risk, want) => {
    expect(conclusionFor(risk)).toBe(want);
  });
});

describe('publishCheck', () => {
  it('creates the run with 50 annotations, then appends the rest 50 per PATCH', async () => {
    route = ok;
    const list = anns(120);
    const r = await publishCheck(client(), args({ annotations: list }));
    expect(r).toEqual({
      ok: true,
      id: 901,
      url: 'https://github.com/o/r/runs/901',
      annotations: 120,
    });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /repos/o/r/check-runs',
      'PATCH /repos/o/r/check-runs/901',
      'PATCH /repos/o/r/check-runs/901',
    ]);
    const [post, p1, p2] = seen as [Seen, Seen, Seen];
    expect(post.body).toMatchObject({
      name: 'flakegate',
      head_sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
    });
    expect(output(post).annotations).toEqual(list.slice(0, 50));
    expect(output(p1).annotations).toEqual(list.slice(50, 100));
    expect(output(p2).annotations).toEqual(list.slice(100));
    for (const s of seen) {
      // GitHub requires both on every PATCH that adds annotations.
      expect(output(s).title).toBe('HIGH: 1 regression');
      expect(output(s).summary).toBe('# flakegate\n\nsummary');
      expect(output(s).annotations.length).toBeLessThanOrEqual(ANNOTATIONS_PER_REQUEST);
    }
  });

  it('updates the given check run instead of creating one, keeping its name', async () => {
    route = ok;
    const r = await publishCheck(client(), args({ checkRunId: 77, annotations: anns(51) }));
    expect(r.ok).toBe(true);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PATCH /repos/o/r/check-runs/77',
      'PATCH /repos/o/r/check-runs/901',
    ]);
    expect(seen[0]!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(seen[0]!.body).not.toHaveProperty('name');
    expect(seen[0]!.body).not.toHaveProperty('head_sha');
    expect(output(seen[0]!).annotations).toHaveLength(50);
    expect(output(seen[1]!).annotations).toHaveLength(1);
  });

  it('no annotations: one request with an empty list', async () => {
    route = ok;
    const r = await publishCheck(client(), args({ conclusion: 'success' }));
    expect(r.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body.conclusion).toBe('success');
    expect(output(seen[0]!).annotations).toEqual([]);
  });

  it.each([
    [403, 'Resource not accessible by integration'],
    [404, 'Not Found'],
  ])('%i (fork token, no checks: write) -> ok:false, not retried', async (status, message) => {
    route = () => ({ status, body: { message } });
    const r = await publishCheck(client(), args({ annotations: anns(80) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(status);
    expect(r.message).toContain(message);
    expect(seen).toHaveLength(1);
  });

  it('a 502 is retried by the client, then the run is written', async () => {
    route = (_req, n) =>
      n === 1 ? { status: 502, body: { message: 'Bad Gateway' } } : checkRun(5);
    const r = await publishCheck(client(), args());
    expect(r).toMatchObject({ ok: true, id: 5 });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST']);
  });

  it('a spent request budget is ok:false with status 0', async () => {
    route = ok;
    const r = await publishCheck(client(0), args());
    expect(r).toMatchObject({ ok: false, status: 0 });
    if (!r.ok) expect(r.message).toMatch(/budget/);
    expect(seen).toHaveLength(0);
  });

  it('a failed append keeps the written run and says what is missing', async () => {
    route = (req) =>
      req.method === 'PATCH'
        ? { status: 422, body: { message: 'Validation Failed' } }
        : checkRun(9);
    const r = await publishCheck(client(), args({ annotations: anns(75) }));
    expect(r).toMatchObject({ ok: true, id: 9, annotations: 50 });
    if (r.ok) expect(r.note).toMatch(/^25 annotation\(s\) not written: .*Validation Failed/);
    expect(seen).toHaveLength(2);
  });

  it('caps the annotations written and says so in the summary', async () => {
    route = ok;
    const r = await publishCheck(client(), args({ annotations: anns(130), maxAnnotations: 60 }));
    expect(r).toMatchObject({ ok: true, annotations: 60 });
    expect(seen).toHaveLength(2);
    expect(output(seen[1]!).annotations).toHaveLength(10);
    expect(output(seen[0]!).summary).toMatch(/70 more annotation\(s\) not written \(limit 60\)\.$/);
  });

  it('bounds the summary to 65,535 characters with a note, and the title to 255', async () => {
    route = ok;
    const summary = '😀'.repeat(40_000);
    await publishCheck(client(), args({ summary, title: 'T'.repeat(1000) + '\n' }));
    const out = output(seen[0]!);
    expect(out.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(out.summary).toMatch(/\n\n… \(summary truncated at GitHub’s 65,535-character limit\)$/);
    expect(/\p{Cs}/u.test(out.summary)).toBe(false);
    expect(out.title.length).toBeLessThanOrEqual(255);
    expect(out.title).not.toContain('\n');
  });
});

// ---------------------------------------------------------------------------------------------
// The workflow-command fallback, through the real @actions/core, as the runner would read it.
// ---------------------------------------------------------------------------------------------

const WJ = '\u2060';
/** The runner's ActionCommand unescaping of data and of property values. */
const unescapeData = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

/** The runner's parse of a `::cmd k=v,k=v::data` line (after leading whitespace). */
function parseCommand(
  line: string,
): { cmd: string; props: Record<string, string>; data: string } | null {
  const m = /^\s*::([^\s:]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) return null;
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const i = kv.indexOf('=');
    props[kv.slice(0, i)] = unescapeProperty(kv.slice(i + 1));
  }
  return { cmd: m[1]!, props, data: unescapeData(m[3] ?? '') };
}

function captureStdout(fn: () => void): string[] {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    fn();
  } finally {
    vi.restoreAllMocks();
  }
  const text = chunks.join('');
  expect(text.endsWith(EOL)).toBe(true);
  return text.slice(0, -EOL.length).split(EOL);
}

describe('commandSafeMessage', () => {
  it.each([
    ['::error::x', `:${WJ}:error:${WJ}:x`],
    [':::', `:${WJ}:${WJ}:`],
    ['a ##[set-output name=x]y', `a ##${WJ}[set-output name=x]y`],
    ['plain: text # no', 'plain: text # no'],
  ])('%j', (input, want) => {
    expect(commandSafeMessage(input)).toBe(want);
  });
});

describe('emitWorkflowAnnotations', () => {
  const LEVEL_CMD = { failure: 'error', warning: 'warning', notice: 'notice' } as const;

  it('every hostile name and message is one command of the intended level, its text intact', () => {
    const { names, messages } = hostileTexts();
    const pick = (f: { file: string }) => f.file === 'names-workflow-commands.xml';
    const hostileNames = names.filter(pick).map((n) => n.raw);
    const hostileMessages = messages.filter(pick).map((m) => m.raw);
    expect(hostileNames.length).toBeGreaterThanOrEqual(6);
    expect(hostileMessages.join('\n')).toContain('::error::FLAKEGATE-INJECTED');
    const classes: FailureVerdict['class'][] = ['REGRESSION', 'BROKEN-BEFORE', 'FLAKY'];
    const fs = hostileNames.flatMap((name, i) => [
      failure({
        name,
        suite: name,
        class: classes[i % 3]!,
        message: hostileMessages[i % hostileMessages.length]!,
      }),
      flaky({ name: 'ok', file: `tests/${name}.ts`, message: name }),
    ]);
    const list = annotationsFor(verdict(fs, { risk: 'HIGH' }));
    expect(new Set(list.map((a) => a.annotation_level))).toEqual(
      new Set(['failure', 'warning', 'notice']),
    );

    const lines = captureStdout(() => emitWorkflowAnnotations(list, core));
    expect(lines).toHaveLength(list.length);
    lines.forEach((line, i) => {
      const a = list[i]!;
      expect(line.startsWith(`::${LEVEL_CMD[a.annotation_level]} `)).toBe(true);
      const cmd = parseCommand(line);
      expect(cmd).not.toBeNull();
      expect(cmd!.cmd).toBe(LEVEL_CMD[a.annotation_level]);
      expect(cmd!.props).toEqual({
        title: a.title,
        file: a.path,
        line: String(a.start_line),
        endLine: String(a.end_line),
      });
      expect(cmd!.data).toBe(commandSafeMessage(a.message));
      // Only our inserted WORD JOINERs differ from the annotation's text.
      expect(cmd!.data.replaceAll(WJ, '')).toBe(a.message);
      // Nothing in the text can read as a command, not even line by line.
      expect(cmd!.data).not.toContain('::');
      expect(cmd!.data).not.toContain('##[');
      expect(line).not.toMatch(/[\r\n]/);
    });
    expect(lines.join('\n')).toContain('FLAKEGATE-INJECTED');
    expect(lines.some((l) => /^\s*::(add-mask|set-output|error file=x)/.test(l))).toBe(false);
  });

  it('calls error/warning/notice by level with title, file and lines', () => {
    const calls: [string, string, unknown][] = [];
    const sink = {
      error: (m: string, p?: unknown) => calls.push(['error', m, p]),
      warning: (m: string, p?: unknown) => calls.push(['warning', m, p]),
      notice: (m: string, p?: unknown) => calls.push(['notice', m, p]),
    };
    const a = anns(3).map((x, i) => ({
      ...x,
      annotation_level: (['failure', 'warning', 'notice'] as const)[i]!,
    }));
    emitWorkflowAnnotations(a, sink);
    expect(calls).toEqual([
      ['error', 'm0', { title: 't0', file: 'tests/t0.test.ts', startLine: 1, endLine: 1 }],
      ['warning', 'm1', { title: 't1', file: 'tests/t1.test.ts', startLine: 2, endLine: 2 }],
      ['notice', 'm2', { title: 't2', file: 'tests/t2.test.ts', startLine: 3, endLine: 3 }],
    ]);
  });
});
