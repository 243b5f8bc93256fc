/**
 * The file-system edge of `assess` (src/commands/assess-inputs.ts), on real
 * folders made under the system temp directory: head attempts from folders
 * with flakegate-run.json, the history window, rerun manifests, the changed
 * paths file and CODEOWNERS. Everything unreadable is a warning, never a throw.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assess } from '../../../src/assess/assess.ts';
import {
  loadChanged,
  loadCodeowners,
  loadHead,
  loadHistory,
  loadReruns,
  readRunInfo,
} from '../../../src/commands/assess-inputs.ts';
import { pytestId, pytestXml, runJson, tempTree, type TempTree } from '../../helpers/temp-tree.ts';

const FILE = 'tests/test_calc.py';
const ADD = pytestId(FILE, 'test_add');
const SUB = pytestId(FILE, 'test_sub');

let tmp: TempTree;
let warnings: string[];
const w = { warn: (m: string) => void warnings.push(m) };

beforeEach(async () => {
  tmp = await tempTree('assess-inputs');
  warnings = [];
});
afterEach(async () => {
  await tmp.cleanup();
});

describe('loadHead', () => {
  beforeEach(async () => {
    await tmp.write({
      'a1/flakegate-run.json': runJson({ runId: 42, attempt: 1, sha: 'cafe01', branch: 'pr-7' }),
      'a1/junit.xml': pytestXml([
        { name: 'test_add', file: FILE, outcome: 'failed', message: 'AssertionError: 3 != 4' },
        { name: 'test_sub', file: FILE },
      ]),
      'a2/flakegate-run.json': runJson({ runId: 42, attempt: 2, sha: 'cafe01' }),
      'a2/nested/junit.xml': pytestXml([
        { name: 'test_add', file: FILE },
        { name: 'test_sub', file: FILE },
      ]),
      'loose/one.xml': pytestXml([{ name: 'test_mul', file: FILE }]),
      'loose/two.xml': pytestXml([{ name: 'test_div', file: FILE }]),
    });
  });

  it('makes each folder with flakegate-run.json one attempt, with its run info', async () => {
    const { head, files, missing } = await loadHead(
      [tmp.at('a1'), tmp.at('a2')],
      { concurrency: 1 },
      w,
    );
    expect(missing).toEqual([]);
    expect(files.sort()).toEqual([tmp.at('a1', 'junit.xml'), tmp.at('a2', 'nested', 'junit.xml')]);
    expect(head.sha).toBe('cafe01');
    expect(head.attempts.map((a) => a.run)).toEqual([
      { runId: '42', attempt: 1, sha: 'cafe01', branch: 'pr-7' },
      { runId: '42', attempt: 2, sha: 'cafe01' },
    ]);
    expect(head.attempts.map((a) => a.reports.map((r) => r.file))).toEqual([
      [tmp.at('a1', 'junit.xml')],
      [tmp.at('a2', 'nested', 'junit.xml')],
    ]);
    expect(warnings).toEqual([]);
  });

  it('a failure in attempt 1 and a pass in the job re-run reach the engine as sameCommit 1F/1P', async () => {
    // Given in the reverse order: the attempt number, not the argument order, decides.
    const { head } = await loadHead([tmp.at('a2'), tmp.at('a1')], {}, w);
    const verdict = assess({ head, changed: null });
    expect(verdict.headSha).toBe('cafe01');
    expect(verdict.failures.map((f) => f.id)).toEqual([ADD]);
    expect(verdict.failures[0]!.evidence.sameCommit).toEqual({ passed: 1, failed: 1 });
    expect(verdict.failures[0]!.class).not.toBe('REGRESSION');
  });

  it('a single attempt with the same failure has no pass on the commit', async () => {
    const { head } = await loadHead([tmp.at('a1')], { concurrency: 1 }, w);
    const verdict = assess({ head, changed: null });
    expect(verdict.failures[0]!.evidence.sameCommit).toEqual({ passed: 0, failed: 1 });
  });

  it('puts files, folders and globs without flakegate-run.json together as attempt 1', async () => {
    const { head, missing } = await loadHead(
      [tmp.at('loose', 'one.xml'), tmp.at('loose', 't*.xml'), tmp.at('a1'), tmp.at('gone.xml')],
      { concurrency: 1 },
      w,
    );
    expect(missing).toEqual([tmp.at('gone.xml')]);
    expect(head.attempts).toHaveLength(2);
    const loose = head.attempts.find((a) => a.run.runId === 'head')!;
    expect(loose.run).toEqual({ runId: 'head', attempt: 1 });
    expect(loose.reports.map((r) => r.file)).toEqual([
      tmp.at('loose', 'one.xml'),
      tmp.at('loose', 'two.xml'),
    ]);
  });

  it('--head-sha wins over the sha recorded in flakegate-run.json', async () => {
    const { head } = await loadHead([tmp.at('a1')], { concurrency: 1, sha: 'override' }, w);
    expect(head.sha).toBe('override');
  });

  it('loose reports only: no sha unless given', async () => {
    const { head } = await loadHead([tmp.at('loose')], { concurrency: 1 }, w);
    expect(head.sha).toBeUndefined();
    expect(head.attempts.map((a) => a.reports.length)).toEqual([2]);
  });

  it('keeps an unreadable report as a report with an error, named in files', async () => {
    await tmp.write({ 'broken/junit.xml': '<testsuite><testcase name="x"' });
    const { head, files } = await loadHead([tmp.at('broken')], { concurrency: 1 }, w);
    expect(files).toEqual([tmp.at('broken', 'junit.xml')]);
    expect(head.attempts[0]!.reports[0]!.error?.message).toMatch(/unclosed/);
  });
});

describe('readRunInfo', () => {
  it('drops bad fields: a non-integer or zero attempt becomes 1, numbers become strings', async () => {
    await tmp.write({
      'r/flakegate-run.json': runJson({
        runId: 9,
        attempt: 0,
        sha: 5,
        branch: ['x'],
        event: 'push',
      }),
    });
    expect(await readRunInfo(tmp.at('r'), 'fallback', w)).toEqual({
      runId: '9',
      attempt: 1,
      sha: '5',
      event: 'push',
    });
  });

  it('a folder without the file is the fallback id, silently', async () => {
    await tmp.write({ 'r/.keep': '' });
    expect(await readRunInfo(tmp.at('r'), 'fallback', w)).toEqual({
      runId: 'fallback',
      attempt: 1,
    });
    expect(warnings).toEqual([]);
  });

  it('a JSON value that is not an object warns and falls back', async () => {
    await tmp.write({ 'r/flakegate-run.json': '"run 12"\n' });
    expect(await readRunInfo(tmp.at('r'), 'fallback', w)).toEqual({
      runId: 'fallback',
      attempt: 1,
    });
    expect(warnings).toEqual([
      expect.stringMatching(/flakegate-run\.json: ignored: not a JSON object/),
    ]);
  });
});

describe('loadHistory', () => {
  /** `n` runs on main, one a day from 2026-11-01, each with one report: test_add F on odd days. */
  async function daily(n: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
    const files: Record<string, string> = {};
    for (let i = 1; i <= n; i++) {
      const name = String(i).padStart(2, '0');
      files[`h/${name}/flakegate-run.json`] = runJson({
        runId: `r${name}`,
        sha: `sha${name}`,
        branch: 'main',
        createdAt: `2026-11-${name}T12:00:00Z`,
        attempt: 1,
        event: 'push',
        ...extra(i),
      });
      files[`h/${name}/junit.xml`] = pytestXml([
        { name: 'test_add', file: FILE, outcome: i % 2 ? 'failed' : 'passed' },
        { name: 'test_sub', file: FILE },
      ]);
    }
    await tmp.write(files);
  }

  const ids = (h: { runs: { runId: string }[] }) => h.runs.map((r) => r.runId);

  it('keeps the newest `runs` runs when they cover more than `days` days', async () => {
    await daily(10);
    const h = await loadHistory(tmp.at('h'), { runs: 4, days: 2 }, { concurrency: 1 }, w);
    expect(ids(h)).toEqual(['r07', 'r08', 'r09', 'r10']);
    expect(warnings).toEqual([]);
  });

  it('keeps the runs of the last `days` days when they are more than `runs`', async () => {
    await daily(10);
    const h = await loadHistory(tmp.at('h'), { runs: 2, days: 5 }, {}, w);
    // Newest 2026-11-10T12:00, cutoff 2026-11-05T12:00 inclusive.
    expect(ids(h)).toEqual(['r05', 'r06', 'r07', 'r08', 'r09', 'r10']);
  });

  it('folds the kept runs reports into the test history', async () => {
    await daily(10);
    const h = await loadHistory(tmp.at('h'), { runs: 4, days: 1 }, { concurrency: 1 }, w);
    const add = h.tests.get(ADD)!;
    // r07 F, r08 P, r09 F, r10 P.
    expect([...add.outcomes]).toEqual([2, 1, 2, 1]);
    expect([...h.tests.get(SUB)!.outcomes]).toEqual([1, 1, 1, 1]);
    expect(add.file).toBe(FILE);
  });

  it('orders runs by createdAt, not by folder name', async () => {
    await tmp.write({
      'h/b/flakegate-run.json': runJson({ runId: 'old', createdAt: '2026-01-01T00:00:00Z' }),
      'h/a/flakegate-run.json': runJson({ runId: 'new', createdAt: '2026-01-02T00:00:00Z' }),
    });
    const h = await loadHistory(tmp.at('h'), { runs: 50, days: 14 }, { concurrency: 1 }, w);
    expect(ids(h)).toEqual(['old', 'new']);
  });

  it('leaves out runs of another branch, before counting the window', async () => {
    await daily(10, (i) =>
      i % 3 === 0 ? { branch: 'feature' } : i === 10 ? { branch: undefined } : {},
    );
    const h = await loadHistory(
      tmp.at('h'),
      { runs: 4, days: 1, branch: 'main' },
      { concurrency: 1 },
      w,
    );
    // r03, r06, r09 are on `feature`; r10 records no branch and stays.
    expect(ids(h)).toEqual(['r05', 'r07', 'r08', 'r10']);
    const all = await loadHistory(tmp.at('h'), { runs: 50, days: 1 }, { concurrency: 1 }, w);
    expect(all.runs).toHaveLength(10);
  });

  it('a malformed flakegate-run.json warns and falls back to the folder name', async () => {
    await tmp.write({
      'h/01/flakegate-run.json': runJson({ runId: 'first' }),
      'h/01/junit.xml': pytestXml([{ name: 'test_add', file: FILE }]),
      'h/02/flakegate-run.json': '{ "runId": 2, ',
      'h/02/junit.xml': pytestXml([{ name: 'test_add', file: FILE, outcome: 'failed' }]),
      'h/03/junit.xml': pytestXml([{ name: 'test_add', file: FILE }]),
    });
    const h = await loadHistory(tmp.at('h'), { runs: 50, days: 14 }, { concurrency: 1 }, w);
    expect(h.runs).toEqual([
      { runId: 'first', attempt: 1 },
      { runId: '02', attempt: 1 },
      { runId: '03', attempt: 1 },
    ]);
    expect([...h.tests.get(ADD)!.outcomes]).toEqual([1, 2, 1]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(tmp.at('h', '02', 'flakegate-run.json'));
    expect(warnings[0]).toMatch(/ignored/);
  });

  it('an unreadable history report is counted as unreadable, not thrown', async () => {
    await daily(3);
    await tmp.write({ 'h/02/broken.xml': '<testsuite><testcase' });
    const h = await loadHistory(tmp.at('h'), { runs: 50, days: 14 }, { concurrency: 2 }, w);
    expect(h.runs).toHaveLength(3);
    expect(h.unreadable.map((u) => [u.file, u.runIndex])).toEqual([
      [tmp.at('h', '02', 'broken.xml'), 1],
    ]);
  });

  it('a missing history folder warns and gives an empty history', async () => {
    const h = await loadHistory(tmp.at('nope'), { runs: 50, days: 14 }, {}, w);
    expect(h.runs).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/--history .*nope: cannot read: ENOENT/)]);
  });

  // Bug: src/commands/assess-inputs.ts takes `newest` from the last run after
  // sorting; a run without createdAt (here: malformed flakegate-run.json in
  // the folder named last) leaves it NaN, the cutoff becomes Infinity and the
  // `days` half of the window is dropped: only `runs` runs are kept.
  it('one undated run does not switch off the days window', async () => {
    await daily(6);
    await tmp.write({ 'h/07/flakegate-run.json': '{oops' });
    const h = await loadHistory(tmp.at('h'), { runs: 2, days: 3 }, { concurrency: 1 }, w);
    expect(ids(h)).toEqual(expect.arrayContaining(['r03', 'r04', 'r05', 'r06']));
  });
});

