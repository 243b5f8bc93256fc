/**
 * jest-junit report writer: `<testsuites name="jest tests">`, one testsuite
 * per test file named by its path, classname = describe chain joined by " › ",
 * failures as escaped text bodies (no message attribute), with JS stacks and
 * DOM dumps full of `&lt;` escapes.
 */
import {
  drawDuration,
  drawOutcome,
  type JestTestFile,
  type RunContext,
  type TestSpec,
} from './suite.ts';
import { escapeAttr, escapeText, seconds } from './xml.ts';
import { NOUNS, VERBS } from './words.ts';
import type { Rng } from './prng.ts';

// A GitHub-hosted runner's workspace, as jest-junit writes absolute paths.
const ROOT = ['', 'home', 'runner', 'work', 'shop', 'shop'].join('/');

export function jestReport(
  file: { fileName: string; files: JestTestFile[] },
  run: RunContext,
): { name: string; text: string } {
  const rng = run.rng;
  const suites: string[] = [];
  let all = 0;
  let allFailures = 0;
  let allMs = 0;
  for (const testFile of file.files) {
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    let suiteMs = 0;
    let output = 0;
    for (const test of testFile.tests) {
      const outcome = drawOutcome(test, run);
      const ms = outcome === 'skipped' ? 0 : drawDuration(test, run);
      suiteMs += ms;
      output += test.outputLines;
      const open = `    <testcase classname="${escapeAttr(test.classname)}" name="${escapeAttr(test.name)}" time="${seconds(ms)}">`;
      if (outcome === 'passed') {
        cases.push(`${open}\n    </testcase>`);
      } else if (outcome === 'skipped') {
        skipped++;
        cases.push(`${open}\n      <skipped/>\n    </testcase>`);
      } else {
        failures++;
        cases.push(
          `${open}\n      <failure>${escapeText(jsFailure(testFile, test, rng))}</failure>\n    </testcase>`,
        );
      }
    }
    all += testFile.tests.length;
    allFailures += failures;
    allMs += suiteMs;
    const stamp = new Date(run.startedAt.getTime() + allMs).toISOString().slice(0, 19);
    const head = `  <testsuite name="${escapeAttr(testFile.path)}" errors="0" failures="${failures}" skipped="${skipped}" timestamp="${stamp}" time="${seconds(suiteMs)}" tests="${testFile.tests.length}">`;
    // includeConsoleOutput: the file's console.log calls, once per testsuite.
    const out =
      output > 0
        ? [`    <system-out>${escapeText(consoleOutput(testFile, output, rng))}</system-out>`]
        : [];
    suites.push([head, ...cases, ...out, '  </testsuite>'].join('\n'));
  }
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jest tests" tests="${all}" failures="${allFailures}" errors="0" time="${seconds(allMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
  return { name: file.fileName, text };
}

function consoleOutput(file: JestTestFile, lines: number, rng: Rng): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    out.push(
      `console.${rng.pick(['log', 'warn', 'error'])}\n    ${rng.pick(VERBS)} ${rng.pick(NOUNS).toLowerCase()} ${rng.int(1000)}\n\n      at log (${file.path.replace(/\.test\.tsx?$/, '.tsx')}:${rng.between(10, 300)}:${rng.between(3, 30)})\n`,
    );
  }
  return out.join('\n');
}

/** jest-circus frames below every failing test, innermost first. */
const CIRCUS = [
  `    at Promise.then.completed (${ROOT}/node_modules/jest-circus/build/utils.js:298:28)`,
  '    at new Promise (<anonymous>)',
  `    at callAsyncCircusFn (${ROOT}/node_modules/jest-circus/build/utils.js:231:10)`,
  `    at _callCircusTest (${ROOT}/node_modules/jest-circus/build/run.js:316:40)`,
  '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
  `    at _runTest (${ROOT}/node_modules/jest-circus/build/run.js:252:3)`,
  `    at _runTestsForDescribeBlock (${ROOT}/node_modules/jest-circus/build/run.js:126:9)`,
  `    at _runTestsForDescribeBlock (${ROOT}/node_modules/jest-circus/build/run.js:121:9)`,
  `    at run (${ROOT}/node_modules/jest-circus/build/run.js:71:3)`,
  `    at runAndTransformResultsToJestFormat (${ROOT}/node_modules/jest-circus/build/legacy-code-todo-rewrite/jestAdapterInit.js:122:21)`,
  `    at jestAdapter (${ROOT}/node_modules/jest-circus/build/legacy-code-todo-rewrite/jestAdapter.js:79:19)`,
  `    at runTestInternal (${ROOT}/node_modules/jest-runner/build/runTest.js:367:16)`,
  `    at runTest (${ROOT}/node_modules/jest-runner/build/runTest.js:444:34)`,
];

