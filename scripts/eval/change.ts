/**
 * The head commit's change and what it truly breaks. The change set is drawn
 * first (which files the commit touches); the regressions then land only
 * where such a change can reach: in the edited test file, in tests importing
 * an edited source or shared module (through `dependencies`, not through
 * module proximity), anywhere after a dependency or build-file bump, and, for
 * a small share of code changes, in a test with no import edge at all
 * ("far": an integration test that talks to the changed service at run time).
 * A change may also add tests: most pass, some are broken from the start (a
 * regression: the commit's suite is red for good), some are flaky.
 */
import {
  CODE_REGRESSION_KINDS,
  DEPENDENCY_REGRESSION_KINDS,
  regressionFailure,
  type RegressionKind,
} from './messages.ts';
import type { Regression } from './behaviour.ts';
import type { Rng } from './prng.ts';
import { makeTest, titles, type Repo, type SimTest, type TestFile } from './repo.ts';
import type { Route } from './truth.ts';

export type ChangeKind = 'test' | 'source' | 'shared' | 'dependency' | 'docs' | 'none';

export interface ChangeOptions {
  kind: ChangeKind;
  /** Whether the change introduces regressions (the scenario draws it by kind). */
  regress: boolean;
  /** Whether the change adds tests (only test and source changes do). */
  addTests: boolean;
}

export interface Change {
  kind: ChangeKind;
  /** For dependency changes: which file kind. */
  variant?: 'lockfile' | 'build';
  changed: string[];
  /** Tests the change can reach through the import graph or by editing them. */
  reached: SimTest[];
  regressions: Map<string, Regression>;
  /** Tests the change adds (absent from history), and their file when it is new. */
  added: SimTest[];
  newFile?: TestFile;
}

const DOCS = ['README.md', 'docs/architecture.md', 'docs/runbook.md', 'CHANGELOG.md'];
const BUILD_FILES = ['vitest.config.ts', 'tsconfig.json', 'esbuild.config.mjs'];
/** Share of code-change regressions that land in a test with no import edge to the change. */
const FAR_SHARE = 0.05;

function importers(repo: Repo, paths: readonly string[]): SimTest[] {
  const set = new Set(paths);
  return repo.files.filter((f) => f.imports.some((i) => set.has(i))).flatMap((f) => f.tests);
}

