import { describe, expect, it } from 'vitest';
import { truncate } from '../../../src/report/escape.ts';
import { renderTerminal, TERMINAL_FAILURES_SHOWN } from '../../../src/report/terminal.ts';
import { hostileTexts } from '../../helpers/hostile-names.ts';
import { failure, flaky, verdict } from '../../helpers/verdict-builder.ts';

/** What the Actions runner would read as a command: `::cmd::` at a line start, `##[` anywhere. */
const runnerCommand = (line: string) => /^\s*::/.test(line) || line.includes('##[');
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

describe('renderTerminal', () => {
  const v = verdict([
    flaky({ name: 'flaky one' }),
    failure({ name: 'the regression', file: 'tests/a.test.ts', line: 3 }),
  ]);

  it('gives the risk line, counts, failures by severity, and what it rests on', () => {
    expect(renderTerminal(v)).toBe(
      [
        'flakegate: HIGH risk — 1 regression in changed code (tests/x.test.ts)',
        '2 failed of 1,202 tests: 1 regression, 1 flaky',
        '  REGRESSION       97%  the regression (tests/a.test.ts:3)',
        `  FLAKY             3%  flaky one (${v.failures[0]?.file}:12)`,
        'Based on: history of 50 runs',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    expect(renderTerminal(v)).not.toContain('\x1b');
    expect(renderTerminal(v, { color: false })).not.toContain('\x1b');
    const coloured = renderTerminal(v, { color: true });
    expect(coloured).toContain('\x1b[1;31mflakegate: HIGH risk\x1b[0m');
    // eslint-disable-next-line no-control-regex -- strips the SGR colour codes it added
    expect(coloured.replace(/\x1b\[[\d;]*m/g, '')).toBe(renderTerminal(v));
  });

  it('shows at most ten failures and says how many more', () => {
    const out = renderTerminal(verdict(Array.from({ length: 25 }, () => flaky())));
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('  FLAKY'))).toHaveLength(TERMINAL_FAILURES_SHOWN);
    expect(out).toContain('  … 15 more (see the Markdown summary or the verdict JSON)');
  });

  it('handles 10,000 failures quickly', () => {
    const big = verdict(Array.from({ length: 10_000 }, () => flaky()));
    const t0 = performance.now();
    const out = renderTerminal(big);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(out.split('\n').length).toBeLessThan(20);
  });

  it('names unreadable reports, lost reruns and missing history', () => {
    const out = renderTerminal(
      verdict([failure()], {
        inputs: {
          reports: [],
          unreadable: [{ file: 'a', error: 'x' }],
          lostReruns: [
            { testId: 't', shard: 's', reason: 'r' },
            { testId: 'u', shard: 's', reason: 'r' },
          ],
        },
      }),
    );
    expect(out).toContain('Based on: 1 report unreadable, 2 reruns lost, no history');
  });

  it('fits failure lines into the width', () => {
    const out = renderTerminal(verdict([failure({ name: 'x'.repeat(500) })]), { width: 60 });
    const line = out.split('\n').find((l) => l.startsWith('  REGRESSION')) ?? '';
    expect(line.length).toBe(60);
    expect(line.endsWith('…')).toBe(true);
  });

  const { names, messages } = hostileTexts();
  for (const { file, raw } of [...names, ...messages]) {
    it(`one inert line per test: ${file}: ${JSON.stringify(truncate(raw, 50))}`, () => {
      const hostile = failure({ name: raw, file: raw });
      const out = renderTerminal(verdict([hostile, flaky()], { reasons: [raw] }), { width: 120 });
      const lines = out.trimEnd().split('\n');
      // Risk, counts, two failures, basis: a name can add no line.
      expect(lines).toHaveLength(5);
      for (const line of lines) {
        expect(line).not.toMatch(CONTROL);
        expect(runnerCommand(line)).toBe(false);
        expect(line.length).toBeLessThanOrEqual(120);
      }
    });
  }
});
