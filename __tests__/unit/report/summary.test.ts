import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { FailureClass, FailureVerdict, Verdict } from '../../../src/model/verdict.ts';
import { showInvisible, truncate } from '../../../src/report/escape.ts';
import {
  SUMMARY_MAX_CHARS,
  effect,
  historyStrip,
  renderSummary,
} from '../../../src/report/summary.ts';
import { CLASS_ORDER, evidenceWords, formatPercent } from '../../../src/report/words.ts';
import { hostileTexts } from '../../helpers/hostile-names.ts';
import { evidence, failure, flaky, verdict } from '../../helpers/verdict-builder.ts';

// ---------------------------------------------------------------------------------------------
// Rendering as GitHub would: remark (CommonMark + GFM) for structure, then HTML through
// rehype-raw (raw HTML that slipped through becomes real elements, so it fails the test instead
// of being silently dropped) and rehype-sanitize, whose default schema is GitHub's.
// ---------------------------------------------------------------------------------------------

interface Node {
  type: string;
  tagName?: string;
  value?: string;
  depth?: number;
  children?: Node[];
  properties?: Record<string, unknown>;
}

const mdParser = unified().use(remarkParse).use(remarkGfm);
const toHast = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw);
const sanitizer = unified().use(rehypeSanitize);
const htmlWriter = unified().use(rehypeStringify);

const mdast = (md: string): Node => mdParser.parse(md);
const hast = (md: string): Node => toHast.runSync(toHast.parse(md));
// `as never`: unified types these as hast Root; the structural Node above is all the tests use.
const toHtml = (tree: Node) => htmlWriter.stringify(tree as never);
const sanitized = (tree: Node) => toHtml(sanitizer.runSync(structuredClone(tree) as never));

function* walk(n: Node, skip?: (n: Node) => boolean): Generator<Node> {
  yield n;
  if (skip?.(n)) return;
  for (const c of n.children ?? []) yield* walk(c, skip);
}
const all = (n: Node, type: string) => [...walk(n)].filter((x) => x.type === type);
/** Rendered text without the WORD JOINERs the escapers insert on purpose. */
const textOf = (n: Node) =>
  [...walk(n)]
    .filter((x) => x.type === 'text' || x.type === 'inlineCode')
    .map((x) => x.value ?? '')
    .join('')
    .replaceAll('\u2060', '');
const tags = (tree: Node) =>
  [...walk(tree)].flatMap((n) => (n.tagName === undefined ? [] : [n.tagName])).sort();

