/**
 * Rerun command lines: that each framework's filter selects exactly the
 * intended test under that framework's own matching rules, that no hostile
 * name becomes an option or a line break, and the exact argv for frameworks
 * that cannot run here, built from real reports of the corpus.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Framework, Invocation, RerunTarget, TestRecord } from '../../../src/model/index.ts';
import { FRAMEWORKS } from '../../../src/model/index.ts';
import { readReportFile } from '../../../src/ingest/read.ts';
import {
  isolatedInvocation,
  patternFor,
  sharesProcess,
  suiteInvocation,
  templateInvocation,
} from '../../../src/rerun/adapters.ts';
import { targetFor, type RepoFacts } from '../../../src/rerun/select.ts';
import { HOSTILE } from '../../helpers/corpus.ts';
import { read } from '../../helpers/records.ts';

const JUNIT = join(tmpdir(), 'flakegate-rerun', 'attempt-1.xml');
const CTX = { junitPath: JUNIT };

function target(
  framework: Framework,
  name: string,
  suite: string,
  file?: string,
  testId = `${framework}:${suite}::${name}`,
): RerunTarget {
  return { testId, framework, name, suite, durationMs: 1, ...(file ? { file } : {}) };
}

/** The argv element after `flag`, or the value of `flag=`. */
function option(inv: Invocation, flag: string): string {
  const i = inv.argv.indexOf(flag);
  if (i >= 0) return inv.argv[i + 1]!;
  const el = inv.argv.find((a) => a.startsWith(`${flag}=`));
  expect(el, `${flag} in ${JSON.stringify(inv.argv)}`).toBeDefined();
  return el!.slice(flag.length + 1);
}

/**
 * Each framework's test selection, modelled on its source: given the pattern
 * flakegate built and a test's name, whether the framework would run it.
 */
interface Engine {
  /** A test of this framework named `name` (a describe chain where the report has one). */
  make(name: string): RerunTarget;
  /** The argv option carrying the pattern. */
  flag: string;
  selects(pattern: string, name: string): boolean;
}

const js = (p: string, flags = '') => new RegExp(p, flags);

const ENGINES: Partial<Record<Framework, Engine>> = {
  // vitest 5 tests `fullTestName`: the describe chain joined by ' > ', as the JUnit name.
  vitest: {
    make: (n) => target('vitest', `suite > ${n}`, 'a.test.ts', 'a.test.ts'),
    flag: '--testNamePattern',
    selects: (p, n) => js(p).test(`suite > ${n}`),
  },
  // jest-circus tests the chain joined by spaces, case-insensitively; jest-junit wrote ' › '.
  jest: {
    make: (n) => target('jest', `suite › ${n}`, 'a.test.js', 'a.test.js'),
    flag: '--testNamePattern',
    selects: (p, n) => js(p, 'i').test(`suite ${n}`),
  },
  // mocha tests the full title; its reporters write it as the name.
  mocha: {
    make: (n) => target('mocha', `suite ${n}`, 'test/a.js', 'test/a.js'),
    flag: '--grep',
    selects: (p, n) => js(p).test(`suite ${n}`),
  },
  // node:test runs a test whose own name or ancestors-and-name (spaces) matches.
  'node-test': {
    make: (n) => target('node-test', n, 'outer.inner', 'a.test.mjs'),
    flag: '--test-name-pattern',
    selects: (p, n) => js(p).test(n) || js(p).test(`outer inner ${n}`),
  },
  // Playwright greps root, project, file, describes, title (and tags) joined by spaces.
  playwright: {
    make: (n) =>
      target(
        'playwright',
        `suite › ${n}`,
        'tests/a.spec.ts',
        'tests/a.spec.ts',
        `playwright:tests/a.spec.ts::suite › ${n} [chromium]`,
      ),
    flag: '--grep',
    selects: (p, n) => js(p, 'i').test(` chromium a.spec.ts suite ${n}`),
  },
  // go test splits -run at '/' and matches each level; go rewrote spaces to '_'.
  go: {
    make: (n) => target('go', `TestX/${n.replace(/ /g, '_')}`, 'example.com/pkg'),
    flag: '-run',
    selects: (p, n) => {
      const levels = p.split('/');
      const names = ['TestX', n.replace(/ /g, '_')];
      return levels.length === names.length && levels.every((l, i) => js(l).test(names[i]!));
    },
  },
  // RSpec: a Ruby regex over the full description (\A and \z are JS's ^ and $ without a newline).
  rspec: {
    make: (n) => target('rspec', `Thing ${n}`, 'spec.thing_spec', 'spec/thing_spec.rb'),
    flag: '--example-matches',
    selects: (p, n) => js(p.replace(/^\\A/, '^').replace(/\\z$/, '$')).test(`Thing ${n}`),
  },
  // PHPUnit: a delimited PCRE over `Class::method`.
  phpunit: {
    make: (n) => target('phpunit', n, 'App\\Tests\\ThingTest'),
    flag: '--filter',
    selects: (p, n) => js(p.slice(1, -1)).test(`App\\Tests\\ThingTest::${n}`),
  },
  ctest: {
    make: (n) => target('ctest', n, n),
    flag: '-R',
    selects: (p, n) => js(p).test(n),
  },
  // pytest: node ids, compared literally.
  pytest: {
    make: (n) => target('pytest', `test_it[${n}]`, 'tests.test_a', 'tests/test_a.py'),
    flag: '--',
    selects: (p, n) => p === `tests/test_a.py::test_it[${n}]`,
  },
};

