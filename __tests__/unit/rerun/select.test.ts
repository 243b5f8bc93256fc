/** Which records can be rerun, by which framework, and the targets built for them. */
import { describe, expect, it } from 'vitest';
import type { Dialect, Framework, TestRecord } from '../../../src/model/index.ts';
import {
  detectFramework,
  refuseName,
  targetFor,
  type RepoFacts,
} from '../../../src/rerun/select.ts';
import { read } from '../../helpers/records.ts';

function record(over: Partial<TestRecord> = {}): TestRecord {
  return { id: 'junit:s::n', dialect: 'junit', name: 'n', suite: 's', ...over };
}

const files = (...present: string[]): RepoFacts => ({ hasFile: (p) => present.includes(p) });
const js = (pkg: Record<string, unknown>): RepoFacts => ({
  hasFile: (p) => p === 'package.json',
  packageJson: pkg,
});

describe('refuseName', () => {
  it.each([
    ['a\0b', /NUL character \(U\+0000\)/],
    ['a\nb', /line feed \(LF\) \(U\+000A\)/],
    ['a\rb', /carriage return \(CR\) \(U\+000D\)/],
    ['a\x1b[31mred', /control character \(U\+001B\)/],
    ['\x01', /control character \(U\+0001\)/],
    ['a\x1f', /control character \(U\+001F\)/],
  ])('refuses %j', (name, reason) => {
    const why = refuseName(name);
    expect(why).toMatch(/^the test name contains /);
    expect(why).toMatch(reason);
  });

  it.each(['adds two', 'tab\there', '-rf', '$(touch x)', 'ünïcødé ✓', 'a\x7fb'])(
    'accepts %j',
    (name) => {
      expect(refuseName(name)).toBeNull();
    },
  );

  it('refuses names too long for one command-line argument', () => {
    expect(refuseName('x'.repeat(8192))).toBeNull();
    expect(refuseName('x'.repeat(100_000))).toMatch(/100000 characters long/);
  });
});

describe('detectFramework', () => {
  const direct: [Dialect, Framework][] = [
    ['vitest', 'vitest'],
    ['jest', 'jest'],
    ['mocha', 'mocha'],
    ['playwright', 'playwright'],
    ['pytest', 'pytest'],
    ['go-junit-report', 'go'],
    ['gotestsum', 'go'],
    ['nextest', 'nextest'],
    ['rspec', 'rspec'],
    ['phpunit', 'phpunit'],
    ['dotnet', 'dotnet'],
    ['ctest', 'ctest'],
  ];
  it.each(direct)('%s reports rerun with %s, whatever the repository holds', (dialect, fw) => {
    expect(detectFramework(record({ dialect }), files())).toBe(fw);
    expect(detectFramework(record({ dialect }), files('pom.xml', 'package.json'))).toBe(fw);
  });

  it.each(['bazel', 'cypress', 'catch2', 'gtest', 'xctest'] as Dialect[])(
    '%s reports have no rerun adapter',
    (dialect) => {
      expect(detectFramework(record({ dialect }), files('pom.xml', 'CMakeLists.txt'))).toBeNull();
    },
  );

  it('Surefire and Gradle reports: the build files decide, the writer breaks a tie', () => {
    const jvm = (dialect: Dialect) => record({ dialect, id: 'jvm:p.A::m' });
    expect(detectFramework(jvm('surefire'), files('pom.xml'))).toBe('maven');
    expect(detectFramework(jvm('surefire'), files('build.gradle'))).toBe('gradle');
    expect(detectFramework(jvm('gradle'), files('pom.xml'))).toBe('maven');
    expect(detectFramework(jvm('gradle'), files('settings.gradle.kts'))).toBe('gradle');
    expect(detectFramework(jvm('surefire'), files('pom.xml', 'build.gradle'))).toBe('maven');
    expect(detectFramework(jvm('gradle'), files('pom.xml', 'build.gradle.kts'))).toBe('gradle');
    expect(detectFramework(jvm('surefire'), files())).toBeNull();
    expect(detectFramework(jvm('testng'), files('pom.xml', 'build.gradle'))).toBeNull();
    expect(detectFramework(jvm('testng'), files('build.gradle'))).toBe('gradle');
  });

  it('generic JUnit with JVM classnames: Maven or Gradle by the build files', () => {
    const r = record({ id: 'jvm:com.acme.FooTest::bar', suite: 'com.acme.FooTest' });
    expect(detectFramework(r, files('pom.xml'))).toBe('maven');
    expect(detectFramework(r, files('build.gradle.kts'))).toBe('gradle');
    expect(detectFramework(r, files())).toBeNull();
  });

  it('generic JUnit in a JS package: the runner its scripts call, else its only runner dependency', () => {
    const r = record({ file: 'test/a.test.mjs' });
    expect(detectFramework(r, js({ scripts: { test: 'node --test --test-reporter=junit' } }))).toBe(
      'node-test',
    );
    expect(detectFramework(r, js({ scripts: { test: 'vitest run' } }))).toBe('vitest');
    expect(detectFramework(r, js({ devDependencies: { mocha: '^11' } }))).toBe('mocha');
    expect(detectFramework(r, js({ devDependencies: { jest: '30', eslint: '9' } }))).toBe('jest');
    // Two runners and no script that picks one: ambiguous.
    expect(detectFramework(r, js({ devDependencies: { jest: '30', vitest: '5' } }))).toBeNull();
    expect(detectFramework(r, js({ scripts: { test: 'jest && vitest run' } }))).toBeNull();
    // The test script wins over other scripts and dependencies.
    const pkg = {
      scripts: { test: 'mocha', bench: 'vitest bench' },
      devDependencies: { vitest: '5', mocha: '11' },
    };
    expect(detectFramework(r, js(pkg))).toBe('mocha');
    // Not a JS file, or no package.json: nothing to go by.
    expect(detectFramework(record({ file: 'tests/test_a.py' }), js(pkg))).toBeNull();
    expect(detectFramework(r, files('package.json'))).toBeNull();
  });
});

