/**
 * Streaming JUnit-style report parser: one pass over the text with saxes (or,
 * for a whole report in the subset it knows, the faster xml-scan.ts), building
 * raw testcases; the dialect and test identities are settled when the
 * file ends (dialect.ts, identity.ts). Pure: text in, records out.
 *
 * Safety: saxes never expands entities declared in a DOCTYPE (an undefined
 * entity is a well-formedness error here) and never fetches anything, so
 * billion-laughs and XXE inputs end as errors naming the file. Nesting depth,
 * testcase count and every kept string are bounded (limits.ts), and kept
 * strings are copied out of the decoded chunks so records never pin the text.
 */
import type { SaxesParser } from 'saxes';
import { FastSaxesParser } from './sax.ts';
import { scanXml, type XmlSink } from './xml-scan.ts';
import type {
  Attempt,
  Dialect,
  ParsedReport,
  ParseError,
  ReportCounts,
  TestRecord,
} from '../model/index.ts';
import { detectDialect, detectForeignFormat, type Features } from './dialect.ts';
import { buildRecords, type RawCase, type RawResult } from './identity.ts';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.ts';
import { appendHead, appendTail, boundName, detach, tail } from './text.ts';

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
  | { kind: 'output'; owner: { stdout?: string; stderr?: string }; stream: 'stdout' | 'stderr' }
  | { kind: 'other' };

const OTHER: Frame = { kind: 'other' };

/** Attributes read as short values (line, time, status, result): longer is garbage. */
const MAX_SHORT_ATTR = 100;

function short(v: string | undefined): string | undefined {
  return v === undefined
    ? undefined
    : detach(v.length > MAX_SHORT_ATTR ? v.slice(0, MAX_SHORT_ATTR) : v);
}

