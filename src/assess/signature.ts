/**
 * Failure signatures: a normalised one-line form of a failure (type plus first
 * meaningful message line, volatile parts masked) and a short stable hash of
 * it, so one cause groups across tests and runs (risk-model.md, evidence 5).
 * Pure: no I/O, and the hash is computed here rather than with node:crypto so
 * the engine runs anywhere (and bundles without Node built-ins).
 */

export interface Signature {
  /** 16 hex digits: FNV-1a 64 of `text`. Stable across runs, platforms and versions of Node. */
  key: string;
  /** Human-readable normalised form, e.g. `AssertionError: expected <n> to be <n>`. */
  text: string;
}

/** Longest signature text kept; longer ones end in an ellipsis. */
export const MAX_SIGNATURE_LENGTH = 200;

// eslint-disable-next-line no-control-regex -- strips the ANSI colour codes test runners write into messages
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Frames and other stack-trace scaffolding that name where, not what:
 * Java/JS/.NET/Rust `at ...`, Java `... 12 more`, Python `File "x", line 3`,
 * Go locations and function lines, Rust backtrace entries, Ruby and PHP frames.
 */
const FRAME_PATTERNS: readonly RegExp[] = [
  /^\s*at\s+(?:async\s+|new\s+)?\S+\s*$/, // at foo.bar(File.java:12) / at <anonymous>
  /^\s*at\s.*(?:\)|:\d+|:line \d+)\s*$/, // at Object.<anonymous> (x.ts:3:5) / .NET "in File.cs:line 42"
  /^\s*\.\.\. \d+ (?:more|common frames omitted)/,
  /^\s*File ".*", line \d+/,
  /^\s*\S+\.go:\d+(?: \+0x[0-9a-f]+)?\s*$/,
  /^goroutine \d+ \[.*\]:?\s*$/,
  // Go: pkg.Func(0xc000012345, ...) / net/http.(*conn).serve(...) / created by pkg.F in goroutine 7
  /^\s*[\w./-]+(?:\(\*?[\w.]+\)[\w./-]*)?\([^()]*\)\s*$/,
  /^\s*created by \S+(?: in goroutine \d+)?\s*$/,
  /^\s*\d+:\s+(?:0x[0-9a-f]+ - )?[\w:<>$.]+\s*$/, // Rust backtrace:   3: std::panicking::begin_panic
  /^\s*\S+:\d+:in [`']/, // Ruby
  /^\s*#\d+ /, // PHP, gdb
  /^\s*---.*---\s*$/, // .NET "--- End of stack trace from previous location ---"
  /^\s*(?:stack backtrace:|note: run with `RUST_BACKTRACE)/,
  /^\s*Traceback \(most recent call last\):/,
];

/** True when a stack line is a frame or trace scaffolding rather than a message. */
export function isFrameLine(line: string): boolean {
  return FRAME_PATTERNS.some((re) => re.test(line));
}

/** A line with some content worth reading: a letter or digit, not only rules like `----` or `^^^^`. */
function isMeaningful(line: string): boolean {
  return /[\p{L}\p{N}]/u.test(line);
}

/** Longest line any pattern sees; a failure's cause is stated well within it. */
const MAX_LINE = 2_000;
/** Characters kept from each end of a stack (or log) before any pattern runs. */
const TEXT_EDGE = 32_768;

/**
 * The first and last `edge` characters of a text. Reports can carry megabytes
 * of output; cutting first keeps every pattern's cost bounded, and the ends are
 * where messages (start) and final errors or kill notices (end) sit.
 */
export function headAndTail(text: string, edge = TEXT_EDGE): string {
  return text.length <= 2 * edge ? text : `${text.slice(0, edge)}\n${text.slice(-edge)}`;
}

function splitLines(text: string): string[] {
  return text
    .replace(ANSI, '')
    .split(/\r\n|\r|\n/)
    .map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line));
}

/**
 * The lines of a stack trace that say what went wrong: messages, `Caused by:`
 * chains, panics, pytest's `E ...` lines. Frames and the source lines Python and
 * pytest quote are dropped (quoted code mentions sleep, random, timeout... and
 * would mislead a pattern match). At most `limit` lines, in order.
 */
export function causeLines(stack: string, limit = 40): string[] {
  const lines = splitLines(headAndTail(stack));
  // pytest longrepr: quoted source, then `E   ` lines with the error, then `path:line: Type`.
  if (lines.some((l) => /^E\s{2,}\S/.test(l))) {
    return lines
      .filter((l) => /^E\s{2,}\S/.test(l) || /^\S+:\d+: \w+/.test(l))
      .map((l) => l.replace(/^E\s+/, '').trim())
      .slice(0, limit);
  }
  const out: string[] = [];
  let afterPythonFile = false;
  for (const line of lines) {
    const pythonFile = /^\s*File ".*", line \d+/.test(line);
    // The indented line after a Python `File "x", line N` frame is quoted source.
    const quotedSource = afterPythonFile && /^\s{4,}/.test(line);
    afterPythonFile = pythonFile;
    if (pythonFile || quotedSource || isFrameLine(line) || !isMeaningful(line)) continue;
    out.push(line.trim());
    if (out.length >= limit) break;
  }
  return out;
}