/** A name that is a prefix of the other, regex syntax, and the same text unescaped. */
const PAIRS: [string, string][] = [
  ['adds', 'adds two'],
  ['adds two', 'adds'],
  ['a.b', 'axb'],
  ['(x)+', 'xx'],
  ['(x)+', '(x)'],
  ['[ab]*', 'a'],
  ['$1 ^ 2 | 3', '1 ^ 2 | 3'],
  ['back\\slash', 'back\\\\slash'],
];

describe('each filter selects exactly its own test, under the framework matching rules', () => {
  for (const [fw, engine] of Object.entries(ENGINES)) {
    it(fw, () => {
      for (const [a, b] of PAIRS) {
        const inv = isolatedInvocation(engine.make(a), CTX);
        const pattern = option(inv, engine.flag);
        expect(pattern).toBe(patternFor(engine.make(a)));
        expect(engine.selects(pattern, a), `${fw}: ${pattern} selects "${a}"`).toBe(true);
        expect(engine.selects(pattern, b), `${fw}: ${pattern} leaves out "${b}"`).toBe(false);
      }
    });
  }

  it('vitest before 5 joined the chain with spaces after an empty root name: also selected', () => {
    const p = patternFor(target('vitest', 'outer > inner > adds', 'a.test.ts'));
    expect(js(p).test(' outer inner adds')).toBe(true);
    expect(js(p).test(' outer inner adds two')).toBe(false);
  });

  it('jest-junit configured with a space separator gives the very name jest matches', () => {
    const p = patternFor(target('jest', 'outer inner adds', 'a.test.js', 'a.test.js'));
    expect(js(p, 'i').test('outer inner adds')).toBe(true);
    expect(js(p, 'i').test('outer inner adds two')).toBe(false);
  });

  it('node:test top-level tests (classname "test") match by their own name', () => {
    const p = patternFor(target('node-test', 'adds', 'test', 'a.test.mjs'));
    expect(js(p).test('adds')).toBe(true);
    expect(js(p).test('adds two')).toBe(false);
  });

  it('node:test classname dots are separators or literal dots', () => {
    const p = patternFor(target('node-test', 'adds', 'v1.2 api.inner', 'a.test.mjs'));
    expect(js(p).test('v1.2 api inner adds')).toBe(true);
    expect(js(p).test('v1x2 api inner adds')).toBe(false);
  });

  it('Playwright tests with tags given as options, in a describe and on the test', () => {
    const p = patternFor(ENGINES.playwright!.make('adds'));
    expect(js(p, 'i').test(' chromium a.spec.ts suite @slow adds @flaky')).toBe(true);
    expect(js(p, 'i').test(' chromium a.spec.ts suite adds two @flaky')).toBe(false);
    // The file title is relative to the test directory, or carries the directory.
    expect(js(p, 'i').test(' chromium tests/a.spec.ts suite adds')).toBe(true);
    expect(js(p, 'i').test(' chromium b.spec.ts suite adds')).toBe(false);
  });

  it('PHPUnit data sets: a bare name selects every set, a named set only itself', () => {
    const bare = patternFor(target('phpunit', 'testAdd', 'Calc')).slice(1, -1);
    expect(js(bare).test('Calc::testAdd with data set #0')).toBe(true);
    expect(js(bare).test('Calc::testAddTwo')).toBe(false);
    const one = patternFor(target('phpunit', 'testAdd with data set #1', 'Calc')).slice(1, -1);
    expect(js(one).test('Calc::testAdd with data set #1')).toBe(true);
    expect(js(one).test('Calc::testAdd with data set #10')).toBe(false);
  });
});

