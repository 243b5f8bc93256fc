/**
 * Finding report files (files, folders, globs, missing inputs) and reading
 * them on a worker pool: the same reports whatever the concurrency, every
 * worker used, and a worker that cannot start or dies costs at most its file.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ParsedReport } from '../../../src/model/index.ts';
import { expandReportPaths, readReports } from '../../../src/ingest/load.ts';
import { readReportFile } from '../../../src/ingest/read.ts';
import { CORPUS, HOSTILE } from '../../helpers/corpus.ts';

/** Worker threads made by load.ts, counted; `mode` swaps in a broken or crashing worker. */
const pool = vi.hoisted(() => ({
  created: 0,
  reporters: new Set<number>(),
  mode: 'real' as 'real' | 'missing-script' | 'crash-on-CRASH',
}));

vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:worker_threads')>();
  const CRASHING = `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ files }) => {
      const reports = files.map((file) => {
        if (file.includes('CRASH-EXIT')) process.exit(3);
        if (file.includes('CRASH-THROW')) throw new Error('boom in worker');
        return { file, tests: [], attempts: [], warnings: [],
          counts: { testcases: 0, failed: 0, skipped: 0, passed: 0, retryAttempts: 0 } };
      });
      // A batch in wire.ts's form: reports without tests or attempts need no tables.
      const meta = JSON.stringify(reports.map((r) => ({ ...r, tests: 0, attempts: 0 })));
      const batch = { reset: false, shared: '[]', local: '[]', meta,
        ints: new Int32Array(0), floats: new Float64Array(0) };
      parentPort.postMessage({ type: 'reports', batch });
    });
    parentPort.postMessage({ type: 'ready' });
  `;
  class CountingWorker extends actual.Worker {
    constructor(url: URL | string, options?: import('node:worker_threads').WorkerOptions) {
      if (pool.mode === 'missing-script') super(new URL('./no-such-parse-worker.ts', url), options);
      else if (pool.mode === 'crash-on-CRASH') super(CRASHING, { ...options, eval: true });
      else super(url, options);
      pool.created++;
      this.on('message', (m: { type: string }) => {
        if (m.type === 'reports') pool.reporters.add(this.threadId);
      });
    }
  }
  return { ...actual, Worker: CountingWorker, default: { ...actual, Worker: CountingWorker } };
});

let dir = '';

/** The tree the expansion tests walk. */
function tree(): void {
  const put = (
    p: string,
    text = '<testsuite name="s"><testcase classname="c" name="t"/></testsuite>',
  ) => {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), text);
  };
  put('reports/a.xml');
  put('reports/notes.txt', 'not a report');
  put('reports/sub/b.xml');
  put('reports/sub/deep/c.xml');
  put('reports/node_modules/pkg/ignored.xml');
  put('reports/.hidden/ignored.xml');
  put('other/d.xml');
  put('with space/[1].xml');
  mkdirSync(path.join(dir, 'empty'));
  symlinkSync(path.join(dir, 'reports/sub'), path.join(dir, 'reports/link-to-sub'));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flakegate-load-'));
  tree();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('expandReportPaths', () => {
  /** Paths under the temp tree, absolute as expandReportPaths gives them for another cwd. */
  const at = (...ps: string[]) => ps.map((p) => path.join(dir, p));

  it('a file is returned as named, even without .xml', async () => {
    expect(await expandReportPaths(['reports/a.xml', 'reports/notes.txt'], dir)).toEqual({
      files: at('reports/a.xml', 'reports/notes.txt'),
      missing: [],
    });
  });

  it('a folder gives every .xml below it, sorted, without node_modules, dot folders or symlinked copies', async () => {
    expect(await expandReportPaths(['reports'], dir)).toEqual({
      files: at('reports/a.xml', 'reports/sub/b.xml', 'reports/sub/deep/c.xml'),
      missing: [],
    });
  });

  it('globs, relative and absolute', async () => {
    expect((await expandReportPaths(['reports/sub/**/*.xml'], dir)).files).toEqual(
      at('reports/sub/b.xml', 'reports/sub/deep/c.xml'),
    );
    expect((await expandReportPaths(['*/d.xml'], dir)).files).toEqual(at('other/d.xml'));
    // An absolute glob gives absolute paths (not paths relative to cwd).
    const abs = await expandReportPaths([path.join(dir, 'reports', '*.xml')], '/');
    expect(abs).toEqual({ files: at('reports/a.xml'), missing: [] });
  });

  it('a file whose name looks like a glob is taken as the file', async () => {
    expect((await expandReportPaths(['with space/[1].xml'], dir)).files).toEqual(
      at('with space/[1].xml'),
    );
  });

  it('inputs that match nothing are returned in missing, and the rest still found', async () => {
    expect(
      await expandReportPaths(
        ['nope.xml', 'reports/a.xml', 'nope/**/*.xml', 'empty', 'other'],
        dir,
      ),
    ).toEqual({
      files: at('reports/a.xml', 'other/d.xml'),
      missing: ['nope.xml', 'nope/**/*.xml', 'empty'],
    });
  });

  it('keeps input order and lists a file once however often it is reached', async () => {
    const got = await expandReportPaths(
      [
        'other',
        'reports/sub/b.xml',
        'reports',
        './reports/a.xml',
        'reports/**/*.xml',
        path.join(dir, 'other/d.xml'),
      ],
      dir,
    );
    expect(got).toEqual({
      files: at('other/d.xml', 'reports/sub/b.xml', 'reports/a.xml', 'reports/sub/deep/c.xml'),
      missing: [],
    });
  });

  it('relative inputs resolve against cwd', async () => {
    const got = await expandReportPaths(['a.xml', 'sub'], path.join(dir, 'reports'));
    expect(got.files).toEqual(at('reports/a.xml', 'reports/sub/b.xml', 'reports/sub/deep/c.xml'));
  });

  it('with this process’s cwd, paths stay as the input names them', async () => {
    const rel = path.relative(process.cwd(), path.join(dir, 'reports'));
    const got = await expandReportPaths([path.join(rel, 'a.xml'), path.join(rel, 'sub')]);
    expect(got.files).toEqual([
      path.join(rel, 'a.xml'),
      path.join(rel, 'sub/b.xml'),
      path.join(rel, 'sub/deep/c.xml'),
    ]);
    // ... and are readable from here.
    for (const f of got.files) expect(readReportFile(f).error, f).toBeUndefined();
  });
});