export function makeChange(rng: Rng, repo: Repo, opts: ChangeOptions): Change {
  const change: Change = {
    kind: opts.kind,
    changed: [],
    reached: [],
    regressions: new Map(),
    added: [],
  };
  const mod = rng.pick(repo.modules);
  const modFiles = repo.files.filter((f) => f.module === mod.name);
  switch (opts.kind) {
    case 'test': {
      const edited = rng.sample(modFiles, rng.between(1, 2));
      change.changed = edited.map((f) => f.path);
      change.reached = edited.flatMap((f) => f.tests);
      break;
    }
    case 'source': {
      const sources = rng.sample(mod.sources, rng.between(1, 2));
      change.changed = [...sources];
      change.reached = importers(repo, sources);
      if (rng.chance(0.4)) {
        // The usual PR edits the code and its test together.
        const f = rng.pick(modFiles);
        change.changed.push(f.path);
        change.reached = [...new Set([...change.reached, ...f.tests])];
      }
      break;
    }
    case 'shared': {
      const file = rng.pick(repo.shared);
      change.changed = [file];
      change.reached = importers(repo, [file]);
      break;
    }
    case 'dependency': {
      change.variant = rng.chance(0.7) ? 'lockfile' : 'build';
      change.changed =
        change.variant === 'lockfile'
          ? ['package.json', 'package-lock.json']
          : [rng.pick(BUILD_FILES)];
      change.reached = [...repo.tests];
      break;
    }
    case 'docs':
      change.changed = rng.sample(DOCS, rng.between(1, 2));
      break;
    case 'none':
      break;
  }
  change.changed.sort();
  if (opts.addTests && (opts.kind === 'test' || opts.kind === 'source'))
    addTests(rng, repo, change, mod.name);
  if (opts.regress) addRegressions(rng, repo, change);
  return change;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function addTests(rng: Rng, repo: Repo, change: Change, module: string): void {
  const count = rng.between(1, 6);
  const editedTestFile = change.changed.find((p) => p.startsWith('tests/'));
  const existing =
    editedTestFile === undefined ? undefined : repo.files.find((f) => f.path === editedTestFile);
  let target: TestFile;
  if (existing !== undefined && rng.chance(0.5)) target = existing;
  else {
    const sources = change.changed.filter((p) => p.startsWith('src/'));
    const mod = repo.modules.find((m) => m.name === module);
    const imports = sources.length > 0 ? sources : (mod?.sources.slice(0, 1) ?? []);
    target = {
      path: `tests/${module}/${rng.pick(['edge-cases', 'regressions', 'contract', 'limits'])}.test.ts`,
      module,
      imports: [...imports].sort(),
      tests: [],
      shard: rng.int(repo.shards),
    };
    change.newFile = target;
    change.changed.push(target.path);
    change.changed.sort();
  }
  // Named like their neighbours: only their absence from history says they are new.
  const suite =
    target.tests[0]?.record.name.split(' > ')[0] ??
    cap(module) +
      target.path
        .slice(target.path.lastIndexOf('/') + 1, -8)
        .split('-')
        .map(cap)
        .join('');
  const taken = new Set(target.tests.map((t) => t.record.name));
  for (const [i, title] of titles(rng, count).entries()) {
    const u = rng.next();
    const name = taken.has(`${suite} > ${title}`) ? `${title} (${i + 2})` : title;
    const line = 8 + (target.tests.length + i) * 9;
    const t = makeTest(target.path, module, suite, name, line, { kind: 'stable' });
    t.added = true;
    if (u < 0.14) {
      // Broken from the start: the commit's suite is red for good.
      const kind = rng.weighted(CODE_REGRESSION_KINDS);
      change.regressions.set(t.id, {
        q: 1,
        kind,
        route: 'new-test',
        detail: regressionFailure(kind, t.file, rng),
      });
    } else if (u < 0.22) {
      t.nature = {
        kind: 'flaky',
        rate: rng.uniform(0.1, 0.5),
        flake: rng.pick(['timeout', 'race', 'unordered'] as const),
      };
    }
    change.added.push(t);
  }
}

function addRegressions(rng: Rng, repo: Repo, change: Change): void {
  const eligible = (t: SimTest): boolean =>
    t.nature.kind !== 'skipped' && t.nature.kind !== 'broken' && t.added !== true;
  const reached = change.reached.filter(eligible);
  const reachedIds = new Set(change.reached.map((t) => t.id));
  const far = repo.tests.filter((t) => eligible(t) && !reachedIds.has(t.id));
  const count = rng.weighted([
    [1, 55],
    [2, 22],
    [3, 10],
    [rng.between(4, 5), 8],
    [rng.between(6, 15), 5],
  ]);
  const dependency = change.kind === 'dependency';
  // A bumped library breaks its callers: cluster dependency regressions in the importers of one module.
  let pool = reached;
  if (dependency) {
    const anchor = rng.pick([...repo.shared, ...repo.modules.flatMap((m) => m.sources)]);
    const users = importers(repo, [anchor]).filter(eligible);
    if (users.length > 0) pool = users;
  }
  const mix = dependency ? DEPENDENCY_REGRESSION_KINDS : CODE_REGRESSION_KINDS;
  // One bumped package usually fails all its callers the same way.
  const sharedKind: RegressionKind | undefined =
    dependency && rng.chance(0.6) ? rng.weighted(mix) : undefined;
  const sharedDetail =
    sharedKind === undefined ? undefined : regressionFailure(sharedKind, 'x', rng);
  const code = change.kind === 'test' || change.kind === 'source' || change.kind === 'shared';
  const route: Route =
    change.kind === 'test'
      ? 'test-file'
      : change.kind === 'source'
        ? 'source'
        : change.kind === 'shared'
          ? 'shared'
          : 'dependency';
  const chosen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const goFar = code && far.length > 0 && rng.chance(FAR_SHARE);
    const from = goFar ? far : pool.filter((t) => !chosen.has(t.id));
    if (from.length === 0) break;
    const t = rng.pick(from);
    if (chosen.has(t.id)) continue;
    chosen.add(t.id);
    const kind = sharedKind ?? rng.weighted(mix);
    const q = rng.chance(0.65) ? 1 : rng.uniform(0.3, 0.7);
    const detail =
      sharedDetail !== undefined
        ? { ...sharedDetail, stack: sharedDetail.stack.replace('/x:', `/${t.file}:`) }
        : regressionFailure(kind, t.file, rng);
    change.regressions.set(t.id, { q, kind, route: goFar ? 'far' : route, detail });
  }
}