/** nextest's matcher string, unescaped as its parser does, up to an unescaped `)` or `,`. */
function nextestValues(filterset: string): string[] {
  const values: string[] = [];
  const re = /\(=((?:\\.|[^\\),])*)\)/g;
  for (const m of filterset.matchAll(re)) values.push(m[1]!.replace(/\\(.)/g, '$1'));
  return values;
}

/** VSTest `Property=Value` conditions, unescaped. */
function vstestValues(filter: string): string[] {
  return [...filter.matchAll(/FullyQualifiedName=((?:\\.|[^\\|&)])*)/g)].map((m) =>
    m[1]!.replace(/\\(.)/g, '$1'),
  );
}

describe('filters without regexes compare names literally', () => {
  it('nextest: binary id and test name round-trip through filterset escaping', () => {
    for (const name of ['adds', 'tests::adds_two', 'odd),name', 'a\\b/c']) {
      const p = patternFor(target('nextest', name, 'crate::bin'));
      expect(nextestValues(p)).toEqual(['crate::bin', name]);
    }
  });

  it('dotnet: the fully qualified name round-trips through VSTest escaping', () => {
    expect(vstestValues(patternFor(target('dotnet', 'Adds', 'Ns.Calc')))).toEqual(['Ns.Calc.Adds']);
    const p = patternFor(target('dotnet', 'Adds(1,"a|b")', 'Ns.Calc'));
    expect(vstestValues(p)).toEqual(['Ns.Calc.Adds(1,"a|b")', 'Ns.Calc.Adds']);
  });

  it('maven and gradle: class and method, joined by their separators', () => {
    expect(patternFor(target('maven', 'adds', 'pkg.CalcTest'))).toBe('pkg.CalcTest#adds');
    expect(patternFor(target('maven', 'adds(int)[2]', 'pkg.CalcTest'))).toBe('pkg.CalcTest#adds');
    expect(patternFor(target('gradle', 'adds()', 'pkg.Calc$Inner'))).toBe('pkg.Calc$Inner.adds');
  });
});

/** Every element that starts with `-` is a flag of the benign invocation, alone or as `--flag=`. */
function expectNoInjectedOption(inv: Invocation, benign: Invocation, what: string): void {
  // pytest reads no option after `--` (gotestsum's `--` starts go test's flags: checked).
  const end = inv.argv[2] === 'pytest' ? inv.argv.indexOf('--') : inv.argv.length;
  const flags = new Set(benign.argv.filter((a) => a.startsWith('-')).map((a) => a.split('=')[0]));
  const exact = new Set(benign.argv.filter((a) => a.startsWith('-') && !a.includes('=')));
  for (const a of inv.argv.slice(1, end)) {
    if (!a.startsWith('-')) continue;
    const ok = a.includes('=') ? flags.has(a.split('=')[0]) : exact.has(a);
    expect(ok, `${what}: ${JSON.stringify(a)} in ${JSON.stringify(inv.argv)}`).toBe(true);
  }
}

function record(over: Partial<TestRecord>): TestRecord {
  return { id: 'junit:s::n', dialect: 'junit', name: 'n', suite: 's', ...over };
}

const ANY_REPO: RepoFacts = { hasFile: () => true };

describe('names that look like options never become options', () => {
  const hostile: Partial<TestRecord>[] = [
    { name: '-rf', suite: 'pkg.Suite', file: 'tests/a.test.js' },
    { name: '--help', suite: '--require=/evil.js', file: 'tests/a.test.js' },
    { name: '--config=/etc/passwd x', suite: 'pkg.Suite', file: '-e' },
    { name: '-e', suite: '-x', file: '--output=/evil' },
    { name: 'Suite › -t › --grep=x', suite: 'tests/a.spec.ts', file: 'tests/a.spec.ts' },
    // A name every framework accepts, in a file whose path starts with '-'.
    { name: 'ok', suite: 'Suite', file: '-mod/src/test/java/Suite.java' },
  ];
  for (const fw of FRAMEWORKS) {
    it(fw, () => {
      const benignT = targetFor(
        record({ name: 'plain', suite: 'Suite', file: 'tests/a.test.js' }),
        1,
        ANY_REPO,
        fw,
      );
      expect(benignT).not.toHaveProperty('refused');
      const benign = isolatedInvocation(benignT as RerunTarget, CTX);
      let built = 0;
      for (const over of hostile) {
        const t = targetFor(record({ ...over, id: `junit:${over.name}` }), 1, ANY_REPO, fw);
        if ('refused' in t) continue;
        built++;
        const inv = isolatedInvocation(t, CTX);
        expectNoInjectedOption(inv, benign, `${fw} ${JSON.stringify(over)}`);
        expect(inv.argv).not.toContain(over.name);
        const inSuite = suiteInvocation([benignT as RerunTarget, t], CTX);
        if (inSuite) expectNoInjectedOption(inSuite, benign, `${fw} in-suite`);
      }
      expect(built, `${fw} builds a command for some of the hostile names`).toBeGreaterThan(0);
    });
  }

  it('a file that starts with "-" is passed as ./-file', () => {
    const t = target('vitest', 'adds', '-e.test.ts', '-e.test.ts');
    expect(isolatedInvocation(t, CTX).argv).toContain('./-e.test.ts');
    const p = target('pytest', 'test_a', '-x', '-x/test_a.py');
    expect(isolatedInvocation(p, CTX).argv.slice(-2)).toEqual(['--', '-x/test_a.py::test_a']);
  });
});

