import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type {
  ParsedReport,
  PlannedTest,
  RerunTarget,
  TestRecord,
} from '../../../src/model/index.ts';
import {
  costOf,
  failingTests,
  makespanLowerBound,
  matrixOf,
  shard,
  MAX_SHARDS,
} from '../../../src/rerun/plan.ts';

function target(i: number, durationMs: number): RerunTarget {
  return { testId: `t${i}`, framework: 'vitest', name: `test ${i}`, suite: 's', durationMs };
}

function planned(durations: number[], k = 5): PlannedTest[] {
  return durations.map((d, i) => {
    const t = { target: target(i, d), preceding: [] };
    return { ...t, costMs: costOf(t, { rerunsK: k, inSuiteK: 0 }) };
  });
}

/** Deterministic Pareto-distributed durations: most tests fast, a few very slow. */
function pareto(n: number, seed: number): number[] {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x + 1) / (2 ** 31 + 1);
  };
  return Array.from({ length: n }, () => Math.round(50 / rnd() ** (1 / 1.2)));
}

const makespan = (s: { costMs: number }[]) => Math.max(...s.map((x) => x.costMs));

describe('sharding', () => {
  it('a skewed (Pareto) duration mix lands within 10% of the lower bound', () => {
    for (const [n, shards, seed] of [
      [300, 8, 1],
      [1000, 32, 7],
      [120, 16, 42],
      [2000, 256, 3],
    ] as const) {
      const tests = planned(pareto(n, seed));
      const out = shard(tests, shards);
      const bound = makespanLowerBound(tests, shards);
      expect(makespan(out), `${n} tests, ${shards} shards`).toBeLessThanOrEqual(bound * 1.1);
    }
  });

  it('one very long test is its own shard and sets the makespan', () => {
    const tests = planned([100_000, 10, 10, 10, 10, 10, 10]);
    const out = shard(tests, 3);
    expect(makespan(out)).toBe(500_000);
    expect(makespanLowerBound(tests, 3)).toBe(500_000);
    expect(out.find((s) => s.tests.some((t) => t.target.testId === 't0'))!.tests).toHaveLength(1);
  });

  it('every test lands in exactly one shard; ids are opaque and sequential; no empty shard', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 0, maxLength: 300 }),
        fc.integer({ min: 1, max: 300 }),
        (durations, n) => {
          const tests = planned(durations);
          const out = shard(tests, n);
          expect(out.length).toBe(Math.min(n, MAX_SHARDS, tests.length));
          expect(out.map((s) => s.id)).toEqual(out.map((_, i) => `s${i + 1}`));
          const ids = out.flatMap((s) => s.tests.map((t) => t.target.testId)).sort();
          expect(ids).toEqual(tests.map((t) => t.target.testId).sort());
          for (const s of out) expect(s.tests.length).toBeGreaterThan(0);
          // LPT's guarantee: at most 4/3 of the optimum, hence of any bound's 4/3 + the largest item.
          if (tests.length)
            expect(makespan(out)).toBeLessThanOrEqual((4 / 3) * makespanLowerBound(tests, n) + 1);
        },
      ),
    );
  });

  it('the matrix carries shard ids only, never a test name', () => {
    const tests = planned([1, 2, 3]).map((t) => ({
      ...t,
      target: { ...t.target, name: '$(rm -rf /) ${{ secrets.X }}' },
    }));
    const m = matrixOf(shard(tests, 2));
    expect(m).toEqual({ shard: ['s1', 's2'] });
    expect(JSON.stringify(m)).not.toContain('rm -rf');
  });

  it('cost counts K isolated runs plus in-suite runs that replay the predecessors', () => {
    const t = { target: target(1, 100), preceding: [target(2, 30), target(3, 20)] };
    expect(costOf(t, { rerunsK: 5, inSuiteK: 0 })).toBe(500);
    expect(costOf(t, { rerunsK: 5, inSuiteK: 2 })).toBe(500 + 2 * 150);
    // A 0 s test still costs something, so such tests spread across shards.
    expect(costOf({ target: target(4, 0), preceding: [] }, { rerunsK: 3, inSuiteK: 0 })).toBe(3);
  });
});

describe('failing tests of the head reports', () => {
  const rec = (id: string): TestRecord => ({
    id,
    dialect: 'vitest',
    name: id,
    suite: 'f.test.ts',
    file: 'f.test.ts',
  });
  const report = (
    rows: [string, 'passed' | 'failed' | 'error' | 'skipped', number?][],
  ): ParsedReport => ({
    file: 'r.xml',
    dialect: 'vitest',
    tests: [...new Map(rows.map(([id]) => [id, rec(id)])).values()],
    attempts: rows.map(([id, outcome, d], retry) => ({
      testId: id,
      outcome,
      durationMs: d ?? 10,
      retry,
    })),
    counts: { testcases: rows.length, failed: 0, skipped: 0, passed: 0, retryAttempts: 0 },
    warnings: [],
  });
  const source = {
    targetFor: (r: TestRecord, d: number) =>
      r.name.includes('\n')
        ? { refused: 'name has a newline' }
        : {
            testId: r.id,
            framework: 'vitest' as const,
            name: r.name,
            suite: r.suite,
            durationMs: d,
          },
    sharesProcess: () => true,
  };

  it('lists failures with their predecessors in report order, settles head-run flakes, refuses unsafe names', () => {
    const out = failingTests(
      [
        report([
          ['a', 'passed'],
          ['b', 'skipped'],
          ['c', 'failed', 700],
          ['d', 'failed'],
          ['d', 'passed'],
          ['bad\nname', 'error'],
        ]),
      ],
      source,
    );
    expect(
      out.planned.map((p) => [
        p.target.testId,
        p.target.durationMs,
        p.preceding.map((x) => x.testId),
      ]),
    ).toEqual([['c', 700, ['a', 'b']]]);
    expect(out.settled).toEqual([
      { testId: 'd', reason: 'failed and passed in the head run already' },
    ]);
    expect(out.refused).toEqual([{ testId: 'bad\nname', reason: 'name has a newline' }]);
  });

  it('predecessors are only tests that share its process', () => {
    const out = failingTests(
      [
        report([
          ['x1', 'passed'],
          ['y1', 'passed'],
          ['x2', 'failed'],
        ]),
      ],
      {
        ...source,
        sharesProcess: (a: RerunTarget, b: RerunTarget) => a.testId[0] === b.testId[0],
      },
    );
    expect(out.planned[0]!.preceding.map((p) => p.testId)).toEqual(['x1']);
  });
});
