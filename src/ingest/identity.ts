/**
 * Raw testcases to tests and attempts. A test's id must be the same across
 * runs, report files and the dialects of one tool (pytest xunit1 and xunit2,
 * go-junit-report and gotestsum, Surefire and Gradle), so ids are built only
 * from what every variant writes, per tool family; file and line are looked up
 * separately and may be richer in one variant than another.
 */
import type { Attempt, Dialect, Outcome, TestRecord } from '../model/index.ts';
import type { ParseLimits } from './limits.ts';
import { JAVA_CLASS } from './dialect.ts';
import { appendHead } from './text.ts';

export interface RawResult {
  tag:
    'failure' | 'error' | 'skipped' | 'flakyFailure' | 'flakyError' | 'rerunFailure' | 'rerunError';
  message: string;
  type: string;
  body: string;
  /** Output of this run, for Surefire's flaky and rerun elements (system-out inside them). */
  stdout?: string;
  stderr?: string;
}

export interface RawCase {
  name: string;
  classname?: string;
  /** PHPUnit's `class` attribute. */
  className?: string;
  file?: string;
  line?: string;
  time?: string;
  status?: string;
  result?: string;
  /** Names of the enclosing testsuites, outermost first. */
  suites: string[];
  /** Nearest enclosing testsuite `file` attribute (mocha/Cypress). */
  suiteFile?: string;
  /** Nearest enclosing testsuite `hostname` (Playwright writes the project there). */
  project?: string;
  results: RawResult[];
  stdout: string;
  stderr: string;
}

export interface IdentityOptions {
  /** Per-file memo of work that depends only on a classname (filled by buildRecords). */
  cache?: Map<string, { modFile: string; prefix: string }>;
  limits: ParseLimits;
  root?: string;
  sourceRoots?: string[];
}

/** The id prefix: one per tool family, shared by that tool's dialects. */
const FAMILY: Record<Dialect, string> = {
  surefire: 'jvm',
  gradle: 'jvm',
  testng: 'jvm',
  junit: 'junit',
  pytest: 'pytest',
  jest: 'jest',
  vitest: 'vitest',
  mocha: 'mocha',
  cypress: 'cypress',
  'go-junit-report': 'go',
  gotestsum: 'go',
  playwright: 'playwright',
  rspec: 'rspec',
  phpunit: 'phpunit',
  nextest: 'rust',
  bazel: 'bazel',
  ctest: 'ctest',
  dotnet: 'dotnet',
  catch2: 'catch2',
  gtest: 'gtest',
  xctest: 'xctest',
};

/**
 * Absolute workspace prefixes of CI runners, which a report written there
 * carries in front of every repository-relative path.
 */
const WORKSPACE_PREFIXES: RegExp[] = [
  // GitHub-hosted runners (the runner home's "work" folder, then <repo>/<repo>/; D:/a/<repo>/<repo>/ on Windows),
  // self-hosted ones (<runner>/_work/<repo>/<repo>/) and container jobs (/__w/<repo>/<repo>/).
  // Azure Pipelines' <work>/1/s/ has the same shape.
  /^(?:\/home\/runner\/work|\/Users\/runner\/work|[A-Za-z]:\/a|\/__w|(?:[A-Za-z]:)?(?:\/[^/]+)*\/_work)\/[^/]+\/[^/]+\//,
  /^\/home\/vsts\/work\/\d+\/s\//,
  // Docker container actions.
  /^\/github\/workspace\//,
  // Hudson and old Jenkins: $HOME/jobs/<job>/workspace/; Jenkins: .../jenkins*/[agent/]workspace/<job>/.
  /^(?:[A-Za-z]:)?(?:\/[^/]+)*\/jobs\/[^/]+\/workspace\//,
  /^(?:[A-Za-z]:)?(?:\/[^/]+)*\/(?:jenkins|hudson)[^/]*(?:\/agent)?\/workspace\/[^/]+\//i,
  // CircleCI, Travis CI, Bitbucket Pipelines.
  /^\/home\/circleci\/project\//,
  /^\/home\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/opt\/atlassian\/pipelines\/agent\/build\//,
];

/**
 * Repository-relative, `/`-separated: absolute paths under a known root lose
 * the root, and those under a CI runner's workspace lose the workspace.
 */