describe('the hostile corpus: every readable name is refused or becomes clean arguments', () => {
  const files = readdirSync(HOSTILE).filter((f) => f.endsWith('.xml'));
  const records = files.flatMap((f) => readReportFile(HOSTILE + f).tests);

  it('reads names from the hostile reports', () => {
    expect(records.length).toBeGreaterThan(30);
  });

  for (const fw of FRAMEWORKS) {
    it(fw, () => {
      let refused = 0;
      for (const rec of records) {
        const t = targetFor(rec, 10, ANY_REPO, fw);
        if ('refused' in t) {
          expect(t.refused.length).toBeGreaterThan(10);
          refused++;
          continue;
        }
        const inv = isolatedInvocation(t, CTX);
        const values = [...inv.argv, ...Object.values(inv.env ?? {})];
        for (const v of values) {
          expect(typeof v).toBe('string');
          expect(v, `${fw}: ${JSON.stringify(rec.name)}`).not.toMatch(/[\0\r\n]/);
        }
      }
      // names-control-chars.xml has a line feed and a carriage return; names-long.xml 100 KB.
      expect(refused).toBeGreaterThanOrEqual(3);
    });
  }

  it('the names with a line break are refused, whatever the framework', () => {
    const broken = records.filter((r) => /[\r\n]/.test(r.name));
    expect(broken.length).toBeGreaterThanOrEqual(2);
    for (const fw of FRAMEWORKS) {
      for (const r of broken) expect(targetFor(r, 1, ANY_REPO, fw)).toHaveProperty('refused');
    }
  });
});

/** A target from a corpus test, by id. */
function corpusTarget(file: string, id: string, repo: RepoFacts = ANY_REPO, fw?: Framework) {
  const rec = read(file).tests.find((t) => t.id === id);
  expect(rec, `${id} in ${file}`).toBeDefined();
  const t = targetFor(rec!, 1, repo, fw);
  if ('refused' in t) throw new Error(t.refused);
  return t;
}

const files = (...present: string[]): RepoFacts => ({ hasFile: (p) => present.includes(p) });

