import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/assess/config.ts';
import { evidenceBlock } from '../../../src/assess/evidence.ts';
import { commitRisk } from '../../../src/assess/risk.ts';
import type { AssessInput, FailureClass, FailureVerdict, Risk } from '../../../src/model/index.ts';
import {
  annotationPath,
  annotationsFor,
  levelFor,
  makesHigh,
  workflowCommandAnnotations,
} from '../../../src/report/annotations.ts';
import { ANNOTATION_MESSAGE_MAX_BYTES, utf8Length } from '../../../src/report/escape.ts';
import {
  fail,
  fileOf,
  head,
  history,
  cleanHistory,
  isolated,
  judged,
  pass,
  passing,
} from '../../helpers/assess-builder.ts';
import { hostileTexts } from '../../helpers/hostile-names.ts';
import { evidence, failure, flaky, verdict } from '../../helpers/verdict-builder.ts';

const C = DEFAULT_CONFIG;

describe('levelFor', () => {
  const inc = (over: Partial<FailureVerdict> = {}) =>
    failure({
      class: 'INCONCLUSIVE',
      pRegression: 0.1,
      evidence: evidence({ changed: false, isolated: { passed: 0, failed: 0 } }),
      ...over,
    });
  const p = (x: number) => ({ pRegression: x });
  const changed = (c: boolean | null) => ({
    evidence: evidence({ changed: c, isolated: { passed: 0, failed: 0 } }),
  });
  it.each<[string, Partial<FailureVerdict>, Risk, string]>([
    ['REGRESSION', { class: 'REGRESSION' }, 'HIGH', 'failure'],
    ['REGRESSION in a verdict that is not HIGH', { class: 'REGRESSION' }, 'LOW', 'failure'],
    ['ORDER-DEPENDENT', { class: 'ORDER-DEPENDENT' }, 'HIGH', 'warning'],
    ['BROKEN-BEFORE', { class: 'BROKEN-BEFORE' }, 'MEDIUM', 'warning'],
    ['FLAKY', { class: 'FLAKY' }, 'HIGH', 'notice'],
    ['FLAKY-LIKELY', { class: 'FLAKY-LIKELY' }, 'LOW', 'notice'],
    ['a class newer than this code', { class: 'WOBBLY' as FailureClass }, 'LOW', 'warning'],
  ])('%s', (_l, over, risk, want) => {
    expect(levelFor(failure(over), risk, C)).toBe(want);
  });

  // INCONCLUSIVE: failure exactly when it is one of the things that make the commit HIGH.
  it.each<[string, Partial<FailureVerdict>, Risk, string]>([
    ['at inconclusiveHighThreshold, HIGH', p(C.inconclusiveHighThreshold), 'HIGH', 'failure'],
    ['just below it, untouched', p(C.inconclusiveHighThreshold - 0.001), 'HIGH', 'warning'],
    ['above it, verdict MEDIUM', p(0.6), 'MEDIUM', 'warning'],
    [
      'in changed code at the band',
      { ...p(C.inconclusiveThreshold), ...changed(true) },
      'HIGH',
      'failure',
    ],
    [
      'in changed code below the band (lost reruns)',
      { ...p(C.inconclusiveThreshold - 0.01), ...changed(true) },
      'HIGH',
      'warning',
    ],
    [
      'change unknown, in the band',
      { ...p(C.inconclusiveThreshold), ...changed(null) },
      'HIGH',
      'warning',
    ],
    [
      'new test failing every isolated rerun',
      {
        newTest: true,
        evidence: evidence({ changed: false, isolated: { passed: 0, failed: 3 } }),
      },
      'HIGH',
      'failure',
    ],
    [
      'new test with a passing rerun',
      {
        newTest: true,
        evidence: evidence({ changed: false, isolated: { passed: 1, failed: 3 } }),
      },
      'HIGH',
      'warning',
    ],
    [
      'crash that failed again',
      {
        category: 'crash',
        evidence: evidence({ changed: false, isolated: { passed: 0, failed: 2 } }),
      },
      'HIGH',
      'failure',
    ],
    [
      'crash with no later attempt',
      {
        category: 'crash',
        evidence: evidence({ changed: false, isolated: { passed: 0, failed: 0 } }),
      },
      'HIGH',
      'warning',
    ],
    [
      'resource failure that passed once',
      {
        category: 'resource',
        evidence: evidence({
          changed: false,
          sameCommit: { passed: 1, failed: 2 },
          isolated: { passed: 0, failed: 2 },
        }),
      },
      'HIGH',
      'warning',
    ],
  ])('INCONCLUSIVE %s', (_l, over, risk, want) => {
    expect(levelFor(inc(over), risk, C)).toBe(want);
  });

  it('uses the thresholds it is given', () => {
    const f = inc(p(0.3));
    expect(
      levelFor(f, 'HIGH', { inconclusiveThreshold: 0.2, inconclusiveHighThreshold: 0.5 }),
    ).toBe('warning');
    expect(annotationsFor(verdict([f], { risk: 'HIGH' }))[0]!.annotation_level).toBe('failure');
    expect(
      annotationsFor(verdict([f], { risk: 'HIGH' }), {
        config: { inconclusiveThreshold: 0.2, inconclusiveHighThreshold: 0.5 },
      })[0]!.annotation_level,
    ).toBe('warning');
  });
});

