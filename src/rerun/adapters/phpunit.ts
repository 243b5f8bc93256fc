/**
 * PHPUnit's `--filter` takes a delimited PCRE matched against
 * `Fully\Qualified\Cls::method` plus ` with data set ...` for a data set;
 * a report name without the data set matches all of its cases.
 */
import type { RerunTarget } from '../../model/index.ts';
import { escapePcre } from '../regex.ts';
import type { Adapter } from './common.ts';

const PHP_CLASS = /^\\?[\p{L}_][\p{L}\p{N}_]*(?:\\[\p{L}_][\p{L}\p{N}_]*)*$/u;

function body(t: RerunTarget): string {
  const cls = t.suite.replace(/^\\/, '');
  const any = t.name.includes(' with data set ') ? '' : '(?: with data set .*)?';
  return `${escapePcre(`${cls}::${t.name}`)}${any}`;
}

const pattern = (tests: RerunTarget[]): string => {
  const bodies = [...new Set(tests.map(body))];
  return `/^${bodies.length === 1 ? bodies[0]! : `(?:${bodies.join('|')})`}$/`;
};

export const phpunit: Adapter = {
  refuse: (t) => (PHP_CLASS.test(t.suite) ? null : 'the suite is not a PHP class name'),
  pattern,
  invocation: (tests, ctx) => ({
    argv: [
      'vendor/bin/phpunit',
      '--log-junit',
      ctx.junitPath,
      // The value starts with the delimiter `/`, never `-`.
      '--filter',
      pattern(tests),
    ],
    result: { format: 'junit', path: ctx.junitPath },
  }),
  sharesProcess: () => true,
  inSuite: true,
};