describe('exact command lines for real reports of frameworks that do not run here', () => {
  it('maven: Surefire report, plain class and package class', () => {
    const t = corpusTarget('surefire/surefire-NoPackageTest.xml', 'jvm:NoPackageTest::testQuote');
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'mvn',
        '-B',
        '-q',
        'test',
        '-Dtest=NoPackageTest#testQuote',
        '-Dsurefire.failIfNoSpecifiedTests=false',
        '-Dsurefire.rerunFailingTestsCount=0',
      ],
      result: { format: 'exit-code' },
    });
    const nested = corpusTarget(
      'surefire/surefire-MyTest-enclosed.xml',
      'jvm:surefire.MyTest$A::t',
    );
    const wrapped = isolatedInvocation(nested, { ...CTX, hasFile: (p) => p === 'mvnw' });
    expect(wrapped.argv.slice(0, 5)).toEqual([
      './mvnw',
      '-B',
      '-q',
      'test',
      '-Dtest=surefire.MyTest$A#t',
    ]);
  });

  it('maven: a JUnit 5 display name is refused, not rerun as a method that does not exist', () => {
    const rec = read('surefire/mikepenz-surefire-CalcUtilsTest.xml').tests[0]!;
    expect(rec.name).toBe('test error handling');
    const t = targetFor(rec, 1, files('pom.xml'));
    expect(t).toEqual({ refused: expect.stringMatching(/not a Java method name/) });
  });

  it('gradle: nested class through the wrapper, in the module the file is in', () => {
    const id = 'jvm:com.launchableinc.rocket_car_gradle.AppTest$InnerClass::testAppHasAGreeting3';
    const t = corpusTarget('gradle/launchable-gradle.xml', id, files('build.gradle.kts'));
    expect(t.framework).toBe('gradle');
    expect(isolatedInvocation(t, { ...CTX, hasFile: (p) => p === 'gradlew' })).toEqual({
      argv: [
        './gradlew',
        'test',
        '--rerun',
        '--tests',
        'com.launchableinc.rocket_car_gradle.AppTest$InnerClass.testAppHasAGreeting3',
      ],
      result: { format: 'exit-code' },
    });
    const inModule = { ...t, file: 'app/src/test/java/com/launchableinc/AppTest.java' };
    expect(isolatedInvocation(inModule, CTX).argv.slice(0, 3)).toEqual([
      'gradle',
      ':app:test',
      '--rerun',
    ]);
    expect(isolatedInvocation({ ...inModule, framework: 'maven' }, CTX).argv.slice(0, 6)).toEqual([
      'mvn',
      '-B',
      '-q',
      '-pl',
      'app',
      'test',
    ]);
  });

  it('dotnet: plain and parameterized NUnit cases', () => {
    const t = corpusTarget(
      'dotnet/spekt-junit-testlogger.xml',
      'dotnet:JUnit.Xml.TestLogger.NetFull.Tests.FailingTestSetup::TestB',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'dotnet',
        'test',
        '--filter',
        'FullyQualifiedName=JUnit.Xml.TestLogger.NetFull.Tests.FailingTestSetup.TestB',
        '--logger',
        `junit;LogFilePath=${JUNIT}`,
      ],
      result: { format: 'junit', path: JUNIT },
    });
    const p = corpusTarget(
      'dotnet/spekt-junit-testlogger.xml',
      'dotnet:JUnit.Xml.TestLogger.NetFull.Tests.ParametrizedTestCases::TestData(1,"A")',
    );
    expect(option(isolatedInvocation(p, CTX), '--filter')).toBe(
      'FullyQualifiedName=JUnit.Xml.TestLogger.NetFull.Tests.ParametrizedTestCases.TestData\\(1,"A"\\)' +
        '|FullyQualifiedName=JUnit.Xml.TestLogger.NetFull.Tests.ParametrizedTestCases.TestData',
    );
  });

  it('rspec: anchored Ruby regex over the full description, with the spec file', () => {
    const t = corpusTarget(
      'rspec/launchable-rspec.xml',
      'rspec:spec/models/article_spec.rb::Article validation is invalid without a title',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'bundle',
        'exec',
        'rspec',
        '--format=RspecJunitFormatter',
        `--out=${JUNIT}`,
        '--example-matches=\\AArticle validation is invalid without a title\\z',
        '--order=defined',
        'spec/models/article_spec.rb',
      ],
      result: { format: 'junit', path: JUNIT },
    });
    expect(isolatedInvocation(t, { ...CTX, hasFile: () => false }).argv[0]).toBe('rspec');
  });

  it('phpunit: namespaced class, and a .phpt test (no class) refused', () => {
    const t = corpusTarget(
      'phpunit/captain-phpunit.xml',
      'phpunit:Tests\\Unit\\ExampleTest::test_that_true_is_false',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'vendor/bin/phpunit',
        '--log-junit',
        JUNIT,
        '--filter',
        '/^Tests\\\\Unit\\\\ExampleTest\\:\\:test_that_true_is_false(?: with data set .*)?$/',
      ],
      result: { format: 'junit', path: JUNIT },
    });
    const phpt = read('phpunit/dorny-phpunit-e2e.xml').tests.find(
      (r) => r.suite === 'CLI Arguments',
    )!;
    expect(targetFor(phpt, 1, ANY_REPO)).toEqual({ refused: expect.stringMatching(/PHP class/) });
  });

  it('nextest: binary id and test, exit status as the result', () => {
    const t = corpusTarget(
      'nextest/mikepenz-nextest-basic.xml',
      'rust:oxidized_navigation::parry3d::test_failure',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'cargo',
        'nextest',
        'run',
        '--no-fail-fast',
        '--no-tests=fail',
        '--retries=0',
        '-E',
        'binary_id(=oxidized_navigation::parry3d) & test(=test_failure)',
      ],
      result: { format: 'exit-code' },
    });
  });

  it('ctest: anchored CMake regex', () => {
    const t = corpusTarget('ctest/codecov-ctest.xml', 'ctest:a_unit_test');
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'ctest',
        '--output-on-failure',
        '--no-tests=error',
        '-R',
        '^a_unit_test$',
        '--output-junit',
        JUNIT,
      ],
      result: { format: 'junit', path: JUNIT },
    });
  });

  it('playwright: title path grep, project from the id, file filter, JUnit file by env', () => {
    const t = corpusTarget(
      'playwright/launchable-playwright-report.xml',
      'playwright:tests/demo-todo-app.spec.ts::New Todo › should allow me to add todo items [chromium]',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'npx',
        'playwright',
        'test',
        '--reporter=junit',
        '--retries=0',
        '--workers=1',
        '--grep=(?:^|[ /])demo-todo-app\\.spec\\.ts New Todo(?: @\\S+)* should allow me to add todo items(?: @\\S+)*$',
        '--project=chromium',
        '(?:^|/)tests/demo-todo-app\\.spec\\.ts$',
      ],
      env: { PLAYWRIGHT_JUNIT_OUTPUT_FILE: JUNIT },
      result: { format: 'junit', path: JUNIT },
    });
  });
});

