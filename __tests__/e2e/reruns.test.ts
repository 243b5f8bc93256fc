/**
 * Reruns on real frameworks, really run: each fixture project's suite runs
 * once (the head run), then `flakegate plan`, `flakegate rerun` for every
 * shard and `flakegate assess`, all from the bundled CLI. The fixtures hold a
 * deterministic regression, a pseudo-randomly flaky test, an order-dependent
 * victim after its polluter, and names full of regex and shell syntax.
 */
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, REPO, runCli, type CliBuild } from '../helpers/cli-process.ts';
import type { Verdict } from '../../src/model/index.ts';

const FIXTURES = path.join(REPO, '__tests__', 'fixtures', 'frameworks');
const NODE = process.execPath;

interface Fixture {
  name: string;
  /** The suite's normal run, writing JUnit XML to `out`. */
  head(out: string): string[];
  env?(out: string): Record<string, string>;
  regression: string;
  flaky: string;
  victim: string;
  polluter: string;
}

const FIXTURE_LIST: Fixture[] = [
  {
    name: 'vitest',
    head: (out) => ['npx', 'vitest', 'run', '--reporter=junit', `--outputFile=${out}`],
    regression: 'sums a list',
    flaky: 'is flaky',
    victim: 'victim expects an empty cache',
    polluter: 'polluter fills the cache',
  },
  {
    name: 'jest',
    head: () => [
      'npx',
      'jest',
      '--ci',
      '--runInBand',
      '--reporters=default',
      '--reporters=jest-junit',
    ],
    env: (out) => ({ JEST_JUNIT_OUTPUT_FILE: out }),
    regression: 'sums a list',
    flaky: 'is flaky',
    victim: 'victim expects an empty cache',
    polluter: 'polluter fills the cache',
  },
  {
    name: 'mocha',
    head: (out) => ['npx', 'mocha', '--reporter', 'xunit', '--reporter-option', `output=${out}`],
    regression: 'sums a list',
    flaky: 'is flaky',
    victim: 'victim expects an empty cache',
    polluter: 'polluter fills the cache',
  },
  {
    name: 'node-test',
    head: (out) => [
      NODE,
      '--test',
      '--test-reporter=junit',
      `--test-reporter-destination=${out}`,
      'test/*.test.js',
    ],
    regression: 'sums a list',
    flaky: 'is flaky',
    victim: 'victim expects an empty cache',
    polluter: 'polluter fills the cache',
  },
  {
    name: 'pytest',
    head: (out) => [
      'python3',
      '-m',
      'pytest',
      '-p',
      'no:cacheprovider',
      `--junitxml=${out}`,
      '-o',
      'junit_family=xunit1',
      'tests/',
    ],
    regression: 'test_sums_a_list',
    flaky: 'test_is_flaky',
    victim: 'test_victim_expects_an_empty_cache',
    polluter: 'test_polluter_fills_the_cache',
  },
  {
    name: 'go',
    head: (out) => [
      'gotestsum',
      '--junitfile',
      out,
      '--format',
      'standard-quiet',
      '--',
      '-count=1',
      './...',
    ],
    regression: 'TestSumsAList',
    flaky: 'TestIsFlaky',
    victim: 'TestOrderVictimExpectsAnEmptyCache',
    polluter: 'TestOrderPolluterFillsTheCache',
  },
];

let build: CliBuild;
beforeAll(async () => {
  build = await buildCli();
});
afterAll(async () => {
  await build.cleanup();
});

/** The Node 24 binary and node_modules/.bin first, as npm scripts have them. */
function pathEnv(): string {
  return [path.dirname(NODE), path.join(REPO, 'node_modules', '.bin'), process.env.PATH].join(
    path.delimiter,
  );
}

