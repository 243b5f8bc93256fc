/**
 * Escaping for every place a hostile string (test name, class name, failure message: all written
 * by pull-request code) can land. One pure function per sink. They only change how a string is
 * shown; ids and verdict JSON keep the raw bytes so history matching still works.
 *
 * Order matters and is the same everywhere: make invisible characters visible first (on the raw
 * text), then neutralise pings and links, then escape the sink's syntax. Truncate the raw text
 * (or the visible text, as the annotation helpers do) before a Markdown/HTML escape, never the
 * escaped output: a cut can split an escape (`\|`, `&lt;`) in two.
 *
 * A visible form is deliberately ambiguous with a name that literally contains it (a name may
 * really contain "␊" or "<U+202E>"); that is fine for display, which is all these are for.
 */

/** U+2060 WORD JOINER: zero width, no line break, and not a word character for GitHub. */
const WJ = '\u2060';

/** Appended by `truncate` and `truncateBytes`. */
export const TRUNCATION_MARKER = '… (truncated)';

/** GitHub rejects a check-run annotation whose title is longer (UTF-16 code units). */
export const ANNOTATION_TITLE_MAX = 255;

/**
 * GitHub documents "64 KB" for an annotation message without saying 1000 or 1024. Counting UTF-8
 * bytes against 64,000 satisfies every reading: a string's UTF-8 length is never less than its
 * UTF-16 length, and 64,000 is below both 65,535 and 65,536.
 */
export const ANNOTATION_MESSAGE_MAX_BYTES = 64_000;

/**
 * Characters that draw nothing or move other text: controls (Cc: C0, DEL, C1), format characters
 * (Cf: bidi embeddings/overrides/isolates/marks U+202A-E, U+2066-9, U+200E/F, U+061C, zero-width
 * space and joiners U+200B-D, WORD JOINER, BOM/ZWNBSP, soft hyphen, tag characters), line and
 * paragraph separators (Zl, Zp: U+2028/9), lone surrogates (Cs, with the u flag a half pair is
 * its own code point) and a few letters that render blank and are known from spoofing (combining
 * grapheme joiner U+034F, Hangul fillers U+115F, U+1160, U+3164, U+FFA0).
 *
 * ZWJ is shown even inside emoji ZWJ sequences (👩<U+200D>💻): between letters the same character
 * makes two identical-looking names differ, and one rule is easier to trust than an exception.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u034F\u115F\u1160\u3164\uFFA0]/gu;

/** ASCII punctuation, every character that CommonMark lets a backslash escape. */
const ASCII_PUNCTUATION = /[\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]/g;

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `<U+202E>`: the notation Unicode charts use, readable in every sink. */
function codePointLabel(cp: number): string {
  return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Makes invisible and control characters visible. C0 controls and DEL become their Unicode
 * Control Pictures (LF -> ␊, CR -> ␍, TAB -> ␉, ESC -> ␛, NUL -> ␀, DEL -> ␡): one character, no
 * syntax in any sink. Everything else in INVISIBLE becomes `<U+XXXX>`. Characters listed in
 * `keep` (e.g. '\n\t' for a multi-line message) pass through.
 */
export function showInvisible(s: string, keep = ''): string {
  return s.replace(INVISIBLE, (ch) => {
    if (keep.includes(ch)) return ch;
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20) return String.fromCharCode(0x2400 + cp);
    if (cp === 0x7f) return '\u2421';
    return codePointLabel(cp);
  });
}

/**
 * Breaks what GitHub turns into a ping or a link after rendering, by inserting a WORD JOINER.
 * Escaping alone cannot do this: GitHub finds @mentions, #123 / GH-123 references and bare URLs
 * in the rendered text, after `\@` or `&#64;` has already been decoded back to `@`. A WORD JOINER
 * right after `@`, `#`, `GH-`, the colon of `://` and inside `www.` stops every one of those
 * patterns (and e-mail / mailto: / xmpp: autolinks, which need `@`), while the reader still sees
 * the same characters. It is our only inserted invisible, and it is known, so tests strip it.
 */
