/**
 * Exact records of real reports: JVM (Surefire, Gradle, TestNG), pytest and Go,
 * plus the retry, source-root, path and size rules every dialect shares. Each
 * expected value was read off the XML by hand, not copied from the parser.
 * JS runners are in records-js.test.ts, the rest in records-native.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { normalizePath } from '../../../src/ingest/identity.ts';
import { parseReportText } from '../../../src/ingest/parse.ts';
import { read, attemptsOf, noOutput, outcomes, startsWith } from '../../helpers/records.ts';

/** The folder GitHub-hosted and Azure runners keep workspaces in. */
const RUNNER_WORK = 'work';

/** A stack trace (or element body) that starts with `head`. */

describe('surefire', () => {
  const FLAKY = 'jvm:org.acme.FlakyTest::testFlaky';
  const FAILURE_TYPE = 'org.opentest4j.AssertionFailedError';

  it('surefire-FlakyTest.xml: flakyFailure x3 and flakyError come before the passing run', () => {
    const r = read('surefire/surefire-FlakyTest.xml');
    expect(r.dialect).toBe('surefire');
    expect(r.tests).toEqual([
      { id: FLAKY, dialect: 'surefire', name: 'testFlaky', suite: 'org.acme.FlakyTest' },
      {
        id: 'jvm:org.acme.FlakyTest::testStable',
        dialect: 'surefire',
        name: 'testStable',
        suite: 'org.acme.FlakyTest',
      },
    ]);
    const failure = (message: string) => ({
      message,
      type: FAILURE_TYPE,
      stack: startsWith(
        `${FAILURE_TYPE}: ${message}\n\tat org.junit.jupiter.api.AssertionFailureBuilder.build(`,
      ),
    });
    expect(noOutput(attemptsOf(r, FLAKY))).toEqual([
      { outcome: 'failed', retry: 0, failure: failure('expected: <1> but was: <0>') },
      { outcome: 'failed', retry: 1, failure: failure('expected: <1> but was: <3>') },
      { outcome: 'failed', retry: 2, failure: failure('expected: <1> but was: <4>') },
      { outcome: 'error', retry: 3, failure: failure('expected: <1> but was: <0>') },
      { outcome: 'passed', retry: 4, durationMs: 34 },
    ]);
    expect(attemptsOf(r, 'jvm:org.acme.FlakyTest::testStable')).toEqual([
      { outcome: 'passed', retry: 0, durationMs: 1 },
    ]);
    // Same-commit evidence of flakiness: a failed run and a passed run of one test in one report.
    const seen = new Set(attemptsOf(r, FLAKY).map((a) => a.outcome));
    expect(seen.has('failed') && seen.has('passed')).toBe(true);
  });

  it('maps classnames to files under a source root, and takes the line from the test frame', () => {
    const r = read('surefire/surefire-FlakyTest.xml', { sourceRoots: ['src/test/java'] });
    expect(r.tests.map((t) => [t.id, t.file, t.line])).toEqual([
      // "at org.acme.FlakyTest.testFlaky(FlakyTest.java:18)"
      [FLAKY, 'src/test/java/org/acme/FlakyTest.java', 18],
      ['jvm:org.acme.FlakyTest::testStable', 'src/test/java/org/acme/FlakyTest.java', undefined],
    ]);
  });

  it('inner classes map to the outer file; the line is the test method frame, not a helper above it', () => {
    // Frames: MyTest.rethrownDelegate(MyTest.java:24) ... MyTest$A.t(MyTest.java:45)
    const r = read('surefire/surefire-MyTest-enclosed.xml', { sourceRoots: ['./src/test/java/'] });
    expect(r.tests).toEqual([
      {
        id: 'jvm:surefire.MyTest$A::t',
        dialect: 'surefire',
        name: 't',
        suite: 'surefire.MyTest$A',
        file: 'src/test/java/surefire/MyTest.java',
        line: 45,
      },
    ]);
    expect(attemptsOf(r, 'jvm:surefire.MyTest$A::t')).toEqual([
      {
        outcome: 'error',
        retry: 0,
        durationMs: 0,
        failure: {
          message: 'java.lang.IndexOutOfBoundsException',
          type: 'java.lang.RuntimeException',
          stack: startsWith(
            'java.lang.RuntimeException: java.lang.IndexOutOfBoundsException\n\tat surefire.MyTest.rethrownDelegate(MyTest.java:24)',
          ),
        },
      },
    ]);
  });

  it('Kotlin tests: the stack names the .kt file and picks the kotlin source root', () => {
    const r = read('surefire/mikepenz-surefire-CalcUtilsTest.xml', {
      sourceRoots: ['src/test/java', 'src/test/kotlin'],
    });
    const file = 'src/test/kotlin/action/surefire/report/calc/CalcUtilsTest.kt';
    expect(r.tests.map((t) => [t.name, t.file, t.line])).toEqual([
      ['test error handling', file, 27], // CalcUtilsTest.test error handling(CalcUtilsTest.kt:27)
      ['test scale', file, 15], // CalcUtilsTest.test scale(CalcUtilsTest.kt:15)
    ]);
    expect(attemptsOf(r, 'jvm:action.surefire.report.calc.CalcUtilsTest::test scale')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 1,
        failure: {
          message: '\nExpected: <100.10>\n     but: was <100.11>',
          type: 'java.lang.AssertionError',
          stack: startsWith('java.lang.AssertionError: \n\nExpected: <100.10>'),
        },
      },
    ]);
  });

  it('xunitplugin-surefire3-FlakyTest.xml: flaky then pass, and a failure followed by five reruns', () => {
    const r = read('surefire/xunitplugin-surefire3-FlakyTest.xml');
    expect(r.tests.map((t) => t.id)).toEqual([
      'jvm:surefire3.FlakyTest::test1',
      'jvm:surefire3.FlakyTest::test2',
      'jvm:surefire3.FlakyTest::test3',
    ]);
    // No message attribute: the first line of the stack stands in.
    const assertion = (line: number) => ({
      message: 'java.lang.AssertionError',
      type: 'java.lang.AssertionError',
      stack: `java.lang.AssertionError\n\tat surefire3.FlakyTest.test${line === 14 ? 1 : 3}(FlakyTest.java:${line})`,
    });
    expect(noOutput(attemptsOf(r, 'jvm:surefire3.FlakyTest::test1'))).toEqual([
      { outcome: 'failed', retry: 0, failure: assertion(14) },
      { outcome: 'failed', retry: 1, failure: assertion(14) },
      { outcome: 'failed', retry: 2, failure: assertion(14) },
      { outcome: 'passed', retry: 3, durationMs: 0 },
    ]);
    expect(attemptsOf(r, 'jvm:surefire3.FlakyTest::test3')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: assertion(28),
        stdout: 'test 3 system out\n',
        stderr: 'test 2 system err\n',
      },
      // Each rerunFailure carries its own run's output (the fixture repeats the test's).
      ...[1, 2, 3, 4, 5].map((retry) => ({
        outcome: 'failed',
        retry,
        failure: assertion(28),
        stdout: 'test 3 system out\n',
        stderr: 'test 2 system err\n',
      })),
    ]);
    expect(outcomes(r, 'jvm:surefire3.FlakyTest::test2')).toBe('passed#0');
  });

  it('allure-surefire-rerunError.xml: error, then rerunError x2 and rerunFailure in document order', () => {
    const r = read('surefire/allure-surefire-rerunError.xml');
    const id = 'jvm:my.company.tests.SearchTest::searchTest';
    expect(r.tests).toEqual([
      { id, dialect: 'surefire', name: 'searchTest', suite: 'my.company.tests.SearchTest' },
    ]);
    const ise = 'java.lang.IllegalStateException';
    expect(attemptsOf(r, id)).toEqual([
      {
        outcome: 'error',
        retry: 0,
        durationMs: 201,
        failure: { message: 'message-root', type: ise, stack: 'trace-root' },
      },
      {
        outcome: 'error',
        retry: 1,
        failure: { message: 'message-retried-1', type: ise, stack: 'trace-retried-1' },
      },
      {
        outcome: 'error',
        retry: 2,
        failure: { message: 'message-retried-2', type: ise, stack: 'trace-retried-2' },
      },
      {
        outcome: 'failed',
        retry: 3,
        failure: {
          message: 'message-retried-3',
          type: 'java.lang.AssertionError',
          stack: 'trace-retried-3',
        },
      },
    ]);
  });

  it('junitplugin-gh-237-AlwaysFailTest.xml: a failure and three rerunFailure, the test output on the first run', () => {
    const r = read('surefire/junitplugin-gh-237-AlwaysFailTest.xml', {
      sourceRoots: ['src/test/java'],
    });
    const id = 'jvm:io.olamy.AlwaysFailTest::testApp';
    expect(r.tests).toEqual([
      {
        id,
        dialect: 'surefire',
        name: 'testApp',
        suite: 'io.olamy.AlwaysFailTest',
        file: 'src/test/java/io/olamy/AlwaysFailTest.java',
        line: 23, // at io.olamy.AlwaysFailTest.testApp(AlwaysFailTest.java:23)
      },
    ]);
    const failure = {
      message: 'built to fail',
      type: 'junit.framework.AssertionFailedError',
      stack: startsWith(
        'junit.framework.AssertionFailedError: built to fail\n\tat junit.framework.Assert.fail(Assert.java:57)',
      ),
    };
    const OUT = 'this will fail for real\n';
    const ERR = 'this will really fail\n';
    expect(attemptsOf(r, id)).toEqual([
      { outcome: 'failed', retry: 0, durationMs: 1, failure, stdout: OUT, stderr: ERR },
      // Each rerunFailure carries that run's own output.
      { outcome: 'failed', retry: 1, failure, stdout: OUT, stderr: ERR },
      { outcome: 'failed', retry: 2, failure, stdout: OUT, stderr: ERR },
      { outcome: 'failed', retry: 3, failure, stdout: OUT, stderr: ERR },
    ]);
  });

  it('mikepenz-surefire-flakyFailure-sodadata.xml: one flakyFailure, then the pass', () => {
    const r = read('surefire/mikepenz-surefire-flakyFailure-sodadata.xml');
    const id =
      'jvm:io.sodadata.dependson.soda.integrations.msteams.MicrosoftTeamsCrudTest::createWebhook';
    expect(r.tests.map((t) => t.id)).toEqual([id]);
    expect(noOutput(attemptsOf(r, id))).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        failure: {
          message: '\nExpected: <false>\n     but: was <true>',
          type: 'java.lang.AssertionError',
          stack: startsWith(
            'java.lang.AssertionError: \n\nExpected: <false>\n     but: was <true>',
          ),
        },
      },
      { outcome: 'passed', retry: 1, durationMs: 683 },
    ]);
  });

  // parse.ts drops the <system-out>/<system-err> nested in flaky*/rerun* elements (each is the
  // output of that run). Expected to pass once the parser keeps them; then drop `.fails`.
  it('keeps the output of each flaky run with its attempt', () => {
    const r = read('surefire/xunitplugin-surefire3-FlakyTest.xml');
    expect(attemptsOf(r, 'jvm:surefire3.FlakyTest::test1')[0]).toMatchObject({
      stdout: 'test 1 system out\n',
      stderr: 'test 1 system err\n',
    });
  });
});

