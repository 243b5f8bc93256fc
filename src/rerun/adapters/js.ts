/**
 * vitest, jest, mocha and node:test: each filters by a JavaScript regex over
 * the test's full name, but each builds that full name its own way, and that
 * way differs from how its JUnit reporter writes the name.
 */
import type { RerunTarget } from '../../model/index.ts';
import { alternatives, escapeRegExp, joinLevels } from '../regex.ts';
import { type Adapter, fileArgs, sameFile } from './common.ts';

/**
 * vitest's JUnit name joins the describe chain with ` > `. vitest 5 matches
 * `-t` against exactly that (`fullTestName`); vitest 1-4 joined with a space
 * after an empty root name (a leading space). Both are accepted.
 */
function vitestBody(t: RerunTarget): string {
  return joinLevels(t.name.split(' > '), [' > ', ' ']);
}

/**
 * jest matches `-t` against the describe chain joined by spaces (jest-circus
 * `getTestID`); jest-junit joins it with its ancestorSeparator (` › ` in many
 * configs, a space by default). A leading chain part equal to the test's file
 * is a classname template of `{filepath}`, not a describe block. jest
 * compiles the pattern case-insensitively, so names differing only in case
 * both run.
 */
function jestBody(t: RerunTarget): string {
  // jest-junit's default "{classname} {title}" leaves a leading space on a test
  // outside any describe block (empty classname); jest's own full name has none.
  const parts = t.name.replace(/^ (?=\S)/, '').split(' › ');
  if (parts.length > 1 && t.file !== undefined && parts[0] === t.file) parts.shift();
  return joinLevels(parts, [' ', ' › ']);
}

/**
 * node:test's JUnit reporter writes the test's own name and its ancestors
 * joined by `.` as classname (`test` for a top-level test); the name pattern
 * is matched against the ancestors and the name joined by spaces. A `.` in the
 * classname is a separator or a literal dot, so it matches either. A subtest
 * made with `t.test()` cannot be selected alone: its parent test must run to
 * create it, and a parent that matches runs all its subtests.
 */
function nodeBody(t: RerunTarget): string {
  const name = escapeRegExp(t.name);
  if (t.suite === '') return name;
  const chain = t.suite.split('.').map(escapeRegExp).join('[. ]');
  // A top-level test has classname `test`, which a describe('test') also gives.
  return t.suite === 'test' ? `(?:test )?${name}` : `${chain} ${name}`;
}

/** mocha's xunit and junit reporters give the full title, which is what `--grep` matches. */
const mochaBody = (t: RerunTarget): string => escapeRegExp(t.name);

const anchored = (body: (t: RerunTarget) => string) => (tests: RerunTarget[]) =>
  `^${alternatives(tests.map(body))}$`;

// vitest before 5 prefixed the full name with a space (the root suite's empty name).
const vitestPattern = (tests: RerunTarget[]): string =>
  `^ ?${alternatives(tests.map(vitestBody))}$`;
const jestPattern = anchored(jestBody);
const mochaPattern = anchored(mochaBody);
const nodePattern = anchored(nodeBody);

const none = (): null => null;

export const vitest: Adapter = {
  refuse: none,
  pattern: vitestPattern,
  invocation: (tests, ctx) => ({
    argv: [
      'npx',
      'vitest',
      'run',
      `--testNamePattern=${vitestPattern(tests)}`,
      '--reporter=junit',
      `--outputFile=${ctx.junitPath}`,
      '--coverage.enabled=false',
      '--retry=0',
      ...fileArgs(tests),
    ],
    result: { format: 'junit', path: ctx.junitPath },
  }),
  // Each test file runs isolated (vitest's default `isolate: true`).
  sharesProcess: sameFile,
  inSuite: true,
};

export const jest: Adapter = {
  refuse: none,
  pattern: jestPattern,
  invocation: (tests, ctx) => {
    const files = fileArgs(tests);
    return {
      argv: [
        'npx',
        'jest',
        '--ci',
        '--coverage=false',
        `--testNamePattern=${jestPattern(tests)}`,
        '--reporters=default',
        '--reporters=jest-junit',
        // Paths, not the default path regexes: `[id].test.tsx` is a common file name.
        ...(files.length > 0 ? ['--runTestsByPath', ...files] : []),
      ],
      env: { JEST_JUNIT_OUTPUT_FILE: ctx.junitPath },
      result: { format: 'junit', path: ctx.junitPath },
    };
  },
  // jest gives every test file its own module registry and globals.
  sharesProcess: sameFile,
  inSuite: true,
};

export const mocha: Adapter = {
  refuse: none,
  pattern: mochaPattern,
  invocation: (tests, ctx) => {
    // mocha splits reporter options at commas.
    if (ctx.junitPath.includes(',')) throw new Error('mocha cannot write a JUnit path with ","');
    return {
      argv: [
        'npx',
        'mocha',
        `--grep=${mochaPattern(tests)}`,
        '--reporter=xunit',
        `--reporter-option=output=${ctx.junitPath}`,
        '--retries=0',
        ...fileArgs(tests),
      ],
      result: { format: 'junit', path: ctx.junitPath },
    };
  },
  // One process loads every spec file.
  sharesProcess: () => true,
  inSuite: true,
};

export const nodeTest: Adapter = {
  refuse: none,
  pattern: nodePattern,
  invocation: (tests, ctx) => ({
    argv: [
      'node',
      '--test',
      `--test-name-pattern=${nodePattern(tests)}`,
      '--test-reporter=junit',
      `--test-reporter-destination=${ctx.junitPath}`,
      ...fileArgs(tests),
    ],
    result: { format: 'junit', path: ctx.junitPath },
  }),
  // `node --test` runs each file in its own process.
  sharesProcess: sameFile,
  inSuite: true,
};
