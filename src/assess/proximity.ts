/**
 * Change proximity: did the change touch this test? DeFlaker's insight is that
 * a new failure in a test that ran none of the changed code is most likely
 * flaky; risk-model.md's file/module rule misses regressions that arrive
 * through a shared module, a build file or a dependency bump, so this also
 * uses the import graph the edge could read and the kinds of files changed.
 */
import type { TestRecord } from '../model/index.ts';

export type Proximity =
  | 'test-file' // the test's own file changed (or the test is new)
  | 'module' // a file of the same module changed
  | 'import' // a file the test imports (transitively) changed
  | 'dependency' // lock files, build or CI config changed: may affect every test
  | 'untouched'
  | 'unknown';

/** Files whose change can break any test: dependencies, build, test config, CI. */
const GLOBAL_FILES = [
  /(^|\/)package(-lock)?\.json$/,
  /(^|\/)(yarn\.lock|pnpm-lock\.yaml|npm-shrinkwrap\.json|bun\.lockb?)$/,
  /(^|\/)(go\.mod|go\.sum|Cargo\.toml|Cargo\.lock)$/,
  /(^|\/)(pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|gradle\.lockfile|libs\.versions\.toml)$/,
  /(^|\/)(requirements[^/]*\.txt|Pipfile(\.lock)?|poetry\.lock|uv\.lock|pyproject\.toml|setup\.(py|cfg)|tox\.ini|conftest\.py|pytest\.ini)$/,
  /(^|\/)(Gemfile(\.lock)?|composer\.(json|lock)|[^/]+\.csproj|Directory\.Packages\.props|packages\.lock\.json|global\.json)$/,
  /(^|\/)(Dockerfile|docker-compose\.ya?ml|Makefile|CMakeLists\.txt|WORKSPACE|MODULE\.bazel|BUILD(\.bazel)?)$/,
  /(^|\/)(tsconfig[^/]*\.json|(jest|vitest|vite|playwright|cypress|babel|karma|mocha|esbuild|rollup|webpack|turbo|tsup|swc)\.config\.[cm]?[jt]s|\.mocharc[^/]*|\.babelrc|\.swcrc)$/,
  /(^|\/)(\.npmrc|\.nvmrc|\.node-version|\.tool-versions|\.python-version|\.ruby-version|rust-toolchain(\.toml)?)$/,
  /^\.github\/workflows\//,
];

/** Changes that cannot change behaviour. */
const INERT =
  /\.(md|mdx|txt|rst|adoc|png|jpe?g|gif|svg|ico)$|(^|\/)(LICENSE|CHANGELOG|CODEOWNERS|\.gitignore|\.editorconfig)$/i;

/** Test files by their usual names: never the subject of another test. */
const TEST_FILE =
  /(^|\/)(tests?|__tests__|specs?)\/|\.(test|spec|e2e|cy)\.[^/]+$|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|_spec\.rb$|Tests?\.(java|kt|cs)$/;

const TESTISH = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'src',
  'lib',
  'main',
  'java',
  'kotlin',
  'scala',
  'e2e',
  'it',
  'unit',
  'integration',
  'testing',
  'pkg',
  'internal',
  'app',
]);

/** Directory segments that name the module, with src/test scaffolding removed. */
function moduleKey(file: string): string[] {
  const parts = file.split('/');
  parts.pop();
  return parts.filter((p) => p && !TESTISH.has(p.toLowerCase()));
}

/** `test_foo.py`, `foo.test.ts`, `FooTest.java`, `foo_spec.rb` -> `foo`. */
function subjectName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  return base
    .replace(/\.(test|spec|e2e|cy)$/i, '')
    .replace(/^test_|_test$|_spec$|Tests?$|Spec$|IT$/g, '')
    .toLowerCase();
}

function startsWith(a: string[], b: string[]): boolean {
  return b.length > 0 && b.length <= a.length && b.every((s, i) => a[i] === s);
}

/** Where a test without a file lives, from its suite (Go package, Java class). */
function moduleHints(t: TestRecord): string[] {
  if (t.file) return moduleKey(t.file);
  if (t.suite.includes('/'))
    return t.suite
      .split('/')
      .filter((p) => p && !TESTISH.has(p))
      .slice(-2);
  const parts = t.suite.split('.');
  return parts
    .slice(0, -1)
    .filter((p) => !TESTISH.has(p))
    .slice(-2);
}

export interface ProximityResult {
  proximity: Proximity;
  /** The changed files that made it so (bounded). */
  because: string[];
}

export function changeProximity(
  test: TestRecord,
  changed: string[] | null | undefined,
  dependencies?: Map<string, string[]>,
  isNew = false,
): ProximityResult {
  // A test absent from all history is part of the change, known or not.
  if (isNew) return { proximity: 'test-file', because: test.file ? [test.file] : [] };
  if (changed === null || changed === undefined) return { proximity: 'unknown', because: [] };
  const relevant = changed.filter((f) => !INERT.test(f));
  if (test.file && changed.includes(test.file))
    return { proximity: 'test-file', because: [test.file] };
  const mod = moduleHints(test);
  const subject = test.file ? subjectName(test.file) : '';
  const sameModule = relevant.filter((f) => {
    const k = moduleKey(f);
    if (mod.length > 0 && (startsWith(k, mod) || startsWith(mod, k))) return true;
    // Suffix match for Go packages and Java classes whose path has a repo prefix.
    if (
      mod.length > 0 &&
      k.length >= mod.length &&
      mod.every((s, i) => k[k.length - mod.length + i] === s)
    )
      return true;
    return subject !== '' && !TEST_FILE.test(f) && subjectName(f) === subject;
  });
  if (sameModule.length > 0) return { proximity: 'module', because: sameModule.slice(0, 5) };
  const deps = test.file ? dependencies?.get(test.file) : undefined;
  if (deps) {
    const set = new Set(deps);
    const hit = relevant.filter((f) => set.has(f));
    if (hit.length > 0) return { proximity: 'import', because: hit.slice(0, 5) };
  }
  const global = relevant.filter((f) => GLOBAL_FILES.some((re) => re.test(f)));
  if (global.length > 0) return { proximity: 'dependency', because: global.slice(0, 5) };
  return { proximity: 'untouched', because: [] };
}

export function touches(p: Proximity): boolean | null {
  if (p === 'unknown') return null;
  return p !== 'untouched';
}

/** The change may have caused it: touched directly, or through dependency and build files. */
export function reached(p: Proximity): boolean {
  return p === 'test-file' || p === 'module' || p === 'import' || p === 'dependency';
}
