/**
 * Generated JUnit reports through the parser: counts and ids survive
 * escaping, unicode (astral characters included), CDATA (with `]]>` split
 * across sections) and attribute order; and however the bytes or the text are
 * cut into chunks, the streaming parse gives the result of a single write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedReport } from '../../../src/model/index.ts';
import { createDecoder } from '../../../src/ingest/decode.ts';
import { parseReportText, ReportBuilder } from '../../../src/ingest/parse.ts';

// ---------------------------------------------------------------------------
// The model a report is generated from.

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';
type RetryTag = 'flakyFailure' | 'flakyError' | 'rerunFailure' | 'rerunError';

interface GenResult {
  message: string;
  type: string;
  body: string;
}

interface GenCase {
  /** Index into GenReport.pairs. */
  pair: number;
  outcome: Outcome;
  result: GenResult;
  retries: { tag: RetryTag; result: GenResult }[];
  time?: string;
  stdout?: string;
}

interface GenReport {
  /** testsuites with several suites, or a single testsuite as root. */
  root: 'testsuites' | 'testsuite';
  /** Distinct (classname, name) pairs; cases pick from them, so a test may run twice. */
  pairs: { classname: string; name: string }[];
  suites: { name: string; cases: GenCase[] }[];
}

/** How one report is written: none of this may change what is read. */
interface Style {
  /** Seed of the attribute order of every element. */
  order: number;
  quote: '"' | "'";
  /** Bodies as CDATA sections (else escaped text). */
  cdata: boolean;
  /** Characters outside ASCII written as numeric character references. */
  charRefs: boolean;
  declaration: boolean;
}

// ---------------------------------------------------------------------------
// Text generators: every character XML 1.0 allows, weighted to the awkward ones.

const SPECIAL = [
  '<',
  '>',
  '&',
  '"',
  "'",
  ']]>',
  ']]',
  ']',
  '<![CDATA[',
  ' ',
  '\t',
  '\n',
  ':',
  '.',
  '/',
  '\\',
  '#',
  '%',
  '&amp;',
  '&#0;',
  'é',
  'ß',
  'İ',
  '€',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ufffd',
  '😀',
  '👩‍💻',
  '𝄞',
  '𠀋',
  'e\u0301',
];

const xmlChar = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCharCode(c)),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  },
);

const text = (maxLength: number) => fc.array(xmlChar, { maxLength }).map((a) => a.join(''));

/** Attribute text: may hold CR too (written as a character reference). */
const attrText = (maxLength: number) =>
  fc
    .array(
      fc.oneof({ weight: 12, arbitrary: xmlChar }, { weight: 1, arbitrary: fc.constant('\r') }),
      { maxLength },
    )
    .map((a) => a.join(''));

/**
 * Classnames: no `:` (the id joins classname and name with `::`, see the
 * report) and not ending in `_spec` (which makes the report RSpec's, whose ids
 * are built from a file path instead).
 */
const classname = text(12).filter((s) => s.length > 0 && !s.includes(':') && !s.endsWith('_spec'));

const result: fc.Arbitrary<GenResult> = fc.record({
  message: attrText(10),
  type: text(6),
  // Bodies never hold CR: in CDATA XML turns it into LF, as it does in text.
  body: text(30),
});

const genCase = (pairs: number): fc.Arbitrary<GenCase> =>
  fc.record(
    {
      pair: fc.nat({ max: pairs - 1 }),
      outcome: fc.constantFrom<Outcome>('passed', 'failure', 'error', 'skipped'),
      result,
      retries: fc.array(
        fc.record({
          tag: fc.constantFrom<RetryTag>(
            'flakyFailure',
            'flakyError',
            'rerunFailure',
            'rerunError',
          ),
          result,
        }),
        { maxLength: 2 },
      ),
      time: fc.constantFrom('0', '0.001', '1.5', '1,234.5'),
      stdout: text(10),
    },
    { requiredKeys: ['pair', 'outcome', 'result', 'retries'] },
  );