describe('readReports', () => {
  afterEach(() => {
    pool.mode = 'real';
    pool.created = 0;
    pool.reporters.clear();
  });

  const corpusFiles = async () =>
    (
      await expandReportPaths([
        CORPUS + 'jest',
        CORPUS + 'malformed',
        CORPUS + 'gtest',
        HOSTILE + 'names-*.xml',
        HOSTILE + 'deep-nesting-10000.xml',
      ])
    ).files;

  async function collect(files: string[], concurrency: number): Promise<Map<string, ParsedReport>> {
    const out = new Map<string, ParsedReport>();
    for await (const r of readReports(files, { concurrency })) {
      expect(out.has(r.file), `${r.file} came back twice`).toBe(false);
      out.set(r.file, r);
    }
    return out;
  }

  it('concurrency 1 and 2 give the same set of reports', async () => {
    const files = await corpusFiles();
    expect(files.length).toBeGreaterThan(30);
    const one = await collect(files, 1);
    expect(pool.created).toBe(0);
    const two = await collect(files, 2);
    expect([...one.keys()].sort()).toEqual([...files].sort());
    expect([...two.keys()].sort()).toEqual([...files].sort());
    // Strictly: a key holding undefined on one side only would differ too.
    for (const f of files) expect(two.get(f), f).toStrictEqual(one.get(f));
  });

  it('with several files, a worker parses beside this thread (both cores used)', async () => {
    // concurrency n = this thread + n - 1 workers (load.ts: the main thread parses too).
    const files = await corpusFiles();
    const got = await collect(files, 2);
    expect(pool.created).toBe(1);
    expect(pool.reporters.size).toBe(1);
    expect(got.size).toBe(files.length);
  });

  it('never more threads than files', async () => {
    const files = (await corpusFiles()).slice(0, 3);
    await collect(files, 16);
    expect(pool.created).toBe(2);
  });

  it('workers that cannot start hand their files back: all are read here', async () => {
    pool.mode = 'missing-script';
    const files = (await corpusFiles()).slice(0, 6);
    const got = await collect(files, 3);
    expect(pool.created).toBe(2);
    expect(pool.reporters.size).toBe(0);
    expect([...got.keys()].sort()).toEqual([...files].sort());
    for (const f of files) expect(got.get(f), f).toEqual(readReportFile(f));
  });

  it('a worker that dies costs only the file it held', async () => {
    pool.mode = 'crash-on-CRASH';
    const files = [
      'a.xml',
      'CRASH-EXIT.xml',
      'b.xml',
      'CRASH-THROW.xml',
      'c.xml',
      'd.xml',
      'e.xml',
    ];
    const got = await collect(files, 3);
    expect([...got.keys()].sort()).toEqual([...files].sort());
    expect(got.get('CRASH-EXIT.xml')!.error).toEqual({
      file: 'CRASH-EXIT.xml',
      message: 'parser stopped: worker exited with code 3',
    });
    expect(got.get('CRASH-THROW.xml')!.error?.message).toBe('parser stopped: boom in worker');
    for (const f of ['a.xml', 'b.xml', 'c.xml', 'd.xml', 'e.xml'])
      expect(got.get(f)!.error, f).toBeUndefined();
  });
});
