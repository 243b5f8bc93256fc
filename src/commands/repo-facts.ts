/** What the adapters may ask about the repository: which files exist, its package.json. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RepoFacts } from '../rerun/select.ts';

export function repoFacts(root: string): RepoFacts {
  const cache = new Map<string, boolean>();
  const facts: RepoFacts = {
    hasFile(p: string): boolean {
      let v = cache.get(p);
      if (v === undefined) {
        // Relative paths inside the repository only: adapters never probe elsewhere.
        const abs = path.resolve(root, p);
        v = abs.startsWith(path.resolve(root) + path.sep) && existsSync(abs);
        cache.set(p, v);
      }
      return v;
    },
  };
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as unknown;
    if (typeof pkg === 'object' && pkg !== null) facts.packageJson = pkg as Record<string, unknown>;
  } catch {
    // No package.json (or an unreadable one): the dialect decides alone.
  }
  return facts;
}
