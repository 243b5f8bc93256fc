/**
 * A fast reader for the XML that test tools write, used before saxes. It
 * walks a whole report with indexOf and sticky regexes instead of a state
 * machine per character, which makes it several times faster than saxes on
 * the bench history (saxes was a third of ingest's time).
 *
 * It knows a strict subset of XML 1.0: an optional declaration, comments,
 * one root element, ASCII names, quoted attributes, CDATA, the five
 * predefined entities and character references. Anything else (a DOCTYPE, a
 * processing instruction, a non-ASCII name, XML 1.1) and anything that is not
 * well-formed makes it give up (returns false) rather than guess: the caller
 * then reads the file with saxes, which stays the authority on what is wrong
 * and where. Inside the subset it hands the sink what saxes would: attribute
 * values with whitespace normalized, text with line ends normalized and
 * references decoded (differential tests in __tests__/unit/ingest/xml-scan).
 */

export interface XmlSink {
  /** Whether text here is kept: text is decoded only then, and still checked always. */
  wantsText(): boolean;
  open(name: string, attributes: Record<string, string>): void;
  close(): void;
  text(text: string): void;
}

/** Characters XML 1.0 never allows (lone surrogates are made well-formed before). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const DISALLOWED = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const S = '[ \\t\\r\\n]';
const DECL = new RegExp(
  `<\\?xml${S}+version${S}*=${S}*(?:"1\\.0"|'1\\.0')` +
    `(?:${S}+encoding${S}*=${S}*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?` +
    `(?:${S}+standalone${S}*=${S}*(?:"(?:yes|no)"|'(?:yes|no)'))?${S}*\\?>`,
  'y',
);
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Thrown inside the scan to give up; never escapes scanXml. */
class OutOfSubset extends Error {}
const GIVE_UP = new OutOfSubset();

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function skipSpace(s: string, i: number): number {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** XML 1.0's Char production, for character references. */
function isChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** The reference at `at` (a '&'), decoded; sets REFERENCE.lastIndex past it. */
function reference(s: string, at: number): string {
  REFERENCE.lastIndex = at;
  const m = REFERENCE.exec(s);
  if (m === null) throw GIVE_UP;
  if (m[1] !== undefined) return PREDEFINED[m[1]]!;
  const cp = m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16);
  if (!isChar(cp)) throw GIVE_UP;
  return String.fromCodePoint(cp);
}

/**
 * Character data from `from` to `to`, decoded: CR LF and lone CR become LF in
 * the literal parts only (a reference to CR stays one). `attr`: attribute
 * value normalization, where literal tab, LF and CR (CR LF as one) become a space.
 */
function decode(s: string, from: number, to: number, attr: boolean): string {
  let out = '';
  let i = from;
  while (i < to) {
    const amp = s.indexOf('&', i);
    const end = amp < 0 || amp >= to ? to : amp;
    if (end > i) out += literal(s.slice(i, end), attr);
    if (end === to) break;
    out += reference(s, end);
    i = REFERENCE.lastIndex;
    if (i > to) throw GIVE_UP;
  }
  return out;
}

function literal(t: string, attr: boolean): string {
  if (attr) return /[\t\n\r]/.test(t) ? t.replace(/\r\n|[\t\n\r]/g, ' ') : t;
  return t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
}

/**
 * Text between markup inside the root: checked always, decoded only when
 * wanted. Unwanted text (mostly indentation) is checked in place, with no copy.
 */
function charData(s: string, from: number, to: number, sink: XmlSink): void {
  if (sink.wantsText()) {
    const raw = s.slice(from, to);
    if (raw.includes(']]>')) throw GIVE_UP;
    sink.text(raw.includes('&') ? decode(s, from, to, false) : literal(raw, false));
    return;
  }
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26) {
      reference(s, i);
      i = REFERENCE.lastIndex - 1;
    } else if (c === 0x5d && s.startsWith(']]>', i)) throw GIVE_UP;
  }
}

/** Only whitespace may stand outside the root element. */
function onlySpace(s: string, from: number, to: number): void {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) throw GIVE_UP;
}

/** `<![CDATA[` at `lt`, inside the root. Returns where scanning resumes. */
function cdata(s: string, lt: number, sink: XmlSink): number {
  const end = s.indexOf(']]>', lt + 9);
  if (end < 0) throw GIVE_UP;
  if (sink.wantsText()) sink.text(literal(s.slice(lt + 9, end), false));
  return end + 3;
}

/** `<!--` at `lt`. Returns where scanning resumes. */
function comment(s: string, lt: number): number {
  const end = s.indexOf('-->', lt + 4);
  // '--' may not appear inside, nor '-' end the comment ('--->'): the first '--' is the end's.
  if (end < 0 || s.indexOf('--', lt + 4) !== end) throw GIVE_UP;
  return end + 3;
}

