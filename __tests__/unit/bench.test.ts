import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SEED,
  ensureHistory,
  generateHistory,
  listXmlFiles,
} from '../../scripts/bench/generate.ts';
import { CHUNK_BYTES, countFile } from '../../scripts/bench/saxes-count.ts';
import { summarize, type Tally } from '../../scripts/bench/tally.ts';

const temp = mkdtempSync(join(tmpdir(), 'flakegate-bench-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const tiny = { runs: 2, tests: 50, seed: DEFAULT_SEED };
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'testcase' || name === 'testsuite',
});

/** Testcase elements in a parsed document, wherever they sit. */
function testcases(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(testcases);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'testcase' ? (value as Record<string, unknown>[]) : testcases(value),
  );
}

describe('bench history generator', () => {
  const dir = join(temp, 'history');
  generateHistory(dir, tiny);

  it('writes one folder per run with run metadata', () => {
    expect(readdirSync(dir).sort()).toEqual(['run-01', 'run-02']);
    const meta = JSON.parse(readFileSync(join(dir, 'run-02', 'flakegate-run.json'), 'utf8'));
    expect(meta).toMatchObject({ branch: 'main', attempt: 1, event: 'push' });
    expect(meta.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof meta.runId).toBe('string');
    expect(Number.isNaN(Date.parse(meta.createdAt))).toBe(false);
  });

  it('writes well-formed XML in all three styles with every test once per run', () => {
    for (const run of ['run-01', 'run-02']) {
      const files = listXmlFiles(join(dir, run));
      const names = files.map((f) => basename(f));
      expect(names.some((n) => /^TEST-com\.acme\..+\.xml$/.test(n))).toBe(true);
      expect(names.some((n) => n.startsWith('junit-pytest-'))).toBe(true);
      expect(names.some((n) => n.startsWith('junit-jest-'))).toBe(true);
      let count = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        expect(XMLValidator.validate(text), file).toBe(true);
        const doc = parser.parse(text);
        if (basename(file).startsWith('TEST-')) expect(doc.testsuite).toHaveLength(1);
        else expect(doc.testsuites.testsuite.length).toBeGreaterThan(0);
        count += testcases(doc).length;
      }
      expect(count).toBe(tiny.tests);
    }
  });

  it('is deterministic for a seed', () => {
    const again = join(temp, 'again');
    generateHistory(again, tiny);
    const rel = (root: string) => listXmlFiles(root).map((f) => f.slice(root.length));
    expect(rel(again)).toEqual(rel(dir));
    for (const file of listXmlFiles(dir)) {
      expect(readFileSync(join(again, file.slice(dir.length)), 'utf8')).toBe(
        readFileSync(file, 'utf8'),
      );
    }
  });

  it('reuses a history whose stamp matches and rewrites one that does not', () => {
    const stamped = join(temp, 'stamped');
    expect(ensureHistory(stamped, tiny).generated).toBe(true);
    const reused = ensureHistory(stamped, tiny);
    expect(reused.generated).toBe(false);
    expect(reused.files).toBe(listXmlFiles(stamped).length);
    expect(ensureHistory(stamped, { ...tiny, runs: 1 }).generated).toBe(true);
    expect(readdirSync(stamped).filter((n) => n.startsWith('run-'))).toEqual(['run-01']);
  });

  it('fails 1-3% of testcases in a run, as the bench claims', () => {
    const big = join(temp, 'big');
    generateHistory(big, { runs: 1, tests: 2_000, seed: DEFAULT_SEED });
    const tally: Tally = new Map();
    const buffer = new Uint8Array(CHUNK_BYTES);
    let seen = 0;
    for (const file of listXmlFiles(big)) seen += countFile(file, tally, buffer).testcases;
    expect(seen).toBe(2_000);
    const failedTests = [...tally.values()].filter((c) => c.failed > 0).length;
    expect(failedTests / 2_000).toBeGreaterThanOrEqual(0.01);
    expect(failedTests / 2_000).toBeLessThanOrEqual(0.03);
    expect(summarize(tally).skipped).toBeGreaterThan(0);
  });
});