function defuse(s: string): string {
  return s
    .replace(/[@#]/g, `$&${WJ}`)
    .replace(/(gh-)(?=\d)/gi, `$1${WJ}`)
    .replace(/:(?=\/\/)/g, `:${WJ}`)
    .replace(/(www)(?=\.)/gi, `$1${WJ}`);
}

/**
 * Leading or trailing spaces would be stripped from a paragraph or table cell, and four of them
 * at the start of a line open an indented code block. As a character reference they are text.
 */
function pinEdgeSpaces(s: string): string {
  return s.replace(/^ | $/g, '&#32;');
}

/**
 * Text for GitHub-flavoured Markdown: paragraphs, list items, emphasis AND table cells.
 *
 * - The five HTML characters become entities, so no tag, comment or `</details>` can open or
 *   close anything (entities also read right if the line ends up inside an HTML block).
 * - Every other ASCII punctuation character is backslash-escaped. Escaping all of them rather
 *   than a list means no construct can start: links and images `[`/`!`, emphasis `*`/`_`,
 *   strike `~`, code `` ` ``, math `$`, footnotes `^`, headings `#`, lists `-`/`+`/`1.`,
 *   thematic breaks, setext underlines `=`, GFM alerts, and `|`, which becomes `\|`: GFM splits
 *   a table row only on a pipe with no backslash in front of it, and since a backslash in the
 *   input is itself escaped (`\\`), every pipe we emit is preceded by an escaping backslash.
 * - Pings and autolinks are broken by a WORD JOINER (see `defuse`).
 * - No CR/LF survives (they become ␍/␊), so the result is always one line and one cell.
 */
export function mdText(s: string): string {
  const escaped = defuse(showInvisible(s)).replace(
    ASCII_PUNCTUATION,
    (c) => HTML_ENTITIES[c] ?? `\\${c}`,
  );
  return pinEdgeSpaces(escaped);
}

/** A backtick fence longer than any run of backticks inside, padded per CommonMark. */
function codeSpan(body: string): string {
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space at each end when both are present and the content is not all
  // spaces, so this padding always goes again, and it keeps a body that starts or ends with a
  // backtick from merging with the fence. An all-space body is kept as is, unpadded; an empty
  // code span does not exist in Markdown, so nothing stands for nothing.
  if (body === '') return '';
  const pad = /[^ ]/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * An inline code span for a Markdown paragraph. Nothing inside a code span is parsed (no HTML, no
 * links, no escapes) and GitHub does not look for mentions or references inside <code>, so only
 * invisible characters need treatment. Do NOT use it inside a table: use `mdCodeInTable`.
 */
export function mdCode(s: string): string {
  return codeSpan(showInvisible(s));
}

/**
 * An inline code span for a GFM table cell. GFM splits the row into cells before it looks for
 * code spans, so a `|` must be written `\|` even inside backticks (the table parser drops that
 * backslash again). A backslash already in front of a pipe would pair with ours (`\\|`) and leave
 * the pipe bare for micromark-based parsers; a WORD JOINER between them keeps both parsers
 * (cmark-gfm and micromark) agreeing and shows the same text.
 */
export function mdCodeInTable(s: string): string {
  const body = showInvisible(s)
    .replace(/\\(?=\|)/g, `\\${WJ}`)
    .replace(/\|/g, '\\|');
  return codeSpan(body);
}

/**
 * Text for HTML that GitHub renders, e.g. `<details><summary>${htmlText(name)}</summary>`.
 * Every ASCII punctuation character becomes a character reference, not only `& < > " '`: a line
 * that starts an HTML block in one place can be parsed as Markdown in another (a blank line ends
 * the block; `<summary>` not at a line start is inline HTML inside a paragraph), and a character
 * reference is plain text in both HTML and Markdown, table cells included. Safe in attribute
 * values too. Pings and autolinks are broken as in `mdText`; no CR/LF survives, so the text can
 * never end the HTML block with a blank line.
 */
export function htmlText(s: string): string {
  const escaped = defuse(showInvisible(s)).replace(
    ASCII_PUNCTUATION,
    (c) => HTML_ENTITIES[c] ?? `&#${c.charCodeAt(0)};`,
  );
  return pinEdgeSpaces(escaped);
}

function checkLimit(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a whole number >= 0, got ${String(n)}`);
  }
}

/** The first `n` UTF-16 code units of s, one fewer if the cut would split a surrogate pair. */
function sliceUtf16(s: string, n: number): string {
  const before = s.charCodeAt(n - 1);
  const after = s.charCodeAt(n);
  const splitsPair = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return s.slice(0, splitsPair ? n - 1 : n);
}

/**
 * Shortens s to at most `max` UTF-16 code units (how GitHub counts its 65,535 and 255 limits),
 * ending in `marker` when something was cut. Never splits a surrogate pair. If the marker alone
 * does not fit, the text is cut without it.
 */
export function truncate(s: string, max: number, marker = TRUNCATION_MARKER): string {
  checkLimit('max', max);
  if (s.length <= max) return s;
  if (marker.length >= max) return sliceUtf16(s, max);
  return sliceUtf16(s, max - marker.length) + marker;
}

/** UTF-8 length of one code point; a lone surrogate is sent as U+FFFD (3 bytes). */
function utf8Bytes(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** UTF-8 byte length of s, as it will be sent (lone surrogates count as U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) n += utf8Bytes(ch.codePointAt(0) ?? 0);
  return n;
}

/** Like `truncate`, for limits in UTF-8 bytes; never splits a code point. */
export function truncateBytes(s: string, maxBytes: number, marker = TRUNCATION_MARKER): string {
  checkLimit('maxBytes', maxBytes);
  if (utf8Length(s) <= maxBytes) return s;
  const markerBytes = utf8Length(marker);
  const withMarker = markerBytes < maxBytes;
  const budget = withMarker ? maxBytes - markerBytes : maxBytes;
  let used = 0;
  let end = 0;
  for (const ch of s) {
    const b = utf8Bytes(ch.codePointAt(0) ?? 0);
    if (used + b > budget) break;
    used += b;
    end += ch.length;
  }
  return s.slice(0, end) + (withMarker ? marker : '');
}

/**
 * The data part of a workflow command (after `::name ...::`), escaped exactly as @actions/core
 * `escapeData` does and as the runner's `UnescapeData` reverses: `%`, CR, LF. With no CR or LF
 * left, the value cannot end the line and start a command of its own. It is NOT safe as a whole
 * log line (a value may itself begin with `::warning::`): use `terminalText` for those.
 */
export function commandValue(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * A property value of a workflow command (`title=`, `file=`), as @actions/core `escapeProperty`:
 * also `:` (else `::` would end the property list) and `,` (the property separator).
 */
export function commandProperty(s: string): string {
  return commandValue(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One line of CLI output or of the Actions log. Controls and ESC become visible (no terminal
 * escape sequences, no CR overwrite, C1 CSI included), there is no newline (one line per test),
 * and bidi/zero-width characters are shown.
 *
 * The runner reads every stdout line for commands in two forms (actions/runner ActionCommand.cs):
 * `::cmd::` when the line starts with it after leading whitespace, and the legacy `##[cmd]`
 * ANYWHERE in the line. Both are broken with a visible backslash. The caller's own text around
 * the result must not end in `#`/`##` or start the line with `:` so it cannot complete a prefix.
 */
export function terminalText(s: string): string {
  return showInvisible(s)
    .replace(/##\[/g, '##\\[')
    .replace(/^(\s*)::/, '$1\\::');
}

/**
 * A check-run or workflow-command annotation title: plain text (GitHub does not render Markdown
 * there), one line, invisible characters shown, at most 255 code units. Truncated after the
 * controls are made visible so the visible form counts against the limit. For a workflow command
 * wrap it in `commandProperty` afterwards (the runner decodes before GitHub counts).
 */
export function annotationTitle(s: string): string {
  return truncate(showInvisible(s), ANNOTATION_TITLE_MAX);
}

/**
 * A check-run or workflow-command annotation message: plain text that keeps its lines and tabs
 * (stack traces), CRLF and lone CR read as LF, other controls and invisible characters shown,
 * at most ANNOTATION_MESSAGE_MAX_BYTES. For a workflow command wrap it in `commandValue`.
 */
export function annotationMessage(s: string): string {
  const visible = showInvisible(s.replace(/\r\n?/g, '\n'), '\n\t');
  return truncateBytes(visible, ANNOTATION_MESSAGE_MAX_BYTES);
}
