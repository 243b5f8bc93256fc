/**
 * `assessCommand` (src/commands/assess.ts) called directly, as the action
 * will: inputs read from disk into the engine, the import graph joining a
 * change to a test, and `nothingReadable` deciding the exit status 2.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/assess/config.ts';
import { assessCommand, type AssessOptions } from '../../../src/commands/assess.ts';
import { EXAMPLE } from '../../helpers/cli-process.ts';
import { pytestXml, tempTree, type TempTree } from '../../helpers/temp-tree.ts';

let tmp: TempTree;
let warnings: string[];
const w = { warn: (m: string) => void warnings.push(m) };

beforeAll(async () => {
  tmp = await tempTree('assess-command');
});
afterAll(async () => {
  await tmp.cleanup();
});

function run(o: Partial<AssessOptions> & { reports: string[] }) {
  warnings = [];
  return assessCommand({ cwd: EXAMPLE, config: structuredClone(DEFAULT_CONFIG), ...o }, w);
}

const ex = (...p: string[]) => path.join(EXAMPLE, ...p);

describe('assessCommand on the example project', () => {
  it('a change to a module the failing test imports counts as touching it', async () => {
    const base = {
      reports: [ex('reports', 'head')],
      history: ex('reports', 'history'),
      reruns: ex('reports', 'reruns'),
    };
    const touched = await run({ ...base, changed: ex('changes', 'touches-the-service.txt') });
    const docs = await run({ ...base, changed: ex('changes', 'docs-only.txt') });
    const unknown = await run(base);
    expect(warnings).toEqual([]);
    for (const r of [touched, docs, unknown]) {
      expect(r.nothingReadable).toBe(false);
      expect(r.missing).toEqual([]);
      expect(r.verdict.failures.length).toBeGreaterThan(0);
    }
    const failing = touched.verdict.failures[0]!;
    // The test file itself is not in the change: only the import graph links them.
    expect(failing.file).not.toBe('app/conversation.py');
    expect(failing.evidence.changed).toBe(true);
    expect(failing.ledger.find((e) => e.factor === 'change')?.value).toBe('import');
    expect(docs.verdict.failures[0]!.evidence.changed).toBe(false);
    expect(unknown.verdict.failures[0]!.evidence.changed).toBeNull();
    expect(touched.summary().split('\n')[0]).toContain(`${touched.verdict.risk} risk`);
    expect(docs.quarantine()).toContain(docs.verdict.failures[0]!.id);
  });
});

describe('nothingReadable', () => {
  beforeAll(async () => {
    await tmp.write({
      'good.xml': pytestXml([{ name: 'test_a', file: 'tests/test_a.py', outcome: 'failed' }]),
      'broken.xml': '<testsuite><testcase name="x"',
      'empty/.keep': '',
    });
  });

  it('is true when the only report is unreadable, missing, or a folder without reports', async () => {
    expect((await run({ reports: [tmp.at('broken.xml')] })).nothingReadable).toBe(true);
    const missing = await run({ reports: [tmp.at('missing.xml')] });
    expect(missing.nothingReadable).toBe(true);
    expect(missing.missing).toEqual([tmp.at('missing.xml')]);
    expect((await run({ reports: [tmp.at('empty')] })).nothingReadable).toBe(true);
  });

  it('is false when one report is readable; the broken one stands as an INCONCLUSIVE failure', async () => {
    const r = await run({ reports: [tmp.at('broken.xml'), tmp.at('good.xml')] });
    expect(r.nothingReadable).toBe(false);
    expect(r.verdict.inputs.unreadable.map((u) => u.file)).toEqual([tmp.at('broken.xml')]);
    const stand = r.verdict.failures.find((f) => f.id === `report:${tmp.at('broken.xml')}`);
    expect(stand?.class).toBe('INCONCLUSIVE');
  });

  it('a readable report with no test in it still counts as readable', async () => {
    await tmp.write({ 'none.xml': '<testsuites name="pytest tests"></testsuites>' });
    const r = await run({ reports: [tmp.at('none.xml')] });
    expect(r.nothingReadable).toBe(false);
    expect(r.verdict.risk).toBe('NONE');
  });
});

describe('the cwd option', () => {
  // Bug: assessCommand takes `cwd` but loadHead, loadHistory, loadReruns and
  // loadChanged resolve relative paths against process.cwd(); only the config,
  // CODEOWNERS and the import graph use `cwd`. The CLI passes process.cwd(),
  // so it works there; any other caller (the action) gets ENOENT.
  it('resolves relative report, history and changed paths against cwd', async () => {
    expect(process.cwd()).not.toBe(EXAMPLE);
    const r = await run({
      reports: ['reports/head'],
      history: 'reports/history',
      changed: 'changes/docs-only.txt',
    });
    expect(r.nothingReadable).toBe(false);
    expect(r.verdict.failures[0]!.evidence.history.runs).toBe(30);
  });
});

describe('head and history read together', () => {
  it("history's progress starts only once the head's is done, and reaches n of n", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) {
      const tests = Array.from({ length: 40 }, (_, j) => ({
        name: `test_${j}`,
        file: `tests/test_${i}.py`,
        outcome: 'passed' as const,
      }));
      files[`many-head/r${i}.xml`] = pytestXml(tests);
    }
    await tmp.write(files);
    const events: string[] = [];
    warnings = [];
    const r = await assessCommand(
      {
        cwd: EXAMPLE,
        config: structuredClone(DEFAULT_CONFIG),
        reports: [tmp.at('many-head')],
        history: ex('reports', 'history'),
        concurrency: 2,
      },
      { ...w, progress: (d, t, what) => void events.push(`${what} ${d}/${t}`) },
    );
    expect(r.nothingReadable).toBe(false);
    const lastHead = events.findLastIndex((e) => e.startsWith('reading reports'));
    const firstHistory = events.findIndex((e) => e.startsWith('reading history'));
    expect(events[lastHead]).toBe('reading reports 80/80');
    expect(firstHistory).toBeGreaterThan(lastHead);
    expect(events.at(-1)).toMatch(/^reading history reports (\d+)\/\1$/);
  });
});