describe('loadReruns', () => {
  const manifest = (o: Record<string, unknown>) => JSON.stringify(o) + '\n';

  it('reads each manifest with the report beside it; a missing result or bad manifest warns', async () => {
    await tmp.write({
      // Counted: isolated pass, with its duration from the report.
      'rr/isolated-1/flakegate-rerun.json': manifest({ test: ADD, mode: 'isolated', attempt: 1 }),
      'rr/isolated-1/junit.xml': pytestXml([{ name: 'test_add', file: FILE, timeSeconds: 0.25 }]),
      // Counted: in-suite failure, deeper down, with commit and polluters (testId spelling).
      'rr/shard-a/in-suite-1/flakegate-rerun.json': manifest({
        testId: ADD,
        mode: 'in-suite',
        attempt: 1,
        commit: 'base01',
        polluters: [SUB, 7],
      }),
      'rr/shard-a/in-suite-1/junit.xml': pytestXml([
        { name: 'test_sub', file: FILE },
        { name: 'test_add', file: FILE, outcome: 'failed', message: 'AssertionError: order' },
      ]),
      // Not counted: no report beside the manifest.
      'rr/isolated-2/flakegate-rerun.json': manifest({ test: ADD, mode: 'isolated', attempt: 2 }),
      // Not counted: the report does not have the test.
      'rr/isolated-3/flakegate-rerun.json': manifest({ test: ADD, mode: 'isolated', attempt: 3 }),
      'rr/isolated-3/junit.xml': pytestXml([{ name: 'test_sub', file: FILE }]),
      // Not counted: bad manifests.
      'rr/bad-json/flakegate-rerun.json': '{ "test": ',
      'rr/bad-mode/flakegate-rerun.json': manifest({ test: ADD, mode: 'alone', attempt: 1 }),
      'rr/bad-attempt/flakegate-rerun.json': manifest({
        test: ADD,
        mode: 'isolated',
        attempt: 1.5,
      }),
      'rr/no-test/flakegate-rerun.json': manifest({ mode: 'isolated', attempt: 1 }),
      // A report without a manifest is not a rerun.
      'rr/stray/junit.xml': pytestXml([{ name: 'test_add', file: FILE, outcome: 'failed' }]),
    });
    const { attempts: reruns, lost } = await loadReruns(tmp.at('rr'), {}, w);
    expect(lost).toEqual([]);
    const sorted = [...reruns].sort((a, b) => a.mode.localeCompare(b.mode));
    expect(sorted).toEqual([
      {
        testId: ADD,
        mode: 'in-suite',
        attempt: 1,
        outcome: 'failed',
        failure: expect.objectContaining({ message: 'AssertionError: order' }),
        durationMs: 10,
        commit: 'base01',
        polluters: [SUB],
      },
      { testId: ADD, mode: 'isolated', attempt: 1, outcome: 'passed', durationMs: 250 },
    ]);
    const about = (dir: string) => warnings.filter((m) => m.includes(tmp.at('rr', dir)));
    expect(about('isolated-2')).toEqual([expect.stringMatching(/no result for .*not counted/)]);
    expect(about('isolated-3')).toEqual([expect.stringMatching(/no result for .*not counted/)]);
    for (const dir of ['bad-json', 'bad-mode', 'bad-attempt', 'no-test']) {
      expect(about(dir), dir).toEqual([expect.stringMatching(/ignored/)]);
    }
    expect(about('isolated-1')).toEqual([]);
    expect(about('shard-a')).toEqual([]);
    expect(warnings).toHaveLength(6);
  });

  it('the reruns reach the engine as isolated and in-suite evidence', async () => {
    await tmp.write({
      'head/junit.xml': pytestXml([{ name: 'test_add', file: FILE, outcome: 'failed' }]),
      'rr/i1/flakegate-rerun.json': manifest({ test: ADD, mode: 'isolated', attempt: 1 }),
      'rr/i1/junit.xml': pytestXml([{ name: 'test_add', file: FILE }]),
      'rr/i2/flakegate-rerun.json': manifest({ test: ADD, mode: 'isolated', attempt: 2 }),
      'rr/i2/junit.xml': pytestXml([{ name: 'test_add', file: FILE }]),
      'rr/s1/flakegate-rerun.json': manifest({ test: ADD, mode: 'in-suite', attempt: 1 }),
      'rr/s1/junit.xml': pytestXml([{ name: 'test_add', file: FILE, outcome: 'failed' }]),
    });
    const { head } = await loadHead([tmp.at('head')], { concurrency: 1 }, w);
    const { attempts: reruns } = await loadReruns(tmp.at('rr'), { concurrency: 1 }, w);
    const ev = assess({ head, reruns, changed: null }).failures[0]!.evidence;
    expect(ev.isolated).toEqual({ passed: 2, failed: 0 });
    expect(ev.inSuite).toEqual({ passed: 0, failed: 1 });
    expect(warnings).toEqual([]);
  });

  it('an unreadable rerun report warns and the rerun is not counted', async () => {
    await tmp.write({
      'rr/i1/flakegate-rerun.json': manifest({ test: ADD, mode: 'isolated', attempt: 1 }),
      'rr/i1/junit.xml': '<testsuite><testcase',
    });
    expect(await loadReruns(tmp.at('rr'), {}, w)).toEqual({ attempts: [], lost: [] });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/rerun report unreadable/);
    expect(warnings[1]).toMatch(/not counted/);
  });

  it('no reruns folder: nothing, no throw', async () => {
    expect(await loadReruns(tmp.at('none'), {}, w)).toEqual({ attempts: [], lost: [] });
  });

  it("flakegate rerun's own outcome counts when the framework's report names the test differently", async () => {
    await tmp.write({
      'rr/i1/flakegate-rerun.json': manifest({
        test: ADD,
        mode: 'isolated',
        attempt: 1,
        on: 'head',
        commit: 'abc123',
        outcome: 'failed',
        failure: { message: 'boom', type: 'AssertionError', stack: 'at x' },
        durationMs: 12,
      }),
      'rr/i1/report.xml': pytestXml([{ name: 'renamed', file: FILE, outcome: 'failed' }]),
    });
    const { attempts } = await loadReruns(tmp.at('rr'), {}, w);
    // `on: head`: the sha is the assessed commit's, so it is not base evidence.
    expect(attempts).toEqual([
      {
        testId: ADD,
        mode: 'isolated',
        attempt: 1,
        outcome: 'failed',
        failure: { message: 'boom', type: 'AssertionError', stack: 'at x' },
        durationMs: 12,
      },
    ]);
  });

  it('an attempt flakegate could not make is a lost rerun, unless others of that test counted', async () => {
    const OTHER = 'pytest:tests/test_calc.py::test_sub';
    await tmp.write({
      'rr/a/flakegate-rerun.json': manifest({
        test: ADD,
        mode: 'isolated',
        attempt: 1,
        shard: 's2',
        problem: 'the selection did not run the test',
      }),
      'rr/b/flakegate-rerun.json': manifest({
        test: OTHER,
        mode: 'isolated',
        attempt: 1,
        shard: 's2',
        problem: 'the test was skipped when rerun',
      }),
      'rr/c/flakegate-rerun.json': manifest({ test: OTHER, mode: 'isolated', attempt: 2 }),
      'rr/c/junit.xml': pytestXml([{ name: 'test_sub', file: FILE }]),
    });
    const { attempts, lost } = await loadReruns(tmp.at('rr'), {}, w);
    expect(lost).toEqual([
      { testId: ADD, shard: 's2', reason: 'the selection did not run the test' },
    ]);
    expect(attempts.map((a) => [a.testId, a.outcome])).toEqual([[OTHER, 'passed']]);
  });

  // Bug: loadReruns globs `path.join(dir, '**', RERUN_FILE)` and
  // `path.join(here, '*.xml')` with the folder's path unescaped, so a path
  // holding glob syntax such as `(copy)` finds no manifest, and says nothing.
  it('finds the manifests under a folder whose name has parentheses', async () => {
    await tmp.write({
      'reruns (copy)/i1/flakegate-rerun.json': manifest({
        test: ADD,
        mode: 'isolated',
        attempt: 1,
      }),
      'reruns (copy)/i1/junit.xml': pytestXml([{ name: 'test_add', file: FILE }]),
    });
    expect((await loadReruns(tmp.at('reruns (copy)'), {}, w)).attempts).toHaveLength(1);
  });

  // Bug: `Number(o.attempt)` turns null, "", false and [] into 0, an integer,
  // so a manifest without a usable attempt number is counted as attempt 0.
  it('a manifest whose attempt is null is refused like a missing one', async () => {
    await tmp.write({
      'rr/i1/flakegate-rerun.json': manifest({ test: ADD, mode: 'isolated', attempt: null }),
      'rr/i1/junit.xml': pytestXml([{ name: 'test_add', file: FILE }]),
    });
    expect(await loadReruns(tmp.at('rr'), {}, w)).toEqual({ attempts: [], lost: [] });
  });
});

