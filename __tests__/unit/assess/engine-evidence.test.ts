/**
 * What the engine takes as evidence: run attempts kept apart, history keyed by
 * (run id, attempt), failure signatures grouped into causes and matched against
 * history, change proximity, message evidence, unreadable reports, lost reruns.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/assess/assess.ts';
import { HistoryBuilder, testHistoryStats } from '../../../src/assess/history.ts';
import { changeProximity } from '../../../src/assess/proximity.ts';
import type { AssessInput } from '../../../src/model/index.ts';
import {
  BASE_SHA,
  HEAD_SHA,
  cleanHistory,
  factor,
  fail,
  fileOf,
  head,
  headRun,
  history,
  historyRuns,
  isolated,
  pass,
  passing,
  report,
  reruns,
  testId,
  testRecord,
  unreadableReport,
  verdictOf,
} from '../../helpers/assess-builder.ts';

const T = 'checkout';
const FLAKY_HISTORY = 'PPPFPPPPFPPPPPfPPPPPPPPPPPPPFPPPPP';
const UNRELATED = ['src/billing/invoice.ts'];
const ln = Math.log;

describe('run attempts are kept apart', () => {
  it("attempts: a job re-run that passed does not erase the first attempt's failure (same-commit evidence)", () => {
    const v = assess({
      head: headRun([
        [fail(T), ...passing(5)],
        [pass(T), ...passing(5)],
      ]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      changed: UNRELATED,
    });
    const f = verdictOf(v, T);
    expect(f.evidence.sameCommit).toEqual({ passed: 1, failed: 1 });
    expect(f.class).toBe('FLAKY');
    expect(factor(f, 'reruns')?.value).toBe('failed 0/1 later attempts on this commit (passed 1)');
  });

  it('attempts: a failure in the re-run after a pass in the first attempt is still judged', () => {
    const v = assess({
      head: headRun([[pass(T)], [fail(T)]]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      changed: UNRELATED,
    });
    expect(verdictOf(v, T).evidence.sameCommit).toEqual({ passed: 1, failed: 1 });
  });

  it('attempts: attempts are taken in attempt order, not in the order they were given', () => {
    const run = headRun([[fail(T)], [pass(T)]]);
    const reversed = { ...run, attempts: [...run.attempts].reverse() };
    const a = assess({ head: run, history: history({ tests: { [T]: FLAKY_HISTORY } }) });
    const b = assess({ head: reversed, history: history({ tests: { [T]: FLAKY_HISTORY } }) });
    // The failure judged is attempt 1's; attempt 2's pass comes after it.
    expect(factor(verdictOf(b, T), 'reruns')?.value).toBe(factor(verdictOf(a, T), 'reruns')?.value);
    expect(verdictOf(b, T).pRegression).toBe(verdictOf(a, T).pRegression);
  });

  it('attempts: retries within one report count as same-commit attempts', () => {
    const v = assess({
      head: head([fail(T, { outcomes: 'FFP' })]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
    });
    expect(verdictOf(v, T).evidence.sameCommit).toEqual({ passed: 1, failed: 2 });
  });

  it('attempts: reruns on another commit (the merge base) are not same-commit evidence', () => {
    const v = assess({
      head: head([fail(T)]),
      history: cleanHistory(T),
      reruns: [...isolated(T, 'FFFFF'), ...reruns(T, 'PPP', { commit: BASE_SHA })],
      changed: [fileOf(T)],
    });
    const f = verdictOf(v, T);
    expect(f.evidence.isolated).toEqual({ passed: 0, failed: 5 });
    expect(f.class).toBe('REGRESSION');
    expect(factor(f, 'base commit')?.effect).toBeCloseTo(ln(10), 3);
  });

  it('attempts: reruns that name the head commit explicitly count as same-commit evidence', () => {
    const v = assess({
      head: head([fail(T)]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      reruns: reruns(T, 'PP', { commit: HEAD_SHA }),
    });
    expect(verdictOf(v, T).evidence.isolated).toEqual({ passed: 2, failed: 0 });
  });
});

describe('history is keyed by run id and attempt', () => {
  it('history: two attempts of one run are two history runs, not one merged run', () => {
    const idx = history({
      tests: { [T]: `FP${'P'.repeat(20)}` },
      runIds: ['77', '77'],
      attempts: [1, 2],
      shas: ['s77', 's77', ...Array.from({ length: 20 }, (_, i) => `s${i}`)],
    });
    expect(idx.runs.slice(0, 2).map((r) => `${r.runId}#${r.attempt}`)).toEqual(['77#1', '77#2']);
    const stats = testHistoryStats(idx, testId(T));
    expect(stats.strip.slice(0, 2)).toBe('FP');
    expect(stats.runs).toBe(22);
    // The re-run's pass does not erase the failure: it makes it a flake event on that commit.
    expect(stats.failed).toBe(1);
    expect(stats.flakeEvents).toBe(1);
  });

  it('history: a job re-run that passed is same-commit evidence even when the runs carry no SHA', () => {
    // Attempts of one run are one commit by definition; the SHA is not needed to know that.
    const idx = history({
      tests: { [T]: `FP${'P'.repeat(20)}` },
      runIds: ['77', '77'],
      attempts: [1, 2],
      shas: 'none',
    });
    expect(testHistoryStats(idx, testId(T)).flakeEvents).toBe(1);
  });

  it('history: reports of different runs with the same attempt number are never mixed', () => {
    const idx = history({ tests: { [T]: 'FP' }, runIds: ['7', '8'], undated: true });
    expect(idx.runs.map((r) => `${r.runId}#${r.attempt}`)).toEqual(['7#1', '8#1']);
    expect(testHistoryStats(idx, testId(T)).strip).toBe('FP');
  });

  it('history: several reports of one run attempt fold into that run (fail + pass = flaky within the run)', () => {
    const b = new HistoryBuilder();
    const run = { runId: '5', attempt: 1, sha: 'abc' };
    b.addRun(run, [report([fail(T)])]);
    b.addRun(run, [report([pass(T)])]);
    b.addRun({ runId: '6', attempt: 1, sha: 'def' }, [report([pass(T)])]);
    const idx = b.build();
    expect(idx.runs).toHaveLength(2);
    const stats = testHistoryStats(idx, testId(T));
    expect(stats.strip).toBe('fP');
    expect(stats.flakeEvents).toBe(1);
  });

  it('history: runs are ordered oldest first by date, whatever order they were added in', () => {
    const b = new HistoryBuilder();
    const runs = historyRuns({ tests: { [T]: 'FPPPF' } });
    for (const r of [...runs].reverse()) b.addRun(r.run, r.reports);
    const idx = b.build();
    expect(idx.runs.map((r) => r.runId)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(testHistoryStats(idx, testId(T)).strip).toBe('FPPPF');
  });

  it('history: the window keeps the newest runs', () => {
    const idx = history({ tests: { [T]: `${'F'.repeat(10)}${'P'.repeat(50)}` } }, { maxRuns: 50 });
    expect(idx.runs).toHaveLength(50);
    expect(testHistoryStats(idx, testId(T)).failed).toBe(0);
  });

  it('history: the signature memo stays within its character bound, and a full memo changes no signature', () => {
    // 40 tests failing with long, distinct stacks, the same way in 3 runs.
    const failing = Array.from({ length: 40 }, (_, i) =>
      fail(`t${i}`, {
        message: `expected ${i}`,
        stack: `Error: expected ${i}\n${'    at frame (src/x.ts:1:1)\n'.repeat(40)}`,
      }),
    );
    const build = (memoChars?: number) => {
      const b = new HistoryBuilder(memoChars === undefined ? {} : { memoChars });
      for (let r = 0; r < 3; r++)
        b.addRun({ runId: `r${r}`, attempt: 1, sha: `s${r}` }, [report(failing)]);
      return b;
    };
    const small = build(5_000);
    const roomy = build();
    expect(small.memoSize).toBeGreaterThan(0);
    expect(small.memoSize).toBeLessThanOrEqual(5_000);
    expect(roomy.memoSize).toBeGreaterThan(5_000);
    expect([...small.build().signatures]).toEqual([...roomy.build().signatures]);
  });

  it('history: an unreadable history report is counted, not silently dropped', () => {
    const b = new HistoryBuilder();
    for (const r of historyRuns({ tests: { [T]: 'PPP' } })) b.addRun(r.run, r.reports);
    b.addRun({ runId: 'h9', attempt: 1 }, [unreadableReport('history/h9/junit.xml')]);
    const v = assess({ head: head([fail(T)]), history: b.build() });
    expect(v.inputs.history).toEqual({ runs: 4, unreadable: 1 });
  });

  it('history: a test absent from all history is new in this change; no history says nothing', () => {
    const withHistory = assess({ head: head([fail('fresh'), pass(T)]), history: cleanHistory(T) });
    expect(verdictOf(withHistory, 'fresh').newTest).toBe(true);
    const none = assess({ head: head([fail('fresh'), pass(T)]) });
    expect(verdictOf(none, 'fresh').newTest).toBe(false);
  });
});

describe('signatures: causes and history matches', () => {
  const disk = (i: number) =>
    `ENOSPC: no space left on device, write '/tmp/jest_${i}x/cache-${4000 + i}.json'`;

  it('causes: failures with one normalized signature group across tests into one cause', () => {
    const failing = Array.from({ length: 12 }, (_, i) => fail(`t${i}`, { message: disk(i) }));
    const v = assess({
      head: head([
        ...failing,
        fail('other', { type: 'AssertionError', message: 'expected 1 to be 2' }),
        ...passing(100),
      ]),
      history: cleanHistory(T),
      changed: UNRELATED,
    });
    expect(v.causes).toHaveLength(2);
    const [big, small] = v.causes!;
    expect(big!.tests).toHaveLength(12);
    expect(big!.category).toBe('infrastructure');
    expect(big!.signature).toBe("Error: ENOSPC: no space left on device, write '<tmp>'");
    expect(small!.tests).toEqual([testId('other')]);
    // Each failure names its cause.
    for (const f of v.failures.filter((x) => x.id !== testId('other')))
      expect(f.cause).toBe(big!.key);
  });

  it('causes (departure 5): a mass failure from one infrastructure cause reads as one cause, not as a mass failure', () => {
    // risk.ts: many tests failing with one infrastructure signature are one cause (runner, disk,
    // network), judged like any failure: MEDIUM "rerun the job" here, not the mass-failure HIGH,
    // which stays for failures of application causes (next test).
    const failing = Array.from({ length: 12 }, (_, i) => fail(`t${i}`, { message: disk(i) }));
    const v = assess({
      head: head([...failing, ...passing(100)]),
      history: history({ tests: Object.fromEntries(failing.map((s) => [s.name, 'P'.repeat(25)])) }),
      changed: UNRELATED,
    });
    expect(v.causes).toHaveLength(1);
    expect(v.causes![0]!.tests).toHaveLength(12);
    expect(v.risk).toBe('MEDIUM');
    expect(v.reasons[0]).toMatch(
      /^12 tests failed from one infrastructure cause \(.*\): rerun the job/,
    );
  });

  it('causes: a mass failure of application causes is HIGH (mass-failure rule)', () => {
    const failing = Array.from({ length: 12 }, (_, i) =>
      fail(`t${i}`, {
        type: 'TypeError',
        message: `cannot read properties of undefined (reading 'f${i}')`,
      }),
    );
    const v = assess({
      head: head([...failing, ...passing(100)]),
      history: history({ tests: Object.fromEntries(failing.map((s) => [s.name, 'P'.repeat(25)])) }),
      changed: UNRELATED,
    });
    expect(v.risk).toBe('HIGH');
    expect(v.reasons[0]).toMatch(/^mass failure: 12 tests failed \(threshold 10\)/);
  });

  it('matches: the same error already seen for this test: knownSignature, and matchedRuns names the runs', () => {
    const strip = `PPPF${'P'.repeat(10)}F${'P'.repeat(15)}`;
    const v = assess({
      head: head([fail(T, { message: 'boom after 1234 ms' })]),
      history: history({ tests: { [T]: strip }, failures: { [T]: 'boom after 88 ms' } }),
    });
    const f = verdictOf(v, T);
    expect(f.matchedRuns).toEqual(['h4', 'h15']);
    const sig = factor(f, 'signature')!;
    expect(sig.effect).toBeCloseTo(ln(0.5), 3);
    expect(sig.rule).toBe('same failure already seen for this test in 2 history run(s)');
  });

  it('matches: a test that failed before but never this way gets newSignature', () => {
    const strip = `PPPF${'P'.repeat(10)}F${'P'.repeat(15)}`;
    const v = assess({
      head: head([fail(T, { type: 'TypeError', message: 'x.total is not a function' })]),
      history: history({ tests: { [T]: strip }, failures: { [T]: 'boom' } }),
    });
    const f = verdictOf(v, T);
    expect(f.matchedRuns).toEqual([]);
    const sig = factor(f, 'signature')!;
    expect(sig.effect).toBeCloseTo(ln(2), 3);
    expect(sig.rule).toMatch(/never this way in 30 history runs/);
  });

  it('matches: an infrastructure cause matches on any test, and matchedRuns names those runs', () => {
    const refused = (ip: string) => ({ type: 'Error', message: `connect ECONNREFUSED ${ip}:5432` });
    const v = assess({
      head: head([fail(T, refused('127.0.0.1')), pass('db')]),
      history: history({
        tests: { [T]: 'P'.repeat(31), db: `PPPPPPPF${'P'.repeat(23)}` },
        failures: { db: refused('10.0.0.7') },
      }),
      reruns: isolated(T, 'FFFFF'),
      changed: UNRELATED,
    });
    const f = verdictOf(v, T);
    const sig = factor(f, 'signature')!;
    expect(sig.rule).toBe('same network failure seen on other tests in 1 history run(s)');
    // The ledger counts one matching run; the verdict must say which.
    expect(f.matchedRuns).toEqual(['h8']);
  });

  it('matches: a non-infrastructure error on another test does not match this one', () => {
    const assertion = { type: 'AssertionError', message: 'expected 3 to equal 4' };
    const v = assess({
      head: head([fail(T, assertion), pass('other')]),
      history: history({
        tests: { [T]: FLAKY_HISTORY, other: `PPPPF${'P'.repeat(29)}` },
        failures: { [T]: 'boom', other: assertion },
      }),
    });
    const f = verdictOf(v, T);
    expect(f.matchedRuns).toEqual([]);
    expect(factor(f, 'signature')?.rule).not.toMatch(/other tests/);
  });

  it('matches: matchedRuns tell apart attempts of one run (history is keyed by run id and attempt)', () => {
    const v = assess({
      head: head([fail(T)]),
      history: history({
        tests: { [T]: 'PFFP' },
        runIds: ['7', '8', '8', '9'],
        attempts: [1, 1, 2, 1],
      }),
    });
    const runs = verdictOf(v, T).matchedRuns!;
    expect(runs).toHaveLength(2);
    expect(new Set(runs).size).toBe(2);
  });
});

describe('change proximity', () => {
  const rec = testRecord({ name: T, file: 'services/cart/tests/checkout.test.ts' });

  it('proximity: the test file itself changed -> test-file (LR 3)', () => {
    const v = assess({ head: head([fail(T)]), history: cleanHistory(T), changed: [fileOf(T)] });
    const f = verdictOf(v, T);
    expect(factor(f, 'change')).toMatchObject({
      value: 'test-file',
      effect: Number(ln(3).toFixed(3)),
    });
    expect(f.evidence.changed).toBe(true);
  });

  it('proximity: a source of the same module changed -> module', () => {
    expect(changeProximity(rec, ['services/cart/src/checkout.ts']).proximity).toBe('module');
  });

  it('proximity: a file the test imports changed (dependencies map) -> import (LR 3)', () => {
    const deps = new Map([[fileOf(T), ['lib/money/round.ts', 'lib/money/currency.ts']]]);
    const v = assess({
      head: head([fail(T)]),
      history: cleanHistory(T),
      changed: ['lib/money/round.ts', 'docs/README.md'],
      dependencies: deps,
    });
    const f = verdictOf(v, T);
    const change = factor(f, 'change')!;
    expect(change.value).toBe('import');
    expect(change.effect).toBeCloseTo(ln(3), 3);
    expect(change.rule).toContain('lib/money/round.ts');
    expect(f.evidence.changed).toBe(true);
  });

  it('proximity: without the dependencies map the same change is untouched', () => {
    const v = assess({
      head: head([fail(T)]),
      history: cleanHistory(T),
      changed: ['lib/money/round.ts'],
    });
    expect(factor(verdictOf(v, T), 'change')?.value).toBe('untouched');
  });

  it('proximity: a lock file changed -> dependency (LR 2)', () => {
    const v = assess({
      head: head([fail(T)]),
      history: cleanHistory(T),
      changed: ['package-lock.json', 'docs/notes.md'],
    });
    const change = factor(verdictOf(v, T), 'change')!;
    expect(change.value).toBe('dependency');
    expect(change.effect).toBeCloseTo(ln(2), 3);
    expect(change.rule).toContain('package-lock.json');
    for (const f of [
      'go.sum',
      'poetry.lock',
      'gradle/libs.versions.toml',
      '.github/workflows/ci.yml',
    ]) {
      expect(changeProximity(rec, [f]).proximity).toBe('dependency');
    }
  });

  it('proximity: only inert files changed (docs, images) -> untouched (LR 0.1)', () => {
    const v = assess({
      head: head([fail(T)]),
      history: cleanHistory(T),
      changed: ['README.md', 'docs/a.png'],
    });
    const f = verdictOf(v, T);
    expect(factor(f, 'change')?.effect).toBeCloseTo(ln(0.1), 3);
    expect(f.evidence.changed).toBe(false);
  });

  it('proximity: changed unknown (null) gives evidence.changed === null, not false, and LR 1', () => {
    const v = assess({ head: head([fail(T)]), history: cleanHistory(T), changed: null });
    const f = verdictOf(v, T);
    expect(f.evidence.changed).toBeNull();
    expect(factor(f, 'change')).toMatchObject({ value: 'unknown', effect: 0 });
  });

  it('proximity: changed absent is unknown too; an empty list is known and untouched', () => {
    const absent = assess({ head: head([fail(T)]), history: cleanHistory(T) });
    expect(verdictOf(absent, T).evidence.changed).toBeNull();
    const empty = assess({ head: head([fail(T)]), history: cleanHistory(T), changed: [] });
    expect(verdictOf(empty, T).evidence.changed).toBe(false);
  });

  it('proximity: a new test counts as touched by the change that added it', () => {
    const v = assess({
      head: head([fail('fresh'), pass(T)]),
      history: cleanHistory(T),
      changed: UNRELATED,
    });
    const change = factor(verdictOf(v, 'fresh'), 'change')!;
    expect(change.value).toBe('test-file');
    expect(change.rule).toBe('new test added by this change');
  });
});

describe('message evidence', () => {
  const refused = { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432' };
  /** The test failed with ECONNREFUSED 3 times before: its signature is on record. */
  const seenBefore = (changed: AssessInput['changed']): AssessInput => ({
    head: head([fail(T, refused)]),
    history: history({ tests: { [T]: FLAKY_HISTORY }, failures: { [T]: refused } }),
    changed,
  });

  it('message: a seen network failure outside the change is damped (LR 0.02)', () => {
    const m = factor(verdictOf(assess(seenBefore(UNRELATED)), T), 'message')!;
    expect(m.value).toBe('network');
    expect(m.effect).toBeCloseTo(ln(0.02), 3);
  });

  it('message: LR never damps a failure in touched code', () => {
    const m = factor(verdictOf(assess(seenBefore([fileOf(T)])), T), 'message')!;
    expect(m.effect).toBe(0);
    expect(m.rule).toMatch(/not applied: the change touches the test/);
  });

  it('message: LR never damps a failure in code the test imports', () => {
    const v = assess({
      ...seenBefore(['src/db/pool.ts']),
      dependencies: new Map([[fileOf(T), ['src/db/pool.ts']]]),
    });
    expect(factor(verdictOf(v, T), 'message')?.effect).toBe(0);
  });

  it('message: LR never damps a failure whose signature was never seen on the history branch', () => {
    const v = assess({
      head: head([fail(T, refused)]),
      history: cleanHistory(T, 30),
      changed: UNRELATED,
    });
    const m = factor(verdictOf(v, T), 'message')!;
    expect(m.effect).toBe(0);
    expect(m.rule).toMatch(/not applied: signature never seen on the history branch/);
  });

  it('message: infrastructure seen before outside the change is damped (LR 0.1)', () => {
    const disk = 'No space left on device';
    const v = assess({
      head: head([fail(T, { message: disk })]),
      history: history({ tests: { [T]: FLAKY_HISTORY }, failures: { [T]: disk } }),
      changed: UNRELATED,
    });
    expect(factor(verdictOf(v, T), 'message')?.effect).toBeCloseTo(ln(0.1), 3);
  });

  it('message: a null dereference raises the odds (LR 2.8), touched or not', () => {
    const npe = {
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'id')",
    };
    const v = assess({ head: head([fail(T, npe)]), history: cleanHistory(T), changed: UNRELATED });
    const m = factor(verdictOf(v, T), 'message')!;
    expect(m.effect).toBeCloseTo(ln(2.8), 3);
  });

  it('message: a category without a calibrated ratio adds no message entry', () => {
    const v = assess({ head: head([fail(T)]), history: cleanHistory(T), changed: UNRELATED });
    expect(factor(verdictOf(v, T), 'message')).toBeUndefined();
  });
});

