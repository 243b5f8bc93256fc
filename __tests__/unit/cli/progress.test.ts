/* eslint-disable no-control-regex -- control characters and escape sequences are what these tests look for */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ERASE_LINE,
  cellWidth,
  createProgress,
  fitColumns,
  line,
  showsProgress,
  useColor,
  type Env,
} from '../../../src/cli/progress.ts';
import { hostileTexts } from '../../helpers/hostile-names.ts';

const E = ERASE_LINE;

/** A stream that records every write; `now` is the fake clock the progress reads. */
function fakeStream(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (s: string) => writes.push(s) };
}

/** The fake clock: Date.now moves with the fake timers, as each one fires. */
const now = () => Date.now();
const advance = (ms: number) => vi.advanceTimersByTime(ms);

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    now: 0,
  });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Every kind of call a command makes, with time passing between them. */
function exercise(p: ReturnType<typeof createProgress>) {
  p.update(0, 4000, 'reading reports');
  advance(50);
  p.update(120, 4000, 'reading reports');
  advance(2020);
  p.clear();
  p.update(3000, 4000, 'reading reports', 'a test name');
  advance(500);
  p.stop();
  advance(5000);
}

describe('when nothing is shown', () => {
  it.each<[string, boolean, Env]>([
    ['stderr is not a terminal', false, {}],
    ['CI is set', true, { CI: 'true' }],
    ['CI is 1', true, { CI: '1' }],
    ['the terminal is dumb', true, { TERM: 'dumb' }],
  ])('%s: not one byte is written', (_why, isTTY, env) => {
    const s = fakeStream(isTTY);
    exercise(createProgress(s, { env, now }));
    expect(s.writes).toEqual([]);
    expect(showsProgress(s, env)).toBe(false);
  });

  it('--quiet: not one byte, even on a terminal', () => {
    const s = fakeStream(true);
    exercise(createProgress(s, { env: {}, quiet: true, now }));
    expect(s.writes).toEqual([]);
  });
});

