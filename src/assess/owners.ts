/**
 * CODEOWNERS lookup: the owners of a test's file, for quarantine actions.
 * GitHub's rules: the last matching pattern wins; a pattern with a leading or
 * inner `/` is anchored at the repository root, one without matches at any
 * depth; a trailing `/` matches everything below a directory.
 */
import picomatch from 'picomatch';
import type { OwnerRule } from '../model/index.ts';

export type OwnerLookup = (file: string) => string[];

function toGlob(pattern: string): string[] {
  let p = pattern.trim();
  if (p === '*') return ['**'];
  const anchored = p.startsWith('/') || p.slice(0, -1).includes('/');
  p = p.replace(/^\//, '');
  const base = anchored ? p : `**/${p}`;
  if (base.endsWith('/')) return [`${base}**`];
  // A plain name may be a file or a directory.
  return [base, `${base}/**`];
}

export function ownerLookup(rules: OwnerRule[] | undefined): OwnerLookup {
  if (!rules || rules.length === 0) return () => [];
  const compiled = rules.map((r) => ({
    match: picomatch(toGlob(r.pattern), { dot: true }),
    owners: r.owners,
  }));
  return (file) => {
    for (let i = compiled.length - 1; i >= 0; i--) {
      if (compiled[i]!.match(file)) return compiled[i]!.owners;
    }
    return [];
  };
}

/** Parses a CODEOWNERS file's text (comments, blank lines, escaped `#`). */
export function parseCodeowners(text: string): OwnerRule[] {
  const rules: OwnerRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (pattern) rules.push({ pattern: pattern.replace(/\\#/g, '#'), owners });
  }
  return rules;
}
