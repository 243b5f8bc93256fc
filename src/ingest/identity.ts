/**
 * Raw testcases to tests and attempts. A test's id must be the same across
 * runs, report files and the dialects of one tool (pytest xunit1 and xunit2,
 * go-junit-report and gotestsum, Surefire and Gradle), so ids are built only
 * from what every variant writes, per tool family; file and line are looked up
 * separately and may be richer in one variant than another.
 */
import type { Attempt, Dialect, Outcome, TestRecord } from '../model/index.ts';
import type { ParseLimits } from './limits.ts';
import { appendHead } from './text.ts';

export interface RawResult {
  tag:
    'failure' | 'error' | 'skipped' | 'flakyFailure' | 'flakyError' | 'rerunFailure' | 'rerunError';
  message: string;
  type: string;
  body: string;
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

/** Repository-relative, `/`-separated; absolute paths under a known root lose the root. */
export function normalizePath(p: string, root?: string): string {
  let s = p.trim().replace(/\\/g, '/');
  if (root) {
    const r = root.replace(/\\/g, '/').replace(/\/+$/, '') + '/';
    if (s.startsWith(r)) s = s.slice(r.length);
  }
  // GitHub-hosted runner workspaces: /home/runner/work/<repo>/<repo>/..., D:/a/<repo>/<repo>/...
  s = s
    .replace(/^\/home\/runner\/work\/[^/]+\/[^/]+\//, '')
    .replace(/^[A-Za-z]:\/a\/[^/]+\/[^/]+\//, '');
  s = s.replace(/^\/github\/workspace\//, '');
  s = s.replace(/\/{2,}/g, '/');
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

function lineFromStack(stack: string, file: string | undefined): number | undefined {
  if (!file) return undefined;
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (!base) return undefined;
  const esc = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m =
    new RegExp(`${esc}[:(](\\d+)`).exec(stack) ?? new RegExp(`${esc}", line (\\d+)`).exec(stack);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
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
  const n = Number(s.replace(/,/g, '').trim());
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000 * 1000) / 1000 : undefined;
}

interface Identity {
  id: string;
  name: string;
  suite: string;
  file?: string;
}

function identify(c: RawCase, dialect: Dialect, opts: IdentityOptions): Identity {
  const fam = FAMILY[dialect];
  const suiteName = c.suites[c.suites.length - 1] ?? '';
  const classname = c.classname ?? '';
  const attrFile = c.file !== undefined ? normalizePath(c.file, opts.root) : undefined;
  switch (dialect) {
    case 'pytest': {
      const { module, classes } = splitPytestClassname(classname);
      const modFile = module ? `${module}.py` : '';
      const node = [modFile, ...classes, c.name].filter(Boolean).join('::');
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
        dialect === 'jest' && classname && !c.name.startsWith(classname) && classname !== c.name
          ? `${classname} › ${c.name}`
          : c.name;
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
      return {
        id: `dotnet:${cls || suiteName}::${method}`,
        name: method,
        suite: cls || suiteName,
        file: attrFile,
      };
    }
    case 'surefire':
    case 'gradle':
    case 'testng': {
      const cls = classname || suiteName;
      return {
        id: `jvm:${cls}::${c.name}`,
        name: c.name,
        suite: cls,
        file: attrFile ?? javaFile(cls, opts),
      };
    }
    default: {
      const scope = classname || suiteName;
      return { id: `${fam}:${scope}::${c.name}`, name: c.name, suite: scope, file: attrFile };
    }
  }
}

/** `pkg.Outer$Inner` -> `<root>/pkg/Outer.java` when a test source root is known. */
function javaFile(cls: string, opts: IdentityOptions): string | undefined {
  const root = opts.sourceRoots?.[0];
  if (!root || !/^[\w$.]+$/.test(cls)) return undefined;
  const outer = cls.split('$')[0]!;
  return `${root.replace(/\/+$/, '')}/${outer.replace(/\./g, '/')}.java`;
}

function outcomeOf(c: RawCase): Outcome {
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
  if (['fail', 'failed', 'failure'].includes(st) || ['fail', 'failed', 'failure'].includes(res))
    return 'failed';
  if (['error', 'errored'].includes(st)) return 'error';
  if (
    ['notrun', 'disabled', 'skipped', 'skip', 'ignored', 'pending'].includes(st) ||
    ['skipped', 'suppressed'].includes(res)
  ) {
    return 'skipped';
  }
  return 'passed';
}

function detail(r: RawResult, limits: ParseLimits): NonNullable<Attempt['failure']> {
  let message = r.message;
  const body = r.body.replace(/^\s+/, '').replace(/\s+$/, '');
  // Many tools leave the message attribute empty and put everything in the body.
  if (!message.trim())
    message = appendHead('', body.split('\n').find((l) => l.trim()) ?? '', limits.maxMessage);
  return { message, type: r.type, stack: body };
}

export function buildRecords(
  cases: RawCase[],
  dialect: Dialect,
  opts: IdentityOptions,
): { tests: TestRecord[]; attempts: Attempt[] } {
  const tests = new Map<string, TestRecord>();
  const seen = new Map<string, number>(); // attempts so far per test id, for retry numbering
  const attempts: Attempt[] = [];
  for (const c of cases) {
    const ident = identify(c, dialect, opts);
    const mainFailure = c.results.find((r) => r.tag === 'failure' || r.tag === 'error');
    const stackText = c.results.map((r) => r.body).join('\n');
    const line = parseLine(c.line, dialect) ?? lineFromStack(stackText, ident.file);
    if (!tests.has(ident.id)) {
      const rec: TestRecord = { id: ident.id, dialect, name: ident.name, suite: ident.suite };
      if (ident.file) rec.file = ident.file;
      if (line !== undefined) rec.line = line;
      const pm = /\[([^\]]*)\]$/.exec(ident.name);
      if (pm) rec.params = pm[1]!;
      tests.set(ident.id, rec);
    } else if (line !== undefined && tests.get(ident.id)!.line === undefined) {
      tests.get(ident.id)!.line = line;
    }
    let retry = seen.get(ident.id) ?? 0;
    const push = (outcome: Outcome, r?: RawResult, withOutput = false, durationMs?: number) => {
      const a: Attempt = { testId: ident.id, outcome, retry: retry++ };
      if (durationMs !== undefined) a.durationMs = durationMs;
      if (r && outcome !== 'passed' && outcome !== 'skipped') a.failure = detail(r, opts.limits);
      if (r && outcome === 'skipped' && (r.message || r.body)) a.failure = detail(r, opts.limits);
      if (withOutput) {
        if (c.stdout) a.stdout = c.stdout;
        if (c.stderr) a.stderr = c.stderr;
      }
      attempts.push(a);
    };
    const duration = parseDurationMs(c.time);
    const outcome = outcomeOf(c);
    const flaky = c.results.filter((r) => r.tag === 'flakyFailure' || r.tag === 'flakyError');
    const reruns = c.results.filter((r) => r.tag === 'rerunFailure' || r.tag === 'rerunError');
    // Surefire: flaky* elements are failed runs that came BEFORE the final (passing) one;
    // rerun* elements are failed reruns that came AFTER the first failure.
    for (const r of flaky) push(r.tag === 'flakyError' ? 'error' : 'failed', r);
    const main = mainFailure ?? c.results.find((r) => r.tag === 'skipped');
    push(outcome, main, true, duration);
    for (const r of reruns) push(r.tag === 'rerunError' ? 'error' : 'failed', r);
    seen.set(ident.id, retry);
  }
  return { tests: [...tests.values()], attempts };
}
