/**
 * The shard runner with its process runner replaced: which attempts it makes,
 * when it stops early, what it records when an attempt cannot be made.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invocation, RerunPlan, RerunTarget } from '../../../src/model/index.ts';
import { runShard, type ShardOptions } from '../../../src/rerun/runner.ts';
import type { ProcessOutcome } from '../../../src/rerun/result.ts';

const target = (name: string): RerunTarget => ({
  testId: `pytest:tests/test_a.py::${name}`,
  framework: 'pytest',
  name,
  suite: 'tests.test_a',
  file: 'tests/test_a.py',
  durationMs: 100,
});

function plan(tests: { t: RerunTarget; preceding?: RerunTarget[] }[]): RerunPlan {
  return {
    version: 1,
    rerunsK: 5,
    inSuiteK: 0,
    shards: [
      {
        id: 's1',
        costMs: 0,
        tests: tests.map(({ t, preceding }) => ({
          target: t,
          preceding: preceding ?? [],
          costMs: 0,
        })),
      },
    ],
    refused: [],
    settled: [],
    reports: [],
  };
}

/** A fake framework: `fails(name, argv)` decides each run; it writes a pytest JUnit report. */
function fakeExec(fails: (names: string[], call: number) => boolean, calls: Invocation[]) {
  return async (inv: Invocation): Promise<ProcessOutcome> => {
    calls.push(inv);
    const names = inv.argv.filter((a) => a.includes('::')).map((a) => a.split('::').pop()!);
    const victim = names[names.length - 1]!;
    const failed = fails(names, calls.length);
    if (inv.result.format === 'junit') {
      const cases = names
        .map((n) => {
          const body = n === victim && failed ? '<failure message="boom">boom</failure>' : '';
          return `<testcase classname="tests.test_a" name="${n}" file="tests/test_a.py" time="0.1">${body}</testcase>`;
        })
        .join('');
      await writeFile(
        inv.result.path,
        `<testsuites><testsuite name="pytest">${cases}</testsuite></testsuites>`,
      );
    }
    return { exitCode: failed ? 1 : 0, timedOut: false, durationMs: 100, stdout: '', stderr: '' };
  };
}

let out: string;
beforeEach(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'flakegate-runner-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

const base = (
  p: RerunPlan,
  exec: ShardOptions['exec'],
  over: Partial<ShardOptions> = {},
): ShardOptions => ({
  plan: p,
  shardId: 's1',
  out,
  cwd: out,
  timeoutMs: 10_000,
  rerunsK: 5,
  inSuiteK: 0,
  budgetMs: 600_000,
  polluterBudgetMs: 60_000,
  exec,
  ...over,
});

async function manifests(): Promise<Record<string, unknown>[]> {
  const files = (await readdir(out, { recursive: true })).filter((f) =>
    f.endsWith('flakegate-rerun.json'),
  );
  return Promise.all(
    files
      .sort()
      .map(
        async (f) =>
          JSON.parse(await readFile(path.join(out, f), 'utf8')) as Record<string, unknown>,
      ),
  );
}

describe('runShard', () => {
  it('a deterministic failure runs all K attempts; a flake stops at its first pass and says what that saved', async () => {
    const calls: Invocation[] = [];
    const p = plan([{ t: target('test_broken') }, { t: target('test_flaky') }]);
    const s = await runShard(
      base(
        p,
        fakeExec((names, n) => names.at(-1) === 'test_broken' || n === 6, calls),
      ),
    );
    expect(s.tests.map((t) => [t.testId.split('::')[1], t.isolated])).toEqual([
      ['test_broken', { passed: 0, failed: 5 }],
      ['test_flaky', { passed: 1, failed: 1 }],
    ]);
    expect(s.attempts).toBe(7);
    expect(s.attemptsSaved).toBe(3);
    expect(s.secondsSaved).toBeGreaterThanOrEqual(0);
    const m = await manifests();
    expect(m).toHaveLength(7);
    for (const x of m) {
      expect(x.mode).toBe('isolated');
      expect(Array.isArray(x.command)).toBe(true);
      expect(x.outcome === 'passed' || x.outcome === 'failed').toBe(true);
    }
  });

  it('passes alone, fails after its predecessors: the isolated count is completed and the polluter found', async () => {
    const calls: Invocation[] = [];
    const before = ['test_a', 'test_b', 'test_polluter', 'test_c'].map(target);
    const p = plan([{ t: target('test_victim'), preceding: before }]);
    const s = await runShard(
      base(
        p,
        fakeExec((names) => names.length > 1 && names.includes('test_polluter'), calls),
        { inSuiteK: 3 },
      ),
    );
    const t = s.tests[0]!;
    expect(t.isolated).toEqual({ passed: 5, failed: 0 });
    expect(t.inSuite).toEqual({ passed: 0, failed: 3 });
    expect(t.polluters).toEqual(['pytest:tests/test_a.py::test_polluter']);
    expect(t.polluterSearch?.minimal).toBe(true);
    const inSuite = (await manifests()).filter((x) => x.mode === 'in-suite');
    expect(inSuite).toHaveLength(3);
    for (const x of inSuite) expect(x.polluters).toEqual(['pytest:tests/test_a.py::test_polluter']);
  });

  it('a spent time budget: the test that got no attempt is recorded as lost, never silently passed', async () => {
    let clock = 0;
    const p = plan([{ t: target('test_one') }, { t: target('test_two') }]);
    const exec = fakeExec(() => true, []);
    const s = await runShard(
      base(
        p,
        async (inv) => {
          clock += 1000;
          return exec(inv);
        },
        { budgetMs: 2500, now: () => clock },
      ),
    );
    expect(s.budgetSpent).toBe(true);
    const lost = (await manifests()).filter((x) => typeof x.problem === 'string');
    expect(lost).toEqual([
      expect.objectContaining({
        test: 'pytest:tests/test_a.py::test_two',
        attempt: 1,
        shard: 's1',
      }),
    ]);
  });

  it('a selection that ran nothing is a problem, not a pass', async () => {
    const p = plan([{ t: target('test_x') }]);
    const s = await runShard(
      base(
        p,
        async (inv) => {
          if (inv.result.format === 'junit') await writeFile(inv.result.path, '<testsuites/>');
          return { exitCode: 0, timedOut: false, durationMs: 5, stdout: '', stderr: '' };
        },
        { rerunsK: 2 },
      ),
    );
    expect(s.tests[0]!.isolated).toEqual({ passed: 0, failed: 0 });
    expect(s.tests[0]!.problems[0]).toMatch(/did not run the test/);
    expect((await manifests()).every((x) => typeof x.problem === 'string')).toBe(true);
  });

  it('a timeout is a failed attempt (error), named as one', async () => {
    const p = plan([{ t: target('test_hangs') }]);
    const s = await runShard(
      base(
        p,
        async () => ({
          exitCode: null,
          timedOut: true,
          durationMs: 10_000,
          stdout: '',
          stderr: '',
        }),
        { rerunsK: 1 },
      ),
    );
    expect(s.tests[0]!.isolated).toEqual({ passed: 0, failed: 1 });
    const [m] = await manifests();
    expect(m).toMatchObject({ outcome: 'error', failure: { type: 'timeout' } });
  });

  it('an unknown shard id is an error naming the shards there are', async () => {
    await expect(
      runShard(
        base(
          plan([]),
          fakeExec(() => false, []),
          { shardId: 's9' },
        ),
      ),
    ).rejects.toThrow(/no shard "s9" \(shards: s1\)/);
  });
});