// The same decision as commitRisk, from what the verdict keeps: for one INCONCLUSIVE failure
// judged alone, makesHigh holds exactly when the engine's risk is HIGH.
describe('makesHigh agrees with commitRisk', () => {
  const T = 'checkout';
  const FLAKY_HISTORY = 'PPPFPPPPFPPPPPfPPPPPPPPPPPPPFPPPPP';
  const SEGFAULT = { type: 'Error', message: 'Segmentation fault (core dumped)' };
  const known = (changed: AssessInput['changed'], reruns = 'PPPPP'): AssessInput => ({
    head: head([fail(T, { outcomes: 'FP' }), ...passing(20)]),
    history: history({ tests: { [T]: FLAKY_HISTORY } }),
    reruns: isolated(T, reruns),
    changed,
  });
  const scenarios: [string, AssessInput][] = [
    ['known flake, untouched', known(['src/other.ts'])],
    ['known flake, its file changed', known([fileOf(T)])],
    ['known flake, change unknown', known(null)],
    [
      'reruns lost, file changed',
      {
        ...known([fileOf(T)]),
        reruns: [],
        lostReruns: [{ testId: `vitest:${fileOf(T)} > ${T}`, shard: 'r1', reason: 'lost' }],
      },
    ],
    [
      'new test failing every rerun',
      {
        head: head([fail(T), pass('other')]),
        history: cleanHistory('other'),
        reruns: isolated(T, 'FFFFF'),
        changed: null,
      },
    ],
    [
      'crash reproducing',
      {
        head: head([fail(T, SEGFAULT)]),
        history: history({ tests: { [T]: FLAKY_HISTORY }, failures: { [T]: SEGFAULT } }),
        reruns: isolated(T, 'FF'),
        changed: ['src/other.ts'],
      },
    ],
    [
      'crash passing its reruns',
      {
        head: head([fail(T, SEGFAULT)]),
        history: history({ tests: { [T]: FLAKY_HISTORY }, failures: { [T]: SEGFAULT } }),
        reruns: isolated(T, 'PFP'),
        changed: ['src/other.ts'],
      },
    ],
  ];
  const ps = [
    0.05,
    C.inconclusiveThreshold,
    C.inconclusiveHighThreshold - 0.001,
    C.inconclusiveHighThreshold,
    0.6,
  ];
  it('for every scenario and P, HIGH exactly when makesHigh says so', () => {
    const seen: string[] = [];
    for (const [label, input] of scenarios) {
      for (const pr of ps) {
        const j = judged(input, T, 'INCONCLUSIVE', pr);
        const { risk } = commitRisk([j], { tests: 500, lost: 0 }, C);
        const f = failure({
          class: 'INCONCLUSIVE',
          pRegression: pr,
          category: j.ev!.category,
          newTest: j.ev!.newTest,
          evidence: evidenceBlock(j.ev!),
        });
        expect({ label, pr, high: makesHigh(f, risk, C) }).toEqual({
          label,
          pr,
          high: risk === 'HIGH',
        });
        if (pr === 0.05) seen.push(`${label}: ${risk}`);
      }
    }
    // Below every threshold only the non-P rules can give HIGH: the table covers both sides.
    expect(seen).toEqual([
      'known flake, untouched: MEDIUM',
      'known flake, its file changed: MEDIUM',
      'known flake, change unknown: MEDIUM',
      'reruns lost, file changed: MEDIUM',
      'new test failing every rerun: HIGH',
      'crash reproducing: HIGH',
      'crash passing its reruns: MEDIUM',
    ]);
  });
});

