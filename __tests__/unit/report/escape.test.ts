import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_MESSAGE_MAX_BYTES,
  ANNOTATION_TITLE_MAX,
  TRUNCATION_MARKER,
  annotationMessage,
  annotationTitle,
  commandProperty,
  commandValue,
  htmlText,
  mdCode,
  mdCodeInTable,
  mdText,
  showInvisible,
  terminalText,
  truncate,
  truncateBytes,
  utf8Length,
} from '../../../src/report/escape.ts';
import { HOSTILE } from '../../helpers/corpus.ts';

// ---------------------------------------------------------------------------------------------
// The hostile corpus, read with a regex on purpose: the real JUnit parser is written elsewhere
// and this test must not depend on it.
// ---------------------------------------------------------------------------------------------

const CORPUS = pathToFileURL(HOSTILE);
if (!existsSync(CORPUS)) throw new Error(`hostile corpus not found at ${HOSTILE}`);

function decodeXml(s: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return s.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi,
    (_m, hex?: string, dec?: string, name?: string) =>
      hex !== undefined
        ? String.fromCodePoint(parseInt(hex, 16))
        : dec !== undefined
          ? String.fromCodePoint(Number(dec))
          : (named[name ?? ''] ?? ''),
  );
}

// XML normalises line ends, and in attribute values also literal tab/CR/LF to a space, before
// character references are decoded (so &#10; stays a real newline).
const attr = (raw: string) => decodeXml(raw.replace(/[\t\n\r]/g, ' '));

interface Case {
  label: string;
  raw: string;
}

function loadCorpus(): { names: Case[]; messages: Case[] } {
  const names: Case[] = [];
  const messages: Case[] = [];
  const files = readdirSync(CORPUS).filter((f) => /^(names-.*|messages-long)\.xml$/.test(f));
  for (const file of files.sort()) {
    const xml = readFileSync(new URL(file, CORPUS), 'utf8').replace(/\r\n?/g, '\n');
    const label = (raw: string) => `${file}: ${terminalText(truncate(raw, 60))}`;
    for (const m of xml.matchAll(/<testcase\b[^>]*?\sname="([^"]*)"/g)) {
      const raw = attr(m[1] ?? '');
      names.push({ label: label(raw), raw });
    }
    for (const m of xml.matchAll(/<failure\b([^>]*?)(?:\/>|>([\s\S]*?)<\/failure>)/g)) {
      const message = /\smessage="([^"]*)"/.exec(m[1] ?? '')?.[1];
      for (const raw of [message === undefined ? '' : attr(message), decodeXml(m[2] ?? '')]) {
        if (raw !== '' && !messages.some((c) => c.raw === raw)) {
          messages.push({ label: label(raw), raw });
        }
      }
    }
  }
  return { names, messages };
}

const { names, messages } = loadCorpus();
const hostile = [...names, ...messages];

// ---------------------------------------------------------------------------------------------
// Rendering: remark (micromark, CommonMark + GFM) to mdast for structure, then to HTML through
// rehype-raw (so any raw HTML that slipped through becomes real elements and fails the test
// instead of being silently dropped) and rehype-sanitize, whose default schema is GitHub's.
// ---------------------------------------------------------------------------------------------

