/**
 * The `flakegate` command as users run it: `node dist/cli.js ...` in a child
 * process, judged by exit status, stdout, stderr and the files it writes.
 *
 * dist/ is rebuilt from src/ once before the tests (buildCli), so the bundle
 * tested is what ships and is never stale; testing the bundle rather than
 * `node src/cli.ts` also catches bundling faults (the parse worker found
 * beside the entry, JSON imports, CommonJS dependencies).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { RISK_LEVELS, type Risk } from '../../src/model/index.ts';
import {
  buildCli,
  cliOptionTables,
  EXAMPLE,
  runCli,
  type CliBuild,
  type CliOption,
  type CliResult,
} from '../helpers/cli-process.ts';
import { CORPUS, expectedCounts } from '../helpers/corpus.ts';
import { pytestId, pytestXml, runJson, tempTree, type TempTree } from '../helpers/temp-tree.ts';

let build: CliBuild;
let tmp: TempTree;

beforeAll(async () => {
  build = await buildCli();
  tmp = await tempTree('e2e');
}, 120_000);

afterAll(async () => {
  await build?.cleanup();
  await tmp?.cleanup();
});

const flakegate = (args: string[], opts: { cwd?: string } = {}) => runCli(build.cli, args, opts);

/** The example's head run with its history and reruns, as the demo assesses it. */
const EXAMPLE_ARGS = [
  'assess',
  'reports/head',
  '--history',
  'reports/history',
  '--reruns',
  'reports/reruns',
];
const exampleRun = (extra: string[]) => flakegate([...EXAMPLE_ARGS, ...extra], { cwd: EXAMPLE });

const rank = (r: Risk) => RISK_LEVELS.indexOf(r);

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** A usage error: status 2, nothing on stdout, one line of error then the hint. */
function expectUsageError(r: CliResult, mentions: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const err = lines(r.stderr);
  expect(err).toHaveLength(2);
  expect(err[0]).toMatch(/^flakegate: /);
  expect(err[0]).toMatch(mentions);
  expect(err[1]).toMatch(/--help/);
}

interface VerdictJson {
  schemaVersion: number;
  risk: Risk;
  headSha?: string;
  counts: Record<string, number>;
  failures: {
    id: string;
    name: string;
    suite: string;
    file?: string;
    line?: number;
    class: string;
    category: string;
    pRegression: number;
    evidence: {
      sameCommit: { passed: number; failed: number };
      isolated: { passed: number; failed: number };
      inSuite: { passed: number; failed: number };
      history: { runs: number; failed: number; flakeEvents: number; flipRate: number };
      changed: boolean | null;
    };
    ledger: { factor: string; value: unknown; effect: number; rule: string }[];
    next: string;
  }[];
  reasons: string[];
  inputs: { reports: string[]; unreadable: { file: string; error: string }[] };
}

const CLASSES = [
  'FLAKY',
  'FLAKY-LIKELY',
  'ORDER-DEPENDENT',
  'BROKEN-BEFORE',
  'REGRESSION',
  'INCONCLUSIVE',
];
const CATEGORIES = [
  'async-timeout',
  'concurrency',
  'order',
  'resource',
  'network',
  'rate-limit',
  'time',
  'randomness',
  'float',
  'unordered-collection',
  'io',
  'infrastructure',
  'assertion',
  'crash',
  'unknown',
];

/** Parses stdout that must be exactly one JSON document, and checks interface.md's verdict shape. */
function parseVerdict(stdout: string): VerdictJson {
  expect(stdout.endsWith('\n')).toBe(true);
  const v = JSON.parse(stdout) as VerdictJson;
  expect(v.schemaVersion).toBe(1);
  expect(RISK_LEVELS).toContain(v.risk);
  for (const k of ['tests', 'failed', 'flaky', 'regression', 'inconclusive']) {
    expect(typeof v.counts[k], `counts.${k}`).toBe('number');
  }
  expect(v.counts.failed).toBe(v.failures.length);
  expect(v.reasons.length).toBeGreaterThan(0);
  expect(v.reasons.every((r) => typeof r === 'string' && r.length > 0)).toBe(true);
  expect(Array.isArray(v.inputs.reports)).toBe(true);
  expect(Array.isArray(v.inputs.unreadable)).toBe(true);
  const pair = { passed: expect.any(Number), failed: expect.any(Number) };
  for (const f of v.failures) {
    expect(f).toMatchObject({
      id: expect.any(String),
      name: expect.any(String),
      suite: expect.any(String),
      pRegression: expect.any(Number),
      next: expect.any(String),
      evidence: {
        sameCommit: pair,
        isolated: pair,
        inSuite: pair,
        history: {
          runs: expect.any(Number),
          failed: expect.any(Number),
          flakeEvents: expect.any(Number),
          flipRate: expect.any(Number),
        },
      },
    });
    expect(CLASSES).toContain(f.class);
    expect(CATEGORIES).toContain(f.category);
    expect(f.pRegression).toBeGreaterThanOrEqual(0);
    expect(f.pRegression).toBeLessThanOrEqual(1);
    expect([true, false, null]).toContain(f.evidence.changed);
    expect(f.ledger.length).toBeGreaterThan(0);
    for (const e of f.ledger) {
      expect(e).toMatchObject({ factor: expect.any(String), effect: expect.any(Number) });
      expect(typeof e.rule).toBe('string');
    }
  }
  return v;
}

