/**
 * How parsed reports cross from a parse worker to the thread that reads them.
 *
 * A JSON string of the records cost more than the parse itself on the bench
 * history (a test's id repeats its suite, name and file, and every run names
 * the same tests again). Here numbers travel in typed arrays, and the strings
 * that name tests (ids, names, suites, files, failure types) cross once per
 * worker: each side keeps the same growing table of them, so from the second
 * run on a test costs a few integers. The text of failures and output crosses
 * with its batch only. Strings arrive through JSON.parse, so each is a fresh
 * copy that pins no larger string.
 */
import {
  CODE_FAILED,
  CODE_PASSED,
  CODE_SKIPPED,
  type Attempt,
  type CompactReport,
  type Dialect,
  type FailureDetail,
  type Outcome,
  type ParsedReport,
  type TestRecord,
} from '../model/index.ts';
import { assembleCompact } from './compact.ts';

/** One batch of reports on the wire (structured-clone friendly; `ints` and `floats` are transferred). */
export interface WireBatch {
  /** Encoded for the compact form only: full records cannot be read from it. */
  compact: boolean;
  /** The sender started its tables afresh: the receiver drops its own first. */
  reset: boolean;
  /** JSON array: strings added to the shared table by this batch, in index order. */
  shared: string;
  /** JSON array: strings of this batch only. */
  local: string;
  /** JSON array: per report, what is not per test or per attempt. */
  meta: string;
  ints: Int32Array;
  floats: Float64Array;
}

interface ReportMeta extends Omit<ParsedReport, 'tests' | 'attempts'> {
  tests: number;
  attempts: number;
}

/** No string (an absent optional field). */
const NONE = -1;
const DEF_INTS = 6; // id, dialect, name, suite, file, params (line is a float)
const ATTEMPT_INTS = 8; // test, outcome, retry, failure message, type, stack, stdout, stderr
const OUTCOMES: Outcome[] = ['passed', 'failed', 'error', 'skipped'];
const OUTCOME_CODE: Record<Outcome, number> = { passed: 0, failed: 1, error: 2, skipped: 3 };

/**
 * Past this many tests or shared characters both sides start their tables
 * afresh: a history of many one-off names must not grow them without end.
 */
const MAX_TESTS = 250_000;
const MAX_SHARED_CHARS = 16_000_000;