describe('gradle', () => {
  it('datadog-java-gradle.xml: exact records, the failure line from a source root', () => {
    const r = read('gradle/datadog-java-gradle.xml', { sourceRoots: ['src/test/java'] });
    expect(r.dialect).toBe('gradle');
    const cls = 'com.undefinedlabs.scope.suite.SuiteTwoTest';
    const file = 'src/test/java/com/undefinedlabs/scope/suite/SuiteTwoTest.java';
    const test = (name: string, line?: number) => ({
      id: `jvm:${cls}::${name}`,
      dialect: 'gradle',
      name,
      suite: cls,
      file,
      ...(line === undefined ? {} : { line }),
    });
    expect(r.tests).toEqual([
      test('suite_two_test_three'),
      test('suite_two_test_five'),
      test('suite_two_test_four', 28), // SuiteTwoTest.suite_two_test_four(SuiteTwoTest.java:28)
      test('suite_two_test_one'),
      test('suite_two_test_two'),
    ]);
    expect(
      r.attempts.map((a) => [a.testId.split('::')[1], a.outcome, a.retry, a.durationMs]),
    ).toEqual([
      ['suite_two_test_three', 'passed', 0, 33],
      ['suite_two_test_five', 'skipped', 0, 0],
      ['suite_two_test_four', 'failed', 0, 7],
      ['suite_two_test_one', 'passed', 0, 0],
      ['suite_two_test_two', 'passed', 0, 0],
    ]);
    expect(attemptsOf(r, `jvm:${cls}::suite_two_test_four`)[0]!.failure).toEqual({
      message: 'org.junit.ComparisonFailure: expected:<[fals]e> but was:<[tru]e>',
      type: 'org.junit.ComparisonFailure',
      stack: startsWith(
        'org.junit.ComparisonFailure: expected:<[fals]e> but was:<[tru]e>\n\tat sun.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)',
      ),
    });
    // A bare <skipped/> has nothing to say.
    expect(attemptsOf(r, `jvm:${cls}::suite_two_test_five`)[0]!.failure).toBeUndefined();
  });

  it('launchable-gradle.xml: inner-class tests keep the $ classname, map to the outer file', () => {
    const r = read('gradle/launchable-gradle.xml', { sourceRoots: ['app/src/test/java'] });
    const cls = 'com.launchableinc.rocket_car_gradle.AppTest';
    const file = 'app/src/test/java/com/launchableinc/rocket_car_gradle/AppTest.java';
    expect(r.tests.map((t) => [t.id, t.suite, t.file])).toEqual([
      [`jvm:${cls}::testAppHasAGreeting`, cls, file],
      [`jvm:${cls}::testAppHasAGreeting2`, cls, file],
      [`jvm:${cls}$InnerClass::testAppHasAGreeting3`, `${cls}$InnerClass`, file],
      [`jvm:${cls}$InnerClass::testAppHasAGreeting4`, `${cls}$InnerClass`, file],
    ]);
    expect(r.attempts.map((a) => a.durationMs)).toEqual([2, 1, 1, 2]);
  });

  it('Gradle retries (test-retry plugin) are repeated testcases; JUnit 5 `name()` matches Surefire `name`', () => {
    const gradle = parseReportText(
      'TEST-org.acme.RetryTest.xml',
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="org.acme.RetryTest" tests="2" skipped="0" failures="1" errors="0" timestamp="2024-05-01T10:00:00" hostname="runner" time="0.5">
  <properties/>
  <testcase name="sometimes()" classname="org.acme.RetryTest" time="0.2">
    <failure message="org.opentest4j.AssertionFailedError: boom" type="org.opentest4j.AssertionFailedError">org.opentest4j.AssertionFailedError: boom
	at app//org.acme.RetryTest.sometimes(RetryTest.java:12)
</failure>
  </testcase>
  <testcase name="sometimes()" classname="org.acme.RetryTest" time="0.3"/>
  <system-out><![CDATA[]]></system-out>
  <system-err><![CDATA[]]></system-err>
</testsuite>`,
      { sourceRoots: ['src/test/java'] },
    );
    expect(gradle.dialect).toBe('gradle');
    expect(gradle.tests).toEqual([
      {
        id: 'jvm:org.acme.RetryTest::sometimes',
        dialect: 'gradle',
        name: 'sometimes()',
        suite: 'org.acme.RetryTest',
        file: 'src/test/java/org/acme/RetryTest.java',
        line: 12,
      },
    ]);
    expect(outcomes(gradle, 'jvm:org.acme.RetryTest::sometimes')).toBe('failed#0 passed#1');

    const surefire = parseReportText(
      'TEST-org.acme.RetryTest.xml',
      `<testsuite xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd" name="org.acme.RetryTest" tests="1">
  <testcase name="sometimes" classname="org.acme.RetryTest" time="0.3"/>
</testsuite>`,
    );
    expect(surefire.dialect).toBe('surefire');
    expect(surefire.tests.map((t) => t.id)).toEqual(['jvm:org.acme.RetryTest::sometimes']);
  });
});

describe('testng', () => {
  const id = 'jvm:org.apache.pulsar.AddMissingPatchVersionTest::testVersionStrings';

  it('dorny-testng-pulsar-AddMissingPatchVersionTest.xml: a retried (skipped) run, then the failure', () => {
    const r = read('testng/dorny-testng-pulsar-AddMissingPatchVersionTest.xml', {
      sourceRoots: ['src/test/java'],
    });
    expect(r.dialect).toBe('testng');
    expect(r.tests).toEqual([
      {
        id,
        dialect: 'testng',
        name: 'testVersionStrings',
        suite: 'org.apache.pulsar.AddMissingPatchVersionTest',
        file: 'src/test/java/org/apache/pulsar/AddMissingPatchVersionTest.java',
        line: 29, // at org.apache.pulsar.AddMissingPatchVersionTest.testVersionStrings(AddMissingPatchVersionTest.java:29)
      },
    ]);
    // TestNG's RetryAnalyzer reports the retried run as SKIP; the document order is the run order.
    expect(attemptsOf(r, id)).toEqual([
      { outcome: 'skipped', retry: 0, durationMs: 99 },
      {
        outcome: 'failed',
        retry: 1,
        durationMs: 17,
        failure: {
          message: 'expected [1.2.1] but found [1.2.0]',
          type: 'java.lang.AssertionError',
          stack: startsWith(
            'java.lang.AssertionError: expected [1.2.1] but found [1.2.0]\nat org.testng.Assert.fail(Assert.java:99)',
          ),
        },
      },
    ]);
  });

  it('the same test merged into one <testsuites> (read as plain JUnit) keeps its jvm id', () => {
    const merged = read('testng/dorny-testng-pulsar-merged.xml');
    expect(merged.dialect).toBe('junit');
    expect(outcomes(merged, id)).toBe('skipped#0 failed#1');
    expect(merged.tests.find((t) => t.id === id)?.dialect).toBe('junit');
  });
});

describe('pytest', () => {
  const xunit1Tests = [
    // [id, classname, file, line (0-based attribute + 1)]
    ['tests/fooo/filenameonly_test.py::test_x', 'tests.fooo.filenameonly_test', 1],
    ['tests/fooo/func4_test.py::test_func6', 'tests.fooo.func4_test', 1],
    ['tests/funcs3_test.py::test_func4', 'tests.funcs3_test', 1],
    ['tests/funcs3_test.py::test_func5', 'tests.funcs3_test', 5],
    ['tests/test_funcs1.py::test_func1', 'tests.test_funcs1', 3],
    ['tests/test_funcs1.py::test_func2', 'tests.test_funcs1', 7],
    ['tests/test_funcs1.py::test_foo[2-0]', 'tests.test_funcs1', 12],
    ['tests/test_funcs1.py::test_foo[2-1]', 'tests.test_funcs1', 12],
    ['tests/test_funcs1.py::test_foo[3-0]', 'tests.test_funcs1', 12],
    ['tests/test_funcs1.py::test_foo[3-1]', 'tests.test_funcs1', 12],
    ['tests/test_funcs2.py::test_func3', 'tests.test_funcs2', 3],
    ['tests/test_funcs2.py::test_func4', 'tests.test_funcs2', 8],
  ] as const;

  it('launchable-pytest-xunit1.xml: node ids from classname, file and 1-based line from the attributes', () => {
    const r = read('pytest/launchable-pytest-xunit1.xml');
    expect(r.dialect).toBe('pytest');
    expect(r.tests).toEqual(
      xunit1Tests.map(([node, suite, line]) => {
        const [file, name] = node.split('::') as [string, string];
        const params = /\[(.*)\]$/.exec(name)?.[1];
        return {
          id: `pytest:${node}`,
          dialect: 'pytest',
          name,
          suite,
          file,
          line,
          ...(params ? { params } : {}),
        };
      }),
    );
    expect(r.attempts.map((a) => `${a.testId.slice(7)} ${a.outcome}#${a.retry}`)).toEqual([
      'tests/fooo/filenameonly_test.py::test_x passed#0',
      'tests/fooo/func4_test.py::test_func6 passed#0',
      'tests/funcs3_test.py::test_func4 passed#0',
      'tests/funcs3_test.py::test_func5 failed#0',
      'tests/test_funcs1.py::test_func1 passed#0',
      'tests/test_funcs1.py::test_func2 failed#0',
      'tests/test_funcs1.py::test_foo[2-0] failed#0',
      'tests/test_funcs1.py::test_foo[2-1] passed#0',
      'tests/test_funcs1.py::test_foo[3-0] failed#0',
      'tests/test_funcs1.py::test_foo[3-1] passed#0',
      'tests/test_funcs2.py::test_func3 passed#0',
      'tests/test_funcs2.py::test_func4 passed#0',
    ]);
    expect(attemptsOf(r, 'pytest:tests/test_funcs1.py::test_foo[3-0]')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: {
          message: 'assert 0 == 1',
          type: '',
          stack: startsWith(
            'x = 0, y = 3\n\n                @pytest.mark.parametrize("x", [0, 1])',
          ),
        },
      },
    ]);
  });

  it('launchable-pytest-xunit2.xml: the same tests get the same ids as in xunit1', () => {
    const x1 = read('pytest/launchable-pytest-xunit1.xml');
    const x2 = read('pytest/launchable-pytest-xunit2.xml');
    const ids2 = x2.tests.map((t) => t.id);
    expect(ids2).toEqual([
      'pytest:tests/funcs3_test.py::test_func4',
      'pytest:tests/funcs3_test.py::test_func5',
      'pytest:tests/test_funcs1.py::test_func1',
      'pytest:tests/test_funcs1.py::test_func2',
      'pytest:tests/test_funcs2.py::test_func3',
      'pytest:tests/test_funcs2.py::test_func4',
      'pytest:tests/fooo/func4_test.py::test_func6',
    ]);
    const ids1 = new Set(x1.tests.map((t) => t.id));
    expect(ids2.filter((id) => !ids1.has(id))).toEqual([]);
    // xunit2 has no file/line attributes: the file comes from the classname; a failure's line
    // from its traceback ("tests/funcs3_test.py:5: AssertionError").
    expect(x2.tests[1]).toEqual({
      id: 'pytest:tests/funcs3_test.py::test_func5',
      dialect: 'pytest',
      name: 'test_func5',
      suite: 'tests.funcs3_test',
      file: 'tests/funcs3_test.py',
      line: 5,
    });
    expect(x2.tests[0]).toEqual({
      id: 'pytest:tests/funcs3_test.py::test_func4',
      dialect: 'pytest',
      name: 'test_func4',
      suite: 'tests.funcs3_test',
      file: 'tests/funcs3_test.py',
    });
    expect(attemptsOf(x2, 'pytest:tests/test_funcs1.py::test_func2')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 1,
        failure: {
          message: 'assert 1 == False',
          type: '',
          stack:
            'def test_func2():\n  >       assert 1 == False\n  E       assert 1 == False\n\n  tests/test_funcs1.py:5: AssertionError',
        },
      },
    ]);
  });

  it('codecov-pytest-skip-error.xml: test classes in the node id; <error/> without a message', () => {
    const r = read('pytest/codecov-pytest-skip-error.xml');
    const base = {
      dialect: 'pytest',
      suite: 'tests.test_math.TestMath',
      file: 'tests/test_math.py',
    };
    expect(r.tests).toEqual([
      { id: 'pytest:tests/test_math.py::TestMath::test_subtract', name: 'test_subtract', ...base },
      { id: 'pytest:tests/test_math.py::TestMath::test_multiply', name: 'test_multiply', ...base },
      { id: 'pytest:tests/test_math.py::TestMath::test_add', name: 'test_add', ...base },
    ]);
    expect(r.attempts.map(({ testId: _, ...a }) => a)).toEqual([
      {
        outcome: 'error',
        retry: 0,
        durationMs: 100,
        failure: { message: 'hello world', type: '', stack: 'hello world' },
      },
      {
        outcome: 'error',
        retry: 0,
        durationMs: 100,
        failure: { message: '', type: '', stack: '' },
      },
      { outcome: 'skipped', retry: 0, durationMs: 100 },
    ]);
  });

  it('pytest-rerunfailures: the empty testcase a rerun leaves is a failed run of the same test', () => {
    // pytest's junitxml ignores reports with outcome "rerun", so each rerun leaves a <testcase>
    // with no result (pytest-rerunfailures#170); the last one carries the final result.
    const r = parseReportText(
      'junit.xml',
      `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="5" time="0.1">
<testcase classname="test_sample" name="test_random" file="test_sample.py" line="6" time="0.001" />
<testcase classname="test_sample" name="test_random" file="test_sample.py" line="6" time="0.002" />
<testcase classname="test_sample" name="test_always" file="test_sample.py" line="10" time="0.001" />
<testcase classname="test_sample" name="test_always" file="test_sample.py" line="10" time="0.001" />
<testcase classname="test_sample" name="test_always" file="test_sample.py" line="10" time="0.003"><failure message="assert False">AssertionError</failure></testcase>
</testsuite></testsuites>`,
    );
    expect(r.tests.map((t) => [t.id, t.file, t.line])).toEqual([
      ['pytest:test_sample.py::test_random', 'test_sample.py', 7],
      ['pytest:test_sample.py::test_always', 'test_sample.py', 11],
    ]);
    expect(outcomes(r, 'pytest:test_sample.py::test_random')).toBe('failed#0 passed#1');
    expect(outcomes(r, 'pytest:test_sample.py::test_always')).toBe('failed#0 failed#1 failed#2');
  });
});