describe('help and version', () => {
  let tables: Record<string, CliOption[]>;
  beforeAll(async () => {
    tables = await cliOptionTables();
  });

  it('reads every command from the options table of its module in src/cli/', () => {
    expect(Object.keys(tables).sort()).toEqual(['assess', 'inspect', 'plan', 'rerun']);
    expect(tables.assess!.length).toBeGreaterThan(10);
  });

  it.each([['--help'], ['-h'], ['help']])(
    '`flakegate %s` lists the commands and exits 0',
    async (flag) => {
      const r = await flakegate([flag]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`flakegate ${pkg.version}`);
      for (const cmd of Object.keys(tables)) {
        expect(r.stdout).toMatch(new RegExp(`^\\s+flakegate ${cmd} `, 'm'));
      }
      expect(r.stdout).toMatch(/^\s+-h, --help\s/m);
      expect(r.stdout).toMatch(/^\s+-v, --version\s/m);
    },
  );

  it('without any argument prints the help and exits 2 (a usage error)', async () => {
    const r = await flakegate([]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('flakegate assess REPORTS...');
  });

  it.each(['assess', 'inspect'])(
    '`flakegate %s --help` lists every option of the table, and only those',
    async (cmd) => {
      for (const flag of ['--help', '-h']) {
        const r = await flakegate([cmd, flag]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toContain(`Usage: flakegate ${cmd} `);
        const table = tables[cmd]!;
        for (const o of table) {
          // A string option shows a metavar (`--history DIR`), a boolean one none.
          const shape =
            o.type === 'string' ? `^\\s+--${o.name} [A-Z]+\\s+\\S` : `^\\s+--${o.name}\\s{2,}\\S`;
          expect(r.stdout, `--${o.name}`).toMatch(new RegExp(shape, 'm'));
        }
        const listed = [...r.stdout.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);
        expect(listed.sort()).toEqual([...table.map((o) => o.name), 'help'].sort());
      }
    },
  );

  it('assess --help names every option of the CLI contract in interface.md', async () => {
    const r = await flakegate(['assess', '--help']);
    for (const o of [
      'history',
      'reruns',
      'changed',
      'head-sha',
      'base-branch',
      'config',
      'json',
      'summary',
      'quarantine',
      'fail-on',
      'reruns-k',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+--${o} `, 'm'));
    }
  });

  it.each([['--version'], ['-v']])('`flakegate %s` prints package.json version', async (flag) => {
    const r = await flakegate([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.stderr).toBe('');
  });
});

describe('usage errors exit 2 with one line and a hint', () => {
  it('unknown command', async () => {
    expectUsageError(await flakegate(['asses', 'x.xml']), /unknown command "asses".*assess/);
  });

  it('unknown option', async () => {
    expectUsageError(await flakegate(['assess', 'x.xml', '--bogus']), /--bogus/);
    expectUsageError(await flakegate(['inspect', 'x.xml', '--history', 'h']), /--history/);
  });

  it('missing report arguments', async () => {
    expectUsageError(await flakegate(['assess']), /assess needs at least one report/);
    expectUsageError(await flakegate(['inspect', '--json']), /inspect needs at least one report/);
  });

  it('option without its value', async () => {
    expectUsageError(await flakegate(['assess', 'x.xml', '--history']), /--history/);
  });

  it('--reruns-k, --max-file-size and --concurrency must be whole numbers >= 1', async () => {
    expectUsageError(
      await flakegate(['assess', 'reports/head', '--reruns-k', '0'], { cwd: EXAMPLE }),
      /--reruns-k must be a whole number >= 1, got "0"/,
    );
    expectUsageError(
      await flakegate(['inspect', 'x.xml', '--max-file-size', '1.5']),
      /--max-file-size/,
    );
    expectUsageError(
      await flakegate(['inspect', 'x.xml', '--concurrency', 'many']),
      /--concurrency/,
    );
  });
});

describe('--fail-on', () => {
  it('refuses a level that is not NONE, LOW, MEDIUM or HIGH, naming the levels', async () => {
    expectUsageError(
      await flakegate(['assess', 'reports/head', '--fail-on', 'SEVERE'], { cwd: EXAMPLE }),
      /--fail-on must be one of NONE, LOW, MEDIUM, HIGH, got "SEVERE"/,
    );
  });

  it('needs a value', async () => {
    expectUsageError(
      await flakegate(['assess', 'reports/head', '--fail-on'], { cwd: EXAMPLE }),
      /--fail-on/,
    );
  });

  it('accepts a level in lower case as the same level', async () => {
    const upper = await exampleRun(['--fail-on', 'MEDIUM', '--quiet']);
    const lower = await exampleRun(['--fail-on', 'medium', '--quiet']);
    expect([0, 1]).toContain(upper.code);
    expect(lower.code).toBe(upper.code);
  });
});

describe('inspect', () => {
  const ALLOWED = [
    'file',
    'dialect',
    'testcases',
    'failed',
    'skipped',
    'passed',
    'retryAttempts',
    'error',
  ];
  const COUNTS = ['testcases', 'failed', 'skipped', 'passed', 'retryAttempts'] as const;

  type Line = Record<(typeof COUNTS)[number], number> & {
    file: string;
    dialect: string | null;
    error?: string;
  };

  function jsonLines(stdout: string): Line[] {
    expect(stdout.endsWith('\n')).toBe(true);
    const out = lines(stdout).map((l) => JSON.parse(l) as Line);
    for (const l of out) {
      for (const k of Object.keys(l)) expect(ALLOWED, `key ${k}`).toContain(k);
      expect(typeof l.file).toBe('string');
      expect(l.dialect === null || typeof l.dialect === 'string').toBe(true);
      for (const c of COUNTS) expect(Number.isInteger(l[c]) && l[c] >= 0, c).toBe(true);
      expect(l.failed + l.skipped + l.passed).toBe(l.testcases);
      if ('error' in l) expect(typeof l.error === 'string' && l.error.length > 0).toBe(true);
    }
    return out;
  }

  it('--json on the whole corpus: one line a file, in order, counts equal to the reference', async () => {
    const expected = expectedCounts();
    const files = expected.map((e) => e.file);
    const r = await flakegate(['inspect', '--json', ...files], { cwd: CORPUS });
    const out = jsonLines(r.stdout);
    expect(out.map((l) => l.file)).toEqual(files);
    for (const [i, e] of expected.entries()) {
      const l = out[i]!;
      if (e.error !== undefined) expect(l.error, e.file).toBeTruthy();
      for (const c of COUNTS) if (e[c] !== undefined) expect(l[c], `${e.file} ${c}`).toBe(e[c]);
    }
    const broken = out.filter((l) => l.error);
    expect(broken.length).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    for (const l of broken) expect(r.stderr).toContain(JSON.stringify(l.file));
    for (const l of out.filter((x) => !x.error))
      expect(r.stderr).not.toContain(JSON.stringify(l.file));
  });

  it('exits 1 when one file is unreadable, still printing the others', async () => {
    const readable = expectedCounts()
      .filter((e) => e.error === undefined && (e.testcases ?? 0) > 0)
      .slice(0, 2);
    expect(readable).toHaveLength(2);
    const bad = tmp.at('inspect', 'truncated.xml');
    await tmp.write({ 'inspect/truncated.xml': '<testsuite name="s"><testcase name="t"' });
    const args = [path.join(CORPUS, readable[0]!.file), bad, path.join(CORPUS, readable[1]!.file)];
    const r = await flakegate(['inspect', '--json', ...args]);
    expect(r.code).toBe(1);
    const out = jsonLines(r.stdout);
    expect(out.map((l) => l.file)).toEqual(args);
    expect(out[0]!.error).toBeUndefined();
    expect(out[2]!.error).toBeUndefined();
    expect(out[0]!.testcases).toBe(readable[0]!.testcases);
    expect(out[2]!.testcases).toBe(readable[1]!.testcases);
    expect(out[1]!.error).toMatch(/line 1, column \d+/);
    expect(lines(r.stderr)).toEqual([`flakegate: ${JSON.stringify(bad)}: ${out[1]!.error}`]);
  });

  it('names files under a folder as the folder joined with their path, sorted', async () => {
    const folder = 'bazel';
    const r = await flakegate(['inspect', '--json', folder], { cwd: CORPUS });
    expect(r.code).toBe(0);
    const names = readdirSync(path.join(CORPUS, folder))
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .map((f) => path.join(folder, f));
    expect(jsonLines(r.stdout).map((l) => l.file)).toEqual(names);
  });

  it('without --json prints a table naming every file', async () => {
    const files = ['bazel/launchable-bazel-java-test1.xml', 'cypress/launchable-cypress.xml'];
    const r = await flakegate(['inspect', ...files], { cwd: CORPUS });
    expect(r.code).toBe(0);
    for (const f of files) expect(r.stdout).toContain(f);
    expect(() => JSON.parse(lines(r.stdout)[0]!)).toThrow();
  });

  it('exits 2 when no file is found', async () => {
    const r = await flakegate(['inspect', '--json', tmp.at('no-such-folder')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no report matches');
  });
});

describe('assess on the example project', () => {
  const changeFiles = readdirSync(path.join(EXAMPLE, 'changes')).filter((f) => f.endsWith('.txt'));
  /** What each change set touches: the failing test (through its imports) or not. */
  const TOUCHES: Record<string, boolean> = {
    'docs-only.txt': false,
    'touches-the-service.txt': true,
    'touches-the-test.txt': true,
  };

  it('has the change sets this suite knows', () => {
    expect(changeFiles.sort()).toEqual(Object.keys(TOUCHES).sort());
  });

  describe.each(changeFiles)('--changed changes/%s', (changes) => {
    let verdict: VerdictJson;
    beforeAll(async () => {
      const r = await exampleRun(['--changed', `changes/${changes}`, '--json', '-']);
      expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.code);
      verdict = parseVerdict(r.stdout);
    });

    it('--json - prints only the verdict JSON, with the change judged', () => {
      expect(verdict.inputs.reports).toEqual(['reports/head/junit.xml']);
      expect(verdict.inputs.unreadable).toEqual([]);
      expect(verdict.failures.length).toBeGreaterThan(0);
      for (const f of verdict.failures) {
        expect(f.evidence.changed).toBe(TOUCHES[changes]);
        expect(f.evidence.history.runs).toBe(30);
        expect(f.evidence.isolated.passed + f.evidence.isolated.failed).toBeGreaterThan(0);
      }
    });

    it('grades the commit by whether the change touches the flaky test', () => {
      // A flaky test in code the change touches cannot be LOW; one it leaves alone is.
      expect(verdict.risk).toBe(TOUCHES[changes] ? 'MEDIUM' : 'LOW');
    });

    it('exits 1 exactly when the risk is at or above --fail-on', async () => {
      const results = await Promise.all(
        RISK_LEVELS.map((level) =>
          exampleRun(['--changed', `changes/${changes}`, '--fail-on', level]),
        ),
      );
      for (const [i, level] of RISK_LEVELS.entries()) {
        const r = results[i]!;
        expect(r.code, `--fail-on ${level} with ${verdict.risk}`).toBe(
          rank(verdict.risk) >= rank(level) ? 1 : 0,
        );
        expect(lines(r.stdout)[0]).toMatch(new RegExp(`^flakegate: ${verdict.risk} risk`));
      }
      // The default is HIGH.
      expect((await exampleRun(['--changed', `changes/${changes}`, '--quiet'])).code).toBe(
        verdict.risk === 'HIGH' ? 1 : 0,
      );
    });

    it('writes --json, --summary and --quarantine files, with the short summary on stdout', async () => {
      const dir = `out-${changes.replace(/\.txt$/, '')}`;
      const json = tmp.at(dir, 'verdict.json');
      const summary = tmp.at(dir, 'summary.md');
      const quarantine = tmp.at(dir, 'quarantine.txt');
      await tmp.write({ [`${dir}/.keep`]: '' });
      const r = await exampleRun([
        '--changed',
        `changes/${changes}`,
        '--json',
        json,
        '--summary',
        summary,
        '--quarantine',
        quarantine,
      ]);
      expect(r.code).toBe(rank(verdict.risk) >= rank('HIGH') ? 1 : 0);
      expect(lines(r.stdout)[0]).toMatch(new RegExp(`^flakegate: ${verdict.risk} risk`));
      expect(r.stdout).not.toContain('"schemaVersion"');

      expect(parseVerdict(await readFile(json, 'utf8'))).toEqual(verdict);

      const md = await readFile(summary, 'utf8');
      const first = md.split('\n')[0]!;
      expect(first).toMatch(/^#+ /);
      expect(first).toContain(`${verdict.risk} risk`);
      for (const other of RISK_LEVELS.filter((x) => x !== verdict.risk)) {
        expect(first).not.toContain(`${other} risk`);
      }

      const q = lines(await readFile(quarantine, 'utf8'));
      expect(q.length).toBeGreaterThan(0);
      const entries = q.filter((l) => !l.startsWith('#'));
      for (const l of entries) expect(l).toMatch(/^[^\t]+\t# .+/);
      const listed = entries.map((l) => l.split('\t')[0]);
      const toQuarantine = verdict.failures
        .filter((f) => /^quarantine\b/.test(f.next))
        .map((f) => f.id);
      expect(listed.sort()).toEqual(toQuarantine.sort());
      if (!TOUCHES[changes]) {
        // Flaky, untouched by the change and on record: the one to quarantine.
        expect(listed).toEqual(verdict.failures.map((f) => f.id));
      }
    });
  });

  it('without --changed the change is unknown: evidence.changed is null, never false', async () => {
    const r = await exampleRun(['--json', '-']);
    const v = parseVerdict(r.stdout);
    expect(v.failures.length).toBeGreaterThan(0);
    for (const f of v.failures) {
      expect(f.evidence.changed).toBeNull();
      expect(f.ledger.find((e) => e.factor === 'change')?.value).toBe('unknown');
    }
  });

  it('--head-sha is reported as the verdict headSha', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const v = parseVerdict((await exampleRun(['--head-sha', sha, '--json', '-'])).stdout);
    expect(v.headSha).toBe(sha);
  });

  it('--summary - prints the Markdown alone on stdout', async () => {
    const r = await exampleRun(['--summary', '-']);
    expect(r.stdout.split('\n')[0]).toMatch(/^#+ .*\b(NONE|LOW|MEDIUM|HIGH) risk/);
    expect(r.stdout).not.toMatch(/^flakegate: /m);
  });

  it('--quiet prints nothing on stdout', async () => {
    const r = await exampleRun(['--quiet']);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toBe('');
  });
});

describe('assess with unreadable inputs', () => {
  const headXml = () => readFileSync(path.join(EXAMPLE, 'reports', 'head', 'junit.xml'), 'utf8');

  it('exits 2 when no report is readable', async () => {
    await tmp.write({ 'none/broken.xml': '<testsuite><testcase name="x"', 'none/empty/.keep': '' });
    for (const input of [
      tmp.at('none', 'broken.xml'),
      tmp.at('none', 'missing.xml'),
      tmp.at('none', 'empty'),
    ]) {
      const r = await flakegate(['assess', input, '--json', '-', '--fail-on', 'HIGH']);
      expect(r.code, input).toBe(2);
      expect(r.stdout, input).toBe('');
      expect(r.stderr, input).toContain('no readable report');
    }
  });

  it('one unreadable file next to good ones: named on stderr, INCONCLUSIVE, exits by risk', async () => {
    await tmp.write({
      'mixed/good.xml': headXml(),
      'mixed/bad.xml': '<testsuite><testcase name="x"',
    });
    const bad = tmp.at('mixed', 'bad.xml');
    const good = tmp.at('mixed', 'good.xml');
    const base = [
      'assess',
      good,
      bad,
      '--history',
      'reports/history',
      '--reruns',
      'reports/reruns',
    ];
    const r = await flakegate([...base, '--json', '-'], { cwd: EXAMPLE });
    const v = parseVerdict(r.stdout);
    expect(r.code).toBe(rank(v.risk) >= rank('HIGH') ? 1 : 0);
    expect(r.stderr).toContain(JSON.stringify(bad));
    expect(r.stderr).toMatch(/unreadable/);
    expect(r.stderr).not.toContain(JSON.stringify(good));
    expect(v.inputs.unreadable.map((u) => u.file)).toEqual([bad]);
    expect(v.inputs.reports.sort()).toEqual([bad, good].sort());
    const stand = v.failures.find((f) => f.id === `report:${bad}`);
    expect(stand?.class).toBe('INCONCLUSIVE');
    // The readable report's failure is still judged on its evidence.
    expect(v.failures.some((f) => f.id.startsWith('pytest:') && f.class !== 'INCONCLUSIVE')).toBe(
      true,
    );
    // An unreadable report hides tests: never LOW, so --fail-on MEDIUM fails the step.
    expect(rank(v.risk)).toBeGreaterThanOrEqual(rank('MEDIUM'));
    expect(
      (await flakegate([...base, '--fail-on', 'MEDIUM', '--quiet'], { cwd: EXAMPLE })).code,
    ).toBe(1);
  });

  it('a job re-run (two folders with flakegate-run.json) is two attempts of one commit', async () => {
    const file = 'tests/test_calc.py';
    await tmp.write({
      'rerun/a1/flakegate-run.json': runJson({ runId: 7, attempt: 1, sha: 'feedbeef' }),
      'rerun/a1/junit.xml': pytestXml([
        { name: 'test_add', file, outcome: 'failed', message: 'AssertionError: 3 != 4' },
        { name: 'test_sub', file },
      ]),
      'rerun/a2/flakegate-run.json': runJson({ runId: 7, attempt: 2, sha: 'feedbeef' }),
      'rerun/a2/junit.xml': pytestXml([
        { name: 'test_add', file },
        { name: 'test_sub', file },
      ]),
    });
    const r = await flakegate([
      'assess',
      tmp.at('rerun', 'a1'),
      tmp.at('rerun', 'a2'),
      '--json',
      '-',
    ]);
    const v = parseVerdict(r.stdout);
    expect(v.headSha).toBe('feedbeef');
    expect(v.failures.map((f) => [f.id, f.evidence.sameCommit])).toEqual([
      [pytestId(file, 'test_add'), { passed: 1, failed: 1 }],
    ]);
  });
});

describe('config', () => {
  it('a bad .github/flakegate.yml exits 2 naming the file and the key', async () => {
    const xml = pytestXml([{ name: 'test_x', file: 'tests/test_x.py', outcome: 'failed' }]);
    await tmp.write({
      'cfg-bad/.github/flakegate.yml': 'history:\n  runz: 3\n',
      'cfg-bad/junit.xml': xml,
      'cfg-ok/.github/flakegate.yml': 'history:\n  runs: 3\n',
      'cfg-ok/junit.xml': xml,
    });
    const bad = await flakegate(['assess', 'junit.xml', '--json', '-'], { cwd: tmp.at('cfg-bad') });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/\.github\/flakegate\.yml.*history\.runz/);
    // The same run with the key spelt right is assessed.
    const ok = await flakegate(['assess', 'junit.xml', '--json', '-'], { cwd: tmp.at('cfg-ok') });
    expect([0, 1]).toContain(ok.code);
    expect(parseVerdict(ok.stdout).failures).toHaveLength(1);
  });

  it('a value out of range names the key and the rule', async () => {
    await tmp.write({
      'cfg-range/.github/flakegate.yml': 'prior: 2\n',
      'cfg-range/junit.xml': pytestXml([{ name: 'test_x', file: 'tests/test_x.py' }]),
    });
    const r = await flakegate(['assess', 'junit.xml'], { cwd: tmp.at('cfg-range') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/prior: must be a number greater than 0 and less than 1/);
  });

  it('--config naming a missing file exits 2', async () => {
    const r = await flakegate(['assess', 'reports/head', '--config', 'nope.yml'], { cwd: EXAMPLE });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.yml: config file not found/);
  });
});

describe('edge cases found in review (each was a bug)', () => {
  // src/commands/assess.ts: loadChanged's readFile error escapes to cli.ts's
  // catch-all and prints "internal error" with a stack trace.
  it('--changed naming a missing file is a one-line error, not an internal error', async () => {
    const r = await exampleRun(['--changed', 'changes/no-such-file.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(lines(r.stderr)[0]).toMatch(/no-such-file\.txt/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  // src/cli.ts: `toStdout` looks only at --json and --summary, so with
  // `--quarantine -` the terminal summary is appended to the quarantine list.
  it('--quarantine - prints only the quarantine list on stdout', async () => {
    const r = await exampleRun(['--changed', 'changes/docs-only.txt', '--quarantine', '-']);
    for (const l of lines(r.stdout)) expect(l).toMatch(/^#|^[^\t]+\t# /);
    expect(lines(r.stdout).filter((l) => !l.startsWith('#'))).toHaveLength(1);
  });
});