export function normalizePath(p: string, root?: string): string {
  let s = p.trim().replace(/\\/g, '/');
  if (root) {
    const r = root.replace(/\\/g, '/').replace(/\/+$/, '') + '/';
    if (s.startsWith(r)) s = s.slice(r.length);
  }
  s = s.replace(/\/{2,}/g, '/');
  for (const re of WORKSPACE_PREFIXES) {
    const m = re.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      break;
    }
  }
  while (s.startsWith('./')) s = s.slice(2);
  return s;
}

const JS_FILE = /\.(c|m)?(j|t)sx?$/;

/** pytest classname `pkg.test_mod.TestCls` -> module `pkg/test_mod.py` and classes `TestCls`. */
function splitPytestClassname(classname: string): { module: string; classes: string[] } {
  const parts = classname.split('.');
  let i = parts.length;
  // Classes are the trailing CapWords segments; the module is what precedes them.
  while (i > 1 && /^[A-Z]/.test(parts[i - 1]!)) i--;
  return { module: parts.slice(0, i).join('/'), classes: parts.slice(i) };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Not absolute and not climbing out of the repository: a path a report can give repo-relative. */
function isRelative(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !/^[A-Za-z]:\//.test(p) && !p.startsWith('../');
}

const PATH_STOP = new Set([' ', '\t', '\n', '\r', '(', '"', "'", '`', '<', '>']);

/**
 * The line of `file` named in a stack trace or failure text: the first mention
 * of its base name at a path boundary (`name:12`, `name(12`, `name", line 12`,
 * `name:line 12`) whose directory, when the mention gives one, agrees with the
 * file's, so `lib/index.js:3` is not taken for `test/index.js`.
 */
function lineFromStack(stack: string, file: string | undefined): number | undefined {
  if (!file || !stack) return undefined;
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  if (!base) return undefined;
  if (!stack.includes(base)) return undefined;
  const dir = file.slice(0, slash + 1);
  const text = stack.replace(/\\/g, '/');
  const re = new RegExp(`(?<![\\w.-])${escapeRe(base)}(?::line |:|\\(|", line )(\\d+)`, 'g');
  for (const m of text.matchAll(re)) {
    // The path written in front of the base name, back to a blank, quote or parenthesis.
    let start = m.index;
    while (start > 0 && m.index - start < 400 && !PATH_STOP.has(text[start - 1]!)) start--;
    const before = text.slice(start, m.index);
    if (dir && before && !before.endsWith(dir) && !dir.endsWith(before)) continue;
    const n = Number(m[1]);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}

function parseLine(s: string | undefined, dialect: Dialect): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) return undefined;
  // pytest writes the 0-based line of the test's def; everyone else 1-based.
  if (dialect === 'pytest') return n + 1;
  return n > 0 ? n : undefined;
}

/** Seconds (with `,` thousands separators tolerated) to milliseconds. */
function parseDurationMs(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  let n = Number(s);
  if (Number.isNaN(n) && s.includes(',')) n = Number(s.replace(/,/g, '').trim());
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000 * 1000) / 1000 : undefined;
}

/** A method name without JUnit's parameter suffixes: `test(int)[1]` -> `test`. */
function methodOf(name: string): string {
  return name
    .replace(/\[[^\]]*\]$/, '')
    .replace(/\(.*\)$/, '')
    .trim();
}

const JVM_SOURCE = '[\\w$-]+\\.(?:java|kt|kts|groovy|scala)';

/**
 * The frame of a JVM stack trace in the test's own method
 * (`at pkg.Cls.method(Cls.java:18)`), else the first frame in its class: the
 * source file's name and the line.
 */
function jvmFrame(
  stack: string,
  cls: string,
  name: string,
): { fileName: string; line: number } | undefined {
  // Most stacks never name the class (or there is no stack): no regex to build then.
  if (!stack || !cls || !stack.includes(`${cls}.`)) return undefined;
  const frame = (method: string) =>
    new RegExp(`\\bat\\s+(?:[^\\s(]*/)?${escapeRe(cls)}\\.${method}\\((${JVM_SOURCE}):(\\d+)\\)`);
  const method = methodOf(name);
  const m = (method ? frame(escapeRe(method)).exec(stack) : null) ?? frame('[^\\s(.]+').exec(stack);
  return m ? { fileName: m[1]!, line: Number(m[2]) } : undefined;
}