describe('on a terminal', () => {
  it.each<[string, Env]>([
    ['no CI', {}],
    ['CI empty', { CI: '' }],
    ['CI=false', { CI: 'false' }],
    ['NO_COLOR (progress is not colour)', { NO_COLOR: '1' }],
  ])('%s: redraws in place and clears at the end, byte for byte', (_why, env) => {
    const s = fakeStream(true);
    expect(showsProgress(s, env)).toBe(true);
    exercise(createProgress(s, { env, now }));
    expect(s.writes).toEqual([
      `${E}reading reports 0/4000 (0.0 s)`,
      // 50 ms later: rate-limited, drawn when 100 ms have passed since the last draw.
      `${E}reading reports 120/4000 (0.1 s)`,
      // Nothing new for a second: the elapsed time still moves.
      `${E}reading reports 120/4000 (1.0 s)`,
      `${E}reading reports 120/4000 (2.0 s)`,
      // clear() before other output, then the next update draws again at once.
      E,
      `${E}reading reports 3000/4000: a test name (2.1 s)`,
      // stop() erases; no tick after it.
      E,
    ]);
  });

  it('draws at most 10 times a second however often it is told', () => {
    const s = fakeStream(true);
    const p = createProgress(s, { env: {}, now });
    for (let i = 1; i <= 1000; i++) {
      p.update(i, 1000, 'reading reports');
      advance(2);
    }
    p.stop();
    // 2 s of updates: one draw at once, then one per 100 ms, then the final erase.
    expect(s.writes.length).toBeLessThanOrEqual(1 + 20 + 1);
    expect(s.writes.length).toBeGreaterThanOrEqual(15);
    expect(s.writes.at(-1)).toBe(E);
    for (const w of s.writes.slice(0, -1))
      expect(w).toMatch(/^\r\x1b\[2Kreading reports \d+\/1000 \(/);
  });

  it('draws the newest state when updates stop inside the rate limit', () => {
    const s = fakeStream(true);
    const p = createProgress(s, { env: {}, now });
    p.update(1, 3, 'rerun', 'isolated 1 of a');
    advance(10);
    p.update(2, 3, 'rerun', 'isolated 2 of a');
    advance(10);
    p.update(3, 3, 'rerun', 'isolated 3 of a');
    expect(s.writes).toHaveLength(1);
    advance(80);
    expect(s.writes).toEqual([
      `${E}rerun 1/3: isolated 1 of a (0.0 s)`,
      `${E}rerun 3/3: isolated 3 of a (0.1 s)`,
    ]);
    p.stop();
  });

  it('clear() with nothing on the line writes nothing; stop() twice erases once', () => {
    const s = fakeStream(true);
    const p = createProgress(s, { env: {}, now });
    p.clear();
    expect(s.writes).toEqual([]);
    p.update(1, 2, 'x');
    p.stop();
    p.stop();
    p.update(2, 2, 'x');
    advance(3000);
    expect(s.writes).toEqual([`${E}x 1/2 (0.0 s)`, E]);
  });

  it('a cleared line comes back with the next tick (a warning was printed in between)', () => {
    const s = fakeStream(true);
    const p = createProgress(s, { env: {}, now });
    p.update(5, 9, 'reading history reports');
    p.clear();
    advance(1000);
    expect(s.writes).toEqual([
      `${E}reading history reports 5/9 (0.0 s)`,
      E,
      `${E}reading history reports 5/9 (1.0 s)`,
    ]);
    p.stop();
  });
});

describe('one line that fits the terminal', () => {
  const VISIBLE_CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

  it('test names are made harmless: no control, bidi or line-breaking character survives', () => {
    const names = hostileTexts().names.map((n) => n.raw);
    expect(names.length).toBeGreaterThan(10);
    for (const name of [...names, 'a\x1b[31mred\x1b[0m\r\nb\u202e', '\x9b31m']) {
      for (const columns of [40, 80, 200]) {
        const l = line({ done: 7, total: 25, label: 'rerun', detail: name }, 12_400, columns);
        expect(l, JSON.stringify(name)).not.toMatch(VISIBLE_CONTROL);
        expect(cellWidth(l)).toBeLessThanOrEqual(columns - 1);
        expect(l).toMatch(/^rerun 7\/25: .* \(12\.4 s\)$/);
      }
    }
  });

  it('a long name is cut with "…", counter and elapsed time kept', () => {
    const l = line(
      { done: 7, total: 25, label: 'rerun', detail: `isolated 3 of ${'x'.repeat(200)}` },
      12_400,
      60,
    );
    expect(l).toBe(`rerun 7/25: isolated 3 of ${'x'.repeat(23)}… (12.4 s)`);
    expect(l.length).toBe(59);
  });

  it('wide characters count two columns, combining marks none', () => {
    expect(cellWidth('漢字')).toBe(4);
    expect(cellWidth('e\u0301')).toBe(1);
    expect(cellWidth('🧪a')).toBe(3);
    expect(fitColumns('漢字漢字漢字', 7)).toBe('漢字漢…');
    const l = line({ done: 1, total: 2, label: 'rerun', detail: '漢'.repeat(100) }, 0, 50);
    expect(cellWidth(l)).toBeLessThanOrEqual(49);
  });

  it('no width (0 or unknown) means 80 columns', () => {
    for (const columns of [0, undefined]) {
      const l = line({ done: 1, total: 2, label: 'r', detail: 'y'.repeat(500) }, 0, columns);
      expect(cellWidth(l)).toBe(79);
    }
  });

  it('any string fits any width, never split inside a code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 300 }), (s, cols) => {
        const l = line({ done: 1, total: 1, label: 'rerun', detail: s }, 1000, cols);
        expect(cellWidth(l)).toBeLessThanOrEqual(Math.max(20, cols - 1));
        expect(l).not.toMatch(/[\x00-\x1f\x7f]/);
        // With the u flag a surrogate matches only when it is half a pair.
        expect(l).not.toMatch(/[\uD800-\uDFFF]/u);
      }),
    );
  });
});

describe('useColor', () => {
  it.each<[boolean, Env, boolean]>([
    [true, {}, true],
    [true, { CI: 'true' }, true],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: 'anything' }, false],
    // no-color.org: an empty NO_COLOR does not count.
    [true, { NO_COLOR: '' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: '1' }, true],
    [true, { TERM: 'dumb' }, false],
    [false, {}, false],
    // Colour only on a terminal, whatever FORCE_COLOR says.
    [false, { FORCE_COLOR: '1' }, false],
  ])('isTTY %s, env %j -> %s', (isTTY, env, expected) => {
    expect(useColor({ isTTY }, env)).toBe(expected);
  });

  it('a stream without isTTY (a pipe or file) is not a terminal', () => {
    expect(useColor({}, {})).toBe(false);
    expect(showsProgress({}, {})).toBe(false);
  });
});
