/**
 * Which tool wrote a report, from its content only (never the file name).
 * Ordered rules: the most distinctive marks first (a reporter's fixed root
 * name, a schema URL, attributes only one tool writes), then shapes (Go
 * package paths, Java class names), then the generic JUnit dialect.
 */
import type { Dialect, ForeignFormat } from '../model/index.ts';

export interface Features {
  root: string;
  rootAttrs: Record<string, string>;
  suiteAttrNames: Set<string>;
  caseAttrNames: Set<string>;
  suiteNames: string[];
  caseSamples: { name: string; classname: string }[];
  propertyNames: Set<string>;
  tags: Set<string>;
  suiteFiles: string[];
  hostnames: Set<string>;
}

const FOREIGN: Record<string, { format: ForeignFormat; label: string }> = {
  TestRun: {
    format: 'trx',
    label: 'a Visual Studio TRX file (use a JUnit logger for dotnet test)',
  },
  'test-run': { format: 'nunit', label: 'an NUnit 3 result file' },
  'test-results': { format: 'nunit', label: 'an NUnit 2 result file' },
  assemblies: { format: 'xunit.net', label: 'an xUnit.net v2 XML file' },
  assembly: { format: 'xunit.net', label: 'an xUnit.net XML file' },
  checkstyle: { format: 'checkstyle', label: 'a Checkstyle report' },
  'test-suite': { format: 'allure', label: 'an Allure 1 result file' },
};

/** A known non-JUnit format, or an unknown root with no JUnit elements at all. */
export function detectForeignFormat(
  f: Features,
): { format: ForeignFormat; label: string } | undefined {
  if (!f.root || f.root === 'testsuites' || f.root === 'testsuite') return undefined;
  const known = FOREIGN[f.root];
  if (known) return known;
  // Eclipse's <testrun> and other wrappers still hold JUnit elements: read them.
  if (f.tags.has('testsuite') || f.tags.has('testcase')) return undefined;
  return { format: 'unknown', label: 'an unknown XML format' };
}

const GO_PKG = /^[\w.-]+(\/[\w.-]+)+$/;
const GO_TEST = /^(Test|Benchmark|Example|Fuzz)\w*(\/|$)|^Failure$/;
export const JAVA_CLASS = /^([a-z_$][\w$]*\.)+[A-Z][\w$]*$/;
const JS_FILE = /\.(c|m)?(j|t)sx?$/;

export function detectDialect(f: Features): Dialect {
  const rootName = f.rootAttrs.name ?? '';
  const suiteAttr = (k: string) => f.suiteAttrNames.has(k) || k in f.rootAttrs;
  const caseAttr = (k: string) => f.caseAttrNames.has(k);
  const samples = f.caseSamples;
  const all = (p: (s: { name: string; classname: string }) => boolean) =>
    samples.length > 0 && samples.every(p);

  // Reporter-fixed root names.
  if (rootName === 'vitest tests') return 'vitest';
  if (rootName === 'jest tests') return 'jest';
  if (rootName === 'nextest-run') return 'nextest';
  // nose writes the same classnames pytest does and pytest runs nose-style tests.
  if (
    rootName === 'pytest tests' ||
    f.suiteNames.includes('pytest') ||
    f.suiteNames.includes('nosetests')
  ) {
    return 'pytest';
  }
  if (
    rootName === 'Mocha Tests' ||
    f.suiteNames.includes('Root Suite') ||
    f.suiteNames.includes('Mocha Tests')
  ) {
    return f.suiteFiles.some((p) => /cypress|\.cy\.[jt]sx?$/.test(p)) ? 'cypress' : 'mocha';
  }
  if (f.suiteNames.includes('rspec') || samples.some((s) => /_spec$/.test(s.classname)))
    return 'rspec';
  if (
    rootName.endsWith('.xctest') ||
    (f.root === 'testsuites' && f.suiteNames.includes('TestResults'))
  ) {
    return 'xctest';
  }
  // Schema or property marks.
  if (f.rootAttrs['xsi:noNamespaceSchemaLocation']?.includes('surefire')) return 'surefire';
  if (
    f.tags.has('flakyFailure') ||
    f.tags.has('flakyError') ||
    f.tags.has('rerunFailure') ||
    f.tags.has('rerunError')
  ) {
    return 'surefire';
  }
  if (f.propertyNames.has('go.version'))
    return f.suiteAttrNames.has('id') ? 'go-junit-report' : 'gotestsum';
  // Tool-specific attributes.
  if (caseAttr('assertions') || caseAttr('class') || suiteAttr('assertions')) return 'phpunit';
  if (f.hostnames.has('tbd')) return 'catch2';
  if (caseAttr('status') && caseAttr('duration') && !caseAttr('classname')) return 'bazel';
  if (caseAttr('result') && caseAttr('status')) return 'gtest';
  if (f.root === 'testsuite' && suiteAttr('disabled') && caseAttr('status')) return 'ctest';
  if (
    f.root === 'testsuites' &&
    suiteAttr('disabled') &&
    (caseAttr('status') || rootName === 'AllTests')
  ) {
    return 'gtest';
  }
  if (
    f.propertyNames.has('clr-version') ||
    [...f.hostnames].some((h) => h.startsWith('executor://')) ||
    f.suiteNames.some((n) => /\.dll$/i.test(n))
  ) {
    return 'dotnet';
  }
  // Playwright: <testsuites id=""> with one testsuite per spec file, classname = that file.
  if (
    'id' in f.rootAttrs &&
    f.suiteNames.length > 0 &&
    f.suiteNames.every((n) => JS_FILE.test(n))
  ) {
    return 'playwright';
  }
  if (f.suiteNames.length > 0 && f.suiteNames.every((n) => JS_FILE.test(n.replace(/\\/g, '/')))) {
    return all((s) => s.classname !== '' && JS_FILE.test(s.classname)) ? 'vitest' : 'jest';
  }
  // Go: package-path suites and Test*/Benchmark* names.
  if (
    samples.length > 0 &&
    samples.filter((s) => GO_TEST.test(s.name)).length >= samples.length / 2 &&
    f.suiteNames.every((n) => GO_PKG.test(n) || /^[\w.-]+$/.test(n))
  ) {
    return f.suiteAttrNames.has('id') || f.suiteAttrNames.has('hostname')
      ? 'go-junit-report'
      : 'gotestsum';
  }
  // JVM shapes: TestNG writes "UTC" timestamps; Gradle writes hostname + timestamp on a root testsuite.
  const javaSuite =
    f.root === 'testsuite' &&
    (JAVA_CLASS.test(rootName) ||
      (/^[A-Z][\w$]*$/.test(rootName) && all((s) => /^[a-z_$][\w$]*$/.test(s.name))));
  if (all((s) => JAVA_CLASS.test(s.classname)) || javaSuite) {
    if (/ UTC$/.test(f.rootAttrs.timestamp ?? '')) return 'testng';
    if (f.root === 'testsuite' && 'timestamp' in f.rootAttrs && !('version' in f.rootAttrs))
      return 'gradle';
    if (f.root === 'testsuite') return 'surefire';
  }
  return 'junit';
}
