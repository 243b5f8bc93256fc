/**
 * The synthetic test suite behind the bench history: which tests exist, in
 * which report style, and how each behaves across runs. Built once from the
 * seed; every run of the history is drawn from this one model.
 */
import { createRng, mixSeed, type Rng } from './prng.ts';
import {
  AREAS,
  CONDITIONS,
  JS_COMPONENTS,
  NOUNS,
  PARAMS,
  ROLES,
  SUBAREAS,
  VERBS,
  camel,
  snake,
} from './words.ts';

export type Behaviour = 'stable' | 'flaky' | 'broken' | 'skipped';

export interface TestSpec {
  classname: string;
  name: string;
  behaviour: Behaviour;
  /** Chance of failing in one run, before the run's own pressure factor. */
  pFail: number;
  /** Picks the failure template; each style takes it modulo its template count. */
  failKind: number;
  /** Lines of captured output when the test prints any (0 for most tests). */
  outputLines: number;
  durationMs: number;
  /** Line of the test in its source file, used in stack traces. */
  line: number;
}

export interface SurefireClass {
  classname: string;
  simpleName: string;
  /** Older modules use Surefire 2.22 (escaped text, trimmed stacks); newer ones 3.x (CDATA). */
  legacy: boolean;
  tests: TestSpec[];
}

export interface PyModule {
  path: string;
  tests: TestSpec[];
}

export interface JestTestFile {
  path: string;
  tests: TestSpec[];
}

export interface SuiteModel {
  surefire: SurefireClass[];
  /** One entry per pytest junit file (a CI shard); each holds many modules. */
  pytest: { fileName: string; modules: PyModule[] }[];
  /** One entry per jest-junit file (a workspace project); each holds many test files. */
  jest: { fileName: string; files: JestTestFile[] }[];
}

/** Share of tests per style; the rest is jest. */
const SUREFIRE_SHARE = 0.4;
const PYTEST_SHARE = 0.35;
/** Typical tests per pytest shard file and per jest project file. */
const PYTEST_FILE_TESTS = 1750;
const JEST_FILE_TESTS = 1250;

export function buildSuite(tests: number, seed: number): SuiteModel {
  const rng = createRng(mixSeed(seed, 'suite'));
  const unique = new UniqueNames();
  const nSurefire = Math.round(tests * SUREFIRE_SHARE);
  const nPytest = Math.round(tests * PYTEST_SHARE);
  const nJest = tests - nSurefire - nPytest;
  return {
    surefire: buildSurefire(nSurefire, rng, unique),
    pytest: buildPytest(nPytest, rng, unique),
    jest: buildJest(nJest, rng, unique),
  };
}

/**
 * Failure mix: ~1% always skipped, ~0.35% always failing, ~6% flaky with a
 * 5-40% failure chance. With the per-run pressure factor (0.6-1.6) that lands
 * near 2% of testcases failing per run, inside the 1-3% a busy suite sees.
 */
function newTest(rng: Rng, classname: string, name: string): TestSpec {
  const r = rng.next();
  const behaviour: Behaviour =
    r < 0.01 ? 'skipped' : r < 0.0135 ? 'broken' : r < 0.0735 ? 'flaky' : 'stable';
  return {
    classname,
    name,
    behaviour,
    pFail: behaviour === 'flaky' ? 0.05 + 0.35 * rng.next() : 0,
    failKind: rng.int(1000),
    outputLines: rng.chance(0.03) ? rng.between(2, 14) : 0,
    // Long-tailed: most tests take a few ms, a few take seconds.
    durationMs: Math.round(Math.exp(rng.next() * 8)),
    line: rng.between(12, 900),
  };
}

/** Splits `total` into chunks of lo..hi (the last one may be smaller). */
function chunks(total: number, lo: number, hi: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let left = total; left > 0;) {
    const n = Math.min(left, rng.between(lo, hi));
    out.push(n);
    left -= n;
  }
  return out;
}

function buildSurefire(total: number, rng: Rng, unique: UniqueNames): SurefireClass[] {
  return chunks(total, 4, 36, rng).map((size) => {
    const area = rng.pick(AREAS);
    const simple = unique.take(`${rng.pick(NOUNS)}${rng.pick(ROLES)}`, 'Test', 'java');
    const classname = `com.acme.${area}.${rng.pick(SUBAREAS)}.${simple}`;
    // Modules of the first half of AREAS stayed on the old plugin version.
    const legacy = AREAS.indexOf(area) % 2 === 0;
    const tests: TestSpec[] = [];
    while (tests.length < size) {
      const method = camel(['should', rng.pick(VERBS), rng.pick(NOUNS), rng.pick(CONDITIONS)]);
      if (rng.chance(0.08)) {
        // JUnit 5 @ParameterizedTest as Surefire names it: method(Type)[index].
        const cases = Math.min(rng.between(2, 5), size - tests.length);
        const base = unique.take(`${classname}#${method}`, '(String)', 'java');
        for (let i = 1; i <= cases; i++) {
          tests.push(newTest(rng, classname, `${base.slice(classname.length + 1)}[${i}]`));
        }
      } else {
        const name = unique.take(`${classname}#${method}`, '', 'java').slice(classname.length + 1);
        tests.push(newTest(rng, classname, name));
      }
    }
    return { classname, simpleName: simple, legacy, tests };
  });
}

