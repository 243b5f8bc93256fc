/**
 * Exact records of the other dialects: RSpec, PHPUnit, nextest, Bazel, CTest,
 * .NET JUnit loggers, Catch2, googletest, XCTest and plain JUnit (Jenkins/Ant).
 * Expected values read off the XML by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../../../src/ingest/parse.ts';
import { read, attemptsOf, noOutput, outcomes } from '../../helpers/records.ts';

describe('rspec', () => {
  it('launchable-rspec.xml: the file attribute (./ dropped) scopes the id', () => {
    const r = read('rspec/launchable-rspec.xml');
    expect(r.dialect).toBe('rspec');
    expect(r.tests).toHaveLength(16);
    const article = 'spec/models/article_spec.rb';
    expect(r.tests.slice(0, 2)).toEqual([
      {
        id: `rspec:${article}::Article validation is invalid without a title`,
        dialect: 'rspec',
        name: 'Article validation is invalid without a title',
        suite: 'spec.models.article_spec',
        file: article,
      },
      {
        id: `rspec:${article}::Article validation is invalid without a body`,
        dialect: 'rspec',
        name: 'Article validation is invalid without a body',
        suite: 'spec.models.article_spec',
        file: article,
      },
    ]);
    expect(r.tests[15]!.id).toBe(
      'rspec:spec/requests/comments_spec.rb::comments POST #create redirect to parent article page',
    );
    expect(r.attempts.slice(0, 3).map((a) => [a.outcome, a.retry, a.durationMs])).toEqual([
      ['passed', 0, 4.651],
      ['passed', 0, 0.582],
      ['passed', 0, 14.728],
    ]);
    expect(r.attempts.every((a) => a.outcome === 'passed')).toBe(true);
  });

  it('a failing example: file from the classname when there is no file attribute, line from the backtrace', () => {
    const r = parseReportText(
      'rspec.xml',
      `<testsuite name="rspec" tests="1" skipped="0" failures="1" errors="0" time="0.01" timestamp="2024-05-01T10:00:00+00:00" hostname="runner">
<testcase classname="spec.models.user_spec" name="User is valid" time="0.010">
<failure message="expected true, got false" type="RSpec::Expectations::ExpectationNotMetError">Failure/Error: expect(user).to be_valid
  expected true, got false
./spec/models/user_spec.rb:7:in \`block (2 levels) in &lt;top (required)&gt;'</failure>
</testcase>
</testsuite>`,
    );
    expect(r.dialect).toBe('rspec');
    expect(r.tests).toEqual([
      {
        id: 'rspec:spec/models/user_spec.rb::User is valid',
        dialect: 'rspec',
        name: 'User is valid',
        suite: 'spec.models.user_spec',
        file: 'spec/models/user_spec.rb',
        line: 7,
      },
    ]);
  });
});

describe('phpunit', () => {
  it('dorny-phpcheckstyle-phpunit.xml: file and line attributes, the root cut off, failures without message', () => {
    const r = read('phpunit/dorny-phpcheckstyle-phpunit.xml', { root: '/workspace/phpcheckstyle' });
    expect(r.dialect).toBe('phpunit');
    expect(r.tests).toHaveLength(30);
    expect(r.tests[0]).toEqual({
      id: 'phpunit:CommentsTest::testGoodDoc',
      dialect: 'phpunit',
      name: 'testGoodDoc',
      suite: 'CommentsTest',
      file: 'test/CommentsTest.php',
      line: 12,
    });
    const id = 'phpunit:OtherTest::testOther';
    expect(r.tests.find((t) => t.id === id)).toEqual({
      id,
      dialect: 'phpunit',
      name: 'testOther',
      suite: 'OtherTest',
      file: 'test/OtherTest.php',
      line: 12, // the line attribute (the method), not the failing assertion (24)
    });
    const [a] = attemptsOf(r, id);
    expect(a).toMatchObject({
      outcome: 'failed',
      retry: 0,
      durationMs: 5.251,
      failure: {
        message: 'OtherTest::testOther',
        type: 'PHPUnit\\Framework\\ExpectationFailedException',
        stack:
          'OtherTest::testOther\nWe expect 20 warnings\nFailed asserting that 19 matches expected 20.\n\n/workspace/phpcheckstyle/test/OtherTest.php:24',
      },
    });
    expect(a!.stdout).toMatch(
      /^File "\.\/test\/sample\/bad_other\.php" warning, line 17 - All arguments with default values/,
    );
    expect(r.attempts.filter((x) => x.outcome === 'failed').map((x) => x.testId)).toEqual([
      'phpunit:OtherTest::testOther',
      'phpunit:OtherTest::testException',
    ]);
  });

  it('codecov-phpunit.xml: dotted classname to a PHP class; no classname falls back to the suite', () => {
    const r = read('phpunit/codecov-phpunit.xml');
    expect(r.tests).toEqual([
      {
        id: 'phpunit:class\\className::test1',
        dialect: 'phpunit',
        name: 'test1',
        suite: 'class\\className',
        file: '/file1.php',
        line: 1,
      },
      {
        id: 'phpunit:Thing::test2',
        dialect: 'phpunit',
        name: 'test2',
        suite: 'Thing',
        file: '/file1.php',
        line: 2,
      },
    ]);
    expect(r.attempts.map((a) => [a.outcome, a.retry, a.durationMs])).toEqual([
      ['passed', 0, 100],
      ['passed', 0, 100],
    ]);
  });
});

describe('nextest', () => {
  it('mikepenz-nextest-basic.xml: binary as suite, file and line from the panic location', () => {
    const r = read('nextest/mikepenz-nextest-basic.xml');
    expect(r.dialect).toBe('nextest');
    const suite = 'oxidized_navigation::parry3d';
    expect(r.tests).toEqual([
      {
        id: `rust:${suite}::test_failure`,
        dialect: 'nextest',
        name: 'test_failure',
        suite,
        file: 'tests/parry3d.rs',
        line: 154, // "thread 'test_failure' panicked at tests/parry3d.rs:154:5:"
      },
      {
        id: `rust:${suite}::test_simple_navigation`,
        dialect: 'nextest',
        name: 'test_simple_navigation',
        suite,
      },
      {
        id: `rust:${suite}::test_annotations`,
        dialect: 'nextest',
        name: 'test_annotations',
        suite,
      },
    ]);
    const [failed] = attemptsOf(r, `rust:${suite}::test_failure`);
    expect(failed).toMatchObject({
      outcome: 'failed',
      retry: 0,
      durationMs: 774,
      failure: {
        message: "thread 'test_failure' panicked at tests/parry3d.rs:154:5:",
        type: 'test failure',
        stack: expect.stringMatching(
          /^thread 'test_failure' panicked at tests\/parry3d\.rs:154:5:\n\s+assertion `left == right` failed: 0 must equal 1/,
        ),
      },
    });
    expect(failed!.stdout).toContain('test test_failure ... FAILED');
    expect(failed!.stderr).toMatch(/^thread 'test_failure' panicked at tests\/parry3d\.rs:154:5:/);
    expect(r.attempts.map((a) => [a.outcome, a.durationMs])).toEqual([
      ['failed', 774],
      ['passed', 944],
      ['passed', 945],
    ]);
  });

  it('nextest retries: flakyFailure runs come before the pass', () => {
    const r = parseReportText(
      'junit.xml',
      `<testsuites name="nextest-run" tests="1" failures="0" errors="0" uuid="0d1c0f0e-0000-4000-8000-000000000000" timestamp="2024-12-02T20:06:10.512+00:00" time="1.2">
  <testsuite name="app::integration" tests="1" disabled="0" errors="0" failures="0">
    <testcase name="net::reconnects" classname="app::integration" timestamp="2024-12-02T20:06:10.513+00:00" time="0.400">
      <flakyFailure message="test failure" type="test failure">thread 'net::reconnects' panicked at tests/integration/net.rs:88:9:
connection refused</flakyFailure>
    </testcase>
  </testsuite>
</testsuites>`,
    );
    expect(r.dialect).toBe('nextest');
    expect(r.tests).toEqual([
      {
        id: 'rust:app::integration::net::reconnects',
        dialect: 'nextest',
        name: 'net::reconnects',
        suite: 'app::integration',
        file: 'tests/integration/net.rs',
        line: 88,
      },
    ]);
    expect(outcomes(r, 'rust:app::integration::net::reconnects')).toBe('failed#0 passed#1');
  });

  it('quickjunit-basic-report.xml (read as surefire): every retry element in order', () => {
    const r = read('nextest/quickjunit-basic-report.xml');
    expect(r.dialect).toBe('surefire');
    expect(r.tests.map((t) => t.id)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `jvm:testsuite0::testcase${i}`),
    );
    expect(noOutput(attemptsOf(r, 'jvm:testsuite0::testcase4'))).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        failure: {
          message: 'this is a flaky failure description',
          type: 'flaky failure type',
          stack: 'this is a flaky failure description',
        },
      },
      {
        outcome: 'error',
        retry: 1,
        failure: {
          message: 'flaky error description',
          type: 'flaky error type',
          stack: 'flaky error description\n                flaky stack trace',
        },
      },
      { outcome: 'passed', retry: 2, durationMs: 661661 },
    ]);
    expect(noOutput(attemptsOf(r, 'jvm:testsuite0::testcase5'))).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 156,
        failure: {
          message: 'main test failure description',
          type: '',
          stack: 'main test failure description',
        },
      },
      {
        outcome: 'failed',
        retry: 1,
        failure: { message: '', type: 'retry failure type', stack: '' },
      },
      {
        outcome: 'error',
        retry: 2,
        failure: {
          message: 'retry error stack trace',
          type: 'retry error type',
          stack: 'retry error stack trace',
        },
      },
    ]);
    // nextest's flaky-result = "fail": the last run passed but the test is reported failed; the
    // report gives the final outcome as <failure>, and that is what the last attempt says.
    expect(outcomes(r, 'jvm:testsuite0::testcase7')).toBe('failed#0 error#1 failed#2');
    expect(attemptsOf(r, 'jvm:testsuite0::testcase3')).toEqual([
      {
        outcome: 'skipped',
        retry: 0,
        failure: { message: 'skipped message', type: 'skipped type', stack: '' },
        stdout: 'testcase3 output',
        stderr: 'testcase3 error',
      },
    ]);
  });
});

describe('bazel', () => {
  it('enricomi-bazel-suite-logs.xml: the target is the test', () => {
    const r = read('bazel/enricomi-bazel-suite-logs.xml');
    expect(r.dialect).toBe('bazel');
    expect(r.tests).toEqual([
      {
        id: 'bazel:bazel/failing_absl_test',
        dialect: 'bazel',
        name: 'bazel/failing_absl_test',
        suite: 'bazel/failing_absl_test',
      },
    ]);
    expect(attemptsOf(r, 'bazel:bazel/failing_absl_test')).toEqual([
      {
        outcome: 'error',
        retry: 0,
        durationMs: 0,
        failure: { message: 'exited with error code 1', type: '', stack: '' },
      },
    ]);
  });

  it('testsummary-bazel-junit.xml: one failing and one passing target', () => {
    const r = read('bazel/testsummary-bazel-junit.xml');
    const fail = 'dummy/path/to/project/and/failing_test_target';
    const pass = 'dummy/path/to/project/and/passing_test_target';
    expect(r.tests).toEqual([
      { id: `bazel:${fail}`, dialect: 'bazel', name: fail, suite: fail },
      { id: `bazel:${pass}`, dialect: 'bazel', name: pass, suite: pass },
    ]);
    expect(r.attempts.map(({ testId: _, ...a }) => a)).toEqual([
      {
        outcome: 'error',
        retry: 0,
        durationMs: 54000,
        failure: { message: 'exited with error code 1', type: '', stack: '' },
      },
      { outcome: 'passed', retry: 0, durationMs: 20000 },
    ]);
  });

  it("launchable-bazel-java-test1.xml: a java_test's JUnit report has the same jvm id as under Maven", () => {
    const r = read('bazel/launchable-bazel-java-test1.xml');
    expect(r.dialect).toBe('junit');
    expect(r.tests).toEqual([
      {
        id: 'jvm:com.ninjinkun.MyLibTest1::testFibonacci',
        dialect: 'junit',
        name: 'testFibonacci',
        suite: 'com.ninjinkun.MyLibTest1',
      },
    ]);
    expect(outcomes(r, 'jvm:com.ninjinkun.MyLibTest1::testFibonacci')).toBe('passed#0');
  });
});

describe('ctest', () => {
  it('codecov-ctest.xml: status="fail" with a <failure>, output kept', () => {
    const r = read('ctest/codecov-ctest.xml');
    expect(r.dialect).toBe('ctest');
    expect(r.tests).toEqual([
      { id: 'ctest:a_unit_test', dialect: 'ctest', name: 'a_unit_test', suite: 'a_unit_test' },
    ]);
    expect(attemptsOf(r, 'ctest:a_unit_test')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 33473.4,
        failure: { message: 'Failed', type: '', stack: '' },
        stdout: "There's a lot of text here\n",
      },
    ]);
  });
});

describe('dotnet', () => {
  const NS = 'JUnit.Xml.TestLogger.NetFull.Tests';

  it('spekt-junit-testlogger-older.xml and spekt-junit-testlogger.xml: old and new logger naming give the same ids', () => {
    const older = read('dotnet/spekt-junit-testlogger-older.xml');
    const newer = read('dotnet/spekt-junit-testlogger.xml');
    expect([older.dialect, newer.dialect]).toEqual(['dotnet', 'dotnet']);
    expect(older.tests).toHaveLength(52);
    expect(older.tests.map((t) => t.id)).toEqual(newer.tests.map((t) => t.id));
    expect(older.tests.map((t) => [t.name, t.suite])).toEqual(
      newer.tests.map((t) => [t.name, t.suite]),
    );
    expect(newer.tests.slice(0, 2)).toEqual([
      {
        id: `dotnet:${NS}.FailingOneTimeSetUp::TestA`,
        dialect: 'dotnet',
        name: 'TestA',
        suite: `${NS}.FailingOneTimeSetUp`,
      },
      {
        id: `dotnet:${NS}.FailingOneTimeTearDown::TestD`,
        dialect: 'dotnet',
        name: 'TestD',
        suite: `${NS}.FailingOneTimeTearDown`,
      },
    ]);
    expect(newer.tests.map((t) => t.id)).toContain(
      `dotnet:${NS}.ParametrizedFixture("Answer",42)::TestE`,
    );
    expect(attemptsOf(newer, `dotnet:${NS}.ParametrizedTestCases::TestData(2,"A")`)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 20.574,
        failure: {
          message: '  failing for second case\r\n  Expected: not equal to 2\r\n  But was:  2\r\n',
          type: 'failure',
          stack: expect.stringMatching(
            new RegExp(`^at ${NS.replace(/\./g, '\\.')}\\.ParametrizedTestCases\\.TestData`),
          ),
        },
      },
    ]);
    expect(attemptsOf(newer, `dotnet:${NS}.UnitTest1::Ignored`)).toEqual([
      { outcome: 'skipped', retry: 0, durationMs: 0.295 },
    ]);
    expect(attemptsOf(older, `dotnet:${NS}.FailingOneTimeSetUp::TestA`)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: {
          message:
            'OneTimeSetUp: System.InvalidOperationException : Operation is not valid due to the current state of the object.',
          type: 'failure',
          stack: '',
        },
      },
    ]);
  });

  it('file and line come from the test method frame when the path is in the repository', () => {
    const r = read('dotnet/spekt-junit-testlogger.xml', {
      root: 'C:\\Users\\REDACTED\\Documents\\GitHub\\junit.testlogger',
    });
    expect(r.tests.find((t) => t.id === `dotnet:${NS}.UnitTest1::FailTest11`)).toEqual({
      id: `dotnet:${NS}.UnitTest1::FailTest11`,
      dialect: 'dotnet',
      name: 'FailTest11',
      suite: `${NS}.UnitTest1`,
      // "at ...UnitTest1.FailTest11() in C:\Users\REDACTED\...\UnitTest1.cs:line 27"
      file: 'test/assets/JUnit.Xml.TestLogger.NetCore.Tests/UnitTest1.cs',
      line: 27,
    });
    // Without a root the path is a developer's absolute path: not a repository file.
    const bare = read('dotnet/spekt-junit-testlogger.xml');
    expect(bare.tests.filter((t) => t.file !== undefined || t.line !== undefined)).toEqual([]);
  });

  it('a GitHub runner path in a .NET stack is cut to the repository file', () => {
    const r = parseReportText(
      'junit.xml',
      `<testsuites><testsuite name="App.Tests.dll" tests="1" failures="1" hostname="executor://xunit/VsTestRunner2/netcoreapp" id="0" package="App.Tests.dll">
<testcase classname="App.Tests.CartTests" name="Total_IsSum" time="0.0100000"><failure type="failure" message="Assert.Equal() Failure">at App.Tests.CartTests.Total_IsSum() in D:\\a\\app\\app\\tests\\App.Tests\\CartTests.cs:line 31</failure></testcase>
</testsuite></testsuites>`,
    );
    expect(r.dialect).toBe('dotnet');
    expect(r.tests).toEqual([
      {
        id: 'dotnet:App.Tests.CartTests::Total_IsSum',
        dialect: 'dotnet',
        name: 'Total_IsSum',
        suite: 'App.Tests.CartTests',
        file: 'tests/App.Tests/CartTests.cs',
        line: 31,
      },
    ]);
  });
});

describe('catch2', () => {
  it('mikepenz-catch2-report.xml: the "at file:line" of the failure, container workspace cut', () => {
    const r = read('catch2/mikepenz-catch2-report.xml');
    expect(r.dialect).toBe('catch2');
    const id = 'catch2:ut_detail_utility_is_constant_evaluated::is constant evaluated';
    expect(r.tests).toEqual([
      {
        id,
        dialect: 'catch2',
        name: 'is constant evaluated',
        suite: 'ut_detail_utility_is_constant_evaluated',
        // "at /__w/futures/futures/test/unit/detail/utility/is_constant_evaluated.cpp:19"
        file: 'test/unit/detail/utility/is_constant_evaluated.cpp',
        line: 19,
      },
    ]);
    expect(attemptsOf(r, id)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: {
          message: 'REQUIRE(v == 1) expands to 0 == 10',
          type: 'REQUIRE',
          stack:
            'FAILED:\n  REQUIRE( v == 1 )\nwith expansion:\n  0 == 1\n0\nat /__w/futures/futures/test/unit/detail/utility/is_constant_evaluated.cpp:19',
        },
      },
    ]);
  });

  it('allure-catch2-zulu-timestamp.xml: names with slashes, output kept', () => {
    const r = read('catch2/allure-catch2-zulu-timestamp.xml');
    expect(r.tests).toEqual([
      {
        id: 'catch2:test_all.x.global::Caffe FAST/Model',
        dialect: 'catch2',
        name: 'Caffe FAST/Model',
        suite: 'test_all.x.global',
      },
      {
        id: 'catch2:test_all.x.global::Caffe Weights/Model',
        dialect: 'catch2',
        name: 'Caffe Weights/Model',
        suite: 'test_all.x.global',
      },
    ]);
    expect(r.attempts.map((a) => [a.outcome, a.retry, a.durationMs])).toEqual([
      ['passed', 0, 16211.949],
      ['passed', 0, 8477.497],
    ]);
    expect(r.attempts[0]!.stdout).toMatch(/^\s+running fast A\n\s+Layer 0 \(A1\)/);
  });
});

describe('gtest', () => {
  it('launchable-googletest-fail.xml: file and line from the message head "file:line"', () => {
    const r = read('gtest/launchable-googletest-fail.xml');
    expect(r.dialect).toBe('gtest');
    expect(r.tests).toEqual([
      {
        id: 'gtest:FooTest::Bar',
        dialect: 'gtest',
        name: 'Bar',
        suite: 'FooTest',
        file: 'github.com/launchableinc/rocket-car-googletest/test_a.cpp',
        line: 21,
      },
      { id: 'gtest:FooTest::Baz', dialect: 'gtest', name: 'Baz', suite: 'FooTest' },
      { id: 'gtest:FooTest::Foo', dialect: 'gtest', name: 'Foo', suite: 'FooTest' },
    ]);
    const text =
      'github.com/launchableinc/rocket-car-googletest/test_a.cpp:21\nExpected equality of these values:\n  false\n  true';
    expect(r.attempts.map(({ testId: _, ...a }) => a)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 1,
        failure: { message: text, type: '', stack: text },
      },
      { outcome: 'passed', retry: 0, durationMs: 0 },
      { outcome: 'passed', retry: 0, durationMs: 0 },
    ]);
  });

  it('xunitplugin-googletest-4-xml-output-unittest.xml: disabled and skipped by attributes, "file:*" has no line', () => {
    const r = read('gtest/xunitplugin-googletest-4-xml-output-unittest.xml');
    expect(r.tests).toHaveLength(24);
    expect(r.tests.slice(0, 5)).toEqual([
      {
        id: 'gtest:SuccessfulTest::Succeeds',
        dialect: 'gtest',
        name: 'Succeeds',
        suite: 'SuccessfulTest',
      },
      { id: 'gtest:FailedTest::Fails', dialect: 'gtest', name: 'Fails', suite: 'FailedTest' },
      {
        id: 'gtest:MixedResultTest::Succeeds',
        dialect: 'gtest',
        name: 'Succeeds',
        suite: 'MixedResultTest',
      },
      {
        id: 'gtest:MixedResultTest::Fails',
        dialect: 'gtest',
        name: 'Fails',
        suite: 'MixedResultTest',
      },
      {
        id: 'gtest:MixedResultTest::DISABLED_test',
        dialect: 'gtest',
        name: 'DISABLED_test',
        suite: 'MixedResultTest',
      },
    ]);
    // Two <failure> elements in one run: one failed attempt, described by the first.
    expect(attemptsOf(r, 'gtest:MixedResultTest::Fails')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 0,
        failure: {
          message: 'gtest_xml_output_unittest_.cc:*\nExpected equality of these values:\n  1\n  2',
          type: '',
          stack:
            'gtest_xml_output_unittest_.cc:*\nExpected equality of these values:\n  1\n  2%(stack)s',
        },
      },
    ]);
    expect(outcomes(r, 'gtest:MixedResultTest::DISABLED_test')).toBe('skipped#0'); // status="notrun"
    expect(outcomes(r, 'gtest:DisabledTest::DISABLED_test_not_run')).toBe('skipped#0');
    expect(outcomes(r, 'gtest:SkippedTest::Skipped')).toBe('skipped#0'); // result="skipped"
    expect(r.tests.map((t) => t.id)).toContain(
      'gtest:Single/ValueParamTest::HasValueParamAttribute/0',
    );
  });
});

describe('xctest', () => {
  it('launchable-xctest.xml: "file:line" bodies, a test written four times is four runs', () => {
    const r = read('xctest/launchable-xctest.xml');
    expect(r.dialect).toBe('xctest');
    expect(r.tests.slice(0, 3)).toEqual([
      {
        id: 'xctest:XCTestSampleTests.XCTestSampleTests::testExample',
        dialect: 'xctest',
        name: 'testExample',
        suite: 'XCTestSampleTests.XCTestSampleTests',
      },
      {
        id: 'xctest:XCTestSampleTests.XCTestSampleTests::testMulti',
        dialect: 'xctest',
        name: 'testMulti',
        suite: 'XCTestSampleTests.XCTestSampleTests',
        file: 'XCTestSampleTests/XCTestSampleTests.swift',
        line: 17,
      },
      {
        id: 'xctest:XCTestSampleTests.XCTestSampleTests2::testMinus',
        dialect: 'xctest',
        name: 'testMinus',
        suite: 'XCTestSampleTests.XCTestSampleTests2',
        file: 'XCTestSampleTests/XCTestSampleTests2.swift',
        line: 12,
      },
    ]);
    // The file escapes its quotes twice; one level of escaping is XML's, the rest is the message.
    expect(attemptsOf(r, 'xctest:XCTestSampleTests.XCTestSampleTests::testMulti')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        failure: {
          message: 'XCTAssertEqual failed: (&quot;12&quot;) is not equal to (&quot;10&quot;)',
          type: '',
          stack: 'XCTestSampleTests/XCTestSampleTests.swift:17',
        },
      },
    ]);
    expect(
      attemptsOf(r, 'xctest:XCTestSampleUITests.XCTestSampleUITestsLaunchTests::testLaunch'),
    ).toEqual([
      { outcome: 'passed', retry: 0, durationMs: 3697 },
      { outcome: 'passed', retry: 1, durationMs: 3433 },
      { outcome: 'passed', retry: 2, durationMs: 3981 },
      { outcome: 'passed', retry: 3, durationMs: 3499 },
    ]);
  });

  it('trunk-swift-testing-xunit.xml: Swift Testing names keep their argument labels', () => {
    const r = read('xctest/trunk-swift-testing-xunit.xml');
    expect(r.tests.map((t) => t.id)).toEqual([
      'xctest:MyCLITests.AlphaSuite.Inner::deep()',
      'xctest:MyCLITests.AlphaSuite::shared()',
      'xctest:MyCLITests.ParamSuite::squares(n:)',
      'xctest:MyCLITests.ParamSuite::pairs(s:flag:)',
      'xctest:MyCLITests.BetaSuite::shared()',
      'xctest:MyCLITests::helloworld()',
      'xctest:MyCLITests.OverloadSuite::check(a:)',
      'xctest:MyCLITests.OverloadSuite::check()',
      'xctest:MyCLITests.OverloadSuite::check(b:)',
    ]);
    expect(r.attempts[0]).toEqual({
      testId: 'xctest:MyCLITests.AlphaSuite.Inner::deep()',
      outcome: 'passed',
      retry: 0,
      durationMs: expect.closeTo(0.609833, 3),
    });
  });
});

describe('junit (generic)', () => {
  it('junitplugin-JENKINS-41134-second.xml: a plain JUnit failure', () => {
    const r = read('jenkins/junitplugin-JENKINS-41134-second.xml');
    expect(r.dialect).toBe('junit');
    expect(r.tests).toEqual([
      { id: 'junit:TestFoo2::bar2', dialect: 'junit', name: 'bar2', suite: 'TestFoo2' },
    ]);
    expect(attemptsOf(r, 'junit:TestFoo2::bar2')).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 123980,
        failure: {
          message: 'PROGRAM.cbl:2 Use a program name that matches the source file name',
          type: 'WARNING',
          stack:
            // CRLF in the file; XML reads line ends as \n
            'WARNING: Use a program name that matches the source file name\n                Category: COBOL Code Review – Naming Conventions\n                File: /project/PROGRAM.cbl\n                Line: 2',
        },
      },
    ]);
  });

  it('junitplugin-JENKINS-30413-duplicate-names.xml: one name in two classes is two tests', () => {
    const r = read('jenkins/junitplugin-JENKINS-30413-duplicate-names.xml');
    expect(r.tests).toEqual([
      {
        id: 'junit:test.classname1::DuplicateTestName',
        dialect: 'junit',
        name: 'DuplicateTestName',
        suite: 'test.classname1',
      },
      {
        id: 'junit:test.classname2::DuplicateTestName',
        dialect: 'junit',
        name: 'DuplicateTestName',
        suite: 'test.classname2',
      },
    ]);
    expect(r.attempts.map(({ testId: _, ...a }) => a)).toEqual([
      { outcome: 'failed', retry: 0, failure: { message: 'FAILED', type: '', stack: '' } },
      { outcome: 'passed', retry: 0 },
    ]);
  });

  it('junitplugin-report-494.xml: Java classes in a plain JUnit file get jvm ids', () => {
    const r = read('jenkins/junitplugin-report-494.xml');
    const cls = 'io.jenkins.example.AnExampleTestClass';
    expect(r.tests.map((t) => [t.id, t.dialect, t.suite])).toEqual([
      [`jvm:${cls}::testCaseA`, 'junit', cls],
      [`jvm:${cls}::testCaseZ`, 'junit', cls],
    ]);
    expect(r.attempts.map(({ testId: _, ...a }) => a)).toEqual([
      {
        outcome: 'failed',
        retry: 0,
        durationMs: 1000,
        failure: {
          message: 'expected: [a] but was: [b]',
          type: 'org.junit.ComparisonFailure',
          stack: 'org.junit.ComparisonFailure: expected: [a] but was: [b]',
        },
      },
      { outcome: 'passed', retry: 0, durationMs: 1000 },
    ]);
  });

  it('junitplugin-report-20090516.xml: no classname; a CRLF body gives a message without the CR', () => {
    const r = read('jenkins/junitplugin-report-20090516.xml');
    const id = 'junit:::org.twia.vendor.VendorManagerTest.testGetVendorFirmKeyForVendorRep';
    expect(r.tests[0]).toEqual({
      id,
      dialect: 'junit',
      name: 'org.twia.vendor.VendorManagerTest.testGetVendorFirmKeyForVendorRep',
      suite: '',
    });
    expect(attemptsOf(r, id)[0]).toMatchObject({
      outcome: 'error',
      durationMs: 3377,
      failure: {
        message: 'java.lang.NullPointerException',
        type: 'java.lang.NullPointerException',
      },
    });
  });
});