describe('command lines of frameworks that run here', () => {
  it('go-junit-report reports rerun with go test -json; subtests anchored level by level', () => {
    const t = corpusTarget(
      'go-junit-report/jstemmer-012-subtests.xml',
      'go:package/subtests::TestSubtests/Subtest#01',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'go',
        'test',
        '-json',
        '-count=1',
        '-run=^TestSubtests$/^Subtest#01$',
        'package/subtests',
      ],
      result: { format: 'go-json' },
    });
  });

  it('a target from a gotestsum report reruns with gotestsum, which writes the JUnit file', () => {
    const t = { ...target('go', 'TestA/two words', 'example.com/m/pkg'), dialect: 'gotestsum' };
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'gotestsum',
        `--junitfile=${JUNIT}`,
        '--format=standard-quiet',
        '--',
        '-count=1',
        '-run=^TestA$/^two_words$',
        'example.com/m/pkg',
      ],
      result: { format: 'junit', path: JUNIT },
    });
  });

  it('go benchmarks rerun with -bench, no plain tests', () => {
    const argv = isolatedInvocation(target('go', 'BenchmarkSort', 'example.com/m'), CTX).argv;
    expect(argv).toEqual([
      'go',
      'test',
      '-json',
      '-count=1',
      '-run=^$',
      '-bench=^BenchmarkSort$',
      '-benchtime=1x',
      'example.com/m',
    ]);
  });

  it('pytest: node id from file and classname, parameters literal, after --', () => {
    const t = corpusTarget(
      'pytest/codecov-pytest.xml',
      'pytest:tests/test_parsers.py::TestParsers::test_junit[junit.xml--True]',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'python3',
        '-m',
        'pytest',
        '-p',
        'no:cacheprovider',
        '-p',
        'no:randomly',
        `--junitxml=${JUNIT}`,
        '-o',
        'junit_family=xunit1',
        '--',
        'tests/test_parsers.py::TestParsers::test_junit[junit.xml--True]',
      ],
      result: { format: 'junit', path: JUNIT },
    });
  });

  it('jest: paths by --runTestsByPath, JUnit file by env; none without a file', () => {
    const t = corpusTarget(
      'jest/dorny-jest-junit.xml',
      'jest:__tests__/main.test.js::Test 1 › Test 1.1 › Failing test',
    );
    expect(isolatedInvocation(t, CTX)).toEqual({
      argv: [
        'npx',
        'jest',
        '--ci',
        '--coverage=false',
        '--testNamePattern=^Test 1(?: | › )Test 1\\.1(?: | › )Failing test$',
        '--reporters=default',
        '--reporters=jest-junit',
        '--runTestsByPath',
        '__tests__/main.test.js',
      ],
      env: { JEST_JUNIT_OUTPUT_FILE: JUNIT },
      result: { format: 'junit', path: JUNIT },
    });
    const noFile = isolatedInvocation(target('jest', 'adds', 'Calc'), CTX).argv;
    expect(noFile).not.toContain('--runTestsByPath');
  });

  it('vitest, mocha and node:test write JUnit where told', () => {
    const v = isolatedInvocation(target('vitest', 'a > b', 'x.test.ts', 'x.test.ts'), CTX);
    expect(v.argv).toEqual([
      'npx',
      'vitest',
      'run',
      '--testNamePattern=^ ?a(?: > | )b$',
      '--reporter=junit',
      `--outputFile=${JUNIT}`,
      '--coverage.enabled=false',
      '--retry=0',
      'x.test.ts',
    ]);
    const m = isolatedInvocation(target('mocha', 'a b', 'test/x.js', 'test/x.js'), CTX);
    expect(m.argv).toContain(`--reporter-option=output=${JUNIT}`);
    const n = isolatedInvocation(target('node-test', 'b', 'a', 'x.test.mjs'), CTX);
    expect(n.argv).toEqual([
      'node',
      '--test',
      '--test-name-pattern=^a b$',
      '--test-reporter=junit',
      `--test-reporter-destination=${JUNIT}`,
      'x.test.mjs',
    ]);
  });
});