/** Where a testcase sits: shared by every testcase of one suite. */
interface SuitePath {
  suites: string[];
  suiteFile?: string;
  project?: string;
}

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
  private sawTestcase = false;
  private sawDoctype = false;
  /** Any non-whitespace text written: tells an empty file from a broken one. */
  private sawContent = false;
  private suitePath?: SuitePath;
  /** Where the root element ended, once it has. */
  private rootEnd?: Position;
  /** The chunk being written, and how many characters came before it. */
  private chunk = '';
  private written = 0;
  /** A high surrogate that ended the last chunk, written with the next. */
  private held = '';
  /** Outside the root element, where the next non-space character must start markup. */
  private expectMarkup = true;
  /** saxes reports a comment at its `--`, before the closing `>`. */
  private commentGt = false;
  /** Position of the markup end that stray text follows, until saxes reaches it. */
  private strayAt?: number;
  private done = false;
  readonly file: string;
  private readonly options: ParseOptions;

  constructor(file: string, options: ParseOptions = {}) {
    this.file = file;
    this.options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.parser = new FastSaxesParser();
    this.parser.on('error', (err) => this.onSaxError(stripPosition(err.message)));
    this.parser.on('doctype', () => {
      this.sawDoctype = true;
      this.afterMarkup();
    });
    this.parser.on('xmldecl', () => this.afterMarkup());
    this.parser.on('comment', () => this.afterMarkup(true));
    this.parser.on('processinginstruction', () => this.afterMarkup());
    this.parser.on('opentag', (tag) =>
      this.open(tag.name, tag.attributes as Record<string, string>),
    );
    this.parser.on('closetag', () => this.close());
    // Text and CDATA handlers are set only inside elements whose text is
    // kept (see capture): without a handler saxes skips building strings
    // for the indentation between elements, most of a report's text nodes.
  }

  private readonly onText = (t: string): void => this.text(t);
  private capturing = false;
  /** Fed by xml-scan.ts rather than saxes (see scanWhole). */
  private scanning = false;
  private readonly sink: XmlSink = {
    wantsText: () => this.capturing,
    open: (name, attributes) => this.open(name, attributes),
    close: () => this.close(),
    text: this.onText,
  };

  private capture(on: boolean): void {
    if (on === this.capturing) return;
    this.capturing = on;
    if (this.scanning) return;
    if (on) {
      this.parser.on('text', this.onText);
      this.parser.on('cdata', this.onText);
    } else {
      this.parser.off('text');
      this.parser.off('cdata');
    }
  }

  /**
   * Reads a whole report with xml-scan.ts instead of saxes. Returns false when
   * that scanner gives up (text outside its subset, not well-formed) or the
   * read stops at a limit: this builder is then spent, and the caller reads
   * the text with a fresh one, whose saxes errors say what is wrong and where.
   */
  scanWhole(text: string): boolean {
    if (this.written > 0 || this.done) return false;
    this.scanning = true;
    this.written = text.length;
    try {
      if (!scanXml(wellFormed(text), this.sink)) return false;
    } catch {
      // A limit (AbortParse) or a bug on odd input: saxes reads it again and says which.
      return false;
    }
    if (this.error) return false;
    this.sawContent = true;
    this.done = true; // nothing left for saxes to close
    return true;
  }

  /** Feeds the next chunk of text. Returns false once the parse has stopped. */
  write(chunk: string): boolean {
    if (this.done) return false;
    let text = this.held + chunk;
    this.held = '';
    // A chunk may end inside a surrogate pair. saxes carries one such character
    // over to the next chunk, but not a lone one before it: hold it here instead.
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.held = text.slice(-1);
      text = text.slice(0, -1);
    }
    return this.feed(text);
  }

  private feed(text: string): boolean {
    const chunk = wellFormed(text);
    if (!this.sawContent) {
      // Anything but XML whitespace and a leading BOM.
      const from = this.written === 0 && chunk.charCodeAt(0) === 0xfeff ? 1 : 0;
      if (/[^ \t\r\n]/.test(from ? chunk.slice(from) : chunk)) this.sawContent = true;
    }
    this.chunk = chunk;
    try {
      if (this.expectMarkup && this.strayAhead(0)) this.strayText();
      this.parser.write(chunk);
      if (this.strayAt !== undefined) this.strayText();
    } catch (e) {
      if (!(e instanceof AbortParse)) this.record(internalError(e));
    }
    this.written += chunk.length;
    return !this.done;
  }

  finish(): ParsedReport {
    if (!this.done && this.held) this.feed(this.held);
    this.held = '';
    if (!this.done) {
      try {
        this.parser.close();
      } catch (e) {
        if (!(e instanceof AbortParse)) this.record(internalError(e));
      }
    }
    this.done = true;
    // A read that broke inside a testcase keeps it when its result was already seen.
    for (const fr of this.stack) {
      if (fr.kind === 'case' && fr.raw.results.length > 0) this.closeCase(fr);
    }
    this.stack.length = 0;
    if (!this.sawElement && (!this.error || !this.sawContent)) {
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
    let dialect: Dialect | undefined;
    let built: { tests: TestRecord[]; attempts: Attempt[] } = { tests: [], attempts: [] };
    try {
      dialect = this.features.root ? detectDialect(this.features) : undefined;
      if (dialect) {
        built = buildRecords(this.cases, dialect, {
          limits: this.limits,
          root: this.options.root,
          sourceRoots: this.options.sourceRoots,
        });
      }
    } catch (e) {
      // A bug on odd input costs this file's records, never the run.
      this.error ??= { file: this.file, message: internalError(e) };
    }
    const { tests, attempts } = built;
    const known = foreign && this.counts.testcases === 0 ? undefined : dialect;
    // No `dialect` key at all when there is none: a report must read the same
    // after crossing from a worker, where an undefined value does not survive.
    return {
      file: this.file,
      ...(known ? { dialect: known } : {}),
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

  /** saxes' terse messages, with what they mean for a report. */
  private explain(message: string): string {
    if (message === 'undefined entity.') {
      return this.sawDoctype
        ? 'undefined entity: entities declared in a DOCTYPE are never expanded and external entities never fetched'
        : 'undefined entity: XML defines only &lt; &gt; &amp; &quot; &apos; and character references';
    }
    if (message === 'documents may contain only one root.') {
      return 'a second root element: one file holding two XML documents (reports concatenated?)';
    }
    if (message === 'disallowed character.') {
      return 'disallowed character: a raw < in an attribute value, or a character XML does not allow';
    }
    if (message === 'malformed character entity.') {
      return 'malformed or disallowed character reference (e.g. &#0;, not allowed in XML)';
    }
    return message;
  }

  /**
   * Outside the root element only markup may follow whitespace. Checked here
   * rather than left to saxes, which reports stray text where its run ends in
   * the current chunk (after any other error inside it), so that how a file is
   * cut into chunks never changes which error it gets, or where. Returns true
   * when stray text starts in the current chunk at or after `from`.
   */
  private strayAhead(from: number): boolean {
    const s = this.chunk;
    for (let i = Math.max(0, from); i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.commentGt) {
        this.commentGt = false;
        if (c === 0x3e) continue;
        this.expectMarkup = false; // a malformed comment: saxes says so
        return false;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
      if (c === 0xfeff && this.written + i === 0) continue; // a BOM saxes skips
      this.expectMarkup = false;
      return c !== 0x3c;
    }
    return false;
  }

  /**
   * After markup outside the root (declaration, DOCTYPE, comment, PI, the
   * root's end tag). Stray text after it is an error only once saxes is done
   * with the markup itself, whose own errors come first (onSaxError).
   */
  private afterMarkup(comment = false): void {
    if (this.sawElement && !this.rootEnd) return;
    this.expectMarkup = true;
    this.commentGt = comment;
    if (this.strayAhead(this.parser.position - this.written)) this.strayAt = this.parser.position;
  }

  private strayText(): never {
    if (this.rootEnd) {
      this.fail(
        'text after the root element (a second document or trailing garbage)',
        this.rootEnd,
      );
    }
    this.fail('text before any XML element: not an XML report', null);
  }

  private onSaxError(message: string): never {
    // Past the markup, inside stray text: whatever saxes found there, the text is the error.
    if (this.strayAt !== undefined && this.parser.position > this.strayAt) this.strayText();
    // What strayAhead does not see (a CDATA section outside the root).
    if (message === 'text data outside of root node.') this.strayText();
    this.fail(this.explain(message));
  }

  /** Stops the parse with an error at `at` (default: where the parser is; null: nowhere). */
  private fail(message: string, at?: Position | null): never {
    this.record(message, at);
    throw new AbortParse(message);
  }

  private record(message: string, at?: Position | null): void {
    if (!this.error) {
      const pos = at === undefined ? { line: this.parser.line, column: this.parser.column } : at;
      this.error = { file: this.file, message, ...pos };
    }
    this.done = true;
  }

  private open(tagName: string, attrs: Record<string, string>): void {
    const name = localName(tagName);
    const f = this.features;
    if (!this.sawElement) {
      this.sawElement = true;
      f.root = name;
      f.rootAttrs = attrs;
    }
    if (this.stack.length >= this.limits.maxDepth) {
      this.fail(`elements nested deeper than ${this.limits.maxDepth} levels`);
    }
    // Most elements are testcases: that name is recorded once, not hashed each time.
    if (name === 'testcase') {
      if (!this.sawTestcase) {
        this.sawTestcase = true;
        f.tags.add(name);
      }
    } else if (f.tags.size < 64) f.tags.add(name);
    const top = this.stack[this.stack.length - 1];

    if (name === 'testsuite' || name === 'testsuites') {
      const max = this.limits.maxName;
      let file = attrs.file === undefined ? undefined : detach(boundName(attrs.file, max));
      // mocha-junit-reporter (mocha, Cypress) writes a spec's file only on its
      // "Root Suite"; the spec's describe blocks follow as sibling suites.
      if (name === 'testsuite' && attrs.name === 'Root Suite') this.rootSuiteFile = file;
      else if (name === 'testsuite' && file === undefined) file = this.rootSuiteFile;
      const frame: Frame = {
        kind: 'suite',
        name: detach(boundName(attrs.name ?? '', max)),
        file,
        hostname: attrs.hostname === undefined ? undefined : detach(boundName(attrs.hostname, max)),
      };
      if (name === 'testsuite') {
        for (const k of Object.keys(attrs)) f.suiteAttrNames.add(k);
        if (f.suiteNames.length < 50 && attrs.name !== undefined) f.suiteNames.push(frame.name);
        if (frame.file !== undefined && f.suiteFiles.length < 50) f.suiteFiles.push(frame.file);
        if (frame.hostname !== undefined && f.hostnames.size < 20) f.hostnames.add(frame.hostname);
      }
      this.stack.push(frame);
      this.suitePath = undefined;
      return;
    }
    if (name === 'testcase') {
      this.openCase(attrs);
      return;
    }
    if (top?.kind === 'case' && RESULT_TAGS.has(name)) {
      const result: RawResult = {
        tag: name as RawResult['tag'],
        message: detach(appendHead('', attrs.message ?? '', this.limits.maxMessage)),
        type: detach(appendHead('', attrs.type ?? '', 200)),
        body: '',
      };
      top.raw.results.push(result);
      if (RETRY_TAGS.has(name)) top.retryChildren++;
      this.stack.push({ kind: 'result', result, owner: top.raw });
      this.capture(true);
      return;
    }
    if (top?.kind === 'result' && name === 'stackTrace') {
      this.stack.push({ kind: 'stackTrace', result: top.result });
      this.capture(true);
      return;
    }
    if (
      (top?.kind === 'case' || top?.kind === 'result') &&
      (name === 'system-out' || name === 'system-err')
    ) {
      // Inside a flaky/rerun element it is that run's output (Surefire).
      this.stack.push({
        kind: 'output',
        owner: top.kind === 'case' ? top.raw : top.result,
        stream: name === 'system-out' ? 'stdout' : 'stderr',
      });
      this.capture(true);
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
    // Detection needs the attribute names of the first testcases, not of all.
    if (this.counts.testcases < 64) for (const k of Object.keys(attrs)) f.caseAttrNames.add(k);
    const max = this.limits.maxName;
    const name = detach(boundName(attrs.name ?? '', max));
    const classname = attrs.classname === undefined ? undefined : this.intern(attrs.classname);
    if (f.caseSamples.length < 20) f.caseSamples.push({ name, classname: classname ?? '' });
    const at = this.currentSuitePath();
    const raw: RawCase = {
      name,
      classname,
      className: attrs.class === undefined ? undefined : detach(boundName(attrs.class, max)),
      file: attrs.file === undefined ? undefined : detach(boundName(attrs.file, max)),
      line: short(attrs.line),
      time: short(attrs.time),
      status: short(attrs.status),
      result: short(attrs.result),
      suites: at.suites,
      suiteFile: at.suiteFile,
      project: at.project,
      results: [],
      stdout: '',
      stderr: '',
    };
    this.stack.push({ kind: 'case', raw, retryChildren: 0 });
  }

  private readonly interned = new Map<string, string>();
  private lastRaw?: string;
  private lastInterned = '';
  private rootSuiteFile?: string;

  /**
   * A classname as kept: bounded and detached from the parser's chunk, copied
   * once per distinct value (a class's testcases all repeat it).
   */
  private intern(raw: string): string {
    // Testcases of one class come together: comparing with the last one
    // costs less than hashing every value.
    if (raw === this.lastRaw) return this.lastInterned;
    let v = this.interned.get(raw);
    if (v === undefined) {
      v = detach(boundName(raw, this.limits.maxName));
      if (this.interned.size < 10_000) this.interned.set(raw, v);
    }
    this.lastRaw = raw;
    this.lastInterned = v;
    return v;
  }

  /** The enclosing suites of the next testcase, computed once per suite. */
  private currentSuitePath(): SuitePath {
    if (this.suitePath) return this.suitePath;
    const at: SuitePath = { suites: [] };
    for (const fr of this.stack) {
      if (fr.kind !== 'suite') continue;
      at.suites.push(fr.name);
      if (fr.file !== undefined) at.suiteFile = fr.file;
      if (fr.hostname !== undefined) at.project = fr.hostname;
    }
    this.suitePath = at;
    return at;
  }

  private close(): void {
    const fr = this.stack.pop();
    if (this.capturing) {
      const k = this.stack[this.stack.length - 1]?.kind;
      this.capture(k === 'result' || k === 'stackTrace' || k === 'output');
    }
    if (fr?.kind === 'case') this.closeCase(fr);
    else if (fr?.kind === 'suite') this.suitePath = undefined;
    if (this.stack.length === 0 && !this.rootEnd && !this.scanning) {
      this.rootEnd = { line: this.parser.line, column: this.parser.column };
      this.afterMarkup();
    }
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
      r.body = detach(r.body);
    }
    if (failed) c.failed++;
    else if (skipped) c.skipped++;
    else c.passed++;
    raw.stdout = detach(tail(raw.stdout, this.limits.maxOutput));
    raw.stderr = detach(tail(raw.stderr, this.limits.maxOutput));
    for (const r of raw.results) {
      if (r.stdout) r.stdout = detach(tail(r.stdout, this.limits.maxOutput));
      if (r.stderr) r.stderr = detach(tail(r.stderr, this.limits.maxOutput));
    }
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
          top.owner.stdout = appendTail(top.owner.stdout ?? '', t, this.limits.maxOutput);
        } else {
          top.owner.stderr = appendTail(top.owner.stderr ?? '', t, this.limits.maxOutput);
        }
        return;
      default:
        return;
    }
  }
}

