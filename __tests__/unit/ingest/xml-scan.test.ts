/**
 * The fast scanner (xml-scan.ts) against saxes: wherever it does not give up,
 * a report reads exactly as saxes reads it, for every corpus and hostile
 * file and for those files damaged at random; where saxes finds the text not
 * well-formed, the scanner gives up, so saxes' error is the one reported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAll } from '../../../src/ingest/decode.ts';
import { ReportBuilder } from '../../../src/ingest/parse.ts';
import { scanXml, type XmlSink } from '../../../src/ingest/xml-scan.ts';
import type { ParsedReport } from '../../../src/model/index.ts';
import { CORPUS, HOSTILE } from '../../helpers/corpus.ts';

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => f.endsWith('.xml') && statSync(f).isFile())
    .sort();
}

function withSaxes(file: string, text: string): ParsedReport {
  const b = new ReportBuilder(file);
  b.write(text);
  return b.finish();
}

/** The scanner's read, or undefined where it gives up. */
function withScanner(file: string, text: string): ParsedReport | undefined {
  const b = new ReportBuilder(file);
  return b.scanWhole(text) ? b.finish() : undefined;
}

type Event = ['open', string, Record<string, string>] | ['close'] | ['text', string];

/** Every event, text everywhere (the sink wants all of it); undefined on giving up. */
function events(text: string): Event[] | undefined {
  const out: Event[] = [];
  const sink: XmlSink = {
    wantsText: () => true,
    open: (name, attrs) => out.push(['open', name, { ...attrs }]),
    close: () => out.push(['close']),
    text: (t) => {
      const last = out[out.length - 1];
      if (last?.[0] === 'text') last[1] += t;
      else out.push(['text', t]);
    },
  };
  return scanXml(text, sink) ? out : undefined;
}

const corpus = xmlFiles(CORPUS);
const hostile = xmlFiles(HOSTILE);
const texts = new Map(
  [...corpus, ...hostile].map((f) => [f, decodeAll(readFileSync(f)).text] as const),
);

describe('the fast scanner reads what saxes reads', () => {
  it('every corpus and hostile file: equal reads, or the scanner gives up', () => {
    let scanned = 0;
    let saxesErrors = 0;
    for (const [file, text] of texts) {
      const expected = withSaxes(file, text);
      const fast = withScanner(file, text);
      // Not well-formed (saxes names a line), as opposed to a well-formed file in another format.
      if (expected.error?.line !== undefined) {
        saxesErrors++;
        expect(fast, file).toBeUndefined();
      }
      if (fast === undefined) continue;
      scanned++;
      expect(fast, file).toStrictEqual(expected);
    }
    // It must carry the load, not give up on everything: all but the odd
    // well-formed file (a DOCTYPE, non-ASCII element names) stays on it.
    expect(saxesErrors).toBeGreaterThan(10);
    expect(scanned).toBeGreaterThan((texts.size - saxesErrors) * 0.9);
  });

  // What damage does: markup and references cut, added or doubled.
  const SNIPPETS = [
    '<',
    '>',
    '&',
    '&amp;',
    '&#0;',
    '&#x10FFFF;',
    '&#xD800;',
    '&nbsp;',
    '&#65',
    ']]>',
    ']]',
    '\r',
    '\r\n',
    '\t',
    '"',
    "'",
    '=',
    '/',
    '/>',
    '</a>',
    '<a>',
    '<a/>',
    ' a="1"',
    ' a="1" a="2"',
    'a="1"',
    '<!--',
    '-->',
    '--',
    '<![CDATA[',
    '<![CDATA[x]]>',
    '<?pi x?>',
    '<?xml version="1.0"?>',
    '<!DOCTYPE r>',
    '\u0001',
    '\u0000',
    '\uFFFE',
    '\u0085',
    'é',
    '<é>',
    '\uD83D\uDE00',
    ' ',
  ];

  const damage = fc.array(
    fc.oneof(
      fc.record({ at: fc.nat(), insert: fc.constantFrom(...SNIPPETS) }),
      fc.record({ at: fc.nat(), cut: fc.integer({ min: 1, max: 40 }) }),
    ),
    { minLength: 1, maxLength: 3 },
  );

  function apply(text: string, edits: { at: number; insert?: string; cut?: number }[]): string {
    let s = text;
    for (const e of edits) {
      const at = e.at % (s.length + 1);
      s = s.slice(0, at) + (e.insert ?? '') + s.slice(at + (e.cut ?? 0));
    }
    return s;
  }

  // Small files, so that a damaged spot lands in markup often.
  const small = [...texts].filter(([, t]) => t.length < 6000);

  it('damaged files: equal reads, or the scanner gives up', () => {
    expect(small.length).toBeGreaterThan(50);
    let scanned = 0;
    fc.assert(
      fc.property(fc.nat(), damage, (pick, edits) => {
        const [file, text] = small[pick % small.length]!;
        const damaged = apply(text, edits);
        const fast = withScanner(file, damaged);
        if (fast === undefined) return;
        scanned++;
        expect(fast).toStrictEqual(withSaxes(file, damaged));
      }),
      { numRuns: 3000 },
    );
    // Many damages leave the file well-formed (a space, an '&amp;' in text).
    expect(scanned).toBeGreaterThan(300);
  });
});

