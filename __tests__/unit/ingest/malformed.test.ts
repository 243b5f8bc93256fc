/**
 * Bad input never crashes the run and never loses the rest. Every file of the
 * malformed corpus gets either a clear error naming the file (with the line
 * where the parser knows it) or a correct partial read, stated per file below;
 * mixed with good and hostile files through the worker pool, every file comes
 * back exactly once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome, ParsedReport } from '../../../src/model/index.ts';
import { readReports } from '../../../src/ingest/load.ts';
import { readReportFile } from '../../../src/ingest/read.ts';
import { CORPUS, HOSTILE } from '../../helpers/corpus.ts';

const MALFORMED = CORPUS + 'malformed/';

interface Counts {
  testcases: number;
  failed: number;
  skipped: number;
  passed: number;
}

/** The whole file cannot be read: an error naming it; records read before the break are kept. */
interface Refused {
  kind: 'error';
  message: RegExp;
  /** Line of the error, where the parser knows it. */
  line?: number;
  /** What was read before the error (none when absent). */
  partial?: { counts: Counts; outcomes: Record<string, Outcome> };
}

/** The file reads whole, perhaps with a content oddity; what it holds. */
interface Read {
  kind: 'read';
  counts: Counts;
  /** Test name -> outcome of its (single) attempt. */
  outcomes?: Record<string, Outcome>;
  check?: (r: ParsedReport) => void;
}

const none: Counts = { testcases: 0, failed: 0, skipped: 0, passed: 0 };

const EXPECTED: Record<string, Refused | Read> = {
  // A classname that looks like a path: kept as a name, never turned into a file path.
  'allure-path-traversal-classname.xml': {
    kind: 'read',
    counts: { testcases: 1, failed: 0, skipped: 0, passed: 1 },
    outcomes: { shouldGenerate: 'passed' },
    check: (r) => {
      expect(r.tests[0]!.suite).toBe('../secret-file');
      expect(r.tests[0]!.file ?? '').not.toContain('..');
    },
  },
  'allure1-not-junit.xml': {
    kind: 'error',
    message: /not a JUnit report: looks like an Allure 1 result file \(root <test-suite>\)/,
  },
  'codecov-empty-testsuites.xml': { kind: 'read', counts: none },
  'codecov-leading-space-before-decl.xml': {
    kind: 'error',
    message: /XML declaration must be at the start/,
    line: 2,
  },
  'codecov-nested-testsuite.xml': {
    kind: 'read',
    counts: { testcases: 2, failed: 1, skipped: 0, passed: 1 },
    outcomes: {
      'test_junit[junit.xml--True]': 'failed',
      'test_junit[jest-junit.xml--False]': 'passed',
    },
    check: (r) => {
      expect(r.dialect).toBe('pytest');
      expect(r.attempts.find((a) => a.outcome === 'failed')?.failure?.message).toBe("aaaaaaa'");
    },
  },
  'codecov-windows-text-fragment.xml': {
    kind: 'error',
    message: /text before any XML element: not an XML report/,
  },
  'enricomi-empty-file.xml': { kind: 'error', message: /^empty file/ },
  'enricomi-minimal-attributes.xml': {
    kind: 'read',
    counts: { testcases: 4, failed: 2, skipped: 1, passed: 1 },
    outcomes: {
      test_name: 'passed',
      skipped_test: 'skipped',
      failed_test: 'failed',
      error_test: 'error',
    },
  },
  // Several result children: a failure wins over skipped; error plus failure is failed.
  'enricomi-multiresult.xml': {
    kind: 'read',
    counts: { testcases: 4, failed: 2, skipped: 1, passed: 1 },
    outcomes: {
      'test that errors': 'failed',
      'test that fails': 'failed',
      'test that is skipped': 'skipped',
      'test that succeeds': 'passed',
    },
  },
  // No name, no classname: counted, with an empty name.
  'enricomi-no-attributes.xml': {
    kind: 'read',
    counts: { testcases: 4, failed: 2, skipped: 1, passed: 1 },
    check: (r) => {
      expect(r.tests.every((t) => t.name === '')).toBe(true);
      expect(r.attempts.map((a) => a.outcome).sort()).toEqual([
        'error',
        'failed',
        'passed',
        'skipped',
      ]);
    },
  },
  'enricomi-non-junit-root.xml': {
    kind: 'error',
    message: /not a JUnit report: looks like an unknown XML format \(root <suites>\)/,
  },
  'enricomi-non-xml.xml': { kind: 'error', message: /not an XML report/ },
  // Cut inside the second testcase's <skipped> body: the first testcase, and the
  // second (its outcome already known), are kept.
  'enricomi-pytest-corrupt-truncated.xml': {
    kind: 'error',
    message: /unclosed tag: skipped/,
    line: 11,
    partial: {
      counts: { testcases: 2, failed: 0, skipped: 1, passed: 1 },
      outcomes: {
        test_check_shape_compatibility: 'passed',
        test_get_available_devices: 'skipped',
      },
    },
  },
  'enricomi-unsupported-unicode.xml': {
    kind: 'read',
    counts: { testcases: 7, failed: 4, skipped: 2, passed: 1 },
    check: (r) => {
      expect(r.tests[0]!.name).toBe('test 1 헴䜝헱홐㣇㿷䔭𒍺𡓿𠄉㦓');
      expect(r.attempts[1]!.failure?.message).toBe(
        'Some unsupported unicode characters: 헴䜝헱홐㣇㿷䔭𒍺𡓿𠄉㦓',
      );
    },
  },
  // Eclipse's <testrun> root still holds JUnit elements.
  'junit2html-eclipse-testrun-root.xml': {
    kind: 'read',
    counts: { testcases: 7, failed: 0, skipped: 0, passed: 7 },
    check: (r) =>
      expect(
        r.tests.every((t) => t.suite.startsWith('com.pega.pegarules.casemanagement.ScreenFlow.')),
      ).toBe(true),
  },
  // The NUL references sit inside a comment: ignored.
  'junitplugin-TEST-null.xml': {
    kind: 'read',
    counts: { testcases: 1, failed: 1, skipped: 0, passed: 0 },
    outcomes: { x: 'error' },
    check: (r) => expect(JSON.stringify(r)).not.toContain('\\u0000'),
  },
  'junitplugin-testXxe-xxe.xml': {
    kind: 'error',
    message: /undefined entity: entities declared in a DOCTYPE are never expanded/,
    line: 8,
  },
  'launchable-bogus-root.xml': {
    kind: 'error',
    message: /unknown XML format \(root <bogus>\)/,
  },
  'launchable-not-xml.xml': { kind: 'error', message: /not an XML report/ },
  // Cut inside <system-out> after the failure: the testcase is kept as failed.
  'mikepenz-surefire-truncated.xml': {
    kind: 'error',
    message: /unclosed tag: system-out/,
    line: 18,
    partial: {
      counts: { testcases: 1, failed: 1, skipped: 0, passed: 0 },
      outcomes: { testEM: 'failed' },
    },
  },
  // A template with `time="<<computed>>"`: `<` in an attribute is not XML.
  'mikepenz-web-test-runner-retries-template.xml': {
    kind: 'error',
    message: /disallowed character/,
    line: 9,
  },
  'mikepenz-web-test-runner-template.xml': {
    kind: 'error',
    message: /disallowed character/,
    line: 9,
  },
  'testsummary-empty-testsuite.xml': { kind: 'read', counts: none },
  'testsummary-empty-testsuites.xml': { kind: 'read', counts: none },
  'testsummary-failure-noattr.xml': {
    kind: 'read',
    counts: { testcases: 1, failed: 1, skipped: 0, passed: 0 },
    outcomes: { 'Test 1': 'failed' },
    check: (r) => expect(r.attempts[0]!.failure?.message).toBe('Failed!'),
  },
};