function jsFailure(file: JestTestFile, test: TestSpec, rng: Rng): string {
  const at = `    at Object.<anonymous> (${ROOT}/${file.path}:${test.line}:${rng.between(5, 40)})`;
  const a = rng.between(1, 99);
  const b = a + rng.between(1, 9);
  switch (test.failKind % 4) {
    case 0:
      return [
        'Error: expect(received).toBe(expected) // Object.is equality',
        '',
        `Expected: ${a}`,
        `Received: ${b}`,
        at,
        ...CIRCUS,
      ].join('\n');
    case 1: {
      const label = rng.pick(VERBS);
      // Testing Library prints the DOM it searched: markup, hence the escapes.
      return [
        `TestingLibraryElementError: Unable to find an accessible element with the role "button" and name "${label}"`,
        '',
        'Here are the accessible roles:',
        '',
        '  heading:',
        '',
        `  Name "${rng.pick(NOUNS)} details":`,
        '  <h2 />',
        '',
        '  --------------------------------------------------',
        '',
        'Ignored nodes: comments, script, style',
        '<body>',
        '  <div>',
        '    <section',
        `      class="panel panel--${rng.pick(['loading', 'ready', 'error'])}"`,
        '    >',
        '      <h2>',
        `        ${rng.pick(NOUNS)} details`,
        '      </h2>',
        '      <div',
        '        aria-busy="true"',
        '        class="spinner"',
        '      />',
        '    </section>',
        '  </div>',
        '</body>',
        `    at Object.getElementError (${ROOT}/node_modules/@testing-library/dom/dist/config.js:37:19)`,
        `    at ${ROOT}/node_modules/@testing-library/dom/dist/query-helpers.js:76:38`,
        `    at ${ROOT}/node_modules/@testing-library/dom/dist/query-helpers.js:52:17`,
        `    at getByRole (${ROOT}/node_modules/@testing-library/dom/dist/query-helpers.js:95:19)`,
        at,
        ...CIRCUS,
      ].join('\n');
    }
    case 2:
      return [
        'thrown: "Exceeded timeout of 5000 ms for a test.',
        'Add a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."',
        `    at it (${ROOT}/${file.path}:${test.line}:3)`,
        `    at _dispatchDescribe (${ROOT}/node_modules/jest-circus/build/index.js:91:26)`,
        `    at describe (${ROOT}/node_modules/jest-circus/build/index.js:55:5)`,
        `    at Object.describe (${ROOT}/${file.path}:${Math.max(1, test.line - 20)}:1)`,
        `    at Runtime._execModule (${ROOT}/node_modules/jest-runtime/build/index.js:1439:24)`,
        `    at Runtime._loadModule (${ROOT}/node_modules/jest-runtime/build/index.js:1022:12)`,
        `    at Runtime.requireModule (${ROOT}/node_modules/jest-runtime/build/index.js:882:12)`,
        `    at jestAdapter (${ROOT}/node_modules/jest-circus/build/legacy-code-todo-rewrite/jestAdapter.js:77:13)`,
        '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
        `    at runTestInternal (${ROOT}/node_modules/jest-runner/build/runTest.js:367:16)`,
        `    at runTest (${ROOT}/node_modules/jest-runner/build/runTest.js:444:34)`,
      ].join('\n');
    default: {
      const key = rng.pick(NOUNS).toLowerCase();
      return [
        'Error: expect(received).toEqual(expected) // deep equality',
        '',
        '- Expected  - 2',
        '+ Received  + 2',
        '',
        '  Object {',
        `-   "${key}Count": ${a},`,
        `+   "${key}Count": ${b},`,
        '    "currency": "EUR",',
        `-   "status": "paid",`,
        `+   "status": "pending",`,
        '  }',
        at,
        ...CIRCUS,
      ].join('\n');
    }
  }
}