async function run(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<number | null> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe.each(FIXTURE_LIST)('$name: plan, rerun, assess on the real framework', (fx) => {
  let tmp: string;
  let verdict: Verdict;
  let rerunOut = '';
  let planText = '';
  let matrixText = '';
  const cwd = path.join(FIXTURES, fx.name);

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), `flakegate-reruns-${fx.name}-`));
    const env = {
      PATH: pathEnv(),
      FLAKEGATE_FIXTURE_STATE: tmp,
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-mod=mod',
      PYTHONDONTWRITEBYTECODE: '1',
      NO_COLOR: '1',
    };
    const head = path.join(tmp, 'head', 'junit.xml');
    await mkdir(path.dirname(head), { recursive: true });
    await run(fx.head(head), cwd, { ...env, ...fx.env?.(head) });
    expect(existsSync(head), `${fx.name} wrote no head report`).toBe(true);
    const plan = await runCli(
      build.cli,
      [
        'plan',
        path.join(tmp, 'head'),
        '--shards',
        '2',
        '--in-suite-k',
        '3',
        '--out',
        path.join(tmp, 'plan.json'),
      ],
      { cwd, env },
    );
    expect(plan.code, plan.stderr).toBe(0);
    planText = await readFile(path.join(tmp, 'plan.json'), 'utf8');
    matrixText = plan.stdout;
    const matrix = JSON.parse(plan.stdout) as { shard: string[] };
    for (const shard of matrix.shard) {
      const r = await runCli(
        build.cli,
        [
          'rerun',
          '--plan',
          path.join(tmp, 'plan.json'),
          '--shard',
          shard,
          '--out',
          path.join(tmp, 'reruns'),
          '--timeout',
          '120',
        ],
        { cwd, env },
      );
      expect(r.code, r.stderr).toBe(0);
      rerunOut += r.stdout;
    }
    const assess = await runCli(
      build.cli,
      [
        'assess',
        path.join(tmp, 'head'),
        '--reruns',
        path.join(tmp, 'reruns'),
        '--plan',
        path.join(tmp, 'plan.json'),
        '--json',
        '-',
      ],
      { cwd, env },
    );
    expect([0, 1], assess.stderr).toContain(assess.code);
    verdict = JSON.parse(assess.stdout) as Verdict;
  }, 600_000);

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const find = (name: string) => {
    const f = verdict.failures.find((x) => x.name.endsWith(name));
    expect(f, `${name} among ${verdict.failures.map((x) => x.name).join(' | ')}`).toBeDefined();
    return f!;
  };

  it('the deterministic failure is a REGRESSION', () => {
    expect(find(fx.regression).class).toBe('REGRESSION');
  });

  it('the randomly failing test is FLAKY, proven on this commit', () => {
    const f = find(fx.flaky);
    expect(f.class).toBe('FLAKY');
    expect(f.evidence.isolated.passed).toBeGreaterThan(0);
  });

  it('the victim is ORDER-DEPENDENT and its polluter is named', () => {
    const f = find(fx.victim);
    expect(f.class).toBe('ORDER-DEPENDENT');
    expect(f.polluters?.length).toBe(1);
    expect(f.polluters![0]).toContain(fx.polluter);
  });

  it('only the failing tests were rerun; test names never reach the matrix', () => {
    expect(verdict.failures).toHaveLength(3);
    expect(verdict.risk).toBe('HIGH');
    expect(rerunOut).toMatch(/early stopping saved \d+ attempt/);
    // Where the flaky test runs alone in its file, one pass settles it: the rest are saved.
    if (fx.name === 'vitest' || fx.name === 'jest')
      expect(rerunOut).toMatch(/early stopping saved [1-9]\d* attempt/);
    // The plan file holds names (it is the jobs' input); the matrix holds shard ids only.
    expect(planText).toContain(fx.victim);
    expect(matrixText).toMatch(/^\{"shard":\[("s\d+",?)+\]\}\n$/);
  });

  it('every attempt left a JUnit report and a flakegate-rerun.json with its argument list', async () => {
    const dirs = await readdir(path.join(tmp, 'reruns'), { recursive: true });
    const manifests = dirs.filter((d) => d.endsWith('flakegate-rerun.json'));
    expect(manifests.length).toBeGreaterThanOrEqual(3 * 1 + 5 + 3);
    for (const m of manifests) {
      const j = JSON.parse(await readFile(path.join(tmp, 'reruns', m), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(Array.isArray(j.command)).toBe(true);
      expect(j.outcome ?? j.problem).toBeDefined();
      expect(existsSync(path.join(tmp, 'reruns', path.dirname(m), 'report.xml'))).toBe(
        j.problem === undefined,
      );
    }
  });
});

