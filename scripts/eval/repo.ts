/**
 * The synthetic repository of one evaluation case: modules with sources under
 * src/<module>/ and tests under tests/<module>/, a few shared modules imported
 * across modules (so a change can reach tests outside its own module only
 * through the import graph), and a true nature for every test.
 *
 * Natures (what the test really is, unknown to every method):
 * - stable: passes unless a change breaks it;
 * - flaky: fails a fraction `rate` of runs, heavy-tailed across tests
 *   (most 0.5-2%, a tail up to 30%), always with its own kind of message;
 * - order: an order-dependent victim; fails in the suite when its polluter ran
 *   first (a fraction `rate` of runs, as sharding and file order shift), and
 *   always passes alone;
 * - broken: fails every run for the last `brokenRuns` base-branch runs and on
 *   the head: broken before the change;
 * - skipped: always skipped.
 * A few stable tests also carry a past broken stretch (broken, then fixed),
 * and some tests appear part-way through the history (added by earlier
 * commits), so "failed before on main" and "new to history" are not truths.
 */
import type { OwnerRule } from '../../src/model/assess-input.ts';
import type { Attempt, TestRecord } from '../../src/model/report.ts';
import { FLAKE_KINDS, type BrokenKind, type FlakeKind } from './messages.ts';
import { heavyTailedRate, type Rng } from './prng.ts';

export type Nature =
  | { kind: 'stable' }
  | { kind: 'skipped' }
  | { kind: 'flaky'; rate: number; flake: FlakeKind }
  | { kind: 'order'; rate: number; polluter: string }
  | { kind: 'broken'; brokenRuns: number; broken: BrokenKind };

export interface SimTest {
  id: string;
  file: string;
  module: string;
  record: TestRecord;
  nature: Nature;
  /** Index of the first history run the test exists in (0: from the start). */
  since: number;
  /** Added by the head commit (absent from every history run). */
  added?: boolean;
  /** History runs [from, to) in which the test was broken and later fixed. */
  pastBroken?: { from: number; to: number; broken: BrokenKind };
  /** The shared passing attempt: history runs reuse one object per test to keep memory flat. */
  pass: Attempt;
  skip: Attempt;
}

export interface TestFile {
  path: string;
  module: string;
  /** Repository files the test file imports, transitively (the `dependencies` edge). */
  imports: string[];
  tests: SimTest[];
  shard: number;
}

export interface Repo {
  modules: { name: string; sources: string[] }[];
  shared: string[];
  files: TestFile[];
  tests: SimTest[];
  byId: Map<string, SimTest>;
  /** CI shards: each writes one report per attempt. */
  shards: number;
  /** In-report retries the runner is configured with (vitest `retry`). */
  retries: number;
  codeowners: OwnerRule[];
}

export const MODULE_NAMES = [
  'auth',
  'billing',
  'cart',
  'catalog',
  'checkout',
  'export',
  'inventory',
  'notify',
  'orders',
  'payments',
  'reports',
  'search',
  'sessions',
  'shipping',
  'users',
] as const;

const SOURCE_NAMES = ['index', 'service', 'repository', 'handlers', 'validate', 'format', 'model'];
/** Shared modules and what each imports itself (for the transitive closure). */
const SHARED: Record<string, string[]> = {
  'src/shared/config.ts': [],
  'src/shared/logger.ts': ['src/shared/config.ts'],
  'src/shared/db.ts': ['src/shared/config.ts', 'src/shared/logger.ts'],
  'src/shared/http.ts': ['src/shared/config.ts'],
  'src/shared/cache.ts': ['src/shared/db.ts'],
  'src/shared/money.ts': [],
};
const VERBS = ['returns', 'rejects', 'creates', 'updates', 'deletes', 'lists', 'validates'];
const MORE_VERBS = ['formats', 'parses', 'retries', 'caches', 'paginates', 'sorts', 'exports'];
const OBJECTS = [
  'an empty input',
  'the running total',
  'an expired token',
  'a duplicate email',
  'the first page',
  'unicode names',
  'a missing record',
  'the default currency',
  'concurrent updates',
  'a large batch',
  'the audit entry',
  'an unknown id',
];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Adds the transitive imports of shared modules. */
function closeShared(files: Iterable<string>): string[] {
  const out = new Set<string>();
  const visit = (f: string): void => {
    if (out.has(f)) return;
    out.add(f);
    for (const dep of SHARED[f] ?? []) visit(dep);
  };
  for (const f of files) visit(f);
  return [...out].sort();
}

export function makeTest(
  file: string,
  module: string,
  suite: string,
  title: string,
  line: number,
  nature: Nature,
  since = 0,
): SimTest {
  const name = `${suite} > ${title}`;
  const id = `vitest:${file}::${name}`;
  const record: TestRecord = { id, dialect: 'vitest', name, suite: file, file, line };
  const durationMs = 3 + ((line * 37) % 400);
  return {
    id,
    file,
    module,
    record,
    nature,
    since,
    pass: { testId: id, outcome: 'passed', durationMs, retry: 0 },
    skip: { testId: id, outcome: 'skipped', retry: 0 },
  };
}