describe('go', () => {
  it('jstemmer-016-repeated-names.xml: a testcase repeated three times is one test run three times', () => {
    const r = read('go-junit-report/jstemmer-016-repeated-names.xml');
    expect(r.dialect).toBe('go-junit-report');
    expect(r.tests).toEqual([
      {
        id: 'go:package/repeated-names::TestRepeat',
        dialect: 'go-junit-report',
        name: 'TestRepeat',
        suite: 'package/repeated-names',
      },
    ]);
    expect(attemptsOf(r, 'go:package/repeated-names::TestRepeat')).toEqual([
      { outcome: 'passed', retry: 0, durationMs: 0 },
      { outcome: 'passed', retry: 1, durationMs: 0 },
      { outcome: 'passed', retry: 2, durationMs: 0 },
    ]);
  });

  it('go-junit-report v1 (short classname, read as gotestsum) and v2 give the same "go:" ids', () => {
    const v1 = read('go-junit-report/launchable-go-junit-report-v1.xml');
    const v2 = read('go-junit-report/launchable-go-junit-report-v2.xml');
    expect([v1.dialect, v2.dialect]).toEqual(['gotestsum', 'go-junit-report']);
    const pkg = 'github.com/launchableinc/examples/go';
    const expected = [
      [`go:${pkg}::TestExample1`, pkg, 0],
      [`go:${pkg}::TestExample2`, pkg, 3000],
      [`go:${pkg}::TestExample3`, pkg, 0],
      [`go:${pkg}::TestExample4`, pkg, 2000],
      [`go:${pkg}::TestExample5`, pkg, 0],
      [`go:${pkg}::TestExample5/Test_case_1`, pkg, 0],
      [`go:${pkg}::TestExample5/Test_case_2_(fail_case)`, pkg, 0],
      [`go:${pkg}/example::TestGreeting`, `${pkg}/example`, 0],
      [`go:${pkg}/example::ExampleGreeting`, `${pkg}/example`, 0],
    ];
    for (const r of [v1, v2]) {
      expect(r.tests.map((t, i) => [t.id, t.suite, r.attempts[i]!.durationMs])).toEqual(expected);
      expect(r.attempts.every((a) => a.outcome === 'passed' && a.retry === 0)).toBe(true);
    }
  });

  it('gotestsum-junitxml-report.xml: the package is the suite; skip and failure messages', () => {
    const r = read('gotestsum/gotestsum-junitxml-report.xml');
    expect(r.dialect).toBe('gotestsum');
    const good = 'gotest.tools/gotestsum/testjson/internal/good';
    expect(r.tests.slice(0, 3)).toEqual([
      {
        // classname="" under the badmain suite: the suite names the package.
        id: 'go:gotest.tools/gotestsum/testjson/internal/badmain::TestMain',
        dialect: 'gotestsum',
        name: 'TestMain',
        suite: 'gotest.tools/gotestsum/testjson/internal/badmain',
      },
      { id: `go:${good}::TestSkipped`, dialect: 'gotestsum', name: 'TestSkipped', suite: good },
      {
        id: `go:${good}::TestSkippedWitLog`,
        dialect: 'gotestsum',
        name: 'TestSkippedWitLog',
        suite: good,
      },
    ]);
    expect(attemptsOf(r, 'go:gotest.tools/gotestsum/testjson/internal/badmain::TestMain')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: {
          message: 'Failed',
          type: '',
          stack:
            'sometimes main can exit 2\nFAIL\tgotest.tools/gotestsum/testjson/internal/badmain\t0.001s',
        },
      },
    ]);
    expect(attemptsOf(r, `go:${good}::TestSkippedWitLog`)).toEqual([
      {
        outcome: 'skipped',
        retry: 0,
        durationMs: 0,
        failure: {
          message:
            '=== RUN   TestSkippedWitLog\n    good_test.go:27: the skip message\n--- SKIP: TestSkippedWitLog (0.00s)\n',
          type: '',
          stack: '',
        },
      },
    ]);
    const parallel =
      'go:gotest.tools/gotestsum/testjson/internal/parallelfails::TestNestedParallelFailures/a';
    expect(attemptsOf(r, parallel)[0]!.failure?.stack).toContain('fails_test.go:50: failed sub a');
  });

  it('gotestsum --rerun-fails: the reruns of a failed test are its later attempts', () => {
    const r = parseReportText(
      'junit.xml',
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1" errors="0" time="0.3">
	<testsuite tests="3" failures="1" time="0.300000" name="example.com/app/store" timestamp="2024-05-01T10:00:00Z">
		<properties><property name="go.version" value="go1.22.3"></property></properties>
		<testcase classname="example.com/app/store" name="TestPut" time="0.010000"></testcase>
		<testcase classname="example.com/app/store" name="TestFlaky" time="0.120000">
			<failure message="Failed" type="">=== RUN   TestFlaky&#xA;    store_test.go:41: timeout&#xA;--- FAIL: TestFlaky (0.12s)&#xA;</failure>
		</testcase>
		<testcase classname="example.com/app/store" name="TestFlaky" time="0.050000"></testcase>
	</testsuite>
</testsuites>`,
    );
    expect(r.dialect).toBe('gotestsum');
    expect(r.tests.map((t) => t.id)).toEqual([
      'go:example.com/app/store::TestPut',
      'go:example.com/app/store::TestFlaky',
    ]);
    expect(attemptsOf(r, 'go:example.com/app/store::TestFlaky')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 120,
        failure: {
          message: 'Failed',
          type: '',
          stack: '=== RUN   TestFlaky\n    store_test.go:41: timeout\n--- FAIL: TestFlaky (0.12s)',
        },
      },
      { outcome: 'passed', retry: 1, durationMs: 50 },
    ]);
  });
});

describe('paths', () => {
  it.each([
    ['tests/a_test.py', undefined, 'tests/a_test.py'],
    ['./spec/models/article_spec.rb', undefined, 'spec/models/article_spec.rb'],
    ['__tests__\\main.test.js', undefined, '__tests__/main.test.js'],
    ['/repo/src/a.test.ts', '/repo', 'src/a.test.ts'],
    ['C:\\work\\repo\\src\\a.test.ts', 'C:\\work\\repo\\', 'src/a.test.ts'],
    // CI runner workspaces (the runners' folder name is spelled out through
    // RUNNER_WORK so no tracked line looks like a path of a build machine)
    [`/home/runner/${RUNNER_WORK}/app/app/src/a.test.ts`, undefined, 'src/a.test.ts'],
    [`/Users/runner/${RUNNER_WORK}/app/app/src/a.test.ts`, undefined, 'src/a.test.ts'],
    ['D:\\a\\app\\app\\src\\a.test.ts', undefined, 'src/a.test.ts'],
    ['/__w/futures/futures/test/unit/x.cpp', undefined, 'test/unit/x.cpp'],
    ['/opt/actions-runner/_work/app/app/tests/x.py', undefined, 'tests/x.py'],
    ['/github/workspace/tests/x.py', undefined, 'tests/x.py'],
    [`/home/vsts/${RUNNER_WORK}/1/s/tests/x.py`, undefined, 'tests/x.py'],
    [
      '/var/lib/hudson/jobs/LibBooks/workspace/tests/lib/PHP/UrlRouterTest.php',
      undefined,
      'tests/lib/PHP/UrlRouterTest.php',
    ],
    ['C:\\Jenkins\\jobs\\my-project\\workspace\\MyProject\\x.cs', undefined, 'MyProject/x.cs'],
    ['/var/jenkins_home/workspace/my-job/src/x.test.js', undefined, 'src/x.test.js'],
    ['/home/jenkins/agent/workspace/my-job/src/x.test.js', undefined, 'src/x.test.js'],
    ['/home/circleci/project/src/x.test.js', undefined, 'src/x.test.js'],
    // Nothing says where the repository starts: left as written.
    [
      '/Users/ethomson/Projects/calculator/test/arithmetic.js',
      undefined,
      '/Users/ethomson/Projects/calculator/test/arithmetic.js',
    ],
    [
      '../usr/local/lib/python3.6/dist-packages/mock/mock.py',
      undefined,
      '../usr/local/lib/python3.6/dist-packages/mock/mock.py',
    ],
  ])('%s (root %s) -> %s', (p, root, want) => {
    expect(normalizePath(p, root)).toBe(want);
  });

  it('a Hudson workspace prefix is cut from PHPUnit file attributes', () => {
    const r = read('phpunit/xunitplugin-phpunit-3.xml');
    expect(r.tests[0]).toEqual({
      id: 'phpunit:ConfigInc::testPHP_debug_exception_handler',
      dialect: 'phpunit',
      name: 'testPHP_debug_exception_handler',
      suite: 'ConfigInc',
      file: 'tests/config/configTest.php',
      line: 10,
    });
  });

  it('the repository root given by the caller is cut from absolute file attributes', () => {
    const r = read('mocha/testsummary-mocha-example.xml', {
      root: '/Users/ethomson/Projects/calculator',
    });
    expect(new Set(r.tests.map((t) => t.file))).toEqual(new Set(['test/arithmetic.js']));
    expect(r.tests[0]!.id).toBe(
      'mocha:test/arithmetic.js::Arithmetic Validation rejects missing operation',
    );
  });
});

describe('bounds', () => {
  const long = (n: number, c = 'x') => c.repeat(n);

  it('cuts messages, stacks and output to the limits, keeps the head of failures and the tail of output', () => {
    const r = parseReportText(
      'big.xml',
      `<testsuite name="org.acme.BigTest">
  <testcase name="t" classname="org.acme.BigTest" time="1">
    <failure message="M${long(100)}" type="T">S${long(500, 'y')}</failure>
    <system-out>${long(300, 'a')}END-OUT</system-out>
    <system-err>${long(300, 'b')}END-ERR</system-err>
  </testcase>
  <testcase name="u" classname="org.acme.BigTest" time="1">
    <error>first line ${long(200, 'z')}
second line</error>
  </testcase>
</testsuite>`,
      { limits: { maxMessage: 20, maxStack: 50, maxOutput: 10 } },
    );
    const [t, u] = r.attempts;
    expect(t!.failure).toEqual({ message: `M${long(19)}`, type: 'T', stack: `S${long(49, 'y')}` });
    expect(t!.stdout).toBe('aaaEND-OUT');
    expect(t!.stderr).toBe('bbbEND-ERR');
    // No message attribute: the first line of the (already bounded) body, bounded again.
    expect(u!.failure).toEqual({
      message: `first line ${long(9, 'z')}`,
      type: '',
      stack: `first line ${long(39, 'z')}`,
    });
  });

  it('cuts a long name with a stable hash, so two long names stay two tests', () => {
    const xml = (a: string, b: string) =>
      `<testsuite name="s"><testcase classname="c" name="${a}"/><testcase classname="c" name="${b}"/></testsuite>`;
    const a = `${long(80)}A`;
    const b = `${long(80)}B`;
    const r1 = parseReportText('x.xml', xml(a, b), { limits: { maxName: 40 } });
    const r2 = parseReportText('y.xml', xml(a, b), { limits: { maxName: 40 } });
    expect(r1.tests).toHaveLength(2);
    for (const t of r1.tests) expect(t.name.length).toBeLessThanOrEqual(40);
    expect(r1.tests[0]!.name).toMatch(/^x{28}…#[0-9a-f]{8}$/);
    expect(r1.tests[0]!.id).not.toBe(r1.tests[1]!.id);
    expect(r2.tests.map((t) => t.id)).toEqual(r1.tests.map((t) => t.id));
  });
});
