/** Small bounded-text helpers shared by the parser and identity rules. */

/** FNV-1a 32-bit, hex: a short stable tag for names cut to a length bound. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The first `n` code units of `s`, one fewer when the cut would split a surrogate pair. */
function head(s: string, n: number): string {
  if (n <= 0) return '';
  if (n >= s.length) return s;
  return s.slice(0, isHigh(s.charCodeAt(n - 1)) && isLow(s.charCodeAt(n)) ? n - 1 : n);
}

/** The last `n` code units of `s`, one fewer when the cut would split a surrogate pair. */
function last(s: string, n: number): string {
  if (n <= 0) return '';
  if (n >= s.length) return s;
  const at = s.length - n;
  return s.slice(isLow(s.charCodeAt(at)) && isHigh(s.charCodeAt(at - 1)) ? at + 1 : at);
}

/**
 * Cuts a name to `max` characters, keeping it unique and stable: the cut name
 * ends with a hash of the whole, so two long names that share a prefix stay two
 * tests, and the same long name gets the same id in every run.
 */
export function boundName(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${head(s, max - 12)}…#${fnv1a(s)}`;
}

/** Appends to a head-bounded buffer (keeps the first `max` characters, never half a pair). */
export function appendHead(buf: string, text: string, max: number): string {
  if (buf.length >= max) return buf;
  return buf.length + text.length <= max ? buf + text : buf + head(text, max - buf.length);
}

/** Appends to a tail-bounded buffer (keeps the last `max` characters, amortised). */
export function appendTail(buf: string, text: string, max: number): string {
  const next = buf + text;
  return next.length > 2 * max ? last(next, max) : next;
}

/** The last `max` characters of `s`, never starting with half a surrogate pair. */
export function tail(s: string, max: number): string {
  return last(s, max);
}

/**
 * A copy of `s` that does not keep the string it was cut from alive. The
 * parser's strings are slices of the decoded chunk they came from; a kept test
 * name would otherwise hold its whole 1 MB chunk (and, across a large file,
 * every chunk) in memory for as long as the records live.
 */
export function detach(s: string): string;
export function detach(s: string | undefined): string | undefined;
export function detach(s: string | undefined): string | undefined {
  // V8 copies short slices anyway; a longer one is copied by flattening a concatenation.
  return s === undefined || s.length < 13 ? s : (' ' + s).slice(1);
}
