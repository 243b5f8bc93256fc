/** What every framework adapter provides, and helpers they share. Pure: no I/O. */
import type { Dialect, Invocation, RerunTarget } from '../../model/index.ts';

export interface InvocationContext {
  /** Absolute path where the framework should write its JUnit report for this invocation. */
  junitPath: string;
  /**
   * Whether a repository-relative path exists, for launchers the repository
   * brings (`./gradlew`, `./mvnw`, a Gemfile for `bundle exec`). Without it
   * the plain tool is used (and `bundle exec` for RSpec).
   */
  hasFile?: (path: string) => boolean;
}

/**
 * A target that also carries its report's dialect, for the one framework
 * whose dialects rerun differently (gotestsum vs `go test -json`).
 * RerunTarget has no such field yet, so `targetFor` never sets it and go
 * reruns default to `go test -json`.
 */
export type DialectTarget = RerunTarget & { dialect?: Dialect };

export interface Adapter {
  /** Why this test cannot be selected exactly, or null. */
  refuse(t: RerunTarget): string | null;
  /** The framework's own selector for exactly these tests: `{pattern}` in templates. */
  pattern(tests: RerunTarget[]): string;
  /** One process that runs exactly `tests` (one or more, all sharing a process). */
  invocation(tests: RerunTarget[], ctx: InvocationContext): Invocation;
  /** Whether `a` and `b` share a process in a normal run of the framework. */
  sharesProcess(a: RerunTarget, b: RerunTarget): boolean;
  /** False when every test gets its own process anyway, so an in-suite run means nothing. */
  inSuite: boolean;
}

/** A path argument that cannot be read as an option: `-x.test.js` becomes `./-x.test.js`. */
export function pathArg(file: string): string {
  return file.startsWith('-') ? `./${file}` : file;
}

/** The distinct known files of `tests`, in order, as path arguments. */
export function fileArgs(tests: RerunTarget[]): string[] {
  const files = tests.map((t) => t.file).filter((f): f is string => f !== undefined && f !== '');
  return [...new Set(files)].map(pathArg);
}

/** Whether two targets come from the same file (or, without one, the same suite). */
export function sameFile(a: RerunTarget, b: RerunTarget): boolean {
  return (a.file ?? a.suite) === (b.file ?? b.suite);
}

/** Array items grouped by a key, groups in first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * A JVM/JUnit method name without the parameter suffixes reports add:
 * `test(int)[1]` and `test[0]` -> `test`, JUnit 5's `test()` -> `test`.
 */
export function methodName(name: string): string {
  return name
    .replace(/\[[^\]]*\]$/, '')
    .replace(/\(.*\)$/, '')
    .trim();
}

/** Uses the repository's wrapper script (`./gradlew`) when it has one. */
export function launcher(ctx: InvocationContext, wrapper: string, tool: string): string {
  return ctx.hasFile?.(wrapper) ? `./${wrapper}` : tool;
}

/**
 * Longest name, suite or file passed on a command line: Linux caps one
 * argument at 128 KiB, and an escaped pattern can double a name.
 */
export const MAX_NAME_LENGTH = 8192;

const CONTROL_NAMES: Record<string, string> = {
  '\0': 'a NUL character',
  '\n': 'a line feed (LF)',
  '\r': 'a carriage return (CR)',
};

/**
 * Why a text cannot go into a rerun's arguments, or null, as a predicate
 * ("contains a NUL character (U+0000)"): NUL cannot be passed at all, line
 * breaks end log lines and workflow commands, other C0 controls (TAB aside)
 * are terminal escapes; very long texts overflow the argument limit.
 */
export function unsafeText(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  const m = /[\0-\x08\n-\x1f]/.exec(text);
  if (m) {
    const c = m[0];
    const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `contains ${CONTROL_NAMES[c] ?? 'a control character'} (${code})`;
  }
  if (text.length > MAX_NAME_LENGTH) {
    return `is ${text.length} characters long, over the ${MAX_NAME_LENGTH} a command line takes safely`;
  }
  return null;
}

/** The first of a test's name, suite and file that cannot go into arguments, as "name contains ...", or null. */
export function unsafeFields(t: { name: string; suite: string; file?: string }): string | null {
  const fields: [string, string | undefined][] = [
    ['name', t.name],
    ['suite', t.suite],
    ['file', t.file],
  ];
  for (const [field, value] of fields) {
    const why = value === undefined ? null : unsafeText(value);
    if (why) return `${field} ${why}`;
  }
  return null;
}
