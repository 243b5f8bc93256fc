/**
 * Escaping for the pattern languages test runners filter with. Each function
 * makes a test name match only itself, literally, in that engine; anchoring
 * is left to the caller because each engine anchors differently.
 */

/** Syntax characters of JavaScript regexes; RE2 (Go) and Ruby share the set. */
const REGEX_SYNTAX = /[.*+?^${}()|[\]\\]/g;

/** Literal text for JavaScript (`new RegExp`), Go's RE2 and Ruby's `Regexp.new`. */
export function escapeRegExp(s: string): string {
  return s.replace(REGEX_SYNTAX, '\\$&');
}

/**
 * Literal text inside a `/.../` PCRE pattern (PHPUnit's `--filter`): what
 * `preg_quote($s, '/')` escapes, the delimiter included.
 */
export function escapePcre(s: string): string {
  return s.replace(/[.\\+*?[^\]$(){}=!<>|:\-#/]/g, '\\$&');
}

/** Literal text for CMake's regex (`ctest -R`), which has no `{n}` but escapes the rest with `\`. */
export function escapeCmake(s: string): string {
  return s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

/** A value in a VSTest `--filter` expression, whose operators are escaped with `\`. */
export function escapeVstest(s: string): string {
  return s.replace(/[\\()&|=!~]/g, '\\$&');
}

/** A string inside a nextest filterset matcher (`test(=...)`), where `,` and `)` end the value. */
export function escapeNextest(s: string): string {
  return s.replace(/[\\/),]/g, '\\$&');
}

/**
 * `parts` escaped and joined by any one of `separators`: reports join a
 * describe chain with one separator (` › `, ` > `) and runners match another
 * (a space), and a title may itself contain either.
 */
export function joinLevels(parts: string[], separators: string[]): string {
  const sep =
    separators.length === 1
      ? escapeRegExp(separators[0]!)
      : `(?:${separators.map(escapeRegExp).join('|')})`;
  return parts.map(escapeRegExp).join(sep);
}

/** One alternative for each body, or the body itself when there is one. */
export function alternatives(bodies: string[]): string {
  const unique = [...new Set(bodies)];
  return unique.length === 1 ? unique[0]! : `(?:${unique.join('|')})`;
}