describe('in-suite runs', () => {
  it('pytest keeps the given order with the victim last, once each', () => {
    const a = target('pytest', 'test_a', 'tests.test_x', 'tests/test_x.py');
    const b = target('pytest', 'test_b', 'tests.test_y', 'tests/test_y.py');
    const v = target('pytest', 'test_v', 'tests.test_x', 'tests/test_x.py');
    const inv = suiteInvocation([a, v, b, a, v], CTX)!;
    expect(inv.argv.slice(inv.argv.indexOf('--') + 1)).toEqual([
      'tests/test_x.py::test_a',
      'tests/test_y.py::test_b',
      'tests/test_x.py::test_v',
    ]);
  });

  it('jest selects the preceding tests and the victim in one file, or refuses other files', () => {
    const a = target('jest', 'calc › adds', 'a.test.js', 'a.test.js');
    const v = target('jest', 'calc › adds two', 'a.test.js', 'a.test.js');
    const p = option(suiteInvocation([a, v], CTX)!, '--testNamePattern');
    expect(js(p, 'i').test('calc adds')).toBe(true);
    expect(js(p, 'i').test('calc adds two')).toBe(true);
    expect(js(p, 'i').test('calc adds three')).toBe(false);
    const other = target('jest', 'x', 'b.test.js', 'b.test.js');
    expect(suiteInvocation([other, v], CTX)).toBeNull();
  });

  it('go groups levels across tests of one package; other packages cannot share', () => {
    const a = target('go', 'TestA', 'example.com/p');
    const v = target('go', 'TestB/case 1', 'example.com/p');
    expect(option(suiteInvocation([a, v], CTX)!, '-run')).toBe('^(?:TestA|TestB)$/^case_1$');
    expect(suiteInvocation([target('go', 'TestA', 'example.com/q'), v], CTX)).toBeNull();
  });

  it('surefire groups methods by class; gradle repeats --tests', () => {
    const a = target('maven', 'a', 'p.A');
    const b = target('maven', 'b', 'p.B');
    const v = target('maven', 'v', 'p.A');
    expect(option(suiteInvocation([a, b, v], CTX)!, '-Dtest')).toBe('p.A#a+v,p.B#b');
    const g = suiteInvocation(
      [
        { ...a, framework: 'gradle' },
        { ...v, framework: 'gradle' },
      ],
      CTX,
    )!;
    expect(g.argv.slice(2)).toEqual(['--rerun', '--tests', 'p.A.a', '--tests', 'p.A.v']);
  });

  it('nextest and ctest give every test its own process: no in-suite run', () => {
    for (const fw of ['nextest', 'ctest'] as const) {
      const a = target(fw, 'a', 's');
      expect(suiteInvocation([a, target(fw, 'b', 's')], CTX)).toBeNull();
      expect(sharesProcess(a, a)).toBe(false);
    }
  });

  it('an empty list or mixed frameworks give null', () => {
    expect(suiteInvocation([], CTX)).toBeNull();
    expect(suiteInvocation([target('jest', 'a', 's'), target('vitest', 'b', 's')], CTX)).toBeNull();
  });
});

