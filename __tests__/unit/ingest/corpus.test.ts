/**
 * Every report of the shared corpus, read in place, against the independent
 * reference counts in expected.jsonl, and its dialect against its folder.
 */
import { describe, expect, it } from 'vitest';
import { readReportFile } from '../../../src/ingest/read.ts';
import { CORPUS, expectedCounts } from '../../helpers/corpus.ts';

/**
 * Where flakegate knowingly differs from the reference counter: these files
 * are not JUnit reports. The counter counts <testcase> elements in any XML
 * and finds none; flakegate finds none too but also says what the file is,
 * so a user who points it at an NUnit file learns why nothing was read.
 */
const NOT_JUNIT: Record<string, RegExp> = {
  'malformed/allure1-not-junit.xml': /Allure 1/,
  'malformed/enricomi-non-junit-root.xml': /unknown XML format \(root <suites>\)/,
  'malformed/launchable-bogus-root.xml': /unknown XML format \(root <bogus>\)/,
  'other/dorny-nunit3-test-run.xml': /NUnit 3/,
  'other/enricomi-xunitnet-v2-assemblies.xml': /xUnit\.net/,
};

describe('corpus counts equal the independent reference', () => {
  for (const exp of expectedCounts()) {
    it(exp.file, () => {
      const r = readReportFile(CORPUS + exp.file);
      if (exp.error !== undefined) {
        expect(r.error, `reference: ${exp.error}`).toBeDefined();
        expect(r.error!.file).toBe(CORPUS + exp.file);
        expect(r.error!.message.length).toBeGreaterThan(5);
        return;
      }
      expect({
        testcases: r.counts.testcases,
        failed: r.counts.failed,
        skipped: r.counts.skipped,
        passed: r.counts.passed,
        retryAttempts: r.counts.retryAttempts,
      }).toEqual({
        testcases: exp.testcases,
        failed: exp.failed,
        skipped: exp.skipped,
        passed: exp.passed,
        retryAttempts: exp.retryAttempts,
      });
      const foreign = NOT_JUNIT[exp.file];
      if (foreign) expect(r.error?.message).toMatch(foreign);
      else expect(r.error).toBeUndefined();
    });
  }
});

describe('errors carry a position where the parser knows it', () => {
  it.each([
    ['malformed/enricomi-pytest-corrupt-truncated.xml', 11],
    ['malformed/mikepenz-surefire-truncated.xml', 18],
    ['malformed/mikepenz-web-test-runner-template.xml', 9],
    ['malformed/junitplugin-testXxe-xxe.xml', 8],
  ])('%s fails at line %i', (file, line) => {
    const r = readReportFile(CORPUS + file);
    expect(r.error?.line).toBe(line);
  });

  it('a truncated file keeps the testcases read before the break', () => {
    const r = readReportFile(CORPUS + 'malformed/mikepenz-surefire-truncated.xml');
    expect(r.error).toBeDefined();
    expect(r.counts.testcases).toBeGreaterThan(0);
    expect(r.attempts.length).toBe(r.counts.testcases);
  });
});

/** Folder -> dialect, for folders named after one tool. */
const FOLDER_DIALECT: Record<string, string> = {
  bazel: 'bazel',
  catch2: 'catch2',
  ctest: 'ctest',
  cypress: 'cypress',
  dotnet: 'dotnet',
  'go-junit-report': 'go-junit-report',
  gotestsum: 'gotestsum',
  gradle: 'gradle',
  gtest: 'gtest',
  jest: 'jest',
  mocha: 'mocha',
  nextest: 'nextest',
  phpunit: 'phpunit',
  playwright: 'playwright',
  pytest: 'pytest',
  rspec: 'rspec',
  surefire: 'surefire',
  testng: 'testng',
  vitest: 'vitest',
  xctest: 'xctest',
};

/**
 * Files whose content does not carry their tool's marks; the detected dialect
 * is the honest reading of the content, and ids stay right because dialects
 * of one tool share an id family (go, jvm).
 */
const AMBIGUOUS: Record<string, string> = {
  // Bazel's java_test runs the JUnit runner, whose report is plain JUnit.
  'bazel/launchable-bazel-java-test1.xml': 'junit',
  'bazel/launchable-bazel-java-test2.xml': 'junit',
  // Zero tests and no file attributes: nothing tells Cypress from plain mocha.
  'cypress/launchable-cypress-empty.xml': 'mocha',
  // go-junit-report v0/v1 output is shaped like gotestsum's (same "go" id family).
  'go-junit-report/datadog-go-junit-report.xml': 'gotestsum',
  'go-junit-report/launchable-go-junit-report-v1.xml': 'gotestsum',
  'go-junit-report/mikepenz-go-server-api4.xml': 'gotestsum',
  // A nosetests report kept among googletest fixtures: Python, run by pytest.
  'gtest/xunitplugin-googletest-3.xml': 'pytest',
  // jest-junit configured with a custom suite name and describe-titled suites.
  'jest/dorny-jest-react-component.xml': 'junit',
  // quick-junit's own fixture (the library nextest uses) with Surefire rerun elements.
  'nextest/quickjunit-basic-report.xml': 'surefire',
  // No testcase and no PHPUnit attribute; php-src's run-tests writes plain JUnit.
  'phpunit/dorny-phpunit-empty.xml': 'junit',
  'phpunit/xunitplugin-phpunit-7.xml': 'junit',
  // Merged TestNG results under a bare <testsuites>.
  'testng/dorny-testng-pulsar-merged.xml': 'junit',
};

describe('dialect is detected from content', () => {
  const files = expectedCounts()
    .map((e) => e.file)
    .filter((f) => FOLDER_DIALECT[f.split('/')[0]!]);
  for (const file of files) {
    const want = AMBIGUOUS[file] ?? FOLDER_DIALECT[file.split('/')[0]!];
    it(`${file} -> ${want}`, () => {
      expect(readReportFile(CORPUS + file).dialect).toBe(want);
    });
  }

  it('names the format of non-JUnit files', () => {
    const trx = readReportFile(CORPUS + 'dotnet/dorny-dotnet-xunitv3.trx');
    expect(trx.error?.format).toBe('trx');
    expect(trx.error?.message).toMatch(/Visual Studio TRX/);
    expect(readReportFile(CORPUS + 'other/dorny-nunit3-test-run.xml').error?.format).toBe('nunit');
  });
});