/** First meaningful line of a message, plus Jest's Expected/Received lines under a bare matcher header. */
function firstMessageLine(message: string): string {
  const lines = splitLines(message.slice(0, TEXT_EDGE));
  const index = lines.findIndex(isMeaningful);
  if (index < 0) return '';
  const first = (lines[index] ?? '').trim();
  // `expect(received).toBe(expected) // Object.is equality` alone says nothing about the values.
  if (!/^expect\(.*\)\.[\w.]+\(.*\)/.test(first)) return first;
  const details = lines
    .slice(index + 1, index + 12)
    .map((l) => l.trim())
    .filter((l) => /^(?:Expected|Received)\b/.test(l))
    .slice(0, 4);
  return [first, ...details].join(' ');
}

/**
 * The line of a stack that names the failure: Python's last line, else the first
 * cause line, else (a trace of frames only) the first frame, which at least says where.
 */
function stackLine(stack: string): string {
  const python = /^\s*Traceback \(most recent call last\):/m.test(stack.slice(0, TEXT_EDGE));
  // Python prints the exception last, after any chained tracebacks: read them all.
  const lines = causeLines(stack, python ? Infinity : 1);
  if (python) return lines.at(-1) ?? '';
  return (
    lines[0] ??
    splitLines(stack.slice(0, TEXT_EDGE))
      .find((l) => isMeaningful(l) && !/^goroutine /.test(l))
      ?.trim() ??
    ''
  );
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*';
/** Path characters: stop at whitespace, quotes, brackets, separators and `:` (so `file:12` keeps its line). */
const PATH_CHAR = `[^\\s'"\`<>|;,:()\\[\\]{}]`;
const PATH_TAIL = `${PATH_CHAR}*`;
/** A path starts where a path character is not preceded by another (keeps the scans linear). */
const PATH_START = `(?<!${PATH_CHAR})`;

/**
 * Ordered replacements. Order matters: structured tokens (UUIDs, paths, dates,
 * hex, addresses) go before the generic number mask, which would otherwise break
 * them into `<n>` pieces.
 */
const MASKS: readonly [RegExp, string][] = [
  // Temp paths: POSIX /tmp, macOS /var/folders, runner _temp, Windows %TEMP%.
  [new RegExp(`(?:/private)?/var/folders/${PATH_TAIL}`, 'g'), '<tmp>'],
  [
    new RegExp(`(?<![\\w.])(?:/private)?/(?:tmp|var/tmp|dev/shm)(?=[/\\s'"\`]|$)${PATH_TAIL}`, 'g'),
    '<tmp>',
  ],
  [
    new RegExp(`(?:\\b[A-Za-z]:)?${PATH_START}${PATH_TAIL}[/\\\\]_temp[/\\\\]${PATH_TAIL}`, 'g'),
    '<tmp>',
  ],
  [
    new RegExp(
      `\\b[A-Za-z]:[/\\\\](?:Users[/\\\\][^/\\\\\\s]+[/\\\\]AppData[/\\\\]Local[/\\\\]Temp|Windows[/\\\\]Temp)${PATH_TAIL}`,
      'gi',
    ),
    '<tmp>',
  ],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // Timestamps and dates: RFC 1123 / JS Date strings, ISO 8601, Go log dates, clock times.
  [
    new RegExp(
      `\\b${WEEKDAY},? (?:\\d{1,2} )?${MONTH} (?:\\d{1,2},? )?\\d{4}(?: \\d{2}:\\d{2}:\\d{2})?(?: (?:GMT|UTC)(?:[+-]\\d{4})?(?: \\([^)]*\\))?)?`,
      'g',
    ),
    '<ts>',
  ],
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])/g,
    '<ts>',
  ],
  [/\b\d{4}\/\d{2}\/\d{2}(?: \d{2}:\d{2}:\d{2}(?:\.\d+)?)?\b/g, '<ts>'],
  [/(?<![\w:.])\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z\b)?/g, '<ts>'],
  // Hex: 0x literals and memory addresses, Java identity hashes (Foo@1b6d3586), long ids and git SHAs.
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/(?<=[\w$]@)[0-9a-f]{4,}\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>'],
  // Addresses and ports.
  [/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>'],
  [/\[(?:[0-9a-f]*:){2,}[0-9a-f.]*\]/gi, '<ip>'],
  [/(?<![\w:])::1\b/g, '<ip>'],
  [/(<ip>|\blocalhost|\/\/[\w.-]+):\d{1,5}\b/gi, '$1:<port>'],
  // Dotted host names only with a network-looking suffix, so `file.ts:12` keeps its line number.
  [
    /((?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|dev|internal|local|localdomain|lan|svc|test|example)):\d{1,5}\b/gi,
    '$1:<port>',
  ],
  [/\bport:? \d{1,5}\b/gi, 'port <port>'],
  // Durations, Go's composite form (1m30.5s) first.
  [/\b(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns)){2,}\b/g, '<dur>'],
  [
    /\b\d+(?:\.\d+)?\s?(?:ns|µs|μs|us|ms|millis(?:econds?)?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)\b/gi,
    '<dur>',
  ],
];

