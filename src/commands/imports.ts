/**
 * The import graph of failing tests, read from the repository: which source
 * files a test file reaches through its imports (JavaScript/TypeScript
 * relative imports, Python absolute and relative imports). A change to a
 * shared module then counts as touching the test, where file and module
 * proximity alone would call it untouched. Bounded in depth and file count;
 * unresolvable imports (packages) are ignored.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const JS_EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_IMPORT =
  /(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
// `from x import (a,\n b)` spans lines: the parenthesised list may hold newlines.
const PY_IMPORT =
  /^\s*(?:from\s+(\.*[\w.]*)\s+import\s+(\([^)]*\)|[\w*, ]+)|import\s+([\w., ]+))/gm;

const MAX_FILES = 400;
const MAX_BYTES = 512 * 1024;

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}

/** Repo-relative paths; anything resolving outside the repository is dropped. */
function inside(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel)
    ? rel.split(path.sep).join('/')
    : undefined;
}

async function resolveJs(root: string, from: string, spec: string): Promise<string | undefined> {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(root, path.dirname(from), spec);
  const stripped = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
  const candidates = [
    base,
    ...JS_EXT.map((e) => stripped + e),
    ...JS_EXT.map((e) => path.join(base, `index${e}`)),
  ];
  for (const c of candidates) if (await isFile(c)) return inside(root, c);
  return undefined;
}

async function resolvePy(
  root: string,
  from: string,
  mod: string,
  names: string[],
): Promise<string[]> {
  const dots = /^\.*/.exec(mod)![0].length;
  const rest = mod.slice(dots).split('.').filter(Boolean);
  const bases =
    dots > 0
      ? [path.resolve(root, path.dirname(from), ...Array(dots - 1).fill('..'))]
      : [root, path.resolve(root, path.dirname(from))];
  const out: string[] = [];
  for (const b of bases) {
    const dir = path.join(b, ...rest);
    for (const c of [`${dir}.py`, path.join(dir, '__init__.py')]) {
      if (await isFile(c)) {
        const r = inside(root, c);
        if (r) out.push(r);
      }
    }
    // `from pkg import module` imports a module, not a name.
    for (const n of names) {
      const c = path.join(dir, `${n}.py`);
      if (await isFile(c)) {
        const r = inside(root, c);
        if (r) out.push(r);
      }
    }
    if (out.length) break;
  }
  return out;
}

async function importsOf(root: string, file: string): Promise<string[]> {
  const abs = path.resolve(root, file);
  const st = await stat(abs).catch(() => undefined);
  if (!st?.isFile() || st.size > MAX_BYTES) return [];
  const text = await readFile(abs, 'utf8').catch(() => '');
  const out: string[] = [];
  if (file.endsWith('.py')) {
    for (const m of text.matchAll(PY_IMPORT)) {
      if (m[1] !== undefined) {
        const names = m[2]!
          .replace(/[()]/g, '')
          .split(',')
          .map((s) => s.trim().split(/\s+/)[0]!)
          .filter(Boolean);
        out.push(...(await resolvePy(root, file, m[1], names)));
      } else if (m[3] !== undefined) {
        for (const mod of m[3].split(',').map((s) => s.trim().split(/\s+/)[0]!)) {
          if (mod) out.push(...(await resolvePy(root, file, mod, [])));
        }
      }
    }
  } else if (JS_EXT.some((e) => file.endsWith(e))) {
    for (const m of text.matchAll(JS_IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (spec === undefined) continue;
      const r = await resolveJs(root, file, spec);
      if (r) out.push(r);
    }
  }
  return out;
}

/** Test file -> every repository file it reaches through imports (bounded). */
export async function importGraph(
  root: string,
  testFiles: string[],
): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const cache = new Map<string, string[]>();
  for (const t of new Set(testFiles)) {
    const seen = new Set<string>();
    const queue = [t];
    while (queue.length > 0 && seen.size < MAX_FILES) {
      const f = queue.shift()!;
      let deps = cache.get(f);
      if (!deps) cache.set(f, (deps = await importsOf(root, f)));
      for (const d of deps) {
        if (!seen.has(d) && d !== t) {
          seen.add(d);
          queue.push(d);
        }
      }
    }
    if (seen.size > 0) graph.set(t, [...seen]);
  }
  return graph;
}