const report: fc.Arbitrary<GenReport> = fc
  .uniqueArray(fc.record({ classname, name: attrText(16) }), {
    minLength: 1,
    maxLength: 6,
    selector: (p) => `${p.classname}\u0000${p.name}`,
  })
  .chain((pairs) =>
    fc.record({
      root: fc.constantFrom<GenReport['root']>('testsuites', 'testsuite'),
      pairs: fc.constant(pairs),
      suites: fc.array(
        fc.record({
          // A space keeps suite names from looking like Go packages or JS files.
          name: fc.nat({ max: 99 }).map((n) => `Suite ${n}`),
          cases: fc.array(genCase(pairs.length), { maxLength: 6 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  )
  .map((r) => (r.root === 'testsuite' ? { ...r, suites: r.suites.slice(0, 1) } : r));

const style: fc.Arbitrary<Style> = fc.record({
  order: fc.nat(),
  quote: fc.constantFrom<Style['quote']>('"', "'"),
  cdata: fc.boolean(),
  charRefs: fc.boolean(),
  declaration: fc.boolean(),
});

// ---------------------------------------------------------------------------
// Serialisation with correct escaping.

function charRef(ch: string): string {
  return `&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`;
}

function escapeAttr(s: string, st: Style): string {
  let out = '';
  for (const ch of s) {
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += st.quote === '"' ? '&quot;' : ch;
    else if (ch === "'") out += st.quote === "'" ? '&apos;' : ch;
    // Whitespace other than space is normalised to a space unless written as a reference.
    else if (ch === '\t' || ch === '\n' || ch === '\r') out += charRef(ch);
    else if (st.charRefs && ch.codePointAt(0)! > 0x7e) out += charRef(ch);
    else out += ch;
  }
  return out;
}

function escapeText(s: string, st: Style): string {
  let out = '';
  for (const ch of s) {
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>')
      out += '&gt;'; // `]]>` may not appear in text
    else if (st.charRefs && ch.codePointAt(0)! > 0x7e) out += charRef(ch);
    else out += ch;
  }
  return out;
}

/** A CDATA body; `]]>` inside it ends one section and starts the next. */
function cdata(s: string): string {
  return `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function body(s: string, st: Style): string {
  return st.cdata && s !== '' ? cdata(s) : escapeText(s, st);
}

/** Deterministic shuffle from the style's seed (a tiny LCG). */
function shuffled<T>(items: T[], seed: { s: number }): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    seed.s = (Math.imul(seed.s, 1103515245) + 12345) >>> 0;
    const j = seed.s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function serialize(r: GenReport, st: Style): string {
  const seed = { s: st.order };
  const q = st.quote;
  const attrs = (list: [string, string | undefined][]) =>
    shuffled(
      list.filter((kv): kv is [string, string] => kv[1] !== undefined),
      seed,
    )
      .map(([k, v]) => ` ${k}=${q}${escapeAttr(v, st)}${q}`)
      .join('');
  const resultEl = (tag: string, x: GenResult) =>
    `<${tag}${attrs([
      ['message', x.message],
      ['type', x.type],
    ])}>${body(x.body, st)}</${tag}>`;
  const caseEl = (c: GenCase) => {
    const p = r.pairs[c.pair]!;
    let inner = '';
    if (c.outcome !== 'passed') inner += resultEl(c.outcome, c.result);
    for (const x of c.retries) inner += resultEl(x.tag, x.result);
    if (c.stdout !== undefined) inner += `<system-out>${body(c.stdout, st)}</system-out>`;
    return `<testcase${attrs([
      ['classname', p.classname],
      ['name', p.name],
      ['time', c.time],
    ])}>${inner}</testcase>`;
  };
  const suiteEl = (s: GenReport['suites'][number]) =>
    `<testsuite${attrs([
      ['name', s.name],
      ['tests', String(s.cases.length)],
    ])}>\n${s.cases.map(caseEl).join('\n')}\n</testsuite>`;
  const decl = st.declaration ? `<?xml version=${q}1.0${q} encoding=${q}UTF-8${q}?>\n` : '';
  if (r.root === 'testsuite') return decl + suiteEl(r.suites[0]!) + '\n';
  return `${decl}<testsuites${attrs([['name', 'props']])}>\n${r.suites.map(suiteEl).join('\n')}\n</testsuites>\n`;
}

// ---------------------------------------------------------------------------
// What the parse must give.

function allCases(r: GenReport): GenCase[] {
  return r.suites.flatMap((s) => s.cases);
}

/** JavaScript's trim of a body, as the failure stack is kept. */
function trimmed(s: string): string {
  return s.replace(/^\s+/, '').replace(/\s+$/, '');
}

function checkAgainstModel(g: GenReport, p: ParsedReport): void {
  expect(p.error).toBeUndefined();
  const cases = allCases(g);
  const fails = cases.filter((c) => c.outcome === 'failure' || c.outcome === 'error').length;
  const skips = cases.filter((c) => c.outcome === 'skipped').length;
  const retries = cases.reduce((n, c) => n + c.retries.length, 0);
  expect(p.counts).toEqual({
    testcases: cases.length,
    failed: fails,
    skipped: skips,
    passed: cases.length - fails - skips,
    retryAttempts: retries,
  });
  expect(p.attempts).toHaveLength(cases.length + retries);

  // Every generated (classname, name) that ran maps to exactly one test, with its exact name.
  const ran = [...new Set(cases.map((c) => c.pair))];
  expect(p.tests).toHaveLength(ran.length);
  const idOf = new Map<number, string>();
  for (const i of ran) {
    const { classname, name } = g.pairs[i]!;
    const hits = p.tests.filter((t) => t.name === name && t.suite === classname);
    expect(hits, JSON.stringify({ classname, name })).toHaveLength(1);
    idOf.set(i, hits[0]!.id);
  }
  expect(new Set(idOf.values()).size).toBe(ran.length);

  // Attempts come in document order; each testcase gives its flaky runs, its own run, its reruns.
  let k = 0;
  for (const c of cases) {
    const id = idOf.get(c.pair)!;
    const flaky = c.retries.filter((x) => x.tag.startsWith('flaky'));
    const reruns = c.retries.filter((x) => x.tag.startsWith('rerun'));
    k += flaky.length;
    const main = p.attempts[k++]!;
    expect(main.testId).toBe(id);
    const want = { passed: 'passed', failure: 'failed', error: 'error', skipped: 'skipped' }[
      c.outcome
    ];
    expect(main.outcome).toBe(want);
    if (c.outcome === 'failure' || c.outcome === 'error') {
      expect(main.failure?.stack).toBe(trimmed(c.result.body));
      if (c.result.message.trim() !== '') expect(main.failure?.message).toBe(c.result.message);
      expect(main.failure?.type).toBe(c.result.type);
    }
    if (c.stdout) expect(main.stdout).toBe(c.stdout);
    k += reruns.length;
  }
  // Retry numbers count every attempt of a test in order.
  const seen = new Map<string, number>();
  for (const a of p.attempts) {
    const n = seen.get(a.testId) ?? 0;
    expect(a.retry).toBe(n);
    seen.set(a.testId, n + 1);
  }
}

const FILE = 'generated.xml';

/** Runs per property; FLAKEGATE_FC_RUNS=20000 soaks them. */
function runs(n: number): number {
  return Number(process.env.FLAKEGATE_FC_RUNS) || n;
}

describe('generated reports survive escaping, unicode, CDATA and attribute order', () => {
  it('counts, names and ids equal the generated ones', () => {
    fc.assert(
      fc.property(report, style, (g, st) => {
        checkAgainstModel(g, parseReportText(FILE, serialize(g, st)));
      }),
      { numRuns: runs(300) },
    );
  });

  it('the same report written two ways reads the same (order, quotes, CDATA vs text, char refs)', () => {
    fc.assert(
      fc.property(report, style, style, (g, a, b) => {
        const one = parseReportText(FILE, serialize(g, a));
        const two = parseReportText(FILE, serialize(g, b));
        expect(two).toEqual(one);
      }),
      { numRuns: runs(300) },
    );
  });

  it('ids do not depend on attribute order alone', () => {
    fc.assert(
      fc.property(report, style, fc.nat(), (g, st, order) => {
        const ids = (s: Style) => parseReportText(FILE, serialize(g, s)).tests.map((t) => t.id);
        expect(ids({ ...st, order })).toEqual(ids(st));
      }),
      { numRuns: runs(200) },
    );
  });

  it('CDATA split around `]]>` gives the body back whole', () => {
    fc.assert(
      fc.property(text(40), (s) => {
        const xml = `<testsuite name="S x"><testcase classname="c" name="n"><failure message="m">${cdata(s)}</failure></testcase></testsuite>`;
        const p = parseReportText(FILE, xml);
        expect(p.error).toBeUndefined();
        expect(p.attempts[0]!.failure!.stack).toBe(trimmed(s));
      }),
      { numRuns: runs(100) },
    );
  });
});

// ---------------------------------------------------------------------------
// Chunking: bytes through the decoder, or text straight into the builder.

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le';

function encode(s: string, enc: Encoding): Uint8Array {
  switch (enc) {
    case 'utf-8':
      return Buffer.from(s, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]);
    case 'utf-16le':
      return Buffer.from(s, 'utf16le');
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);
  }
}

/** Cut points (sorted, distinct, inside the length) to chunks. */
function cut<T extends { slice(a: number, b?: number): T; length: number }>(
  x: T,
  points: number[],
): T[] {
  const at = [...new Set(points.map((p) => p % (x.length + 1)))].sort((a, b) => a - b);
  const out: T[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(x.slice(prev, p));
    prev = p;
  }
  out.push(x.slice(prev));
  return out;
}

/** As read.ts does it: encoding sniffed from the head, chunks decoded and written, then flushed. */
function parseBytes(bytes: Uint8Array, points: number[]): ParsedReport {
  const b = new ReportBuilder(FILE);
  const d = createDecoder(bytes.subarray(0, 512));
  for (const chunk of cut(Buffer.from(bytes), points)) b.write(d.decode(chunk));
  b.write(d.decode(new Uint8Array(0), true));
  expect(d.replaced).toBe(false);
  return b.finish();
}

function parseChunks(s: string, points: number[]): ParsedReport {
  const b = new ReportBuilder(FILE);
  for (const chunk of cut(s, points)) b.write(chunk);
  return b.finish();
}

const points = fc.array(fc.nat(), { maxLength: 12 });
const encoding = fc.constantFrom<Encoding>(
  'utf-8',
  'utf-8-bom',
  'utf-16le-bom',
  'utf-16be-bom',
  'utf-16le',
);

describe('streaming: chunk splits never change the result', () => {
  it('bytes cut anywhere (inside multi-byte characters too) decode and parse as one write', () => {
    fc.assert(
      fc.property(report, style, encoding, points, (g, st, enc, at) => {
        const xml = serialize(g, {
          ...st,
          declaration: st.declaration && !enc.startsWith('utf-16'),
        });
        expect(parseBytes(encode(xml, enc), at)).toEqual(parseReportText(FILE, xml));
      }),
      { numRuns: runs(300) },
    );
  });

  it('text cut anywhere (inside surrogate pairs and CRLF too) parses as one write', () => {
    fc.assert(
      fc.property(report, style, points, fc.boolean(), (g, st, at, crlf) => {
        let xml = serialize(g, st);
        if (crlf) xml = xml.replaceAll('\n', '\r\n');
        expect(parseChunks(xml, at)).toEqual(parseReportText(FILE, xml));
      }),
      { numRuns: runs(300) },
    );
  });

  it('a report cut short gives the same error, position and partial read however it is split', () => {
    fc.assert(
      fc.property(report, style, fc.nat(), points, (g, st, end, at) => {
        const xml = serialize(g, st);
        // Anything shorter than the document up to its last `>` is cut short.
        let stop = end % xml.trimEnd().length;
        // Not inside a surrogate pair: half a pair cannot be written as UTF-8.
        if (/[\uD800-\uDBFF]/.test(xml[stop - 1] ?? '')) stop--;
        const truncated = xml.slice(0, stop);
        const whole = parseReportText(FILE, truncated);
        expect(whole.error?.file).toBe(FILE);
        expect(parseChunks(truncated, at)).toEqual(whole);
        expect(parseBytes(encode(truncated, 'utf-8'), at)).toEqual(whole);
      }),
      { numRuns: runs(300) },
    );
  });
});

// ---------------------------------------------------------------------------
// Junk: any mix of XML fragments is an error or a read, never a throw.

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

const fragment = fc.oneof(
  fc.constantFrom(
    '<testsuites>',
    '</testsuites>',
    '<testsuite name="s">',
    '</testsuite>',
    '<testcase classname="c" name="n">',
    '</testcase>',
    '<testcase name="x"/>',
    '<failure message="m">',
    '</failure>',
    '<skipped/>',
    '<flakyFailure>',
    '</flakyFailure>',
    '<system-out>',
    '</system-out>',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '<!DOCTYPE x [<!ENTITY e "&e;&e;">]>',
    '&e;',
    '&amp;',
    '&#0;',
    '&#x1F600;',
    '&#xD800;',
    '<?xml version="1.0"?>',
    '<?pi x?>',
    '"',
    "'",
    '=',
    '<',
    '>',
    '&',
    '\u0000',
    '\u0001',
    '\uFFFE',
    '\uD83D',
    '\uDE00',
    '\r',
    '\n',
  ),
  text(5),
);

describe('junk never throws', () => {
  it('any mix of fragments: a report with an error or a consistent read; strings well-formed', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), points, (parts, at) => {
        const junk = parts.join('');
        const p = parseReportText(FILE, junk);
        expect(p.file).toBe(FILE);
        if (p.error) expect(p.error.file).toBe(FILE);
        expect(p.attempts.length).toBe(p.counts.testcases + p.counts.retryAttempts);
        expect(p.counts.failed + p.counts.skipped + p.counts.passed).toBe(p.counts.testcases);
        // Strings the parser made never hold a lone surrogate saxes would have refused.
        for (const s of strings(p)) expect(LONE.test(s), JSON.stringify(s)).toBe(false);
        expect(parseChunks(junk, at)).toEqual(p);
      }),
      { numRuns: runs(500) },
    );
  });
});