describe('loadChanged', () => {
  it('reads one path a line: `./` and backslashes normalized, blanks and CRLF dropped', async () => {
    await tmp.write({
      'changed.txt':
        './app/conversation.py\r\n' +
        'app\\win\\path.py\r\n' +
        '.\\tests\\test_x.py\n' +
        '\n' +
        '   docs/usage.md   \n' +
        'README.md',
    });
    expect(await loadChanged(tmp.at('changed.txt'))).toEqual([
      'app/conversation.py',
      'app/win/path.py',
      'tests/test_x.py',
      'docs/usage.md',
      'README.md',
    ]);
  });

  it('an empty file is "nothing changed": an empty list, not unknown', async () => {
    await tmp.write({ 'empty.txt': '\n' });
    expect(await loadChanged(tmp.at('empty.txt'))).toEqual([]);
  });
});

describe('loadCodeowners', () => {
  it('reads .github/CODEOWNERS first', async () => {
    await tmp.write({
      '.github/CODEOWNERS': '# owners\n*.py @py-team\n/app/ @app-team @lead # inline\n',
      CODEOWNERS: '* @root-owner\n',
    });
    expect(await loadCodeowners(tmp.root)).toEqual([
      { pattern: '*.py', owners: ['@py-team'] },
      { pattern: '/app/', owners: ['@app-team', '@lead'] },
    ]);
  });

  it('falls back to CODEOWNERS at the root, then docs/CODEOWNERS', async () => {
    await tmp.write({ 'docs/CODEOWNERS': '* @docs-owner\n' });
    expect(await loadCodeowners(tmp.root)).toEqual([{ pattern: '*', owners: ['@docs-owner'] }]);
    await tmp.write({ CODEOWNERS: '* @root-owner\n' });
    expect(await loadCodeowners(tmp.root)).toEqual([{ pattern: '*', owners: ['@root-owner'] }]);
  });

  it('none: undefined', async () => {
    expect(await loadCodeowners(tmp.root)).toBeUndefined();
  });

  it('the owners reach the verdict of a failing test in an owned file', async () => {
    await tmp.write({
      '.github/CODEOWNERS': '/tests/ @qa\n',
      'head/junit.xml': pytestXml([{ name: 'test_add', file: FILE, outcome: 'failed' }]),
    });
    const { head } = await loadHead([tmp.at('head')], { concurrency: 1 }, w);
    const codeowners = await loadCodeowners(tmp.root);
    const v = assess({ head, changed: null, ...(codeowners ? { codeowners } : {}) });
    expect(v.failures[0]!.owners).toEqual(['@qa']);
  });
});