const LANGUAGE_DIR: Record<string, string> = {
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  groovy: 'groovy',
  scala: 'scala',
};

/**
 * `pkg.Outer$Inner` -> `<root>/pkg/Outer.java` when a test source root is
 * known; the stack's file name (`Outer.kt`) wins over the class name, and picks
 * the root named after its language (`src/test/kotlin`) when there are several.
 */
function javaFile(cls: string, opts: IdentityOptions, fileName?: string): string | undefined {
  const roots = opts.sourceRoots ?? [];
  if (roots.length === 0 || !/^[\w$.]+$/.test(cls)) return undefined;
  const outer = cls.split('$')[0]!;
  const dot = outer.lastIndexOf('.');
  const dir = dot < 0 ? '' : `${outer.slice(0, dot).replace(/\./g, '/')}/`;
  const file = fileName ?? `${outer.slice(dot + 1)}.java`;
  const lang = LANGUAGE_DIR[file.slice(file.lastIndexOf('.') + 1)];
  const norm = roots.map((r) => normalizePath(r).replace(/\/+$/, ''));
  const root = norm.find((r) => lang !== undefined && r.split('/').includes(lang)) ?? norm[0]!;
  return `${root ? `${root}/` : ''}${dir}${file}`;
}

/** C, C++, Objective-C and Swift sources as googletest, Catch2 and XCTest name them in failures. */
const NATIVE_LOCATION =
  /(?:^|[\s(])((?:[A-Za-z]:)?[^\s:()"'<>]+\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|ipp|inl|tpp|cu|m|mm|swift)):(\d+)\b/m;

interface Location {
  file?: string;
  line?: number;
}

/**
 * Where a failure happened, by a dialect's convention: googletest starts its
 * message with `file:line`, Catch2 ends the body with `at file:line`, XCTest
 * reporters write `file:line` as the body, Rust panics say `panicked at
 * file:line:col`, .NET frames `at Ns.Cls.Method() in file:line N`. Only
 * repository-relative paths are kept (after the runner workspace is cut off).
 */
function failureLocation(
  dialect: Dialect,
  text: string,
  c: RawCase,
  cls: string,
  opts: IdentityOptions,
): Location {
  if (!text) return {};
  const t = text.replace(/\\/g, '/');
  let m: RegExpExecArray | null = null;
  switch (dialect) {
    case 'gtest':
    case 'catch2':
    case 'xctest':
      m = NATIVE_LOCATION.exec(t);
      break;
    case 'nextest':
      m = /panicked at ([^\s:]+\.rs):(\d+):\d+/.exec(t);
      break;
    case 'dotnet': {
      const frame = (method: string) =>
        new RegExp(`(?:^|\\s)at ${escapeRe(cls)}\\.${method}\\([^)]*\\) in (.+?):line (\\d+)`, 'm');
      const method = methodOf(c.name.startsWith(`${cls}.`) ? c.name.slice(cls.length + 1) : c.name);
      if (cls && t.includes(`at ${cls}.`)) {
        m = (method ? frame(escapeRe(method)).exec(t) : null) ?? frame('[^\\s(]+').exec(t);
      }
      break;
    }
    default:
      return {};
  }
  if (!m) return {};
  const file = normalizePath(m[1]!, opts.root);
  const line = Number(m[2]);
  if (!isRelative(file)) return {};
  return Number.isInteger(line) && line > 0 ? { file, line } : { file };
}

interface Identity {
  id: string;
  name: string;
  suite: string;
  file?: string;
  /** A line the dialect's conventions give (a stack frame of the test); the `line` attribute wins. */
  line?: number;
}

/**
 * mocha's full title from its two reporters: mocha-junit-reporter writes the
 * full title as `name` and the test's own title as `classname`; mocha's
 * built-in xunit reporter (one `<testsuite>`, no nesting) writes the title as
 * `name` and the describe chain as `classname`.
 */
function mochaTitle(c: RawCase, classname: string): string {
  if (!classname || classname === c.name) return c.name;
  if (c.suites.length > 1 && c.name.endsWith(classname)) return c.name;
  if (c.suites.length > 1 && classname.endsWith(c.name)) return classname; // testCaseSwitchClassnameAndName
  return `${classname} ${c.name}`;
}

/** The bodies of a testcase's result elements (its stack traces). */
function stack(c: RawCase): string {
  return c.results.map((r) => r.body).join('\n');
}

/** Messages and bodies of its failures, for tools that write file:line there. */
function failureText(c: RawCase): string {
  return c.results
    .filter((r) => r.tag !== 'skipped')
    .map((r) => `${r.message}\n${r.body}`)
    .join('\n');
}

/** pytest's module file and node-id prefix for a classname, computed once per classname. */
function pytestScope(
  classname: string,
  opts: IdentityOptions,
): { modFile: string; prefix: string } {
  const cache = (opts.cache ??= new Map());
  let v = cache.get(classname);
  if (!v) {
    const { module, classes } = splitPytestClassname(classname);
    const modFile = module ? `${module}.py` : '';
    v = { modFile, prefix: [modFile, ...classes].filter(Boolean).join('::') };
    cache.set(classname, v);
  }
  return v;
}

function identify(c: RawCase, dialect: Dialect, opts: IdentityOptions): Identity {
  const fam = FAMILY[dialect];
  const suiteName = c.suites[c.suites.length - 1] ?? '';
  const classname = c.classname ?? '';
  const attrFile = c.file !== undefined ? normalizePath(c.file, opts.root) : undefined;
  switch (dialect) {
    case 'pytest': {
      const { modFile, prefix } = pytestScope(classname, opts);
      const node = prefix ? (c.name ? `${prefix}::${c.name}` : prefix) : c.name;
      return {
        id: `pytest:${node}`,
        name: c.name,
        suite: classname,
        file: attrFile ?? (modFile || undefined),
      };
    }
    case 'jest':
    case 'mocha':
    case 'cypress': {
      const fileish =
        attrFile ??
        (c.suiteFile !== undefined ? normalizePath(c.suiteFile, opts.root) : undefined) ??
        (JS_FILE.test(suiteName) ? normalizePath(suiteName, opts.root) : undefined);
      // jest-junit may put the describe chain in classname and only the title in name.
      const full =
        dialect === 'jest'
          ? classname && !c.name.startsWith(classname) && classname !== c.name
            ? `${classname} › ${c.name}`
            : c.name
          : mochaTitle(c, classname);
      const scope = fileish ?? suiteName;
      return { id: `${fam}:${scope}::${full}`, name: full, suite: scope, file: fileish };
    }
    case 'vitest':
    case 'playwright': {
      const file =
        attrFile ??
        (classname ? normalizePath(classname, opts.root) : normalizePath(suiteName, opts.root));
      const project = dialect === 'playwright' && c.project ? ` [${c.project}]` : '';
      return { id: `${fam}:${file}::${c.name}${project}`, name: c.name, suite: file, file };
    }
    case 'go-junit-report':
    case 'gotestsum': {
      // v1 go-junit-report writes the package's last segment as classname; the suite always has the full path.
      const pkg = suiteName || classname;
      return { id: `go:${pkg}::${c.name}`, name: c.name, suite: pkg, file: attrFile };
    }
    case 'rspec': {
      const file = attrFile ?? (classname ? `${classname.replace(/\./g, '/')}.rb` : undefined);
      return { id: `rspec:${file ?? ''}::${c.name}`, name: c.name, suite: classname, file };
    }
    case 'phpunit': {
      const cls = c.className ?? classname.replace(/\./g, '\\');
      return {
        id: `phpunit:${cls || suiteName}::${c.name}`,
        name: c.name,
        suite: cls || suiteName,
        file: attrFile,
      };
    }
    case 'bazel':
    case 'ctest':
      return {
        id: `${fam}:${c.name}`,
        name: c.name,
        suite: classname || suiteName,
        file: attrFile,
      };
    case 'dotnet': {
      // Older JUnit loggers write the fully qualified method as name; newer ones the method only.
      let cls = classname;
      let method = c.name;
      if (cls && method.startsWith(`${cls}.`)) method = method.slice(cls.length + 1);
      if (!cls) {
        const head = method.split('(')[0]!;
        const dot = head.lastIndexOf('.');
        if (dot > 0) {
          cls = method.slice(0, dot);
          method = method.slice(dot + 1);
        }
      }
      const loc = attrFile ? {} : failureLocation(dialect, stack(c), c, cls, opts);
      return {
        id: `dotnet:${cls || suiteName}::${method}`,
        name: method,
        suite: cls || suiteName,
        file: attrFile ?? loc.file,
        line: loc.line,
      };
    }
    case 'gtest':
    case 'catch2':
    case 'xctest':
    case 'nextest': {
      const scope = classname || suiteName;
      const loc = attrFile ? {} : failureLocation(dialect, failureText(c), c, scope, opts);
      return {
        id: `${fam}:${scope}::${c.name}`,
        name: c.name,
        suite: scope,
        file: attrFile ?? loc.file,
        line: loc.line,
      };
    }
    default: {
      // surefire, gradle, testng, and plain JUnit reports of JVM classes (Ant, Bazel's java_test,
      // merged TestNG files): one "jvm" family, so a test keeps its id whichever wrote the file.
      const scope = classname || suiteName;
      const jvm =
        dialect === 'surefire' ||
        dialect === 'gradle' ||
        dialect === 'testng' ||
        JAVA_CLASS.test(classname);
      if (!jvm)
        return { id: `${fam}:${scope}::${c.name}`, name: c.name, suite: scope, file: attrFile };
      // JUnit 5 under Gradle (and Surefire's phrased names) writes `method()`, Surefire `method`.
      const method = c.name.endsWith('()') ? c.name.slice(0, -2) : c.name;
      const frame = jvmFrame(stack(c), scope, c.name);
      const file = attrFile ?? javaFile(scope, opts, frame?.fileName);
      return {
        id: `jvm:${scope}::${method}`,
        name: c.name,
        suite: scope,
        file,
        line: file && !attrFile ? frame?.line : undefined,
      };
    }
  }
}

const FAIL_WORDS = new Set(['fail', 'failed', 'failure']);
const SKIP_STATUS = new Set(['notrun', 'disabled', 'skipped', 'skip', 'ignored', 'pending']);
const SKIP_RESULT = new Set(['skipped', 'suppressed']);

function outcomeOf(c: RawCase): Outcome {
  // Most testcases: no child element and no status attribute.
  if (c.results.length === 0 && c.status === undefined && c.result === undefined) return 'passed';
  let outcome: Outcome = 'passed';
  for (const r of c.results) {
    if (r.tag === 'failure') return 'failed';
    if (r.tag === 'error') outcome = 'error';
    else if (r.tag === 'skipped' && outcome === 'passed') outcome = 'skipped';
  }
  if (outcome !== 'passed') return outcome;
  // Attributes some tools use instead of child elements.
  const st = (c.status ?? '').toLowerCase();
  const res = (c.result ?? '').toLowerCase();
  if (FAIL_WORDS.has(st) || FAIL_WORDS.has(res)) return 'failed';
  if (st === 'error' || st === 'errored') return 'error';
  if (SKIP_STATUS.has(st) || SKIP_RESULT.has(res)) return 'skipped';
  return 'passed';
}

function detail(r: RawResult, limits: ParseLimits): NonNullable<Attempt['failure']> {
  let message = r.message;
  const body = r.body.replace(/^\s+/, '').replace(/\s+$/, '');
  // Many tools leave the message attribute empty and put everything in the body.
  if (!message.trim()) {
    const first = body.split(/\r\n|\r|\n/).find((l) => l.trim()) ?? '';
    message = appendHead('', first.trimEnd(), limits.maxMessage);
  }
  return { message, type: r.type, stack: body };
}

const isResult = (r: RawResult): boolean =>
  r.tag === 'failure' || r.tag === 'error' || r.tag === 'skipped';

export function buildRecords(
  cases: RawCase[],
  dialect: Dialect,
  opts: IdentityOptions,
): { tests: TestRecord[]; attempts: Attempt[] } {
  // One lookup per testcase: the test's record and its attempts so far (for retry numbering).
  const tests = new Map<string, { rec: TestRecord; retries: number }>();
  const attempts: Attempt[] = [];
  const idents = cases.map((c) => identify(c, dialect, opts));
  // pytest only: testcases left per id (pytest-rerunfailures writes a rerun as an extra testcase).
  const left = new Map<string, number>();
  if (dialect === 'pytest') {
    for (const ident of idents) left.set(ident.id, (left.get(ident.id) ?? 0) + 1);
  }
  cases.forEach((c, i) => {
    const ident = idents[i]!;
    let later = 0; // testcases of this test still to come (pytest only)
    if (left.size > 0) {
      later = (left.get(ident.id) ?? 1) - 1;
      if (later > 0 || left.has(ident.id)) left.set(ident.id, later);
    }
    // Most testcases passed with no child element: nothing to read from a stack then.
    const plain = c.results.length === 0;
    const stackText = plain ? '' : c.results.map((r) => r.body).join('\n');
    const line =
      parseLine(c.line, dialect) ??
      ident.line ??
      (plain ? undefined : lineFromStack(stackText, ident.file));
    let entry = tests.get(ident.id);
    if (!entry) {
      const created: TestRecord = { id: ident.id, dialect, name: ident.name, suite: ident.suite };
      if (ident.file) created.file = ident.file;
      if (line !== undefined) created.line = line;
      if (ident.name.endsWith(']')) {
        const pm = /\[([^\]]*)\]$/.exec(ident.name);
        if (pm) created.params = pm[1]!;
      }
      entry = { rec: created, retries: 0 };
      tests.set(ident.id, entry);
    } else if (entry.rec.file === undefined && ident.file !== undefined) {
      // A later run (a failing retry) told where the test is.
      entry.rec.file = ident.file;
      if (line !== undefined) entry.rec.line = line;
    } else if (
      line !== undefined &&
      entry.rec.line === undefined &&
      entry.rec.file === ident.file
    ) {
      entry.rec.line = line;
    }
    const state = entry;
    let retry = state.retries;
    const duration = parseDurationMs(c.time);
    let outcome = outcomeOf(c);
    // pytest's junitxml ignores the reports pytest-rerunfailures marks "rerun", so a failed run
    // that was rerun leaves an empty <testcase> before the next one of the same test: it failed.
    if (
      dialect === 'pytest' &&
      outcome === 'passed' &&
      later > 0 &&
      !c.results.some(isResult) &&
      !c.status &&
      !c.result
    ) {
      outcome = 'failed';
    }
    if (plain) {
      const a: Attempt = { testId: ident.id, outcome, retry: retry++ };
      if (duration !== undefined) a.durationMs = duration;
      if (c.stdout) a.stdout = c.stdout;
      if (c.stderr) a.stderr = c.stderr;
      attempts.push(a);
      state.retries = retry;
      return;
    }
    const mainFailure = c.results.find((r) => r.tag === 'failure' || r.tag === 'error');
    const push = (o: Outcome, r?: RawResult, withOutput = false, durationMs?: number) => {
      const a: Attempt = { testId: ident.id, outcome: o, retry: retry++ };
      if (durationMs !== undefined) a.durationMs = durationMs;
      if (r && o !== 'passed' && o !== 'skipped') a.failure = detail(r, opts.limits);
      // A skip reason, when there is one (`<skipped>\n</skipped>` has none).
      if (r && o === 'skipped' && (r.message || r.body.trim())) a.failure = detail(r, opts.limits);
      if (withOutput) {
        if (c.stdout) a.stdout = c.stdout;
        if (c.stderr) a.stderr = c.stderr;
      } else if (r) {
        if (r.stdout) a.stdout = r.stdout;
        if (r.stderr) a.stderr = r.stderr;
      }
      attempts.push(a);
    };
    const flaky = c.results.filter((r) => r.tag === 'flakyFailure' || r.tag === 'flakyError');
    const reruns = c.results.filter((r) => r.tag === 'rerunFailure' || r.tag === 'rerunError');
    // Surefire: flaky* elements are failed runs that came BEFORE the final (passing) one;
    // rerun* elements are failed reruns that came AFTER the first failure.
    for (const r of flaky) push(r.tag === 'flakyError' ? 'error' : 'failed', r);
    const main = mainFailure ?? c.results.find((r) => r.tag === 'skipped');
    push(outcome, main, true, duration);
    for (const r of reruns) push(r.tag === 'rerunError' ? 'error' : 'failed', r);
    state.retries = retry;
  });
  return { tests: Array.from(tests.values(), (e) => e.rec), attempts };
}
