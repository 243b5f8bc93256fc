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

/**
 * Cuts a name to `max` characters, keeping it unique and stable: the cut name
 * ends with a hash of the whole, so two long names that share a prefix stay two
 * tests, and the same long name gets the same id in every run.
 */
export function boundName(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 12;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
  return `${s.slice(0, cut)}…#${fnv1a(s)}`;
}

/** Appends to a head-bounded buffer (keeps the first `max` characters). */
export function appendHead(buf: string, text: string, max: number): string {
  if (buf.length >= max) return buf;
  return buf.length + text.length <= max ? buf + text : buf + text.slice(0, max - buf.length);
}

/** Appends to a tail-bounded buffer (keeps the last `max` characters, amortised). */
export function appendTail(buf: string, text: string, max: number): string {
  const next = buf + text;
  return next.length > 2 * max ? next.slice(next.length - max) : next;
}

export function tail(s: string, max: number): string {
  return s.length > max ? s.slice(s.length - max) : s;
}