describe('scanXml', () => {
  it('normalizes attribute whitespace and line ends, and decodes references', () => {
    expect(
      events('<r a="x\r\ny\tz\rw" b=\'&lt;&#10;&#x41;&apos;\'>p\r\nq\rs&amp;&#13;</r>'),
    ).toEqual([['open', 'r', { a: 'x y z w', b: "<\nA'" }], ['text', 'p\nq\ns&\r'], ['close']]);
  });

  it('reads CDATA as text, with line ends normalized and nothing decoded', () => {
    expect(events('<r><![CDATA[a &amp; <b>\r\n]]]]><![CDATA[>]]></r>')).toEqual([
      ['open', 'r', {}],
      ['text', 'a &amp; <b>\n]]>'],
      ['close'],
    ]);
  });

  it('reads a declaration, a BOM, comments and self-closing elements', () => {
    expect(
      events(
        '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c -->\n<r><c x = "1" /><!---->\n</r>\n<!-- after -->\n',
      ),
    ).toEqual([['open', 'r', {}], ['open', 'c', { x: '1' }], ['close'], ['text', '\n'], ['close']]);
  });

  it('keeps an attribute named __proto__ as a plain key, as saxes does', () => {
    let attrs: Record<string, string> | undefined;
    const sink: XmlSink = {
      wantsText: () => false,
      open: (_, a) => (attrs ??= a),
      close: () => {},
      text: () => {},
    };
    expect(scanXml('<r __proto__="x" constructor="y"/>', sink)).toBe(true);
    expect(Object.getPrototypeOf(attrs)).toBeNull();
    expect(Object.keys(attrs!)).toEqual(['__proto__', 'constructor']);
    expect(attrs!['__proto__']).toBe('x');
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r><r/>'],
    ['a processing instruction', '<r><?pi x?></r>'],
    ['XML 1.1', '<?xml version="1.1"?><r/>'],
    ['a declaration not first', ' <?xml version="1.0"?><r/>'],
    ['a non-ASCII name', '<r><é/></r>'],
    ['an entity XML does not define', '<r>&nbsp;</r>'],
    ['a reference to a character XML forbids', '<r>&#0;</r>'],
    ['a bare ampersand', '<r>a & b</r>'],
    ['a duplicate attribute', '<r a="1" a="2"/>'],
    ['attributes without whitespace between', '<r a="1"b="2"/>'],
    ['an unquoted attribute', '<r a=1/>'],
    ['an attribute without value', '<r a/>'],
    ["'<' in an attribute value", '<r a="<"/>'],
    ['a mismatched end tag', '<r><a></b></r>'],
    ['an end tag with extra characters', '<r><a></ab></r>'],
    ['an unclosed element', '<r><a></r>'],
    ['a second root', '<r/><r/>'],
    ['text before the root', 'x<r/>'],
    ['text after the root', '<r/>x'],
    ['"]]>" in text', '<r>]]></r>'],
    ['"--" in a comment', '<r><!-- a -- b --></r>'],
    ['a comment ending in "-"', '<r><!-- a ---></r>'],
    ['CDATA outside the root', '<![CDATA[x]]><r/>'],
    ['a control character', '<r>\u0001</r>'],
    ['U+FFFE', '<r>\uFFFE</r>'],
    ['no element at all', '  '],
    ['a truncated tag', '<r><a x="1"'],
  ])('gives up on %s', (_, text) => {
    expect(events(text)).toBeUndefined();
  });
});