interface Node {
  type: string;
  tagName?: string;
  value?: string;
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

function* walk(n: Node): Generator<Node> {
  yield n;
  for (const c of n.children ?? []) yield* walk(c);
}
const all = (n: Node, type: string) => [...walk(n)].filter((x) => x.type === type);
const elements = (n: Node, tag: string) => all(n, 'element').filter((x) => x.tagName === tag);
const typesIn = (n: Node) => new Set([...walk(n)].map((x) => x.tagName ?? x.type));
/** Rendered text, without the WORD JOINERs the escapers insert on purpose. */
const textOf = (n: Node) =>
  [...walk(n)]
    .filter((x) => x.type === 'text' || x.type === 'inlineCode')
    .map((x) => x.value ?? '')
    .join('')
    .replaceAll('\u2060', '');

const row = (cell: string) => `| name | x |\n| --- | --- |\n| ${cell} | x |\n`;

/** Things GitHub would turn into a ping or a link, searched in rendered text (WJ kept). */
const PINGS = [/@[A-Za-z0-9]/, /#\d/, /gh-\d/i, /:\/\//, /www\./i];

/** The GFM table holds exactly the header row and one body row of two cells, and returns them. */
function tableCells(md: string): Node[] {
  const tree = mdast(md);
  const tables = all(tree, 'table');
  expect(tables).toHaveLength(1);
  const rows = tables[0]?.children ?? [];
  expect(rows).toHaveLength(2);
  for (const r of rows) expect(r.children).toHaveLength(2);
  expect(textOf(rows[1]?.children?.[1] ?? { type: 'none' })).toBe('x');
  return rows[1]?.children ?? [];
}

/** The rendered HTML holds only harmless elements, and GitHub's sanitiser would change nothing. */
function expectInertHtml(md: string, allowed: string[]): Node {
  const tree = hast(md);
  const tags = [...walk(tree)].flatMap((n) => (n.tagName === undefined ? [] : [n.tagName]));
  expect(tags.filter((t) => !allowed.includes(t))).toEqual([]);
  // No attributes at all: so no href/src/on* and no javascript: anywhere but in text.
  for (const n of walk(tree)) {
    expect(Object.values(n.properties ?? {}).filter((v) => v !== undefined)).toEqual([]);
  }
  const html = toHtml(tree);
  const htmlTags = [...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]);
  expect(htmlTags.filter((t) => !allowed.includes(t ?? ''))).toEqual([]);
  expect(sanitized(tree)).toBe(html);
  const text = [...walk(tree)].flatMap((n) => (n.type === 'text' ? [n.value ?? ''] : [])).join('');
  for (const ping of PINGS) expect(text).not.toMatch(ping);
  return tree;
}

const TABLE_TAGS = ['table', 'thead', 'tbody', 'tr', 'th', 'td'];

// ---------------------------------------------------------------------------------------------

describe('hostile corpus', () => {
  it('was read: every names-*.xml gave names, the long message is there', () => {
    const files = new Set(hostile.map((c) => c.label.split(':')[0]));
    expect([...files].filter((f) => f?.startsWith('names-')).length).toBeGreaterThanOrEqual(9);
    const ids = names.map((c) => c.raw.slice(0, 5));
    for (const id of ['FGX40', 'FGX60', 'FGX63', 'FGX65', 'FGX67', 'FGX80', 'FGX81', 'FGX82']) {
      expect(ids).toContain(id);
    }
    expect(names.some((c) => c.raw.includes('\n'))).toBe(true);
    expect(names.some((c) => c.raw.length > 100_000)).toBe(true);
    expect(messages.some((c) => c.raw.length > 65_536)).toBe(true);
  });
});

describe('showInvisible', () => {
  it.each([
    ['line\none', 'line␊one'],
    ['cr\rtab\t', 'cr␍tab␉'],
    ['\u001b[31mred', '␛[31mred'],
    ['nul\0del\u007f', 'nul␀del␡'],
    ['c1\u0085\u009b', 'c1<U+0085><U+009B>'],
    ['safe\u202Egnp.exe\u202C', 'safe<U+202E>gnp.exe<U+202C>'],
    ['\u2066iso\u2069 \u061C \u200E\u200F', '<U+2066>iso<U+2069> <U+061C> <U+200E><U+200F>'],
    [
      'zero\u200Bwidth\u200C\u200D\u2060\uFEFF',
      'zero<U+200B>width<U+200C><U+200D><U+2060><U+FEFF>',
    ],
    ['\u2028\u2029', '<U+2028><U+2029>'],
    ['lone \uD800 pair 😀', 'lone <U+D800> pair 😀'],
    ['e\u0301 tеst', 'e\u0301 tеst'], // combining mark and Cyrillic е are visible: left alone
  ])('%j -> %j', (input, expected) => {
    expect(showInvisible(input)).toBe(expected);
  });

  it('keeps what it is told to keep', () => {
    expect(showInvisible('a\nb\tc\r', '\n\t')).toBe('a\nb\tc␍');
  });
});

describe('mdText', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['<img src=x>', '&lt;img src\\=x&gt;'],
    ['ping @fgx-victim', 'ping \\@\u2060fgx\\-victim'],
    ['#123 GH-456', '\\#\u2060123 GH\\-\u2060456'],
    ['http://x www.y', 'http\\:\u2060\\/\\/x www\u2060\\.y'],
    ['a\\|b', 'a\\\\\\|b'],
    [' lead and trail ', '&#32;lead and trail&#32;'],
    ['1. - # > ---', '1\\. \\- \\#\u2060 &gt; \\-\\-\\-'],
  ])('%j -> %j', (input, expected) => {
    expect(mdText(input)).toBe(expected);
  });

  for (const { label, raw } of hostile) {
    it(`table cell and paragraph: ${label}`, () => {
      const md = row(mdText(raw));
      const [cell] = tableCells(md);
      expect(typesIn(cell ?? { type: 'none' })).toEqual(new Set(['tableCell', 'text']));
      expect(textOf(cell ?? { type: 'none' })).toBe(showInvisible(raw));
      expectInertHtml(md, TABLE_TAGS);

      const para = mdast(mdText(raw));
      expect(typesIn(para)).toEqual(new Set(['root', 'paragraph', 'text']));
      expect(textOf(para)).toBe(showInvisible(raw));
      expectInertHtml(mdText(raw), ['p']);
    });
  }
});

