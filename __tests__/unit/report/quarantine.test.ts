import { describe, expect, it } from 'vitest';
import { showInvisible, truncate } from '../../../src/report/escape.ts';
import { renderQuarantine, shouldQuarantine } from '../../../src/report/quarantine.ts';
import { hostileTexts } from '../../helpers/hostile-names.ts';
import { failure, flaky, verdict } from '../../helpers/verdict-builder.ts';

/** What `grep -v '^#' FILE | cut -f1` prints. */
const ids = (out: string) =>
  out
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.split('\t')[0]);

describe('renderQuarantine', () => {
  it('lists FLAKY and FLAKY-LIKELY tests whose next action is quarantine, sorted by id', () => {
    const out = renderQuarantine(
      verdict([
        flaky({ id: 'b', owners: ['@acme/web', 'alice'] }),
        flaky({ id: 'a', class: 'FLAKY-LIKELY', next: 'Quarantine: flaky on main too' }),
        flaky({ id: 'c', next: 'rerun 9 more times' }),
        failure({ id: 'd', next: 'quarantine' }), // a REGRESSION is never excluded
        flaky({ id: 'a' }), // the same test twice is listed once
      ]),
    );
    expect(ids(out)).toEqual(['a', 'b']);
    expect(out).toContain(
      'b\t# FLAKY, P(regression) 3%, async-timeout: same commit 1/2 pass · isolated 4/5 pass · ' +
        'history 3 fails, 3 flakes/50 · untouched; owner @acme/web, alice\n',
    );
    expect(out).toMatch(/^a\t# FLAKY-LIKELY, .*; owner unowned$/m);
  });

  it('explains its format in a comment header without tabs', () => {
    const header = renderQuarantine(verdict([])).trimEnd().split('\n');
    expect(header.length).toBeGreaterThan(1);
    for (const line of header) {
      expect(line.startsWith('# ')).toBe(true);
      expect(line).not.toContain('\t');
    }
    expect(header.join('\n')).toContain("grep -v '^#' FILE | cut -f1");
  });

  it('keeps one test a line whatever the id holds, and never writes an empty id', () => {
    const out = renderQuarantine(
      verdict([
        flaky({ id: 'line\none\ttab' }),
        flaky({ id: '#looks like a comment', owners: ['x\ny'] }),
        flaky({ id: '' }),
      ]),
    );
    expect(ids(out)).toEqual(['\\#looks like a comment', 'line␊one␉tab']);
    expect(out).toContain('; owner x␊y\n');
  });

  it('decides by class and next', () => {
    expect(shouldQuarantine(flaky())).toBe(true);
    expect(shouldQuarantine(flaky({ next: '  quarantine with an owner' }))).toBe(true);
    expect(shouldQuarantine(flaky({ next: 'quarantined already' }))).toBe(false);
    expect(shouldQuarantine(flaky({ class: 'INCONCLUSIVE' }))).toBe(false);
    expect(shouldQuarantine(flaky({ class: 'ORDER-DEPENDENT' }))).toBe(false);
  });

  const { names } = hostileTexts();
  it.each(names.map((n) => [`${n.file}: ${JSON.stringify(truncate(n.raw, 50))}`, n.raw]))(
    'one line per hostile id: %s',
    (_label, raw) => {
      const out = renderQuarantine(
        verdict([flaky({ id: raw, owners: [raw] }), flaky({ id: 'z' })]),
      );
      const body = out.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      expect(body).toHaveLength(2);
      for (const line of body) {
        // Exactly one tab, the separator; nothing else invisible.
        const fields = line.split('\t');
        expect(fields).toHaveLength(2);
        for (const f of fields) expect(f).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      }
      expect(ids(out)).toContain(showInvisible(raw).replace(/^#/, '\\#'));
    },
  );
});