/** ES2024 string methods (Node 20+), not in this project's ES2023 lib. */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * saxes reads a lone high surrogate and the next character as one: text that
 * is not well-formed UTF-16 (never the case for decoded files) gets U+FFFD for
 * each lone surrogate first, as a decoder would. The scanner reads the same.
 */
function wellFormed(text: string): string {
  const wf = text as unknown as WellFormed;
  return wf.isWellFormed() ? text : wf.toWellFormed();
}

interface Position {
  line: number;
  column: number;
}

function internalError(e: unknown): string {
  return `parser error: ${e instanceof Error ? e.message : String(e)}`;
}

/** saxes prefixes messages with "line:column: "; the error carries them apart. */
function stripPosition(message: string): string {
  return message.replace(/^\d+:\d+:\s*/, '');
}

/**
 * Parses a whole report text at once: with xml-scan.ts where it can, else
 * with saxes. `notes` are warnings about the bytes (from their decoding).
 */
export function parseReportText(
  file: string,
  text: string,
  options?: ParseOptions,
  notes: readonly string[] = [],
): ParsedReport {
  let b = new ReportBuilder(file, options);
  if (!b.scanWhole(text)) {
    b = new ReportBuilder(file, options);
    b.write(text);
  }
  for (const note of notes) b.warn(note);
  return b.finish();
}
