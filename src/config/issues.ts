import type { ZodError } from 'zod';
import { DEFAULT_CONFIG } from '../assess/config.ts';

type Issue = ZodError['issues'][number];

/**
 * One zod issue as `<source>: <key.path>: <what is wrong> (got <value>)`. The
 * schema gives every check on a key the same message ("must be a number
 * greater than 0"), so a wrong type and a value out of range read alike.
 */
export function formatIssue(issue: Issue, data: unknown, source: string): string[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(
      (key) => `${source}: ${[...path, key].join('.')}: ${unknownKey(key, path)}`,
    );
  }
  const where = path.length === 0 ? source : `${source}: ${path.join('.')}`;
  return [`${where}: ${issue.message} (got ${formatValue(valueAt(data, path))})`];
}

/** A value as the user would recognise it, cut short: strings quoted, mappings as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value); // also Infinity and NaN, which JSON would print as null
  }
  if (value === null || value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** The value at a key path of plain data, or undefined where the path leads nowhere. */
export function valueAt(data: unknown, path: string[]): unknown {
  let node = data;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * "unknown key" with the likeliest intended key: a near miss at the same level
 * (typos, snake_case, wrong case), else the same name elsewhere in the config
 * (`isolated` at the top level means `reruns.isolated`), else the list of keys
 * allowed here.
 */
function unknownKey(key: string, path: string[]): string {
  const here = valueAt(DEFAULT_CONFIG, path);
  const siblings = typeof here === 'object' && here !== null ? Object.keys(here) : [];
  const wanted = normalize(key);
  let best: { name: string; distance: number } | undefined;
  for (const name of siblings) {
    const distance = editDistance(wanted, normalize(name));
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  // A third of the name may be wrong, but at least one edit is always allowed.
  if (best !== undefined && best.distance <= Math.max(1, Math.floor(wanted.length / 3))) {
    return `unknown key (did you mean "${best.name}"?)`;
  }
  const elsewhere = keyPaths(DEFAULT_CONFIG).filter(
    (p) => normalize(p.at(-1) ?? '') === wanted && p.slice(0, -1).join('.') !== path.join('.'),
  );
  if (elsewhere.length > 0) {
    return `unknown key here (did you mean ${elsewhere.map((p) => p.join('.')).join(' or ')}?)`;
  }
  return `unknown key (expected one of: ${siblings.join(', ')})`;
}

/** Every key path of a nested object, sections as well as leaves. */
function keyPaths(node: object, prefix: string[] = []): string[][] {
  return Object.entries(node).flatMap(([key, value]) => [
    [...prefix, key],
    ...(typeof value === 'object' && value !== null ? keyPaths(value, [...prefix, key]) : []),
  ]);
}

/** `regression_threshold`, `Regression-Threshold` and `regressionThreshold` compare equal. */
function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Levenshtein distance plus adjacent transpositions ("chnaged" is one edit from "changed"). */
function editDistance(a: string, b: string): number {
  // Config keys are short, so the full table is cheap.
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}