function buildPytest(total: number, rng: Rng, unique: UniqueNames): SuiteModel['pytest'] {
  const modules = chunks(total, 5, 60, rng).map((size): PyModule => {
    const area = rng.pick(AREAS);
    const stem = unique.take(`test_${snake([rng.pick(NOUNS), rng.pick(ROLES)])}`, '', 'py');
    const path = `tests/${area}/${stem}.py`;
    const dotted = path.slice(0, -3).replaceAll('/', '.');
    // Half the modules group their tests in one to three classes, as pytest
    // suites usually mix plain test functions and test classes.
    const classes = rng.chance(0.5)
      ? Array.from({ length: rng.between(1, 3) }, () => `.Test${rng.pick(NOUNS)}${rng.pick(ROLES)}`)
      : [''];
    const tests: TestSpec[] = [];
    while (tests.length < size) {
      const classname = `${dotted}${rng.pick(classes)}`;
      const fn = snake(['test', rng.pick(VERBS), rng.pick(NOUNS), rng.pick(CONDITIONS)]);
      const name = unique.take(`${classname}#${fn}`, '', 'py').slice(classname.length + 1);
      const params = rng.chance(0.15) ? rng.between(2, 4) : 0;
      if (params === 0) tests.push(newTest(rng, classname, name));
      const picked = new Set<string>();
      while (picked.size < params && tests.length < size) {
        const param = rng.pick(PARAMS);
        if (picked.has(param)) continue;
        picked.add(param);
        tests.push(newTest(rng, classname, `${name}[${param}]`));
      }
    }
    return { path, tests };
  });
  const files = Math.max(1, Math.round(total / PYTEST_FILE_TESTS));
  return Array.from({ length: files }, (_, i) => ({
    fileName: `junit-pytest-${i + 1}.xml`,
    // Round-robin: pytest-split style shards each get a slice of every area.
    modules: modules.filter((_, m) => m % files === i),
  }));
}

const JEST_PROJECTS = ['web', 'api', 'admin', 'mobile', 'shared', 'worker', 'docs', 'cli'];

function buildJest(total: number, rng: Rng, unique: UniqueNames): SuiteModel['jest'] {
  const count = Math.max(1, Math.round(total / JEST_FILE_TESTS));
  const projects = Array.from({ length: count }, (_, i) => {
    const round = Math.floor(i / JEST_PROJECTS.length);
    const project = `${JEST_PROJECTS[i % JEST_PROJECTS.length]}${round === 0 ? '' : round + 1}`;
    return { fileName: `junit-jest-${project}.xml`, project, files: [] as JestTestFile[] };
  });
  chunks(total, 3, 30, rng).forEach((size, f) => {
    const project = projects[f % count]!;
    const area = rng.pick(AREAS);
    const component = unique.take(`${rng.pick(NOUNS)}${rng.pick(JS_COMPONENTS)}`, '', 'jsx');
    const path = rng.chance(0.6)
      ? `packages/${project.project}/src/${area}/${component}/${component}.test.tsx`
      : `packages/${project.project}/src/${area}/lib/${component.toLowerCase()}.test.ts`;
    const tests: TestSpec[] = [];
    while (tests.length < size) {
      const chain = [component];
      for (let d = rng.int(3); d > 0; d--) chain.push(rng.pick(CONDITIONS));
      const classname = chain.join(' › ');
      const title = `${thirdPerson(rng.pick(VERBS))} the ${rng.pick(NOUNS).toLowerCase()} ${rng.pick(CONDITIONS)}`;
      const name = unique.take(`${classname}#${title}`, '', 'js').slice(classname.length + 1);
      tests.push(newTest(rng, classname, name));
    }
    project.files.push({ path, tests });
  });
  return projects.map(({ fileName, files }) => ({ fileName, files }));
}

/** "retry" -> "retries", "publish" -> "publishes", "parse" -> "parses". */
function thirdPerson(verb: string): string {
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  if (/(sh|ch|x|s)$/.test(verb)) return `${verb}es`;
  return `${verb}s`;
}

/** Hands out names that were not handed out before, numbering repeats (Foo, Foo2, ...). */
class UniqueNames {
  private readonly seen = new Set<string>();

  /** `suffix` is appended after the number; `space` keeps languages apart. */
  take(base: string, suffix: string, space: string): string {
    for (let n = 1; ; n++) {
      const name = `${base}${n === 1 ? '' : n}${suffix}`;
      const key = `${space}\u0000${name}`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        return name;
      }
    }
  }
}

/** One run of the history: its own random stream and how bad a day it was. */
export interface RunContext {
  rng: Rng;
  /** Scales every flaky test's failure chance for this run (busy runners, slow network). */
  pressure: number;
  /** When the run started; report timestamps count from here. */
  startedAt: Date;
}

export type RunOutcome = 'passed' | 'failed' | 'skipped';

export function drawOutcome(test: TestSpec, run: RunContext): RunOutcome {
  switch (test.behaviour) {
    case 'skipped':
      return 'skipped';
    case 'broken':
      return 'failed';
    case 'flaky':
      return run.rng.chance(Math.min(0.9, test.pFail * run.pressure)) ? 'failed' : 'passed';
    case 'stable':
      // A stable test still fails very rarely (a one-off infrastructure hiccup).
      return run.rng.chance(0.0003) ? 'failed' : 'passed';
  }
}

/** A run-to-run varying duration around the test's typical one. */
export function drawDuration(test: TestSpec, run: RunContext): number {
  return Math.max(0, Math.round(test.durationMs * (0.7 + 0.6 * run.rng.next())));
}