describe('sharesProcess', () => {
  const cases: [RerunTarget, RerunTarget, boolean][] = [
    [target('vitest', 'a', 'x.ts', 'x.ts'), target('vitest', 'b', 'x.ts', 'x.ts'), true],
    [target('vitest', 'a', 'x.ts', 'x.ts'), target('vitest', 'b', 'y.ts', 'y.ts'), false],
    [target('jest', 'a', 'x.js', 'x.js'), target('jest', 'b', 'y.js', 'y.js'), false],
    [target('node-test', 'a', 's', 'x.js'), target('node-test', 'b', 's', 'y.js'), false],
    [target('mocha', 'a', 'x.js', 'x.js'), target('mocha', 'b', 'y.js', 'y.js'), true],
    [target('pytest', 'a', 'm.x', 'm/x.py'), target('pytest', 'b', 'm.y', 'm/y.py'), true],
    [target('go', 'TestA', 'example.com/p'), target('go', 'TestB', 'example.com/p'), true],
    [target('go', 'TestA', 'example.com/p'), target('go', 'TestB', 'example.com/q'), false],
    [target('maven', 'a', 'p.A'), target('maven', 'b', 'q.B'), true],
    [target('dotnet', 'A', 'Acme.Tests.X'), target('dotnet', 'B', 'Acme.Tests.Y'), true],
    [target('dotnet', 'A', 'Acme.Tests.X'), target('dotnet', 'B', 'Other.Tests.Y'), false],
    [target('jest', 'a', 'x.js', 'x.js'), target('vitest', 'a', 'x.js', 'x.js'), false],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))('case %i', (_i, a, b, expected) => {
    expect(sharesProcess(a, b)).toBe(expected);
    expect(sharesProcess(b, a)).toBe(expected);
  });

  it('playwright: same file and the same project', () => {
    const mk = (project: string) =>
      target('playwright', 't', 'a.spec.ts', 'a.spec.ts', `playwright:a.spec.ts::t [${project}]`);
    expect(sharesProcess(mk('chromium'), mk('chromium'))).toBe(true);
    expect(sharesProcess(mk('chromium'), mk('firefox'))).toBe(false);
  });
});

describe('templateInvocation', () => {
  const t = target('vitest', 'calc > adds two', 'src/calc.test.ts', 'src/calc.test.ts');

  it('replaces placeholders inside elements, never splitting one', () => {
    const inv = templateInvocation(
      ['npx', 'vitest', 'run', '{file}', '--testNamePattern={pattern}', '--outputFile={junit}'],
      t,
      CTX,
    );
    expect(inv).toEqual({
      argv: [
        'npx',
        'vitest',
        'run',
        'src/calc.test.ts',
        `--testNamePattern=${patternFor(t)}`,
        `--outputFile=${JUNIT}`,
      ],
      result: { format: 'junit', path: JUNIT },
    });
    const named = templateInvocation(['runner', '--name={name}', '--suite={suite}'], t, CTX);
    expect(named.argv).toEqual(['runner', '--name=calc > adds two', '--suite=src/calc.test.ts']);
    expect(named.result).toEqual({ format: 'exit-code' });
  });

  it('does not expand placeholders that a value brings with it', () => {
    const odd = { ...t, name: 'calls {junit} and {file}' };
    expect(templateInvocation(['r', 'x{name}'], odd, CTX).argv).toEqual([
      'r',
      'xcalls {junit} and {file}',
    ]);
  });

  it('throws for an empty template or an element that is not a string', () => {
    expect(() => templateInvocation([], t, CTX)).toThrow(/empty/);
    expect(() => templateInvocation(['npx', 3 as unknown as string], t, CTX)).toThrow(
      /element 1 is number, not a string/,
    );
    expect(() => templateInvocation(['', 'x'], t, CTX)).toThrow(/empty program/);
  });

  it('throws for a placeholder without a value for this test', () => {
    const noFile = target('vitest', 'adds', 'x');
    expect(() => templateInvocation(['npx', 'vitest', '{file}'], noFile, CTX)).toThrow(
      /element 2 uses \{file\}/,
    );
    const noSuite = target('ctest', 'adds', '');
    expect(() => templateInvocation(['t', '--s={suite}'], noSuite, CTX)).toThrow(/\{suite\}/);
  });

  it('throws when a value would start an element with "-", or names the program', () => {
    const dash = target('vitest', '-rf', 'x.ts', 'x.ts');
    expect(() => templateInvocation(['npx', 'vitest', '{name}'], dash, CTX)).toThrow(/option/);
    expect(templateInvocation(['npx', 'vitest', '--t={name}'], dash, CTX).argv[2]).toBe('--t=-rf');
    // {file} becomes ./-file, which is not an option.
    const dashFile = target('vitest', 'a', '-x.ts', '-x.ts');
    expect(templateInvocation(['npx', '{file}'], dashFile, CTX).argv[1]).toBe('./-x.ts');
    expect(() => templateInvocation(['{file}', 'x'], t, CTX)).toThrow(/program/);
  });

  it('refuses a target whose name has a line break', () => {
    const bad = target('vitest', 'a\nb', 'x.ts');
    expect(() => templateInvocation(['r', '{name}'], bad, CTX)).toThrow(/line feed/);
    expect(() => isolatedInvocation(bad, CTX)).toThrow(/line feed/);
  });
});