describe('targetFor', () => {
  it('builds the target from a real record', () => {
    const rec = read('vitest/codecov-vitest-junit.xml').tests[0]!;
    expect(targetFor(rec, 12.5, files('package.json'))).toEqual({
      testId: 'vitest:__tests__/test-file-1.test.ts::first test file > 2 + 2 should equal 4',
      framework: 'vitest',
      name: 'first test file > 2 + 2 should equal 4',
      suite: '__tests__/test-file-1.test.ts',
      file: '__tests__/test-file-1.test.ts',
      durationMs: 12.5,
    });
  });

  it('keeps pytest parameters, and the override wins over detection', () => {
    const rec = read('pytest/codecov-pytest.xml').tests[0]!;
    const t = targetFor(rec, 3, files());
    expect(t).toMatchObject({ framework: 'pytest', params: 'junit.xml--True' });
    expect(targetFor(rec, 3, files(), 'go')).toMatchObject({ framework: 'go' });
  });

  it.each([
    [{ name: 'a\nb' }, /^the test name contains a line feed/],
    [{ suite: 'x\ry' }, /^the test suite contains a carriage return/],
    [{ file: 'a\0.js' }, /^the test file contains a NUL/],
    [{ name: '  ' }, /no name/],
  ])('refuses %j', (over, reason) => {
    const t = targetFor(record({ dialect: 'jest', ...over }), 1, files());
    expect(t).toEqual({ refused: expect.stringMatching(reason) });
  });

  it('refuses a dialect without an adapter, saying which and what to do', () => {
    const t = targetFor(record({ dialect: 'bazel' }), 1, files());
    expect(t).toEqual({ refused: expect.stringMatching(/bazel reports.*rerun-command/) });
  });

  it('refuses what the framework cannot select exactly, with its reason', () => {
    const display = record({
      dialect: 'surefire',
      id: 'jvm:p.A::x',
      suite: 'p.A',
      name: 'adds two',
    });
    expect(targetFor(display, 1, files('pom.xml'))).toEqual({
      refused: expect.stringMatching(/^maven cannot select this test alone: .*method/),
    });
    const wild = record({ dialect: 'gradle', id: 'jvm:p.A::x', suite: 'p.A', name: 'all*' });
    expect(targetFor(wild, 1, files('build.gradle'))).toEqual({
      refused: expect.stringMatching(/wildcard/),
    });
    const noPkg = record({ dialect: 'gotestsum', suite: '', name: 'TestA' });
    expect(targetFor(noPkg, 1, files())).toEqual({ refused: expect.stringMatching(/package/) });
  });

  it('keeps only repository-relative files', () => {
    const file = (f: string) => {
      const t = targetFor(record({ dialect: 'jest', file: f }), 1, files());
      return 'refused' in t ? t.refused : t.file;
    };
    expect(file('./test/a.test.js')).toBe('test/a.test.js');
    expect(file('test\\win.test.js')).toBe('test/win.test.js');
    expect(file('/Users/me/project/test/a.js')).toBeUndefined();
    expect(file('D:/a/repo/a.test.js')).toBeUndefined();
    expect(file('test/../../etc/passwd')).toBeUndefined();
    expect(file('-e')).toBe('-e');
  });

  it('a duration that is not a positive number becomes 0', () => {
    for (const d of [Number.NaN, -5, Number.POSITIVE_INFINITY]) {
      expect(targetFor(record({ dialect: 'jest' }), d, files())).toMatchObject({ durationMs: 0 });
    }
  });
});