/** Distinct test titles for one file. */
export function titles(rng: Rng, n: number): string[] {
  const seen = new Set<string>();
  while (seen.size < n) {
    const verb = rng.chance(0.5) ? rng.pick(VERBS) : rng.pick(MORE_VERBS);
    let t = `${verb} ${rng.pick(OBJECTS)}`;
    if (seen.has(t)) t = `${t} (${seen.size + 1})`;
    seen.add(t);
  }
  return [...seen];
}

/**
 * Builds a repository for a history of `historyRuns` runs (natures that refer
 * to run indices, like "broken for the last k runs", need it).
 */
export function makeRepo(rng: Rng, historyRuns: number): Repo {
  const sharedAll = Object.keys(SHARED);
  const shared = rng.sample(sharedAll, rng.between(3, sharedAll.length)).sort();
  const moduleNames = rng.sample(MODULE_NAMES, rng.between(6, 12)).sort();
  const modules = moduleNames.map((name) => ({
    name,
    sources: rng
      .sample(SOURCE_NAMES, rng.between(2, 5))
      .sort()
      .map((s) => `src/${name}/${s}.ts`),
    // Shared modules this module's sources import.
    uses: shared.filter(() => rng.chance(0.35)),
  }));
  const shards = rng.between(2, 4);
  const files: TestFile[] = [];
  const tests: SimTest[] = [];
  for (const mod of modules) {
    const nFiles = rng.between(2, 6);
    const bases = rng.sample(
      mod.sources.map((s) => s.slice(s.lastIndexOf('/') + 1, -3)),
      nFiles,
    );
    while (bases.length < nFiles) bases.push(`${rng.pick(['flow', 'api', 'e2e'])}${bases.length}`);
    for (const base of bases) {
      const path = `tests/${mod.name}/${base}.test.ts`;
      const own = rng.sample(mod.sources, rng.between(1, 2));
      const direct = shared.filter(() => rng.chance(0.15));
      const imports = [...own, ...closeShared([...mod.uses, ...direct])].sort();
      const file: TestFile = { path, module: mod.name, imports, tests: [], shard: 0 };
      const suite = `${capitalize(mod.name)}${capitalize(base.replace(/\d+$/, ''))}`;
      titles(rng, rng.between(3, 12)).forEach((title, i) => {
        const since = historyRuns >= 2 && rng.chance(0.05) ? rng.between(1, historyRuns - 1) : 0;
        const t = makeTest(path, mod.name, suite, title, 8 + i * 9, { kind: 'stable' }, since);
        file.tests.push(t);
        tests.push(t);
      });
      files.push(file);
    }
  }
  // Shards by file, as vitest --shard splits them.
  rng.sample(files, files.length).forEach((f, i) => (f.shard = i % shards));
  assignNatures(rng, tests, historyRuns);
  return {
    modules: modules.map(({ name, sources }) => ({ name, sources })),
    shared,
    files,
    tests,
    byId: new Map(tests.map((t) => [t.id, t])),
    shards,
    retries: rng.weighted([
      [0, 75],
      [1, 15],
      [2, 10],
    ]),
    codeowners: modules.map((m) => ({ pattern: `src/${m.name}/`, owners: [`@acme/${m.name}`] })),
  };
}

function assignNatures(rng: Rng, tests: SimTest[], historyRuns: number): void {
  for (const t of tests) {
    const u = rng.next();
    if (u < 0.015) t.nature = { kind: 'skipped' };
    else if (u < 0.075)
      t.nature = { kind: 'flaky', rate: heavyTailedRate(rng), flake: rng.weighted(FLAKE_KINDS) };
    else if (u < 0.079) {
      // Victims fail only when sharding or file order puts their polluter first.
      const polluter = rng.pick(tests.filter((o) => o.module === t.module && o !== t)).id;
      t.nature = { kind: 'order', rate: rng.uniform(0.02, 0.2), polluter };
    } else if (historyRuns >= 6 && rng.chance(0.03)) {
      const to = rng.between(1, historyRuns - 3);
      const from = Math.max(0, to - rng.between(1, 4));
      t.pastBroken = { from, to, broken: rng.pick(['assertion', 'missing-module', 'null-deref']) };
    }
  }
  // Main is broken before the change in about one repository in eight.
  if (rng.chance(0.12)) {
    const candidates = tests.filter((t) => t.nature.kind === 'stable' && t.since === 0);
    for (const t of rng.sample(
      candidates,
      rng.weighted([
        [1, 3],
        [2, 1],
      ]),
    )) {
      // Usually broken recently; sometimes for the whole window (nobody fixed it).
      const brokenRuns = rng.chance(0.2) ? historyRuns : Math.min(historyRuns, rng.between(1, 12));
      t.nature = {
        kind: 'broken',
        brokenRuns,
        broken: rng.pick(['assertion', 'missing-module', 'null-deref']),
      };
      delete t.pastBroken;
    }
  }
}

/** The `dependencies` edge of AssessInput: test file -> imported repository files. */
export function dependencyMap(files: readonly TestFile[]): Map<string, string[]> {
  return new Map(files.map((f) => [f.path, f.imports]));
}