describe('annotationPath', () => {
  it.each<[string, string | undefined, string | null]>([
    ['tests/a.test.ts', undefined, 'tests/a.test.ts'],
    ['./tests//a.test.ts', undefined, 'tests/a.test.ts'],
    ['tests\\unit\\A.cs', undefined, 'tests/unit/A.cs'],
    ['a/./b.py', undefined, 'a/b.py'],
    ['foo..bar/x.ts', undefined, 'foo..bar/x.ts'],
    ['/srv/ci/app/tests/a.ts', '/srv/ci/app', 'tests/a.ts'],
    ['/srv/ci/app/tests/a.ts', '/srv/ci/app/', 'tests/a.ts'],
    ['/srv/ci/app2/a.ts', '/srv/ci/app', null],
    ['/etc/passwd', undefined, null],
    ['//server/share/a.ts', undefined, null],
    ['C:\\src\\a.ts', undefined, null],
    ['c:/src/a.ts', undefined, null],
    ['../outside.ts', undefined, null],
    ['tests/../../outside.ts', undefined, null],
    ['tests\\..\\..\\x.ts', undefined, null],
    ['tests/a\n.ts', undefined, null],
    ['', undefined, null],
    ['./', undefined, null],
  ])('%j (workspace %j) -> %j', (file, ws, want) => {
    expect(annotationPath(file, ws)).toBe(want);
  });
});

