/**
 * Streaming JUnit-style report parser: one pass over the text with saxes,
 * building raw testcases; the dialect and test identities are settled when the
 * file ends (dialect.ts, identity.ts). Pure: text in, records out.
 *
 * Safety: saxes never expands entities declared in a DOCTYPE (an undefined
 * entity is a well-formedness error here) and never fetches anything, so
 * billion-laughs and XXE inputs end as errors naming the file. Nesting depth,
 * testcase count and every kept string are bounded (limits.ts).
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ParsedReport, ParseError, ReportCounts } from '../model/index.ts';
import { detectDialect, detectForeignFormat, type Features } from './dialect.ts';
import { buildRecords, type RawCase, type RawResult } from './identity.ts';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.ts';
import { appendHead, appendTail, boundName, tail } from './text.ts';

export interface ParseOptions {
  limits?: Partial<ParseLimits>;
  /** Repository root (absolute), to make absolute file attributes relative. */
  root?: string;
  /** Java/Kotlin test source roots (repo-relative) to map classnames to files. */
  sourceRoots?: string[];
}

const RESULT_TAGS = new Set([
  'failure',
  'error',
  'skipped',
  'flakyFailure',
  'flakyError',
  'rerunFailure',
  'rerunError',
]);
const RETRY_TAGS = new Set(['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError']);

type Frame =
  | { kind: 'suite'; name: string; file?: string; hostname?: string }
  | { kind: 'case'; raw: RawCase; retryChildren: number }
  | { kind: 'result'; result: RawResult; owner: RawCase }
  | { kind: 'stackTrace'; result: RawResult }
  | { kind: 'output'; owner: RawCase; stream: 'stdout' | 'stderr' }
  | { kind: 'other' };

const OTHER: Frame = { kind: 'other' };

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

class AbortParse extends Error {}

/** Incremental parser for one report: `write` text chunks, then `finish`. */
export class ReportBuilder {
  private readonly limits: ParseLimits;
  private readonly parser: SaxesParser;
  private readonly stack: Frame[] = [];
  private readonly cases: RawCase[] = [];
  private readonly features: Features = {
    root: '',
    rootAttrs: {},
    suiteAttrNames: new Set(),
    caseAttrNames: new Set(),
    suiteNames: [],
    caseSamples: [],
    propertyNames: new Set(),
    tags: new Set(),
    suiteFiles: [],
    hostnames: new Set(),
  };
  private readonly counts: ReportCounts = {
    testcases: 0,
    failed: 0,
    skipped: 0,
    passed: 0,
    retryAttempts: 0,
  };
  private readonly warnings: string[] = [];
  private error?: ParseError;
  private sawElement = false;
  private done = false;
  readonly file: string;
  private readonly options: ParseOptions;

