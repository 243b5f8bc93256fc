/**
 * Reports crossing from a parse worker (wire.ts): what arrives equals what
 * was parsed, a test's strings cross once per worker, and the tables start
 * afresh past their limits.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactReport } from '../../../src/ingest/compact.ts';
import { readReportFile } from '../../../src/ingest/read.ts';
import { WireDecoder, WireEncoder, type WireBatch } from '../../../src/ingest/wire.ts';
import type { ParsedReport } from '../../../src/model/index.ts';
import { CORPUS, HOSTILE } from '../../helpers/corpus.ts';

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => f.endsWith('.xml') && statSync(f).isFile())
    .sort();
}

/** What postMessage does to a batch: a structured clone. */
const cross = (b: WireBatch): WireBatch => structuredClone(b);

const report = (
  tests: ParsedReport['tests'],
  attempts: ParsedReport['attempts'],
): ParsedReport => ({
  file: 'r.xml',
  dialect: 'junit',
  tests,
  attempts,
  counts: {
    testcases: attempts.length,
    failed: 0,
    skipped: 0,
    passed: attempts.length,
    retryAttempts: 0,
  },
  warnings: [],
});

describe('wire', () => {
  const reports = [...xmlFiles(CORPUS), ...xmlFiles(HOSTILE)].map((f) => readReportFile(f));

  it('every corpus and hostile report arrives equal to what was parsed, in batches, twice over', () => {
    const enc = new WireEncoder();
    const dec = new WireDecoder();
    expect(reports.length).toBeGreaterThan(100);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < reports.length; i += 7) {
        const batch = reports.slice(i, i + 7);
        expect(dec.reports(cross(enc.encode(batch)))).toStrictEqual(batch);
      }
    }
  });

  it('the compact form read off the wire equals the compact form of the parsed report', () => {
    for (const compact of [false, true]) {
      const enc = new WireEncoder();
      const dec = new WireDecoder();
      for (let i = 0; i < reports.length; i += 5) {
        const batch = reports.slice(i, i + 5);
        expect(dec.compact(cross(enc.encode(batch, compact)))).toEqual(batch.map(compactReport));
      }
    }
  });

  it('a batch for the compact form leaves output behind, and cannot pass for full records', () => {
    const withOutput = reports.filter((r) => r.attempts.some((a) => a.stdout || a.stderr));
    expect(withOutput.length).toBeGreaterThan(0);
    const full = new WireEncoder().encode(withOutput);
    const compact = new WireEncoder().encode(withOutput, true);
    expect(compact.local.length).toBeLessThan(full.local.length);
    expect(() => new WireDecoder().reports(compact)).toThrow(/compact form/);
  });

  it('a test crosses whole once; again, only its index, unless a field changed', () => {
    const enc = new WireEncoder();
    const dec = new WireDecoder();
    const t = { id: 'junit:S::t', dialect: 'junit' as const, name: 't', suite: 'S' };
    const first = enc.encode([report([t], [{ testId: t.id, outcome: 'passed', retry: 0 }])]);
    const again = enc.encode([report([{ ...t }], [{ testId: t.id, outcome: 'failed', retry: 0 }])]);
    expect(JSON.parse(first.shared)).toEqual(['junit:S::t', 'junit', 't', 'S']);
    expect(JSON.parse(again.shared)).toEqual([]);
    expect(again.ints.length).toBeLessThan(first.ints.length);
    const moved = { ...t, file: 'src/s.test.js', line: 4 };
    const third = enc.encode([report([moved], [{ testId: t.id, outcome: 'passed', retry: 0 }])]);
    expect(JSON.parse(third.shared)).toEqual(['src/s.test.js']);
    expect(dec.reports(first)[0]!.tests).toEqual([t]);
    expect(dec.reports(again)[0]!.attempts[0]).toEqual({
      testId: t.id,
      outcome: 'failed',
      retry: 0,
    });
    expect(dec.reports(third)[0]!.tests).toEqual([moved]);
  });

  it('each decoded report has test records of its own', () => {
    const enc = new WireEncoder();
    const dec = new WireDecoder();
    const t = { id: 'junit:S::t', dialect: 'junit' as const, name: 't', suite: 'S' };
    const r = report([t], [{ testId: t.id, outcome: 'passed', retry: 0 }]);
    const [a, b] = dec.reports(enc.encode([r, r]));
    a!.tests[0]!.line = 9;
    expect(b!.tests[0]!.line).toBeUndefined();
  });

  it('past the limits both sides start afresh, and still agree', () => {
    const enc = new WireEncoder({ maxTests: 3, maxChars: 1_000 });
    const dec = new WireDecoder();
    let resets = 0;
    for (let run = 0; run < 4; run++) {
      const tests = [0, 1].map((k) => ({
        id: `junit:S::t${run}-${k}`,
        dialect: 'junit' as const,
        name: `t${run}-${k}`,
        suite: 'S',
      }));
      const r = report(
        tests,
        tests.map((t) => ({ testId: t.id, outcome: 'passed' as const, retry: 0 })),
      );
      const b = enc.encode([r]);
      if (b.reset) resets++;
      expect(dec.reports(cross(b))).toEqual([r]);
    }
    expect(resets).toBeGreaterThan(0);
  });

  it('an attempt of a test its report does not list keeps its id', () => {
    const r = report(
      [],
      [{ testId: 'junit:X::orphan', outcome: 'error', retry: 0, durationMs: 2 }],
    );
    expect(new WireDecoder().reports(new WireEncoder().encode([r]))).toEqual([r]);
  });
});