describe('mdCode / mdCodeInTable', () => {
  it.each([
    ['plain', '` plain `'],
    ['`a``b`', '``` `a``b` ```'],
    ['a | b', '` a | b `'],
    ['', ''],
    ['  ', '`  `'],
  ])('mdCode %j -> %j', (input, expected) => {
    expect(mdCode(input)).toBe(expected);
  });

  it.each([
    ['a | b', '` a \\| b `'],
    ['a\\|b', '` a\\\u2060\\|b `'],
  ])('mdCodeInTable %j -> %j', (input, expected) => {
    expect(mdCodeInTable(input)).toBe(expected);
  });

  for (const { label, raw } of hostile) {
    it(`code span: ${label}`, () => {
      const para = mdast(mdCode(raw));
      expect(typesIn(para)).toEqual(new Set(['root', 'paragraph', 'inlineCode']));
      expect(all(para, 'inlineCode')).toHaveLength(1);
      expect(textOf(para)).toBe(showInvisible(raw));
      // Inside <code> GitHub neither pings nor links, so only the element set is checked here.
      const tree = hast(mdCode(raw));
      expect(new Set(all(tree, 'element').map((e) => e.tagName))).toEqual(new Set(['p', 'code']));

      const [cell] = tableCells(row(mdCodeInTable(raw)));
      expect(typesIn(cell ?? { type: 'none' })).toEqual(new Set(['tableCell', 'inlineCode']));
      expect(textOf(cell ?? { type: 'none' })).toBe(showInvisible(raw));
    });
  }
});

describe('htmlText', () => {
  for (const { label, raw } of hostile) {
    it(`<details><summary>, table cell and paragraph: ${label}`, () => {
      const md = `<details><summary>${htmlText(raw)}</summary>\n\nbody\n\n</details>\n\nafter\n`;
      const tree = expectInertHtml(md, ['details', 'summary', 'p']);
      const [summary, ...more] = elements(tree, 'summary');
      expect(more).toEqual([]);
      expect(typesIn(summary ?? { type: 'none' })).toEqual(new Set(['summary', 'text']));
      expect(textOf(summary ?? { type: 'none' })).toBe(showInvisible(raw));
      // The block still closes where the template closes it: "after" is outside <details>.
      const [details] = elements(tree, 'details');
      expect(textOf(details ?? { type: 'none' })).not.toContain('after');
      expect(elements(tree, 'p').map(textOf)).toEqual(['body', 'after']);

      const [cell] = tableCells(row(htmlText(raw)));
      expect(textOf(cell ?? { type: 'none' })).toBe(showInvisible(raw));
      expect(textOf(mdast(htmlText(raw)))).toBe(showInvisible(raw));
    });
  }
});

// A model of actions/runner's ActionCommand: TryParseV2 (`::cmd props::data` after leading
// whitespace) and the legacy TryParse (`##[cmd]` anywhere in the line), with its unescaping.
const unescape = (s: string, pairs: [string, string][]) =>
  pairs.reduce((acc, [code, ch]) => acc.replaceAll(code, ch), s);
const DATA: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];

/** .NET Char.IsWhiteSpace, which String.Trim uses (unlike JS trim, it keeps U+FEFF). */
const dotnetTrim = (s: string, end = true) =>
  s.replace(end ? /^[\t-\r\x85\p{Z}]+|[\t-\r\x85\p{Z}]+$/gu : /^[\t-\r\x85\p{Z}]+/u, '');