/**
 * Letters and digits alternate often (`a8Fk3jz9`): what generated ids look like,
 * unlike `file123.txt` or `testUser2`. Quoted tokens are masked more readily
 * (fewer alternations, or long mixed-case ones with several digits, like base64):
 * quotes usually hold data, bare words usually names.
 */
function looksRandom(token: string, quoted: boolean): boolean {
  const kind = (c: string): string =>
    /\d/.test(c) ? 'digit' : /[A-Za-z]/.test(c) ? 'letter' : 'other';
  let transitions = 0;
  for (let i = 1; i < token.length; i++) {
    const before = kind(token.charAt(i - 1));
    const after = kind(token.charAt(i));
    if (before !== after && before !== 'other' && after !== 'other') transitions++;
  }
  if (!quoted) return transitions >= 4;
  const digits = token.replace(/\D/g, '').length;
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token);
  return transitions >= 3 || (token.length >= 16 && mixedCase && digits >= 2);
}

/**
 * Masks the parts of a failure text that change from run to run: UUIDs, temp
 * paths, timestamps, hex ids and addresses, IPs and ports, durations, quoted
 * random-looking tokens, and finally numbers. Whitespace collapses to one space.
 *
 * Numbers glued to a word keep one or two digits (`utf8`, `Int32`, `test2`:
 * usually part of a name) and lose longer runs (`user48213`, `junit8234723`:
 * usually generated). Over-masking only merges look-alike failures, which the
 * test id and category still tell apart; under-masking splits one cause.
 */
export function maskVolatile(text: string): string {
  let out = text.replace(ANSI, '');
  for (const [re, replacement] of MASKS) out = out.replace(re, replacement);
  out = out.replace(/(['"`])([\w+/=.-]{8,})\1/g, (whole, quote: string, token: string) =>
    looksRandom(token, true) ? `${quote}<token>${quote}` : whole,
  );
  // Unquoted, a token must look more random to be masked: names like `sha256sum` stay.
  out = out.replace(/(?<![\w<])[A-Za-z\d]{8,}(?![\w>])/g, (token) =>
    looksRandom(token, false) ? '<token>' : token,
  );
  out = out.replace(
    /(?<![A-Za-z_\d])(?:-(?=\d))?\d+(?:\.\d+)?(?:e[+-]?\d+)?|(?<=[A-Za-z_])\d{3,}/gi,
    '<n>',
  );
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * FNV-1a 64-bit hash of the UTF-8 bytes of `text`, as 16 lowercase hex digits.
 * Not cryptographic: it only has to be stable and spread well for grouping.
 */
export function fnv1a64(text: string): string {
  const mask = 0xffffffffffffffffn;
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

function bound(text: string): string {
  const chars = Array.from(text); // by code point, so a cut never splits a surrogate pair
  return chars.length <= MAX_SIGNATURE_LENGTH
    ? text
    : `${chars.slice(0, MAX_SIGNATURE_LENGTH - 1).join('')}…`;
}

/**
 * Normalised signature of a failure: the exception type, then the first
 * meaningful line of the message (or of the stack when the message is empty),
 * with volatile parts masked, whitespace collapsed and the length bounded.
 * A repeated `Type:` prefix on the line is dropped so `AssertionError` with
 * message `AssertionError: x` and with message `x` give one signature.
 */
export function normalizeSignature(type: string, message: string, stack?: string): Signature {
  const cleanType = type.replace(ANSI, '').replace(/\s+/g, ' ').trim();
  let line = firstMessageLine(message);
  if (line === '' && stack !== undefined) line = stackLine(stack);
  if (cleanType !== '') {
    const simpleName = cleanType.split(/[.:]/).at(-1) ?? cleanType;
    for (const prefix of [cleanType, simpleName]) {
      if (line.startsWith(`${prefix}:`)) {
        line = line.slice(prefix.length + 1);
        break;
      }
    }
  }
  const masked = maskVolatile(line);
  const text = bound(
    cleanType === '' ? masked : masked === '' ? cleanType : `${cleanType}: ${masked}`,
  );
  return { key: fnv1a64(text), text };
}
