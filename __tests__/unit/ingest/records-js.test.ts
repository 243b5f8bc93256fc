/**
 * Exact records of JavaScript runners' reports: jest-junit, vitest, mocha
 * (mocha-junit-reporter and the built-in xunit reporter), Cypress and
 * Playwright. Expected values read off the XML by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../../../src/ingest/parse.ts';
import { read, attemptsOf, outcomes, startsWith } from '../../helpers/records.ts';

describe('jest', () => {
  it('dorny-jest-junit.xml: describe chain joined to the title, file from the (Windows) suite path', () => {
    const r = read('jest/dorny-jest-junit.xml');
    expect(r.dialect).toBe('jest');
    const main = '__tests__/main.test.js';
    const second = '__tests__/second.test.js';
    const test = (file: string, name: string, line?: number) => ({
      id: `jest:${file}::${name}`,
      dialect: 'jest',
      name,
      suite: file,
      file,
      ...(line === undefined ? {} : { line }),
    });
    expect(r.tests).toEqual([
      test(main, 'Test 1 › Passing test'),
      // "at Object.<anonymous> (C:\...\__tests__\main.test.js:10:21)"
      test(main, 'Test 1 › Test 1.1 › Failing test', 10),
      // the first frame is lib\main.js:2:9, which is not the test file
      test(main, 'Test 1 › Test 1.1 › Exception in target unit', 14),
      test(main, 'Test 2 › Exception in test', 21),
      test(second, 'Timeout test', 1),
      test(second, 'Skipped test'),
    ]);
    expect(r.attempts.map((a) => [a.outcome, a.retry, a.durationMs, a.failure?.message])).toEqual([
      ['passed', 0, 1, undefined],
      ['failed', 0, 2, 'Error: expect(received).toBeTruthy()'],
      ['failed', 0, 0, 'Error: Some error'],
      ['failed', 0, 0, 'Error: Some error'],
      [
        'failed',
        0,
        4,
        ': Timeout - Async callback was not invoked within the 1 ms timeout specified by jest.setTimeout.Timeout - Async callback was not invoked within the 1 ms timeout specified by jest.setTimeout.Error:',
      ],
      ['skipped', 0, 0, undefined],
    ]);
    expect(attemptsOf(r, `jest:${main}::Test 1 › Test 1.1 › Failing test`)[0]!.failure).toEqual({
      message: 'Error: expect(received).toBeTruthy()',
      type: '',
      stack: startsWith(
        'Error: expect(received).toBeTruthy()\n\nReceived: false\n    at Object.<anonymous> (C:\\Users\\Michal\\Workspace\\dorny\\test-check\\reports\\jest\\__tests__\\main.test.js:10:21)',
      ),
    });
  });

  it('codecov-jest-junit.xml: default jest-junit (classname = name = full title, suite = describe)', () => {
    const r = read('jest/codecov-jest-junit.xml');
    const names = [
      'Title when rendered renders pull title',
      'Title when rendered renders pull author',
      'Title when rendered renders pull updatestamp',
      'Title when rendered for first pull request renders pull title',
    ];
    expect(r.tests).toEqual(
      names.map((name) => ({ id: `jest:Title::${name}`, dialect: 'jest', name, suite: 'Title' })),
    );
    expect(r.attempts.map((a) => `${a.outcome}#${a.retry} ${a.durationMs}`)).toEqual([
      'passed#0 36',
      'passed#0 5',
      'passed#0 2',
      'passed#0 6',
    ]);
  });

  it('a retried jest test written twice is one test with two attempts', () => {
    const r = parseReportText(
      'junit.xml',
      `<testsuites name="jest tests" tests="3" failures="1" errors="0" time="1">
  <testsuite name="src/api.test.ts" errors="0" failures="1" skipped="0" timestamp="2024-05-01T10:00:00" time="1" tests="3">
    <testcase classname="api › fetch" name="retries on 503" time="0.2"><failure>Error: socket hang up</failure></testcase>
    <testcase classname="api › fetch" name="retries on 503" time="0.1"></testcase>
    <testcase classname="api › fetch" name="parses json" time="0.01"></testcase>
  </testsuite>
</testsuites>`,
    );
    expect(r.tests.map((t) => [t.id, t.file])).toEqual([
      ['jest:src/api.test.ts::api › fetch › retries on 503', 'src/api.test.ts'],
      ['jest:src/api.test.ts::api › fetch › parses json', 'src/api.test.ts'],
    ]);
    expect(outcomes(r, 'jest:src/api.test.ts::api › fetch › retries on 503')).toBe(
      'failed#0 passed#1',
    );
  });
});

describe('vitest', () => {
  it('launchable-vitest.xml: classname is the file; failure line from the ❯ frame', () => {
    const r = read('vitest/launchable-vitest.xml');
    expect(r.dialect).toBe('vitest');
    const test = (file: string, name: string, line?: number) => ({
      id: `vitest:${file}::${name}`,
      dialect: 'vitest',
      name,
      suite: file,
      file,
      ...(line === undefined ? {} : { line }),
    });
    expect(r.tests).toEqual([
      test('__test__/add.test.tsx', 'add'),
      test('__test__/sub.test.tsx', 'sub - 1'),
      test('__test__/sub.test.tsx', 'sub - 2', 12), // " ❯ __test__/sub.test.tsx:12:24"
      test('src/components/Hello.test.tsx', 'renders hello message'),
      // only node_modules frames: no line in the test file
      test('src/components/Hello.test.tsx', 'error: renders invalid message'),
    ]);
    expect(r.attempts.map(({ testId: _, failure: __, ...a }) => a)).toEqual([
      { outcome: 'passed', retry: 0, durationMs: expect.closeTo(0.5895, 2) },
      { outcome: 'passed', retry: 0, durationMs: expect.closeTo(0.542459, 2) },
      { outcome: 'failed', retry: 0, durationMs: expect.closeTo(2.866375, 2) },
      { outcome: 'passed', retry: 0, durationMs: expect.closeTo(9.431167, 2) },
      { outcome: 'failed', retry: 0, durationMs: expect.closeTo(3.817459, 2) },
    ]);
    expect(attemptsOf(r, 'vitest:__test__/sub.test.tsx::sub - 2')[0]!.failure).toEqual({
      message: 'expected 50 to be 5 // Object.is equality',
      type: 'AssertionError',
      stack:
        'AssertionError: expected 50 to be 5 // Object.is equality\n\n- Expected\n+ Received\n\n- 5\n+ 50\n\n ❯ __test__/sub.test.tsx:12:24',
    });
    expect(
      attemptsOf(r, 'vitest:src/components/Hello.test.tsx::error: renders invalid message')[0]!
        .failure,
    ).toEqual({
      message: startsWith('Unable to find an element with the text: Invalid!!.'),
      type: 'TestingLibraryElementError',
      stack: startsWith(
        'TestingLibraryElementError: Unable to find an element with the text: Invalid!!.',
      ),
    });
  });

  it('codecov-vitest-junit.xml: " > " joined names are kept whole', () => {
    const r = read('vitest/codecov-vitest-junit.xml');
    const file = '__tests__/test-file-1.test.ts';
    expect(r.tests).toEqual([
      {
        id: `vitest:${file}::first test file > 2 + 2 should equal 4`,
        dialect: 'vitest',
        name: 'first test file > 2 + 2 should equal 4',
        suite: file,
        file,
        line: 20, // " ❯ __tests__/test-file-1.test.ts:20:28"
      },
      {
        id: `vitest:${file}::first test file > 4 - 2 should equal 2`,
        dialect: 'vitest',
        name: 'first test file > 4 - 2 should equal 2',
        suite: file,
        file,
      },
    ]);
    expect(r.attempts.map(({ testId: _, ...a }) => a)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 10,
        failure: {
          message: 'expected 5 to be 4 // Object.is equality',
          type: 'AssertionError',
          stack:
            'AssertionError: expected 5 to be 4 // Object.is equality\n ❯ __tests__/test-file-1.test.ts:20:28',
        },
      },
      { outcome: 'passed', retry: 0, durationMs: 0 },
    ]);
  });
});

describe('mocha', () => {
  const file = '/Users/ethomson/Projects/calculator/test/arithmetic.js';

  it('testsummary-mocha-example.xml (mocha-junit-reporter): full title as name, file from the suite', () => {
    const r = read('mocha/testsummary-mocha-example.xml');
    expect(r.dialect).toBe('mocha');
    // 30 testcases; "Arithmetic Division divides by zero" is written twice (lines 93 and 98).
    expect([r.tests.length, r.attempts.length]).toEqual([29, 30]);
    expect(outcomes(r, `mocha:${file}::Arithmetic Division divides by zero`)).toBe(
      'failed#0 failed#1',
    );
    // No runner workspace to cut and no root given: the absolute path is kept as written.
    expect(r.tests[0]).toEqual({
      id: `mocha:${file}::Arithmetic Validation rejects missing operation`,
      dialect: 'mocha',
      name: 'Arithmetic Validation rejects missing operation',
      suite: file,
      file,
    });
    expect(attemptsOf(r, r.tests[0]!.id)).toEqual([
      { outcome: 'passed', retry: 0, durationMs: 21 },
    ]);
    const id = `mocha:${file}::Arithmetic Multiplication multiplies two floating point numbers`;
    expect(attemptsOf(r, id)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 10001,
        failure: {
          message: `Timeout of 10000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves. (${file})`,
          type: 'Error',
          stack: `Error: Timeout of 10000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves. (${file})\n    at listOnTimeout (node:internal/timers:559:17)\n    at processTimers (node:internal/timers:502:7)`,
        },
      },
    ]);
    expect(r.attempts.filter((a) => a.outcome === 'failed')).toHaveLength(9);
  });

  it('enricomi-mocha-latex-utensils.xml (mocha xunit reporter): the describe chain in classname is part of the name', () => {
    const r = read('mocha/enricomi-mocha-latex-utensils.xml');
    expect(r.dialect).toBe('mocha');
    expect(r.tests.slice(0, 2)).toEqual([
      {
        id: 'mocha:Mocha Tests::bibtexParser parse a simple bib file',
        dialect: 'mocha',
        name: 'bibtexParser parse a simple bib file',
        suite: 'Mocha Tests',
      },
      {
        id: 'mocha:Mocha Tests::bibtexParser parse fields ending ,',
        dialect: 'mocha',
        name: 'bibtexParser parse fields ending ,',
        suite: 'Mocha Tests',
      },
    ]);
    // Two tests with one title under different describes stay two tests...
    expect(outcomes(r, 'mocha:Mocha Tests::bibtexParser should throw SyntaxError')).toBe(
      'passed#0',
    );
    expect(outcomes(r, 'mocha:Mocha Tests::latexParser parse should throw SyntaxError')).toBe(
      'passed#0',
    );
    // ...while a title written twice under one describe (lines 10 and 11) is one test run twice.
    expect(attemptsOf(r, 'mocha:Mocha Tests::bibtexParser parse entry with command')).toEqual([
      { outcome: 'passed', retry: 0, durationMs: 0 },
      { outcome: 'passed', retry: 1, durationMs: 1 },
    ]);
    // 109 testcases, 8 of them repeat a (classname, name) pair.
    expect([r.tests.length, r.attempts.length]).toEqual([101, 109]);
  });
});

describe('cypress', () => {
  const spec = 'cypress/e2e/todo-one.cy.js';

  it('captain-cypress.xml: full titles, outcomes, messages and output', () => {
    const r = read('cypress/captain-cypress.xml');
    expect(r.dialect).toBe('cypress');
    // The Root Suite carries the spec file.
    expect(r.tests[0]).toEqual({
      id: `cypress:${spec}::displays two todo items by default`,
      dialect: 'cypress',
      name: 'displays two todo items by default',
      suite: spec,
      file: spec,
    });
    expect(r.tests.map((t) => t.name)).toEqual([
      'displays two todo items by default',
      'example to-do app one displays two todo items by default',
      'example to-do app one can add new todo items',
      'example to-do app one can check off an item as completed',
      'example to-do app one with a checked task can filter for uncompleted tasks',
      'example to-do app one with a checked task can filter for completed tasks',
      'example to-do app one with a checked task can delete all completed tasks',
      'example to-do app one with a checked task more nesting can filter for uncompleted tasks',
      'example to-do app one with a checked task more nesting can filter for completed tasks',
      'example to-do app one with a checked task more nesting can delete all completed tasks',
      'example to-do app one with something else can filter for uncompleted tasks',
      'example to-do app one with something else can filter for completed tasks',
      'example to-do app one with something else can delete all completed tasks',
      'example to-do app two displays two todo items by default',
      'example to-do app two can add new todo items',
      'example to-do app two can check off an item as completed',
      'example to-do app two with a checked task can filter for uncompleted tasks',
      'example to-do app two with a checked task can filter for completed tasks',
      'example to-do app two with a checked task can delete all completed tasks',
    ]);
    expect(r.attempts.map((a) => a.outcome[0]).join('')).toBe('pffpfppspsppppppppp');
    expect(r.attempts.slice(1, 4).map(({ testId: _, ...a }) => a)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: {
          message:
            "Timed out retrying after 4000ms: expected '<li>' to have text 'Walk the cat', but the text was 'Walk the dog'",
          type: 'AssertionError',
          stack: startsWith(
            "AssertionError: Timed out retrying after 4000ms: expected '<li>' to have text 'Walk the cat', but the text was 'Walk the dog'\n    at Context.eval (webpack:///./cypress/e2e/todo-one.cy.js:59:35)",
          ),
        },
        stderr: 'line 1\n      line 2\n      line 3',
      },
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: {
          message: 'uh oh something broke',
          type: 'Error',
          stack:
            'Error: uh oh something broke\n    at Context.eval (webpack:///./cypress/e2e/todo-one.cy.js:73:10)',
        },
      },
      {
        outcome: 'passed',
        retry: 0,
        durationMs: 232,
        stdout: 'line 1\n      line 2\n      line 3',
      },
    ]);
  });

  // mocha-junit-reporter writes `file` only on each spec's "Root Suite" and the describes as
  // flat sibling suites after it; parse.ts takes the file only from enclosing suites, so these
  // tests lose their spec file (and their id falls back to the describe title). Expected to
  // pass once parse.ts carries the file over to following siblings; then drop `.fails`.
  it('captain-cypress.xml: every test of a spec carries the Root Suite file', () => {
    const r = read('cypress/captain-cypress.xml');
    const two = 'cypress/e2e/todo-two.cy.js';
    expect(r.tests.map((t) => t.file)).toEqual([...Array(13).fill(spec), ...Array(6).fill(two)]);
    expect(r.tests[1]).toEqual({
      id: `cypress:${spec}::example to-do app one displays two todo items by default`,
      dialect: 'cypress',
      name: 'example to-do app one displays two todo items by default',
      suite: spec,
      file: spec,
      line: 59, // webpack:///./cypress/e2e/todo-one.cy.js:59:35
    });
  });
});

describe('playwright', () => {
  it('launchable-playwright-report-small.xml: the project (hostname) is part of the id', () => {
    const r = read('playwright/launchable-playwright-report-small.xml');
    expect(r.dialect).toBe('playwright');
    expect(r.tests).toHaveLength(26);
    expect(r.tests[0]).toEqual({
      id: 'playwright:demo-todo-app.spec.ts::New Todo › should allow me to add todo items [chromium]',
      dialect: 'playwright',
      name: 'New Todo › should allow me to add todo items',
      suite: 'demo-todo-app.spec.ts',
      file: 'demo-todo-app.spec.ts',
    });
    expect(r.tests.slice(24)).toEqual([
      {
        id: 'playwright:example.spec.ts::has title [chromium]',
        dialect: 'playwright',
        name: 'has title',
        suite: 'example.spec.ts',
        file: 'example.spec.ts',
      },
      {
        id: 'playwright:example.spec.ts::get started link [chromium]',
        dialect: 'playwright',
        name: 'get started link',
        suite: 'example.spec.ts',
        file: 'example.spec.ts',
        line: 10, // "[chromium] › example.spec.ts:10:5 › get started link"
      },
    ]);
    expect(attemptsOf(r, 'playwright:example.spec.ts::get started link [chromium]')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 5385,
        failure: {
          message: 'example.spec.ts:10:5 get started link',
          type: 'FAILURE',
          stack: startsWith('[chromium] › example.spec.ts:10:5 › get started link ─'),
        },
      },
    ]);
  });

  it('launchable-playwright-report.xml: one test in three projects is three tests', () => {
    const r = read('playwright/launchable-playwright-report.xml');
    expect(r.tests).toHaveLength(93);
    const timeout = (project: string) =>
      `playwright:tests/timeout-example.spec.ts::time-out [${project}]`;
    for (const [project, ms] of [
      ['chromium', 298],
      ['firefox', 1287],
      ['webkit', 614],
    ] as const) {
      expect(r.tests.find((t) => t.id === timeout(project))).toEqual({
        id: timeout(project),
        dialect: 'playwright',
        name: 'time-out',
        suite: 'tests/timeout-example.spec.ts',
        file: 'tests/timeout-example.spec.ts',
        line: 3,
      });
      const [a] = attemptsOf(r, timeout(project));
      expect([a!.outcome, a!.retry, a!.durationMs, a!.failure?.message]).toEqual([
        'failed',
        0,
        ms,
        'timeout-example.spec.ts:3:5 time-out',
      ]);
    }
    // <skipped>\n</skipped> gives no skip reason.
    expect(
      attemptsOf(r, 'playwright:tests/retry-example.spec.ts::skip this test [webkit]'),
    ).toEqual([{ outcome: 'skipped', retry: 0, durationMs: 0 }]);
    // Playwright's JUnit reporter writes only the final result of a retried test (here the
    // test prints its retry count 0..3 and passes on the 4th run): one passed attempt.
    expect(outcomes(r, 'playwright:tests/retry-example.spec.ts::retry [chromium]')).toBe(
      'passed#0',
    );
  });
});
