/**
 * RSpec. `-e` is a substring match, so `--example-matches` (RSpec 3.13+)
 * with an anchored Ruby regex over the full description, which is what
 * rspec_junit_formatter writes as the name. `\A`/`\z` because Ruby's `^`/`$`
 * are line anchors.
 */
import type { RerunTarget } from '../../model/index.ts';
import { alternatives, escapeRegExp } from '../regex.ts';
import { type Adapter, fileArgs } from './common.ts';

const pattern = (tests: RerunTarget[]): string =>
  `\\A${alternatives(tests.map((t) => escapeRegExp(t.name)))}\\z`;

export const rspec: Adapter = {
  refuse: () => null,
  pattern,
  invocation: (tests, ctx) => ({
    argv: [
      ...(ctx.hasFile?.('Gemfile') === false ? ['rspec'] : ['bundle', 'exec', 'rspec']),
      '--format=RspecJunitFormatter',
      `--out=${ctx.junitPath}`,
      `--example-matches=${pattern(tests)}`,
      '--order=defined',
      ...fileArgs(tests),
    ],
    result: { format: 'junit', path: ctx.junitPath },
  }),
  sharesProcess: () => true,
  inSuite: true,
};
