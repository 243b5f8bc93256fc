/**
 * Which failing tests can be rerun, and by which framework: from the report's
 * dialect, and the repository's build files when the dialect does not say.
 * Pure: the caller answers questions about the repository.
 */
import type { Dialect, Framework, RerunTarget, TestRecord } from '../model/index.ts';
import { refuseTarget } from './adapters.ts';
import { unsafeFields, unsafeText } from './adapters/common.ts';

export interface RepoFacts {
  /** Whether a repository-relative path exists ('pom.xml', 'go.mod', ...). */
  hasFile(path: string): boolean;
  /** The parsed root package.json, when there is one. */
  packageJson?: Record<string, unknown>;
}

/** Why a name cannot be rerun safely (NUL, CR/LF, other C0 controls), or null when it can. */
export function refuseName(name: string): string | null {
  const why = unsafeText(name);
  return why ? `the test name ${why}` : null;
}

/** Dialects written by exactly one rerunnable framework. */
const BY_DIALECT: Partial<Record<Dialect, Framework>> = {
  vitest: 'vitest',
  jest: 'jest',
  mocha: 'mocha',
  playwright: 'playwright',
  pytest: 'pytest',
  'go-junit-report': 'go',
  gotestsum: 'go',
  nextest: 'nextest',
  rspec: 'rspec',
  phpunit: 'phpunit',
  dotnet: 'dotnet',
  ctest: 'ctest',
};

const GRADLE_FILES = ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'];

/** Maven or Gradle by the build files; the report's writer decides when both or neither exist. */
function jvmFramework(repo: RepoFacts, writer: Framework | null): Framework | null {
  const maven = repo.hasFile('pom.xml');
  const gradle = GRADLE_FILES.some((f) => repo.hasFile(f));
  if (maven !== gradle) return maven ? 'maven' : 'gradle';
  return maven ? writer : null;
}

const JS_RUNNERS: [Framework, RegExp][] = [
  ['node-test', /\bnode\b[^&|;]*\s--test\b/],
  ['vitest', /\bvitest\b/],
  ['jest', /\bjest\b/],
  ['mocha', /\bmocha\b/],
];

const stringsOf = (v: unknown): Record<string, string> =>
  v && typeof v === 'object'
    ? Object.fromEntries(
        Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'),
      )
    : {};

/**
 * The JS runner a package uses: the one its `test` script calls, else the one
 * any script calls, else its only runner dependency. Null when it stays
 * ambiguous.
 */
function jsFramework(pkg: Record<string, unknown>): Framework | null {
  const scripts = stringsOf(pkg.scripts);
  for (const text of [scripts.test ?? '', Object.values(scripts).join('\n')]) {
    const hits = JS_RUNNERS.filter(([, re]) => re.test(text));
    if (hits.length === 1) return hits[0]![0];
    if (hits.length > 1) break;
  }
  const deps = { ...stringsOf(pkg.dependencies), ...stringsOf(pkg.devDependencies) };
  const inDeps = (['vitest', 'jest', 'mocha'] as const).filter((d) => d in deps);
  return inDeps.length === 1 ? inDeps[0]! : null;
}

const JS_FILE = /\.(c|m)?(j|t)sx?$/;

/**
 * Which framework reruns this record: from the report's dialect, and the
 * repo's files when the dialect is ambiguous (a generic 'junit' or
 * 'surefire'/'gradle' dialect: pom.xml vs build.gradle(.kts); jest vs vitest
 * reports carry their own dialect; 'go-junit-report'/'gotestsum' -> go;
 * 'bazel' -> null). `hasFile(p)` answers for repo-relative paths; `packageJson`
 * is the parsed root package.json when there is one (to tell mocha/node:test/
 * jest/vitest from its deps and scripts).
 */
export function detectFramework(record: TestRecord, repo: RepoFacts): Framework | null {
  const direct = BY_DIALECT[record.dialect];
  if (direct) return direct;
  switch (record.dialect) {
    case 'surefire':
      return jvmFramework(repo, 'maven');
    case 'gradle':
      return jvmFramework(repo, 'gradle');
    case 'testng':
      return jvmFramework(repo, null);
    case 'junit': {
      // ingest gives JVM classnames in generic JUnit files the `jvm:` family.
      if (record.id.startsWith('jvm:')) return jvmFramework(repo, null);
      if (record.file !== undefined && !JS_FILE.test(record.file)) return null;
      // node:test's JUnit reporter writes a plain dialect.
      return repo.packageJson ? jsFramework(repo.packageJson) : null;
    }
    default:
      // bazel, cypress, googletest, Catch2, XCTest: no single-test rerun we can build.
      return null;
  }
}

/** A repository-relative path, or undefined for one outside the repository (or absolute). */
function repoRelative(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let f = file.replace(/\\/g, '/');
  while (f.startsWith('./')) f = f.slice(2);
  const outside = f.startsWith('/') || /^[A-Za-z]:\//.test(f) || f.split('/').includes('..');
  return f === '' || outside ? undefined : f;
}

/** RerunTarget for a record, or a refusal reason. */
export function targetFor(
  record: TestRecord,
  durationMs: number,
  repo: RepoFacts,
  override?: Framework,
): RerunTarget | { refused: string } {
  const unsafe = unsafeFields(record);
  if (unsafe) return { refused: `the test ${unsafe}` };
  if (record.name.trim() === '') return { refused: 'the test has no name to select it by' };
  const framework = override ?? detectFramework(record, repo);
  if (!framework) {
    return {
      refused: `no rerun command is known for ${record.dialect} reports from this repository; set rerun-command`,
    };
  }
  const target: RerunTarget = {
    testId: record.id,
    framework,
    name: record.name,
    suite: record.suite,
    durationMs: Number.isFinite(durationMs) && durationMs > 0 ? durationMs : 0,
  };
  const file = repoRelative(record.file);
  if (file !== undefined) target.file = file;
  if (record.params !== undefined) target.params = record.params;
  const why = refuseTarget(target);
  return why ? { refused: `${framework} cannot select this test alone: ${why}` } : target;
}