describe('annotationsFor', () => {
  it('one annotation per failure with a usable file, at its line or line 1', () => {
    const v = verdict([
      failure({ file: 'src/a.test.ts', line: 42 }),
      failure({ file: 'src/b.test.ts', line: undefined }),
      failure({ file: 'src/c.test.ts', line: 0 }),
      failure({ file: 'src/d.test.ts', line: 2.5 }),
      failure({ file: undefined }),
      failure({ file: '/abs/e.test.ts' }),
      failure({ file: '../f.test.ts' }),
    ]);
    const anns = annotationsFor(v);
    expect(anns.map((a) => [a.path, a.start_line, a.end_line])).toEqual([
      ['src/a.test.ts', 42, 42],
      ['src/b.test.ts', 1, 1],
      ['src/c.test.ts', 1, 1],
      ['src/d.test.ts', 1, 1],
    ]);
  });

  it('most severe first, the summary order within a level, stable for equal failures', () => {
    const fs = [
      flaky({ id: 'a', file: 'f1.ts' }),
      failure({ id: 'b', class: 'ORDER-DEPENDENT', file: 'w1.ts', pRegression: 0.5 }),
      failure({ id: 'c', class: 'REGRESSION', file: 'e1.ts', pRegression: 0.85 }),
      flaky({ id: 'd', class: 'FLAKY-LIKELY', file: 'f2.ts', pRegression: 0.1 }),
      failure({ id: 'e', class: 'INCONCLUSIVE', file: 'e2.ts', pRegression: 0.6 }),
      failure({ id: 'f', class: 'REGRESSION', file: 'e3.ts', pRegression: 0.99 }),
      failure({ id: 'g', class: 'BROKEN-BEFORE', file: 'w2.ts', pRegression: 0.01 }),
      failure({ id: 'h', class: 'INCONCLUSIVE', file: 'w3.ts', pRegression: 0.1 }),
    ];
    const anns = annotationsFor(verdict(fs, { risk: 'HIGH' }));
    expect(anns.map((a) => `${a.annotation_level}:${a.path}`)).toEqual([
      'failure:e3.ts',
      'failure:e1.ts',
      'failure:e2.ts',
      'warning:w3.ts',
      'warning:w2.ts',
      'warning:w1.ts',
      'notice:f2.ts',
      'notice:f1.ts',
    ]);
    // Same input in another order: same output.
    const again = annotationsFor(verdict([...fs].reverse(), { risk: 'HIGH' }));
    expect(again).toEqual(anns);
  });

  it('title names class, P and test; message carries verdict, evidence, next step and the failure', () => {
    const f = failure({
      name: 'pays twice',
      suite: 'checkout',
      file: 'tests/pay.test.ts',
      message: 'expected 1 to equal 2',
      polluters: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      class: 'ORDER-DEPENDENT',
      pRegression: 0.42,
    });
    const [a] = annotationsFor(verdict([f]));
    expect(a!.title).toBe('ORDER-DEPENDENT (P(regression) 42%): pays twice');
    expect(a!.message.split('\n')).toEqual([
      'flakegate: ORDER-DEPENDENT, P(regression) 42%, assertion',
      'Test: checkout › pays twice',
      'Evidence: same commit 0/1 pass · isolated 0/5 pass · history 0 flakes/50 · changed',
      'Fails after: a; b; c; d; e (and 2 more)',
      'Next: fix: fails every rerun',
      '',
      'expected 1 to equal 2',
    ]);
  });

  it('bounds the title to 255 code units without splitting a surrogate pair', () => {
    for (let pad = 0; pad < 4; pad++) {
      const name = 'x'.repeat(pad) + '😀'.repeat(60_000);
      const [a] = annotationsFor(verdict([failure({ name })]));
      expect(a!.title.length).toBeLessThanOrEqual(255);
      expect(a!.title).toMatch(/^REGRESSION \(P\(regression\) 97%\): x*😀/);
      expect(a!.title.endsWith('… (truncated)')).toBe(true);
      expect(/\p{Cs}/u.test(a!.title)).toBe(false);
    }
  });

  it('bounds the message to 64 KB and keeps the verdict lines ahead of a long failure', () => {
    const f = failure({ message: 'é'.repeat(70_000), name: 'n'.repeat(100_000) });
    const [a] = annotationsFor(verdict([f]));
    expect(utf8Length(a!.message)).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX_BYTES);
    expect(a!.message.startsWith('flakegate: REGRESSION')).toBe(true);
    expect(a!.message).toContain('\nNext: fix: fails every rerun\n');
    expect(a!.message.endsWith('… (truncated)')).toBe(true);
  });

  it('plain text: controls other than LF and TAB are made visible, lines and tabs kept', () => {
    const f = failure({
      name: 'a\nb\u001b[31m\u202e',
      message: 'line1\r\n\tat x\u0000\u0007\rline3',
    });
    const [a] = annotationsFor(verdict([f]));
    expect(a!.title).toBe('REGRESSION (P(regression) 97%): a␊b␛[31m<U+202E>');
    expect(a!.message.endsWith('line1\n\tat x␀␇\nline3')).toBe(true);
    expect(/[\p{Cc}]/u.test(a!.message.replace(/[\n\t]/g, ''))).toBe(false);
  });

  it('every hostile name and message stays one plain-text title and a bounded message', () => {
    const { names, messages } = hostileTexts();
    expect(names.length).toBeGreaterThan(20);
    const fs = [
      ...names.map((n) => failure({ name: n.raw, suite: n.raw })),
      ...messages.map((m) => failure({ message: m.raw })),
    ];
    const anns = annotationsFor(verdict(fs));
    expect(anns).toHaveLength(fs.length);
    for (const a of anns) {
      expect(a.title.length).toBeLessThanOrEqual(255);
      expect(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u.test(a.title)).toBe(false);
      expect(utf8Length(a.message)).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX_BYTES);
      expect(/[\p{Cc}\p{Cs}]/u.test(a.message.replace(/[\n\t]/g, ''))).toBe(false);
    }
  });
});

describe('workflowCommandAnnotations', () => {
  it('keeps the first 10 of each level', () => {
    const fs = [
      ...Array.from({ length: 15 }, (_, i) =>
        failure({ id: `r${String(i).padStart(2, '0')}`, pRegression: 0.9 }),
      ),
      ...Array.from({ length: 12 }, () => failure({ class: 'BROKEN-BEFORE' })),
      ...Array.from({ length: 3 }, () => flaky()),
    ];
    const v = verdict(fs);
    const all = annotationsFor(v);
    const cut = workflowCommandAnnotations(v);
    const count = (l: string) => cut.filter((a) => a.annotation_level === l).length;
    expect([count('failure'), count('warning'), count('notice')]).toEqual([10, 10, 3]);
    // The first of each level, in order.
    expect(cut.slice(0, 10)).toEqual(all.slice(0, 10));
    expect(cut[0]!.message).toContain('test');
    expect(cut.slice(10, 20)).toEqual(all.slice(15, 25));
    expect(cut.slice(20)).toEqual(all.slice(27));
  });

  it('nothing to annotate -> nothing', () => {
    expect(workflowCommandAnnotations(verdict([]))).toEqual([]);
  });
});