function runnerParseV2(line: string) {
  const m = dotnetTrim(line, false);
  if (!m.startsWith('::')) return undefined;
  const end = m.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = m.slice(2, end);
  const space = info.indexOf(' ');
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const p of dotnetTrim(info.slice(space + 1)).split(',')) {
      const eq = p.indexOf('=');
      if (eq > 0 && eq < p.length - 1)
        properties[p.slice(0, eq)] = unescape(p.slice(eq + 1), PROPERTY);
    }
  }
  const command = space < 0 ? info : info.slice(0, space);
  return { command, properties, data: unescape(m.slice(end + 2), DATA) };
}
const runnerSeesCommand = (line: string) =>
  runnerParseV2(line) !== undefined || line.includes('##[');

describe('commandValue / commandProperty', () => {
  it.each([
    ['a%b\r\nc', 'a%25b%0D%0Ac'],
    ['%0A::set-output name=risk::NONE', '%250A::set-output name=risk::NONE'],
  ])('commandValue %j -> %j', (input, expected) => {
    expect(commandValue(input)).toBe(expected);
  });

  it('commandProperty also escapes : and ,', () => {
    expect(commandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  for (const { label, raw } of hostile) {
    it(`one command line, decoded back exactly: ${label}`, () => {
      // title first: the runner trims the property list, so a last value loses edge whitespace.
      const line = `::error title=${commandProperty(raw)},file=${commandProperty('f,1:2')}::${commandValue(raw)}`;
      expect(line).not.toMatch(/[\r\n]/);
      expect(runnerParseV2(line)).toEqual({
        command: 'error',
        properties: { file: 'f,1:2', title: raw },
        data: raw,
      });
    });
  }
});

describe('terminalText', () => {
  it.each([
    ['::warning::FLAKEGATE-INJECTED', '\\::warning::FLAKEGATE-INJECTED'],
    ['  ::error::x', '  \\::error::x'],
    ['a ##[add-mask]b', 'a ##\\[add-mask]b'],
    ['FGX31\n::add-mask::X', 'FGX31␊::add-mask::X'],
    ['\u001b]8;;http://x\u0007link\u001b]8;;\u0007', '␛]8;;http://x␇link␛]8;;␇'],
  ])('%j -> %j', (input, expected) => {
    expect(terminalText(input)).toBe(expected);
  });

  for (const { label, raw } of hostile) {
    it(`one inert log line: ${label}`, () => {
      const out = terminalText(raw);
      expect(out).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      expect(runnerSeesCommand(out)).toBe(false);
    });
  }
});

describe('annotationTitle / annotationMessage', () => {
  for (const { label, raw } of hostile) {
    it(`within GitHub's limits: ${label}`, () => {
      const title = annotationTitle(raw);
      expect(title.length).toBeLessThanOrEqual(ANNOTATION_TITLE_MAX);
      expect(title).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      expect(title.endsWith(TRUNCATION_MARKER)).toBe(showInvisible(raw).length > 255);

      const message = annotationMessage(raw);
      expect(utf8Length(message)).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX_BYTES);
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX_BYTES);
      expect(message).not.toMatch(/[\r\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|(?![\n\t])\p{Cc}/u);
    });
  }

  it('keeps lines and tabs of a message, folds CRLF', () => {
    expect(annotationMessage('a\r\n\tb\rc\u202E')).toBe('a\n\tb\nc<U+202E>');
  });

  it('cuts the 70 KB message with a marker', () => {
    const long = messages.find((c) => c.raw.length > 65_536)?.raw ?? '';
    expect(annotationMessage(long).endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(truncate(long, 65_535).length).toBe(65_535);
  });
});

describe('truncate / truncateBytes', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdefghijklmnopqrstuvwxyz', 16, 'abc… (truncated)'],
    ['ab😀cd', 3, 'ab'], // marker does not fit: plain cut, and never half an emoji
    ['ab😀cd', 4, 'ab😀'],
  ])('truncate(%j, %i) -> %j', (input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
  });

  it('truncateBytes counts UTF-8', () => {
    expect(truncateBytes('ééé', 4, '')).toBe('éé');
    expect(truncateBytes('😀😀', 7, '')).toBe('😀');
  });

  it('refuses a nonsense limit', () => {
    expect(() => truncate('x', -1)).toThrow(RangeError);
    expect(() => truncateBytes('x', Number.NaN)).toThrow(/maxBytes/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. Random Unicode seldom hits Markdown syntax, so strings are built from hostile
// pieces mixed with arbitrary code points and lone surrogates.
// ---------------------------------------------------------------------------------------------

const PIECES = [
  ...'|\\`*_[]()#!<>&"\'~@:/.-+=$^{}%, \n\r\t',
  '``',
  '\\|',
  '\\\\|',
  '    ',
  '\u202E',
  '\u2066',
  '\u200B',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u001b[31m',
  '\u0085',
  '\u009b',
  '\0',
  '\uD800',
  '\uDC00',
  '😀',
  '\u0301',
  'www.',
  'http://',
  'GH-1',
  '@a',
  '#1',
  'a@b.co',
  '<img src=x>',
  '&amp;',
  '&#124;',
  '1.',
  '- ',
  '> ',
  '::',
  '##[',
  'javascript:',
  'x',
];
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc
  .array(
    fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 2 }), codeUnit),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));
const anyUtf16 = fc.string({
  unit: fc.oneof(fc.string({ unit: 'binary', maxLength: 1 }), codeUnit),
});
const hasLoneSurrogate = (s: string) => /\p{Cs}/u.test(s);

describe('properties', () => {
  it('commandValue/commandProperty: no CR/LF, and the runner decodes the original', () => {
    fc.assert(
      fc.property(fc.oneof(anyUtf16, hostileString), (s) => {
        expect(commandValue(s)).not.toMatch(/[\r\n]/);
        expect(commandProperty(s)).not.toMatch(/[\r\n:,]/);
        const line = `::notice title=${commandProperty(s)},line=1::${commandValue(s)}`;
        // The runner drops a property with an empty value.
        const properties = s === '' ? { line: '1' } : { title: s, line: '1' };
        expect(runnerParseV2(line)).toEqual({ command: 'notice', properties, data: s });
      }),
      { numRuns: 500 },
    );
  });

  it('mdText and htmlText: one table cell, one plain paragraph, same text', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        for (const escape of [mdText, htmlText]) {
          const [cell] = tableCells(row(escape(s)));
          expect(textOf(cell ?? { type: 'none' })).toBe(showInvisible(s));
          expectInertHtml(row(escape(s)), TABLE_TAGS);
          const para = mdast(escape(s));
          expect(
            [...typesIn(para)].filter((t) => !['root', 'paragraph', 'text'].includes(t)),
          ).toEqual([]);
          expect(textOf(para)).toBe(showInvisible(s));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('mdCodeInTable: one table cell holding one code span with the same text', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const [cell] = tableCells(row(mdCodeInTable(s)));
        expect(textOf(cell ?? { type: 'none' })).toBe(showInvisible(s));
        expect(all(cell ?? { type: 'none' }, 'inlineCode').length).toBe(s === '' ? 0 : 1);
      }),
      { numRuns: 300 },
    );
  });

  it('terminalText: no controls, no runner command', () => {
    fc.assert(
      fc.property(fc.oneof(anyUtf16, hostileString), (s) => {
        const out = terminalText(s);
        expect(out).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
        expect(runnerSeesCommand(out)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('truncate: at most max code units, a prefix, no new lone surrogate', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyUtf16, hostileString),
        fc.nat(60),
        fc.constantFrom('', '…', TRUNCATION_MARKER),
        (s, max, marker) => {
          const out = truncate(s, max, marker);
          expect(out.length).toBeLessThanOrEqual(max);
          if (s.length <= max) expect(out).toBe(s);
          else
            expect(
              s.startsWith(out.endsWith(marker) ? out.slice(0, out.length - marker.length) : out),
            ).toBe(true);
          if (!hasLoneSurrogate(s)) expect(hasLoneSurrogate(out)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('truncateBytes: at most max UTF-8 bytes, no new lone surrogate', () => {
    fc.assert(
      fc.property(fc.oneof(anyUtf16, hostileString), fc.nat(80), (s, max) => {
        const out = truncateBytes(s, max);
        expect(utf8Length(out)).toBeLessThanOrEqual(max);
        expect(Buffer.byteLength(out)).toBe(utf8Length(out));
        if (!hasLoneSurrogate(s)) expect(hasLoneSurrogate(out)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
