/** CTest: `-R` is a CMake regex over test names; every test is its own process. */
import type { RerunTarget } from '../../model/index.ts';
import { escapeCmake } from '../regex.ts';
import type { Adapter } from './common.ts';

/** CMake's regex has groups but no `(?:`; one name needs none. */
function pattern(tests: RerunTarget[]): string {
  const names = [...new Set(tests.map((t) => escapeCmake(t.name)))];
  return names.length === 1 ? `^${names[0]!}$` : `^(${names.join('|')})$`;
}

export const ctest: Adapter = {
  refuse: () => null,
  pattern,
  invocation: (tests, ctx) => ({
    argv: [
      'ctest',
      '--output-on-failure',
      '--no-tests=error',
      // The value starts with `^`, never `-`.
      '-R',
      pattern(tests),
      '--output-junit',
      ctx.junitPath,
    ],
    result: { format: 'junit', path: ctx.junitPath },
  }),
  sharesProcess: () => false,
  inSuite: false,
};