  constructor(file: string, options: ParseOptions = {}) {
    this.file = file;
    this.options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.parser = new SaxesParser({ xmlns: false, position: true });
    this.parser.on('error', (err) => this.fail(stripPosition(err.message)));
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (t) => this.text(t));
    this.parser.on('cdata', (t) => this.text(t));
  }

  /** Feeds the next chunk of text. Returns false once the parse has stopped. */
  write(chunk: string): boolean {
    if (this.done) return false;
    try {
      this.parser.write(chunk);
    } catch (e) {
      if (!(e instanceof AbortParse)) this.fail(e instanceof Error ? e.message : String(e));
    }
    return !this.done;
  }

  finish(): ParsedReport {
    if (!this.done) {
      try {
        this.parser.close();
      } catch (e) {
        if (!(e instanceof AbortParse)) this.fail(e instanceof Error ? e.message : String(e));
      }
    }
    this.done = true;
    // A read that broke inside a testcase keeps it when its result was already seen.
    for (const fr of this.stack) {
      if (fr.kind === 'case' && fr.raw.results.length > 0) this.closeCase(fr);
    }
    this.stack.length = 0;
    if (!this.error && !this.sawElement) {
      this.error = { file: this.file, message: 'empty file: no XML element found' };
    }
    const foreign = detectForeignFormat(this.features);
    if (!this.error && foreign) {
      this.error = {
        file: this.file,
        message: `not a JUnit report: looks like ${foreign.label} (root <${this.features.root}>)`,
        format: foreign.format,
      };
    }
    const dialect = this.features.root ? detectDialect(this.features) : undefined;
    const { tests, attempts } = dialect
      ? buildRecords(this.cases, dialect, {
          limits: this.limits,
          root: this.options.root,
          sourceRoots: this.options.sourceRoots,
        })
      : { tests: [], attempts: [] };
    return {
      file: this.file,
      dialect: foreign && this.counts.testcases === 0 ? undefined : dialect,
      tests,
      attempts,
      counts: this.counts,
      ...(this.error ? { error: this.error } : {}),
      warnings: this.warnings,
    };
  }

  warn(message: string): void {
    if (this.warnings.length < 20) this.warnings.push(message);
  }

  private fail(message: string): never {
    if (!this.error) {
      this.error = {
        file: this.file,
        message,
        line: this.parser.line,
        column: this.parser.column,
      };
    }
    this.done = true;
    throw new AbortParse(message);
  }

  private open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    const f = this.features;
    if (!this.sawElement) {
      this.sawElement = true;
      f.root = name;
      f.rootAttrs = attrs;
    }
    if (this.stack.length >= this.limits.maxDepth) {
      this.fail(`elements nested deeper than ${this.limits.maxDepth} levels`);
    }
    if (f.tags.size < 64) f.tags.add(name);
    const top = this.stack[this.stack.length - 1];

    if (name === 'testsuite' || name === 'testsuites') {
      if (name === 'testsuite') {
        for (const k of Object.keys(attrs)) f.suiteAttrNames.add(k);
        if (f.suiteNames.length < 50 && attrs.name !== undefined) f.suiteNames.push(attrs.name);
        if (attrs.file !== undefined && f.suiteFiles.length < 50) f.suiteFiles.push(attrs.file);
        if (attrs.hostname !== undefined && f.hostnames.size < 20) f.hostnames.add(attrs.hostname);
      }
      this.stack.push({
        kind: 'suite',
        name: boundName(attrs.name ?? '', this.limits.maxName),
        file: attrs.file,
        hostname: attrs.hostname,
      });
      return;
    }
    if (name === 'testcase') {
      this.openCase(attrs);
      return;
    }
    if (top?.kind === 'case' && RESULT_TAGS.has(name)) {
      const result: RawResult = {
        tag: name as RawResult['tag'],
        message: appendHead('', attrs.message ?? '', this.limits.maxMessage),
        type: appendHead('', attrs.type ?? '', 200),
        body: '',
      };
      top.raw.results.push(result);
      if (RETRY_TAGS.has(name)) top.retryChildren++;
      this.stack.push({ kind: 'result', result, owner: top.raw });
      return;
    }
    if (top?.kind === 'result' && name === 'stackTrace') {
      this.stack.push({ kind: 'stackTrace', result: top.result });
      return;
    }
    if (top?.kind === 'case' && (name === 'system-out' || name === 'system-err')) {
      this.stack.push({
        kind: 'output',
        owner: top.raw,
        stream: name === 'system-out' ? 'stdout' : 'stderr',
      });
      return;
    }
    if (name === 'property' && attrs.name !== undefined && f.propertyNames.size < 200) {
      f.propertyNames.add(attrs.name);
    }
    this.stack.push(OTHER);
  }

  private openCase(attrs: Record<string, string>): void {
    const f = this.features;
    if (this.counts.testcases >= this.limits.maxTestcases) {
      this.fail(
        `more than ${this.limits.maxTestcases} testcases in one file (limit); the rest was not read`,
      );
    }
    for (const k of Object.keys(attrs)) f.caseAttrNames.add(k);
    if (f.caseSamples.length < 20) {
      f.caseSamples.push({ name: attrs.name ?? '', classname: attrs.classname ?? '' });
    }
    const suites: string[] = [];
    let suiteFile: string | undefined;
    let project: string | undefined;
    for (const fr of this.stack) {
      if (fr.kind !== 'suite') continue;
      suites.push(fr.name);
      if (fr.file !== undefined) suiteFile = fr.file;
      if (fr.hostname !== undefined) project = fr.hostname;
    }
    const max = this.limits.maxName;
    const raw: RawCase = {
      name: boundName(attrs.name ?? '', max),
      classname: attrs.classname === undefined ? undefined : boundName(attrs.classname, max),
      className: attrs.class === undefined ? undefined : boundName(attrs.class, max),
      file: attrs.file === undefined ? undefined : boundName(attrs.file, max),
      line: attrs.line,
      time: attrs.time,
      status: attrs.status,
      result: attrs.result,
      suites,
      suiteFile: suiteFile === undefined ? undefined : boundName(suiteFile, max),
      project,
      results: [],
      stdout: '',
      stderr: '',
    };
    this.stack.push({ kind: 'case', raw, retryChildren: 0 });
  }

  private close(): void {
    const fr = this.stack.pop();
    if (fr?.kind === 'case') this.closeCase(fr);
  }

  private closeCase(fr: Extract<Frame, { kind: 'case' }>): void {
    const raw = fr.raw;
    const c = this.counts;
    c.testcases++;
    c.retryAttempts += fr.retryChildren;
    let failed = false;
    let skipped = false;
    for (const r of raw.results) {
      if (r.tag === 'failure' || r.tag === 'error') failed = true;
      else if (r.tag === 'skipped') skipped = true;
    }
    if (failed) c.failed++;
    else if (skipped) c.skipped++;
    else c.passed++;
    raw.stdout = tail(raw.stdout, this.limits.maxOutput);
    raw.stderr = tail(raw.stderr, this.limits.maxOutput);
    this.cases.push(raw);
  }

  private text(t: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    switch (top.kind) {
      case 'result':
        top.result.body = appendHead(top.result.body, t, this.limits.maxStack);
        return;
      case 'stackTrace':
        top.result.body = appendHead(top.result.body, t, this.limits.maxStack);
        return;
      case 'output':
        if (top.stream === 'stdout') {
          top.owner.stdout = appendTail(top.owner.stdout, t, this.limits.maxOutput);
        } else {
          top.owner.stderr = appendTail(top.owner.stderr, t, this.limits.maxOutput);
        }
        return;
      default:
        return;
    }
  }
}

/** saxes prefixes messages with "line:column: "; the error carries them apart. */
function stripPosition(message: string): string {
  return message.replace(/^\d+:\d+:\s*/, '');
}

/** Parses a whole report text at once. */
export function parseReportText(file: string, text: string, options?: ParseOptions): ParsedReport {
  const b = new ReportBuilder(file, options);
  b.write(text);
  return b.finish();
}