describe('unreadable reports and lost reruns', () => {
  it('unreadable: an unreadable head report makes an INCONCLUSIVE pseudo-failure (never a silent pass)', () => {
    const v = assess({
      head: headRun([
        [report(passing(10)), unreadableReport('reports/shard-2.xml', 'unclosed tag <testcase>')],
      ]),
    });
    expect(v.risk).not.toBe('NONE');
    expect(v.risk).not.toBe('LOW');
    expect(v.counts.failed).toBe(1);
    expect(v.counts.inconclusive).toBe(1);
    const f = v.failures[0]!;
    expect(f).toMatchObject({ id: 'report:reports/shard-2.xml', class: 'INCONCLUSIVE' });
    expect(f.next).toMatch(/^fix or regenerate the report: unclosed tag/);
    expect(v.inputs.unreadable).toEqual([
      { file: 'reports/shard-2.xml', error: 'unclosed tag <testcase>' },
    ]);
  });

  it('unreadable: a file listed only in input.unreadable (not parsed at all) also stands as a failure', () => {
    const v = assess({
      head: head(passing(10)),
      unreadable: [{ file: 'reports/empty.xml', error: 'empty file' }],
    });
    expect(v.risk).toBe('MEDIUM');
    expect(v.failures.map((f) => f.id)).toEqual(['report:reports/empty.xml']);
  });

  it('unreadable: one file reported both ways stands once', () => {
    const v = assess({
      head: headRun([[report(passing(3)), unreadableReport('r/x.xml', 'bad')]]),
      unreadable: [{ file: 'r/x.xml', error: 'bad' }],
    });
    expect(v.failures).toHaveLength(1);
  });

  it('unreadable: a partly read report keeps its failures and adds the pseudo-failure', () => {
    const partial = report([fail(T), pass('b')], {
      file: 'r/cut.xml',
      error: 'truncated at line 80',
    });
    const v = assess({ head: headRun([[partial]]), history: cleanHistory(T) });
    expect(v.failures.map((f) => f.id).sort()).toEqual(['report:r/cut.xml', testId(T)].sort());
  });

  it('lost reruns: the test is INCONCLUSIVE, the input lists it and the reasons count it', () => {
    const v = assess({
      head: head([fail(T, { outcomes: 'FP' })]),
      history: history({ tests: { [T]: FLAKY_HISTORY } }),
      lostReruns: [{ testId: testId(T), shard: 'rerun-1', reason: 'artifact expired' }],
      changed: UNRELATED,
    });
    expect(verdictOf(v, T).class).toBe('INCONCLUSIVE');
    expect(v.risk).not.toBe('LOW');
    expect(v.reasons).toContain('1 test(s) lost their reruns');
  });
});