/** Where the ASCII name starting at `i` ends; gives up if none starts there. */
function nameEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const l = c | 0x20; // ASCII letters to lower case
  if (!((l >= 0x61 && l <= 0x7a) || c === 0x5f || c === 0x3a)) throw GIVE_UP;
  let j = i + 1;
  for (;;) {
    const d = s.charCodeAt(j);
    const m = d | 0x20;
    if (
      (m >= 0x61 && m <= 0x7a) ||
      (d >= 0x30 && d <= 0x3a) ||
      d === 0x5f ||
      d === 0x2d ||
      d === 0x2e
    )
      j++;
    else return j;
  }
}

/** The open tag being read: fields rather than an object per tag. */
let tagEnd = 0;
let tagEmpty = false;

/** Reads the open tag at `lt` into `attributes`; returns its name (tagEnd, tagEmpty set). */
function openTag(s: string, lt: number, attributes: Record<string, string>): string {
  let j = nameEnd(s, lt + 1);
  const name = s.slice(lt + 1, j);
  for (;;) {
    const k = skipSpace(s, j);
    const c = s.charCodeAt(k);
    if (c === 0x3e) {
      tagEnd = k + 1;
      tagEmpty = false;
      return name;
    }
    if (c === 0x2f) {
      if (s.charCodeAt(k + 1) !== 0x3e) throw GIVE_UP;
      tagEnd = k + 2;
      tagEmpty = true;
      return name;
    }
    if (k === j) throw GIVE_UP; // attributes are separated by whitespace
    const e = nameEnd(s, k);
    const attr = s.slice(k, e);
    let v = skipSpace(s, e);
    if (s.charCodeAt(v) !== 0x3d) throw GIVE_UP;
    v = skipSpace(s, v + 1);
    const q = s.charCodeAt(v);
    if (q !== 0x22 && q !== 0x27) throw GIVE_UP;
    // One pass to the closing quote, noting what needs decoding ('&', tab, LF, CR).
    let close = v + 1;
    let plain = true;
    for (;;) {
      const d = s.charCodeAt(close);
      if (d === q) break;
      if (d === 0x3c || d !== d) throw GIVE_UP; // '<', or the text ended (NaN)
      if (d === 0x26 || d < 0x20) plain = false;
      close++;
    }
    if (attributes[attr] !== undefined) throw GIVE_UP;
    attributes[attr] = plain ? s.slice(v + 1, close) : decode(s, v + 1, close, true);
    j = close + 1;
  }
}

/**
 * Reads `text` (a whole report) into `sink`. Returns false, at any point,
 * when the text leaves the subset above or is not well-formed; what the sink
 * was given by then must be thrown away. Errors the sink throws propagate.
 */
export function scanXml(text: string, sink: XmlSink): boolean {
  try {
    scan(text, sink);
    return true;
  } catch (e) {
    if (e instanceof OutOfSubset) return false;
    throw e;
  }
}

function scan(s: string, sink: XmlSink): void {
  if (DISALLOWED.test(s)) throw GIVE_UP;
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (s.startsWith('<?xml', i)) {
    DECL.lastIndex = i;
    if (!DECL.test(s)) throw GIVE_UP;
    i = DECL.lastIndex;
  }
  const open: string[] = [];
  let rootDone = false;
  const n = s.length;
  while (i < n) {
    const lt = s.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      if (open.length === 0) onlySpace(s, i, end);
      else charData(s, i, end, sink);
    }
    if (lt < 0) break;
    const c = s.charCodeAt(lt + 1);
    if (c === 0x2f) {
      // An end tag: the name of the innermost open element, then '>'.
      const name = open.pop();
      if (name === undefined || !s.startsWith(name, lt + 2)) throw GIVE_UP;
      const gt = skipSpace(s, lt + 2 + name.length);
      if (s.charCodeAt(gt) !== 0x3e) throw GIVE_UP;
      sink.close();
      if (open.length === 0) rootDone = true;
      i = gt + 1;
    } else if (c === 0x21) {
      if (s.startsWith('<!--', lt)) i = comment(s, lt);
      else if (open.length > 0 && s.startsWith('<![CDATA[', lt)) i = cdata(s, lt, sink);
      else throw GIVE_UP; // a DOCTYPE, or CDATA outside the root
    } else {
      // '<?' (a processing instruction) fails the name test too.
      if (rootDone) throw GIVE_UP; // a second root
      // saxes' own choice: no prototype, so any attribute name is a plain key.
      const attributes = Object.create(null) as Record<string, string>;
      const name = openTag(s, lt, attributes);
      const empty = tagEmpty;
      i = tagEnd;
      sink.open(name, attributes);
      if (empty) {
        sink.close();
        if (open.length === 0) rootDone = true;
      } else open.push(name);
    }
  }
  if (!rootDone) throw GIVE_UP;
}
