/**
 * cargo-nextest. A JUnit testsuite is a binary id (`crate::binary`) and a
 * testcase a test path within it; a filterset selects both exactly. nextest
 * writes JUnit only where `.config/nextest.toml` says, so the result is the
 * exit status, and `--no-tests=fail` keeps "matched nothing" from passing.
 */
import type { RerunTarget } from '../../model/index.ts';
import { escapeNextest } from '../regex.ts';
import type { Adapter } from './common.ts';

function filterset(t: RerunTarget): string {
  const test = `test(=${escapeNextest(t.name)})`;
  return t.suite === '' ? test : `binary_id(=${escapeNextest(t.suite)}) & ${test}`;
}

const pattern = (tests: RerunTarget[]): string =>
  tests.length === 1 ? filterset(tests[0]!) : tests.map((t) => `(${filterset(t)})`).join(' | ');

export const nextest: Adapter = {
  // Leading spaces are trimmed from a matcher's value.
  refuse: (t) => (/^\s|^\s*$/.test(t.name) ? 'the test name starts with a space' : null),
  pattern,
  invocation: (tests) => ({
    argv: [
      'cargo',
      'nextest',
      'run',
      '--no-fail-fast',
      '--no-tests=fail',
      '--retries=0',
      '-E',
      pattern(tests),
    ],
    result: { format: 'exit-code' },
  }),
  // nextest runs every test in its own process.
  sharesProcess: () => false,
  inSuite: false,
};