describe('--also-on: the same tests on the merge base, in a git worktree', () => {
  let tmp: string;
  let verdict: Verdict;
  let manifests: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const { execFileSync } = await import('node:child_process');
    const { writeFile } = await import('node:fs/promises');
    tmp = await mkdtemp(path.join(tmpdir(), 'flakegate-also-on-'));
    const repo = path.join(tmp, 'repo');
    await mkdir(path.join(repo, 'tests'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
      });
    const write = (body: string) => writeFile(path.join(repo, 'tests', 'test_calc.py'), body);
    git('init', '-q', '-b', 'main');
    // The merge base: test_total passes, test_legacy already fails.
    await write(
      'def test_total():\n    assert sum([1, 2]) == 3\n\ndef test_legacy():\n    assert False, "broken long ago"\n',
    );
    await writeFile(path.join(repo, 'pytest.ini'), '[pytest]\naddopts = -p no:cacheprovider\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    // The change breaks test_total.
    await write(
      'def test_total():\n    assert sum([1, 2]) == 4\n\ndef test_legacy():\n    assert False, "broken long ago"\n',
    );
    git('commit', '-qam', 'change');
    const env = { PATH: pathEnv(), PYTHONDONTWRITEBYTECODE: '1', NO_COLOR: '1' };
    const head = path.join(tmp, 'head', 'junit.xml');
    await mkdir(path.dirname(head), { recursive: true });
    await run(['python3', '-m', 'pytest', `--junitxml=${head}`, 'tests/'], repo, env);
    const plan = await runCli(
      build.cli,
      ['plan', head, '--shards', '1', '--out', path.join(tmp, 'plan.json'), '--reruns-k', '3'],
      { cwd: repo, env },
    );
    expect(plan.code, plan.stderr).toBe(0);
    const r = await runCli(
      build.cli,
      [
        'rerun',
        '--plan',
        path.join(tmp, 'plan.json'),
        '--shard',
        's1',
        '--out',
        path.join(tmp, 'reruns'),
        '--also-on',
        'HEAD~1',
        '--setup',
        '["true"]',
      ],
      { cwd: repo, env },
    );
    expect(r.code, r.stderr).toBe(0);
    const files = (await readdir(path.join(tmp, 'reruns'), { recursive: true })).filter((f) =>
      f.endsWith('flakegate-rerun.json'),
    );
    manifests = await Promise.all(
      files.map(
        async (f) =>
          JSON.parse(await readFile(path.join(tmp, 'reruns', f), 'utf8')) as Record<
            string,
            unknown
          >,
      ),
    );
    const a = await runCli(
      build.cli,
      ['assess', head, '--reruns', path.join(tmp, 'reruns'), '--json', '-'],
      { cwd: repo, env },
    );
    verdict = JSON.parse(a.stdout) as Verdict;
    // The worktree is gone afterwards.
    expect(
      execFileSync('git', ['worktree', 'list'], { cwd: repo }).toString().trim().split('\n'),
    ).toHaveLength(1);
  }, 300_000);

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('every attempt records its commit; the base attempts carry the merge base', () => {
    const base = manifests.filter((m) => m.on === 'base');
    const head = manifests.filter((m) => m.on === 'head');
    expect(base.length).toBeGreaterThan(0);
    expect(head.length).toBeGreaterThan(0);
    const commits = new Set(base.map((m) => m.commit));
    expect(commits.size).toBe(1);
    expect(head.every((m) => typeof m.commit === 'string' && !commits.has(m.commit))).toBe(true);
  });

  it('a test failing the same way on the merge base is BROKEN-BEFORE; one passing there is a REGRESSION', () => {
    const byName = Object.fromEntries(verdict.failures.map((f) => [f.name, f]));
    expect(byName.test_legacy!.class).toBe('BROKEN-BEFORE');
    expect(byName.test_legacy!.evidence.base).toMatchObject({ passed: 0 });
    expect(byName.test_total!.class, JSON.stringify(byName.test_total!.ledger)).toBe('REGRESSION');
    expect(byName.test_total!.evidence.base!.passed).toBeGreaterThan(0);
  });
});