/** Things GitHub would turn into a ping or a link, searched in rendered text outside <code>. */
const PINGS = [/@[A-Za-z0-9]/, /#\d/, /gh-\d/i, /:\/\//, /www\./i];

/** Every GFM table has as many cells in each row as in its header. Returns the tables. */
function tablesOf(md: string): Node[] {
  const tables = all(mdast(md), 'table');
  for (const t of tables) {
    const [header, ...rows] = t.children ?? [];
    for (const r of rows) expect(r.children?.length).toBe(header?.children?.length);
  }
  return tables;
}

/** The failures table: header texts and body rows, each a list of cell texts. */
function failuresTable(md: string): { head: string[]; rows: string[][] } {
  const table = tablesOf(md)[0];
  const [header, ...rows] = (table?.children ?? []).map((r) => (r.children ?? []).map(textOf));
  expect(header).toEqual(['Test', 'Class', 'Category', 'P(regression)', 'Evidence', 'Next']);
  return { head: header ?? [], rows };
}

// ---------------------------------------------------------------------------------------------

describe('renderSummary: structure', () => {
  const v = verdict([
    flaky({ name: 'flaky one', historyStrip: 'PPFfP', owners: ['@acme/web'] }),
    failure({ name: 'the regression', message: 'expected 1 to equal 2', matchedRuns: ['101'] }),
    failure({ class: 'INCONCLUSIVE', name: 'unsure', pRegression: 0.5 }),
  ]);
  const md = renderSummary(v);

  it('puts the risk level and why in one heading line at the top', () => {
    const first = md.split('\n')[0] ?? '';
    expect(first).toMatch(/^## 🔴 flakegate: HIGH risk — /);
    const tree = mdast(md);
    const h = tree.children?.[0];
    expect(h?.type).toBe('heading');
    expect(h?.depth).toBe(2);
    expect(textOf(h ?? { type: 'none' })).toBe(
      '🔴 flakegate: HIGH risk — 1 regression in changed code (tests/x.test.ts)',
    );
  });

  it('follows with a counts line', () => {
    const counts = mdast(md).children?.[1];
    expect(textOf(counts ?? { type: 'none' })).toBe(
      '3 failed of 1,203 tests: 1 regression · 1 inconclusive · 1 flaky · head 0123456789ab',
    );
  });

  it('lists the failures by severity, then P(regression), one row each, every row complete', () => {
    const { rows } = failuresTable(md);
    expect(rows.map((r) => r[1])).toEqual(['REGRESSION', 'INCONCLUSIVE', 'FLAKY']);
    expect(rows[0]?.[0]).toMatch(/^the regression · tests\/x\d+\.test\.ts:12$/);
    expect(rows[0]?.[3]).toBe('97%');
    expect(rows[2]?.[4]).toBe(
      'same commit 1/2 pass · isolated 4/5 pass · history 3 fails, 3 flakes/50 · untouched',
    );
    expect(rows[2]?.[5]).toBe('quarantine with an owner');
  });

  it('sorts within a class by P(regression), descending', () => {
    const out = renderSummary(
      verdict([
        flaky({ name: 'low', pRegression: 0.01 }),
        flaky({ name: 'high', pRegression: 0.15 }),
        failure({ class: 'ORDER-DEPENDENT', name: 'od' }),
        failure({ class: 'BROKEN-BEFORE', name: 'bb' }),
        flaky({ class: 'FLAKY-LIKELY', name: 'fl' }),
      ]),
    );
    expect(failuresTable(out).rows.map((r) => r[0]?.split(' · ')[0])).toEqual([
      'bb',
      'od',
      'fl',
      'high',
      'low',
    ]);
  });

  it('collapses each ledger in <details>, with the history strip, runs and owners', () => {
    const tree = hast(md);
    const details = [...walk(tree)].filter((n) => n.tagName === 'details');
    expect(details).toHaveLength(3);
    const summaries = [...walk(tree)].filter((n) => n.tagName === 'summary').map(textOf);
    expect(summaries).toEqual([
      'REGRESSION · 97% · the regression',
      'INCONCLUSIVE · 50% · unsure',
      'FLAKY · 3% · flaky one',
    ]);
    const text = details.map(textOf);
    expect(text[0]).toContain('expected 1 to equal 2');
    expect(text[0]).toContain('Same failure seen before in 1 history run: 101');
    expect(text[2]).toContain('History (5 runs): ✅✅❌🔁✅');
    expect(text[2]).toContain('Owners: @acme/web');
    // Ledger tables: factor, value, effect, rule.
    const ledgers = tablesOf(md).slice(1);
    expect(ledgers).toHaveLength(3);
    expect(ledgers[0]?.children?.[0]?.children?.map(textOf)).toEqual([
      'Factor',
      'Value',
      'Effect (log-odds, ×LR)',
      'Rule',
    ]);
    expect(ledgers[0]?.children?.[3]?.children?.map(textOf)).toEqual([
      'test file changed',
      'true',
      '+1.10 (×3.0)',
      'LR_change',
    ]);
    expect(md).toContain('History strips, oldest to newest: ✅ passed · ❌ failed');
  });

  it('says what the verdict rests on', () => {
    const out = renderSummary(
      verdict([failure()], {
        inputs: {
          reports: ['a.xml', 'b.xml'],
          unreadable: [{ file: 'reports/<bad>.xml', error: 'not XML | at all' }],
          history: { runs: 50, unreadable: 2 },
          lostReruns: [{ testId: 'vitest:t', shard: 's3', reason: 'artifact missing' }],
        },
      }),
    );
    const basis = out.slice(out.indexOf('### What this verdict rests on'));
    const text = textOf(mdast(basis));
    expect(text).toContain('2 reports read');
    expect(text).toContain('history: 50 base-branch runs (2 reports unreadable)');
    expect(text).toContain('1 unreadable report (the failures they touch are INCONCLUSIVE)');
    expect(text).toContain('reports/<bad>.xml: not XML | at all');
    expect(text).toContain('vitest:t (shard s3): artifact missing');
    expect(
      renderSummary(verdict([failure()], { inputs: { reports: [], unreadable: [] } })),
    ).toContain('no history: failures are judged on this run and its reruns alone');
  });

  it('shows causes only when several failures share one', () => {
    const shared = renderSummary(
      verdict([
        flaky({ cause: 'k', signature: 'ECONNREFUSED 127.0.0.1:#', category: 'network' }),
        flaky({ cause: 'k', signature: 'ECONNREFUSED 127.0.0.1:#', category: 'network' }),
        flaky({ cause: 'other', signature: 'timeout' }),
      ]),
    );
    const causes = tablesOf(shared).at(-1);
    expect(causes?.children?.[0]?.children?.map(textOf)).toEqual([
      'Failures',
      'Category',
      'Signature',
      'Tests',
    ]);
    expect(causes?.children).toHaveLength(2);
    expect(causes?.children?.[1]?.children?.slice(0, 3).map(textOf)).toEqual([
      '2',
      'network',
      'ECONNREFUSED 127.0.0.1:#',
    ]);
    expect(renderSummary(verdict([flaky({ cause: 'a' }), flaky({ cause: 'b' })]))).not.toContain(
      'Causes shared',
    );
    // The verdict's own causes win over grouping by `cause`.
    const own = renderSummary(
      verdict([flaky()], {
        causes: [
          { key: 'x', signature: 'disk full', category: 'infrastructure', tests: ['a', 'b'] },
        ],
      }),
    );
    expect(own).toContain('Causes shared');
    expect(own).toContain('disk full');
  });

  it('renders a verdict with nothing failed', () => {
    const out = renderSummary(verdict([]));
    expect(out.split('\n')[0]).toBe('## 🟢 flakegate: NONE risk — no failing tests');
    expect(out).toContain('**No test failed** of 1,200 tests');
    expect(tablesOf(out)).toHaveLength(0);
    expect(out).not.toContain('<details>');
  });

  it('a blank headline reason (a test named with spaces) leaves no dangling dash', () => {
    const out = renderSummary(verdict([failure()], { risk: 'HIGH', reasons: ['    '] }));
    expect(out.split('\n')[0]).toBe('## 🔴 flakegate: HIGH risk');
  });

  it('uses the title, and further reasons as a short list', () => {
    const out = renderSummary(verdict([failure()], { reasons: ['a', 'b', 'c', 'd', 'e', 'f'] }), {
      title: 'CI gate',
    });
    expect(out.split('\n')[0]).toBe('## 🔴 CI gate: HIGH risk — a');
    expect(out).toContain('- b\n- c\n- d\n- … 2 more in the verdict JSON');
  });
});

describe('renderSummary: helpers', () => {
  it.each([
    [Math.log(3), '+1.10 (×3.0)'],
    [Math.log(0.02), '−3.91 (×0.02)'],
    [Math.log(1000), '+6.91 (×1,000)'],
    [Math.log(0.37), '−0.99 (×0.37)'],
    [-20, '−20.00 (×<0.001)'],
    [0, '—'],
    [Number.NaN, '?'],
  ])('effect(%d) -> %j', (x, expected) => {
    expect(effect(x)).toBe(expected);
  });

  it('draws the history strip, last 30 runs, unknown codes as ?', () => {
    expect(historyStrip('PPFfS.')).toBe('✅✅❌🔁➖⬜');
    expect(historyStrip('x<')).toBe('??');
    const long = historyStrip('F'.repeat(10) + 'P'.repeat(30));
    expect(long).toBe('…' + '✅'.repeat(30));
  });

  it.each([
    [0, '0%'],
    [0.001, '<1%'],
    [0.2, '20%'],
    [0.999, '>99%'],
    [1, '100%'],
    [Number.NaN, '?'],
  ])('formatPercent(%d) -> %s', (p, expected) => {
    expect(formatPercent(p)).toBe(expected);
  });

  it('words the evidence', () => {
    expect(evidenceWords(evidence())).toBe(
      'same commit 0/1 pass · isolated 0/5 pass · history 0 flakes/50 · changed',
    );
    const none = evidence({
      isolated: { passed: 0, failed: 0 },
      history: { runs: 0, failed: 0, flakeEvents: 0, flipRate: 0 },
      changed: null,
    });
    expect(evidenceWords(none)).toBe(
      'same commit 0/1 pass · no reruns · no history · change unknown',
    );
    expect(evidenceWords(none, true)).toContain('new test');
  });

  it('refuses a nonsense maxChars', () => {
    expect(() => renderSummary(verdict([]), { maxChars: -1 })).toThrow(RangeError);
    expect(() => renderSummary(verdict([]), { maxChars: 1.5 })).toThrow(/maxChars/);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile names: every string a test wrote lands in every field that can hold one, and the
// rendered structure must be exactly that of the same verdict with a plain name.
// ---------------------------------------------------------------------------------------------

function everywhere(raw: string): Verdict {
  const a = failure({
    id: raw,
    name: raw,
    suite: raw,
    file: raw,
    message: raw,
    signature: raw,
    cause: 'shared',
    next: raw,
    firstSeen: raw,
    historyStrip: raw.slice(0, 60),
    owners: [raw, raw],
    polluters: [raw],
    matchedRuns: [raw],
    ledger: [{ factor: raw, value: raw, effect: 1, rule: raw }],
  });
  const b = flaky({ name: raw, cause: 'shared', signature: raw, category: 'network' });
  return verdict([a, b], {
    reasons: [raw, raw],
    headSha: raw,
    inputs: {
      reports: [raw],
      unreadable: [{ file: raw, error: raw }],
      history: { runs: 3, unreadable: 0 },
      lostReruns: [{ testId: raw, shard: raw, reason: raw }],
    },
  });
}

const { names, messages } = hostileTexts();
const ALLOWED = new Set([
  ...['h2', 'h3', 'p', 'strong', 'em', 'code', 'ul', 'li', 'details', 'summary'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
]);
const plain = tags(hast(renderSummary(everywhere('plain name'))));

describe('renderSummary: hostile corpus', () => {
  it('was read', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.some((n) => n.raw.includes('\n'))).toBe(true);
    expect(names.some((n) => n.raw.length > 100_000)).toBe(true);
    expect(messages.some((m) => m.raw.length > 65_536)).toBe(true);
  });

  for (const { file, raw } of [...names, ...messages]) {
    it(`renders as plain text: ${file}: ${JSON.stringify(truncate(raw, 50))}`, () => {
      const md = renderSummary(everywhere(raw));
      expect(md.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
      expect(md.split('\n')[0]).toMatch(/^## 🔴 flakegate: HIGH risk — /);

      const tree = hast(md);
      // No element, link, image or script comes from the name: the same elements as plain text.
      expect(tags(tree)).toEqual(plain);
      expect(tags(tree).filter((t) => !ALLOWED.has(t))).toEqual([]);
      // No attributes but the alignment of our own numeric columns (so no href, src, on*).
      for (const n of walk(tree)) {
        const props = Object.entries(n.properties ?? {}).filter(([, x]) => x !== undefined);
        for (const [k] of props) expect([n.tagName, k]).toEqual([expect.any(String), 'align']);
      }
      const html = toHtml(tree);
      expect(sanitized(tree)).toBe(html);
      // Nobody pinged, nothing linked: GitHub does neither inside <code>.
      const outsideCode = [...walk(tree, (n) => n.tagName === 'code')]
        .filter((n) => n.type === 'text')
        .map((n) => n.value ?? '')
        .join('');
      for (const ping of PINGS) expect(outsideCode).not.toMatch(ping);

      // The name reads back as itself (invisibles shown, long names cut), in the table and the
      // <details> summary line.
      const shown = showInvisible(truncate(raw, 150, '…'));
      const { rows } = failuresTable(md);
      expect(rows).toHaveLength(2);
      expect(rows[0]?.[0]?.startsWith(`${shown} · `)).toBe(true);
      const summaries = [...walk(tree)].filter((n) => n.tagName === 'summary').map(textOf);
      expect(summaries[0]).toBe(`REGRESSION · 97% · ${shown}`);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Budget.
// ---------------------------------------------------------------------------------------------

const CLASSES: FailureClass[] = [...CLASS_ORDER];
const longMessage = messages.reduce((a, b) => (b.raw.length > a.length ? b.raw : a), '');
const longName = names.reduce((a, b) => (b.raw.length > a.length ? b.raw : a), '');

function many(n: number, over: Partial<FailureVerdict> = {}): FailureVerdict[] {
  return Array.from({ length: n }, (_, i) =>
    failure({
      class: CLASSES[i % CLASSES.length],
      pRegression: (i % 100) / 100,
      historyStrip: 'PPPPFPPPPfPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPF',
      owners: ['@acme/team'],
      message: 'AssertionError: expected 1 to equal 2',
      cause: `c${i % 7}`,
      signature: `sig ${i % 7}`,
      ...over,
    }),
  );
}

const notShown = (md: string) =>
  Number(/… ([\d,]+) more failures? not shown/.exec(md)?.[1]?.replaceAll(',', '') ?? 0);

describe('renderSummary: budget', () => {
  it('keeps 10,000 failures under 65,535 characters, says what it left out, and is fast', () => {
    const v = verdict(many(10_000));
    const t0 = performance.now();
    const md = renderSummary(v);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(500);
    expect(md.length).toBeLessThanOrEqual(65_535);
    expect(md.length).toBeGreaterThan(60_000); // the room is used, not wasted
    const { rows } = failuresTable(md);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.length + notShown(md)).toBe(10_000);
    expect(md).toMatch(/more failures not shown.*\(see the verdict JSON\)/);
    // Most alarming first, and some failures explained in full.
    expect(rows[0]?.[1]).toBe('REGRESSION');
    expect(md.split('<details>').length - 1).toBeGreaterThan(5);
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
  });

  it('keeps a 70 KB message and a 100 KB name from blowing the budget', () => {
    for (const n of [1, 10_000]) {
      const md = renderSummary(verdict(many(n, { message: longMessage, name: longName })));
      expect(md.length).toBeLessThanOrEqual(65_535);
      expect(md).toContain('…');
      if (n === 1) expect(notShown(md)).toBe(0);
    }
    expect(longMessage.length).toBeGreaterThan(65_536);
  });

  it('bounds the lists inside one failure', () => {
    const huge = Array.from({ length: 5_000 }, (_, i) => `run ${i}`);
    const ledger = Array.from({ length: 500 }, (_, i) => ({
      factor: `f${i}`,
      value: i,
      effect: 0.1,
      rule: 'r',
    }));
    const md = renderSummary(
      verdict([failure({ matchedRuns: huge, owners: huge, polluters: huge, ledger })], {
        reasons: huge,
        inputs: {
          reports: huge,
          unreadable: huge.map((file) => ({ file, error: 'bad' })),
          lostReruns: huge.map((testId) => ({ testId, shard: 's', reason: 'lost' })),
        },
      }),
    );
    expect(md.length).toBeLessThan(20_000);
    expect(md).toContain('(+4,990 more)');
    expect(md).toContain('… 470 more factors in the verdict JSON');
    expect(md).toContain('  - … 4,990 more');
    expect(notShown(md)).toBe(0);
  });

  it.each([0, 1, 80, 300, 1_000, 3_000, 10_000, 30_000])(
    'never exceeds maxChars = %i, and keeps the structure whole',
    (maxChars) => {
      const md = renderSummary(verdict(many(300, { message: longMessage })), { maxChars });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(md.split('<details>').length).toBe(md.split('</details>').length);
      if (md.includes('| Test |')) {
        const { rows } = failuresTable(md);
        expect(rows.length + notShown(md)).toBe(300);
      }
      if (maxChars >= 1_000) expect(md.split('\n')[0]).toMatch(/^## 🔴 flakegate: HIGH risk/);
    },
  );

  it('shows everything when it fits, with no note', () => {
    const md = renderSummary(verdict(many(20)));
    expect(failuresTable(md).rows).toHaveLength(20);
    expect(md.split('<details>').length - 1).toBe(20);
    expect(md).not.toContain('not shown');
    expect(md).not.toContain('no details for');
  });
});