class Growable<T extends Int32Array | Float64Array> {
  length = 0;
  data: T;
  private readonly make: (n: number) => T;
  constructor(data: T, make: (n: number) => T) {
    this.data = data;
    this.make = make;
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  take(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const sameTest = (a: TestRecord, b: TestRecord): boolean =>
  a.name === b.name &&
  a.suite === b.suite &&
  a.file === b.file &&
  a.line === b.line &&
  a.params === b.params &&
  a.dialect === b.dialect;

/**
 * The worker's side. A test is sent whole (a definition) the first time, and
 * again only when one of its fields changed; otherwise as its table index.
 */
export class WireEncoder {
  private tests = new Map<string, { index: number; rec: TestRecord }>();
  private defined = 0;
  private strings = new Map<string, number>();
  private chars = 0;
  private readonly maxTests: number;
  private readonly maxChars: number;

  constructor(limits: { maxTests?: number; maxChars?: number } = {}) {
    this.maxTests = limits.maxTests ?? MAX_TESTS;
    this.maxChars = limits.maxChars ?? MAX_SHARED_CHARS;
  }

  /**
   * `compact`: for a reader that wants only the compact form (history), so
   * output and the text of passed or skipped attempts stay behind.
   */
  encode(reports: Iterable<ParsedReport>, compact = false): WireBatch {
    const reset = this.defined > this.maxTests || this.chars > this.maxChars;
    if (reset) {
      this.tests = new Map();
      this.defined = 0;
      this.strings = new Map();
      this.chars = 0;
    }
    const shared: string[] = [];
    const local: string[] = [];
    const ints = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
    const floats = new Growable(new Float64Array(256), (n) => new Float64Array(n));
    const { strings, tests } = this;
    const share = (s: string | undefined): number => {
      if (s === undefined) return NONE;
      let at = strings.get(s);
      if (at === undefined) {
        at = strings.size;
        strings.set(s, at);
        shared.push(s);
        this.chars += s.length;
      }
      return at;
    };
    // Batch-local strings get the references below NONE.
    const text = (s: string | undefined): number => {
      if (s === undefined) return NONE;
      local.push(s);
      return -1 - local.length;
    };
    const meta: ReportMeta[] = [];
    for (const { tests: recs, attempts, ...rest } of reports) {
      for (const t of recs) {
        const known = tests.get(t.id);
        if (known && sameTest(known.rec, t)) {
          ints.push(known.index);
          continue;
        }
        // The next free index announces a definition: its fields follow.
        const index = this.defined++;
        tests.set(t.id, { index, rec: t });
        ints.push(index);
        ints.push(share(t.id));
        ints.push(share(t.dialect));
        ints.push(share(t.name));
        ints.push(share(t.suite));
        ints.push(share(t.file));
        ints.push(share(t.params));
        floats.push(t.line ?? NaN);
      }
      for (const a of attempts) {
        const known = tests.get(a.testId);
        // An attempt of a test its report does not list (never so for parsed reports) names its id.
        ints.push(known ? known.index : -2 - share(a.testId));
        ints.push(OUTCOME_CODE[a.outcome]);
        ints.push(a.retry);
        // History keeps the text of failed attempts only, and no output.
        const f =
          compact && a.outcome !== 'failed' && a.outcome !== 'error' ? undefined : a.failure;
        ints.push(f ? text(f.message) : NONE);
        ints.push(f ? share(f.type) : NONE);
        ints.push(f ? text(f.stack) : NONE);
        ints.push(compact ? NONE : text(a.stdout));
        ints.push(compact ? NONE : text(a.stderr));
        floats.push(a.durationMs ?? NaN);
      }
      meta.push({ ...rest, tests: recs.length, attempts: attempts.length });
    }
    return {
      compact,
      reset,
      shared: JSON.stringify(shared),
      local: JSON.stringify(local),
      meta: JSON.stringify(meta),
      ints: ints.take(),
      floats: floats.take(),
    };
  }
}

/** Reads one batch in order: each report's tests, then its attempts. */
class BatchCursor {
  private i = 0;
  private f = 0;
  private at = 0;
  /** The attempt last read by `attempt()`. */
  id = '';
  code = 0;
  retry = 0;
  ms = NaN;
  private readonly b: WireBatch;
  private readonly strings: string[];
  private readonly tests: TestRecord[];
  private readonly local: string[];

  constructor(b: WireBatch, strings: string[], tests: TestRecord[]) {
    this.b = b;
    this.strings = strings;
    this.tests = tests;
    this.local = JSON.parse(b.local) as string[];
  }

  str(ref: number): string {
    return ref >= 0 ? this.strings[ref]! : this.local[-2 - ref]!;
  }

  private opt(ref: number): string | undefined {
    return ref === NONE ? undefined : this.str(ref);
  }

  /** The next test: a table entry, or a definition that joins the table. */
  test(): TestRecord {
    const { ints, floats } = this.b;
    const index = ints[this.i++]!;
    if (index < this.tests.length) return this.tests[index]!;
    const i = this.i;
    const t: TestRecord = {
      id: this.str(ints[i]!),
      dialect: this.str(ints[i + 1]!) as Dialect,
      name: this.str(ints[i + 2]!),
      suite: this.str(ints[i + 3]!),
    };
    const file = this.opt(ints[i + 4]!);
    if (file !== undefined) t.file = file;
    const line = floats[this.f++]!;
    if (!Number.isNaN(line)) t.line = line;
    const params = this.opt(ints[i + 5]!);
    if (params !== undefined) t.params = params;
    this.i += DEF_INTS;
    this.tests.push(t);
    return t;
  }

  /** Moves to the next attempt: `id`, `code`, `retry` and `ms` are then its own. */
  attempt(): void {
    const ints = this.b.ints;
    const ref = ints[this.i]!;
    this.at = this.i;
    this.i += ATTEMPT_INTS;
    this.id = ref >= 0 ? this.tests[ref]!.id : this.str(-2 - ref);
    this.code = ints[this.at + 1]!;
    this.retry = ints[this.at + 2]!;
    this.ms = this.b.floats[this.f++]!;
  }

  failure(): FailureDetail | undefined {
    const ints = this.b.ints;
    const at = this.at;
    if (ints[at + 3] === NONE) return undefined;
    return {
      message: this.str(ints[at + 3]!),
      type: this.str(ints[at + 4]!),
      stack: this.str(ints[at + 5]!),
    };
  }

  output(stream: 'stdout' | 'stderr'): string | undefined {
    return this.opt(this.b.ints[this.at + (stream === 'stdout' ? 6 : 7)]!);
  }
}

/** The reader's side, one per worker: decodes that worker's batches in the order they were sent. */
export class WireDecoder {
  private strings: string[] = [];
  private tests: TestRecord[] = [];

  private open(b: WireBatch): { metas: ReportMeta[]; cursor: BatchCursor } {
    if (b.reset) {
      this.strings = [];
      this.tests = [];
    }
    for (const s of JSON.parse(b.shared) as string[]) this.strings.push(s);
    const cursor = new BatchCursor(b, this.strings, this.tests);
    return { metas: JSON.parse(b.meta) as ReportMeta[], cursor };
  }

  /** Full records, equal to what the worker parsed. */
  reports(b: WireBatch): ParsedReport[] {
    if (b.compact) throw new Error('a batch encoded for the compact form has no full records');
    const { metas, cursor: c } = this.open(b);
    return metas.map(({ tests: nt, attempts: na, ...rest }) => {
      const tests = new Array<TestRecord>(nt);
      for (let k = 0; k < nt; k++) tests[k] = copyTest(c.test());
      const attempts = new Array<Attempt>(na);
      for (let k = 0; k < na; k++) {
        c.attempt();
        const a: Attempt = { testId: c.id, outcome: OUTCOMES[c.code]!, retry: c.retry };
        if (!Number.isNaN(c.ms)) a.durationMs = c.ms;
        const failure = c.failure();
        if (failure) a.failure = failure;
        const stdout = c.output('stdout');
        if (stdout !== undefined) a.stdout = stdout;
        const stderr = c.output('stderr');
        if (stderr !== undefined) a.stderr = stderr;
        attempts[k] = a;
      }
      return { ...rest, tests, attempts };
    });
  }

  /** The compact form history needs (see compact.ts), without building the full records. */
  compact(b: WireBatch): CompactReport[] {
    const { metas, cursor: c } = this.open(b);
    return metas.map(({ tests: nt, attempts: na, ...rest }) => {
      const files: [string, string][] = [];
      for (let k = 0; k < nt; k++) {
        const t = c.test();
        if (t.file) files.push([t.id, t.file]);
      }
      const ids = new Array<string>(na);
      const outcomes = new Uint8Array(na);
      const failures: CompactReport['failures'] = [];
      for (let k = 0; k < na; k++) {
        c.attempt();
        ids[k] = c.id;
        const failed = c.code === OUTCOME_CODE.failed || c.code === OUTCOME_CODE.error;
        outcomes[k] = failed
          ? CODE_FAILED
          : c.code === OUTCOME_CODE.skipped
            ? CODE_SKIPPED
            : CODE_PASSED;
        const failure = failed ? c.failure() : undefined;
        if (failure) failures.push({ index: k, failure });
      }
      return assembleCompact(rest, { ids, outcomes, failures, files });
    });
  }
}

/** Each report gets records of its own: a reader may change one without touching another run's. */
function copyTest(t: TestRecord): TestRecord {
  const c: TestRecord = { id: t.id, dialect: t.dialect, name: t.name, suite: t.suite };
  if (t.file !== undefined) c.file = t.file;
  if (t.line !== undefined) c.line = t.line;
  if (t.params !== undefined) c.params = t.params;
  return c;
}