function outcomesByName(r: ParsedReport): Record<string, Outcome> {
  const name = new Map(r.tests.map((t) => [t.id, t.name]));
  return Object.fromEntries(r.attempts.map((a) => [name.get(a.testId)!, a.outcome]));
}

function countsOf(r: ParsedReport): Counts {
  const { testcases, failed, skipped, passed } = r.counts;
  return { testcases, failed, skipped, passed };
}

describe('every malformed corpus file: a clear error or a correct partial read', () => {
  it('the table covers every file of corpus/malformed', () => {
    const files = readdirSync(MALFORMED)
      .filter((f) => f.endsWith('.xml'))
      .sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: ${want.kind === 'error' ? 'error' : 'read'}`, () => {
      const file = MALFORMED + name;
      const r = readReportFile(file);
      expect(r.file).toBe(file);
      if (want.kind === 'error') {
        expect(r.error, 'an error').toBeDefined();
        expect(r.error!.file).toBe(file);
        expect(r.error!.message).toMatch(want.message);
        if (want.line !== undefined) {
          expect(r.error!.line).toBe(want.line);
          expect(r.error!.column).toBeGreaterThanOrEqual(0);
        }
        expect(countsOf(r)).toEqual(want.partial?.counts ?? none);
        if (want.partial) expect(outcomesByName(r)).toEqual(want.partial.outcomes);
        else expect(r.attempts).toEqual([]);
        // Partial reads keep one attempt per testcase read.
        expect(r.attempts.length).toBe(r.counts.testcases + r.counts.retryAttempts);
        return;
      }
      expect(r.error).toBeUndefined();
      expect(countsOf(r)).toEqual(want.counts);
      if (want.outcomes) expect(outcomesByName(r)).toEqual(want.outcomes);
      want.check?.(r);
    });
  }
});

describe('files that cannot be opened', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flakegate-malformed-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a missing file is an error naming it, not a throw', () => {
    const file = path.join(dir, 'nope.xml');
    const r = readReportFile(file);
    expect(r.error).toEqual({ file, message: 'cannot open: no such file (ENOENT)' });
    expect(r.tests).toEqual([]);
  });

  it('a directory passed as a file is an error naming it, not a throw', () => {
    const r = readReportFile(dir);
    expect(r.error).toEqual({ file: dir, message: 'not a regular file (a directory)' });
  });

  it.skipIf(process.platform === 'win32')('a FIFO is refused at once, not waited on', () => {
    const fifo = path.join(dir, 'pipe.xml');
    execFileSync('mkfifo', [fifo]);
    const t = performance.now();
    const r = readReportFile(fifo);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r.error?.message).toBe('not a regular file');
  });
});

describe('the file size cap is checked before reading', () => {
  const file = CORPUS + 'jest/dorny-jest-junit.xml';

  it('a file over maxFileBytes is refused with a message naming the limit', () => {
    const size = statSync(file).size;
    const r = readReportFile(file, { maxFileBytes: size - 1 });
    expect(r.error).toEqual({
      file,
      message: `file is ${size} bytes, over the ${size - 1}-byte limit (--max-file-size)`,
    });
    expect(r.tests).toEqual([]);
    expect(r.counts.testcases).toBe(0);
  });

  it('a file exactly at the cap is read', () => {
    const r = readReportFile(file, { maxFileBytes: statSync(file).size });
    expect(r.error).toBeUndefined();
    expect(r.counts.testcases).toBeGreaterThan(0);
  });

  it('the cap reaches the worker threads', async () => {
    const files = [file, CORPUS + 'pytest/' + readdirSync(CORPUS + 'pytest')[0]!];
    const got: ParsedReport[] = [];
    for await (const r of readReports(files, { concurrency: 2, maxFileBytes: 100 })) got.push(r);
    expect(got.map((r) => r.file).sort()).toEqual([...files].sort());
    for (const r of got) expect(r.error?.message).toMatch(/over the 100-byte limit/);
  });
});

describe('many files through the worker pool: nothing lost, nothing throws', () => {
  const good = [
    CORPUS + 'jest/dorny-jest-junit.xml',
    CORPUS + 'jest/dorny-jest-large-4239-tests.xml',
    HOSTILE + 'utf16le-bom.xml',
    HOSTILE + 'names-unicode.xml',
    ...['pytest', 'surefire', 'go-junit-report', 'vitest'].map(
      (d) => `${CORPUS}${d}/${readdirSync(CORPUS + d).filter((f) => f.endsWith('.xml'))[0]!}`,
    ),
  ];
  const bad = [
    ...Object.keys(EXPECTED)
      .filter((f) => EXPECTED[f]!.kind === 'error')
      .map((f) => MALFORMED + f),
    HOSTILE + 'billion-laughs.xml',
    HOSTILE + 'xxe-file.xml',
    HOSTILE + 'deep-nesting-10000.xml',
    HOSTILE + 'names-nul.xml',
    path.join(tmpdir(), 'flakegate-no-such-report.xml'),
    CORPUS + 'jest',
  ];
  const all = [...good, ...bad].sort();

  async function collect(concurrency: number): Promise<ParsedReport[]> {
    const out: ParsedReport[] = [];
    for await (const r of readReports(all, { concurrency })) out.push(r);
    return out;
  }

  it('concurrency 2: every file exactly once, the good with records, the bad with errors', async () => {
    const got = await collect(2);
    expect(got.map((r) => r.file).sort()).toEqual(all);
    const byFile = new Map(got.map((r) => [r.file, r]));
    for (const f of good) {
      const r = byFile.get(f)!;
      expect(r.error, f).toBeUndefined();
      expect(r.counts.testcases, f).toBeGreaterThan(0);
      expect(r.tests.length, f).toBeGreaterThan(0);
    }
    for (const f of bad) {
      const r = byFile.get(f)!;
      expect(r.error?.file, f).toBe(f);
      expect(r.error!.message.length, f).toBeGreaterThan(5);
    }
    // A worker's report is the same as one read in this thread.
    for (const r of got) expect(r, r.file).toEqual(readReportFile(r.file));
  });

  it('concurrency 1 and 2 give the same reports', async () => {
    const byFile = (rs: ParsedReport[]) => new Map(rs.map((r) => [r.file, r]));
    const one = byFile(await collect(1));
    const two = byFile(await collect(2));
    expect([...two.keys()].sort()).toEqual([...one.keys()].sort());
    for (const [f, r] of one) expect(two.get(f), f).toEqual(r);
  });

  it('more workers than files, and no files at all', async () => {
    const out: ParsedReport[] = [];
    for await (const r of readReports(good.slice(0, 2), { concurrency: 8 })) out.push(r);
    expect(out.map((r) => r.file).sort()).toEqual(good.slice(0, 2).sort());
    for await (const r of readReports([], { concurrency: 2 })) out.push(r);
    expect(out).toHaveLength(2);
  });

  it('a consumer that stops early leaves no worker running', async () => {
    for await (const r of readReports(all, { concurrency: 2 })) {
      expect(r.file).toBeTruthy();
      break;
    }
    // Reaching here without the test timing out is the check (terminate() in finally).
  });
});

describe('encodings and stray text (temp files)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flakegate-encoding-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const put = (name: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const report = (name: string) =>
    `<testsuite name="s"><testcase classname="c" name="${name}"><failure message="m">x</failure></testcase></testsuite>`;

  it('"utf-16" declared in a file written as UTF-8 (a .NET habit) is read as UTF-8, with a note', () => {
    const file = put('decl16.xml', `<?xml version="1.0" encoding="utf-16"?>\n${report('ünï ✓')}`);
    const r = readReportFile(file);
    expect(r.error).toBeUndefined();
    expect(r.tests[0]!.name).toBe('ünï ✓');
    expect(r.warnings.join('\n')).toMatch(/declared encoding "utf-16" does not match the bytes/);
  });

  it('an unknown declared encoding reads as UTF-8 with a note; a known legacy one is decoded', () => {
    const unknown = readReportFile(
      put('x.xml', `<?xml version="1.0" encoding="x-martian"?>${report('a')}`),
    );
    expect(unknown.error).toBeUndefined();
    expect(unknown.warnings.join('\n')).toMatch(/unknown declared encoding "x-martian"/);
    const sjis = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="Shift_JIS"?><testsuite name="s"><testcase classname="c" name="',
      ),
      Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), // テスト
      Buffer.from('"/></testsuite>'),
    ]);
    const r = readReportFile(put('sjis.xml', sjis));
    expect(r.error).toBeUndefined();
    expect(r.tests[0]!.name).toBe('テスト');
    expect(r.warnings).toEqual([]);
  });

  it('a U+FFFD the file really contains is text, not a replacement warning', () => {
    const r = readReportFile(put('fffd.xml', report('a \uFFFD b')));
    expect(r.tests[0]!.name).toBe('a \uFFFD b');
    expect(r.warnings).toEqual([]);
  });

  it('UTF-16BE with an odd final byte: the half code unit becomes U+FFFD with a warning', () => {
    const be = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(report('be'), 'utf16le').swap16(),
    ]);
    const ok = readReportFile(put('be.xml', be));
    expect(ok.error).toBeUndefined();
    expect(ok.tests[0]!.name).toBe('be');
    const odd = readReportFile(put('be-odd.xml', Buffer.concat([be, Buffer.from([0x41])])));
    expect(odd.warnings.join('\n')).toMatch(/U\+FFFD/);
    expect(odd.error?.message).toMatch(/text after the root element/);
    expect(odd.counts.testcases).toBe(1);
  });

  it('a second document after the root: an error naming it, the first one’s testcases kept', () => {
    const file = put('two.xml', `${report('first')}\n${report('second')}\n`);
    const r = readReportFile(file);
    expect(r.error).toEqual({
      file,
      message: 'a second root element: one file holding two XML documents (reports concatenated?)',
      line: 2,
      column: '<testsuite '.length,
    });
    expect(r.tests.map((t) => t.name)).toEqual(['first']);
    expect(r.counts).toMatchObject({ testcases: 1, failed: 1 });
  });

  it('text after the root: an error where the root ended, its testcases kept', () => {
    const file = put('trailing.xml', `${report('first')}\n\nEND OF LOG\n`);
    const r = readReportFile(file);
    expect(r.error).toEqual({
      file,
      message: 'text after the root element (a second document or trailing garbage)',
      line: 1,
      column: report('first').length,
    });
    expect(r.tests.map((t) => t.name)).toEqual(['first']);
  });

  it('a BOM, comments and processing instructions around the root are fine', () => {
    const text = `\uFEFF<?xml version="1.0"?>\n<!-- a -->\n<?pi x?>\n${report('n')}\n<!-- after -->\n`;
    const r = readReportFile(put('around.xml', text));
    expect(r.error).toBeUndefined();
    expect(r.counts.testcases).toBe(1);
  });
});
