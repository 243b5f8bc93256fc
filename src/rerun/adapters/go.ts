/**
 * Go. `-run` is split at `/` into one RE2 pattern per subtest level, each
 * matched against that level's name (spaces already rewritten to `_`, a
 * repeated name suffixed `#01`). The package's import path is the report's
 * suite. gotestsum reports are rerun with gotestsum (it writes the JUnit
 * file); go-junit-report ones with `go test -json`, which the runner converts.
 */
import type { RerunTarget } from '../../model/index.ts';
import { alternatives, escapeRegExp } from '../regex.ts';
import type { Adapter, DialectTarget } from './common.ts';

const levels = (t: RerunTarget): string[] => t.name.split('/').map((l) => l.replace(/ /g, '_'));

const isBenchmark = (t: RerunTarget): boolean => /^Benchmark/.test(t.name);

/** One anchored alternation per level, over the tests that reach that level. */
export function runPattern(tests: RerunTarget[]): string {
  const byLevel: string[][] = [];
  for (const t of tests) {
    levels(t).forEach((l, i) => (byLevel[i] ??= []).push(escapeRegExp(l)));
  }
  return byLevel.map((names) => `^${alternatives(names)}$`).join('/');
}

function refuse(t: RerunTarget): string | null {
  if (t.suite === '') return 'the report names no Go package';
  if (t.suite.startsWith('-') || /\s/.test(t.suite)) return 'the package is not a Go import path';
  return null;
}

export const go: Adapter = {
  refuse,
  pattern: runPattern,
  invocation: (tests, ctx) => {
    const benches = tests.filter(isBenchmark);
    const plain = tests.filter((t) => !isBenchmark(t));
    const select = [
      `-run=${plain.length > 0 ? runPattern(plain) : '^$'}`,
      ...(benches.length > 0 ? [`-bench=${runPattern(benches)}`, '-benchtime=1x'] : []),
    ];
    const pkg = tests[tests.length - 1]!.suite;
    if ((tests[tests.length - 1] as DialectTarget).dialect === 'gotestsum') {
      return {
        argv: [
          'gotestsum',
          `--junitfile=${ctx.junitPath}`,
          '--format=standard-quiet',
          '--',
          '-count=1',
          ...select,
          pkg,
        ],
        result: { format: 'junit', path: ctx.junitPath },
      };
    }
    return {
      argv: ['go', 'test', '-json', '-count=1', ...select, pkg],
      result: { format: 'go-json' },
    };
  },
  // Each package is its own test binary.
  sharesProcess: (a, b) => a.suite === b.suite,
  inSuite: true,
};
