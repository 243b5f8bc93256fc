/**
 * Root-cause category of a failure from its text (risk-model.md, "Classes";
 * Luo et al. 2014 taxonomy), and the model's LR_message for it.
 *
 * Rules are tried in order and the first match wins, so the order encodes
 * specificity: the environment (infrastructure, resources) before the
 * mechanisms (concurrency, rate limits, network, timeouts), explicit test-order
 * hints and crashes, then the weaker text hints (time, randomness, float,
 * collection order, I/O), with the generic assertion last.
 * A timeout reported through an assertion is a timeout; "connection refused"
 * beats the assertion that tripped over it.
 *
 * The order category is mostly assigned from the rerun pattern (isolated vs
 * in-suite), not from text; the text rules here catch only explicit hints.
 */
import type { Category } from '../model/verdict.ts';
import { causeLines, headAndTail } from './signature.ts';

export interface FailureText {
  type: string;
  message: string;
  stack: string;
  stdout?: string;
  stderr?: string;
}

export interface CategoryMatch {
  category: Category;
  /** Which rule matched, for the ledger, e.g. `network: connection refused/reset (in stderr)`. */
  rule: string;
}

interface Rule {
  category: Category;
  /** Short name of the pattern; the ledger shows `${category}: ${name}`. */
  name: string;
  test: RegExp | ((text: string) => boolean);
  /**
   * Also trusted in stdout/stderr. Only patterns that are strong evidence
   * wherever they appear: logs are full of benign retries, seeds and warnings.
   */
  logs?: boolean;
}

const NULL_DEREFERENCE =
  /NullPointerException|NullReferenceException|Object reference not set to an instance of an object|Cannot (?:read|set) propert(?:y|ies) (?:of|'[^'\n]{0,80}' of) (?:undefined|null)|\b(?:undefined|null) is not an object|\b(?:undefined|null) has no properties|TypeError: .{0,80}\bis (?:null|undefined)\b|Cannot destructure property .{0,80} of .{0,80}(?:undefined|null)|'NoneType' object (?:has no attribute|is not subscriptable|is not iterable|is not callable)|nil pointer dereference|null pointer dereference|called `Option::unwrap\(\)` on a `None` value/i;

/**
 * True when the text reports a dereference of null/undefined/None/nil: the one
 * message kind risk-model.md gives LR_message 2.8 (it points at a real bug).
 */
export function isNullDereference(text: string): boolean {
  return NULL_DEREFERENCE.test(text);
}

const COMPARISON =
  /expected|but (?:was|got)|received|actual|!=|==|to (?:be|equal)|\bgot\b|\bwant\b/i;
const DATE_OR_TIME =
  /(?<![\w:.-])(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?|\d{1,2}\/\d{1,2}\/\d{2,4})(?![\w:])/gi;

/** An assertion comparing two different date or time values: the usual face of a time-zone, DST or clock bug. */
function dateValueMismatch(text: string): boolean {
  if (!COMPARISON.test(text)) return false;
  return new Set(text.match(DATE_OR_TIME) ?? []).size >= 2;
}

/** Two printed lists or sets with the same elements in a different order (`[a, b]` vs `[b, a]`). */
function sameElementsDifferentOrder(text: string): boolean {
  const lists = Array.from(text.matchAll(/[[{]([^[\]{}\n]*)[\]}]/g), (m) =>
    (m[1] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
    .filter((items) => items.length >= 2 && new Set(items).size > 1)
    .slice(0, 8);
  for (let i = 0; i < lists.length; i++) {
    for (let j = i + 1; j < lists.length; j++) {
      const [x, y] = [lists[i] ?? [], lists[j] ?? []];
      if (x.length !== y.length || x.join('\u0000') === y.join('\u0000')) continue;
      if ([...x].sort().join('\u0000') === [...y].sort().join('\u0000')) return true;
    }
  }
  return false;
}

/** Rust test failures are panics too; only a panic that is not an assertion is a crash. */
function rustPanic(text: string): boolean {
  return (
    /thread '[^'\n]*' panicked at/.test(text) && !/assert|left == right|left != right/.test(text)
  );
}

const RULES: readonly Rule[] = [
  // Infrastructure: the machine or the runner, not the code.
  {
    category: 'infrastructure',
    name: 'runner lost',
    logs: true,
    test: /The runner has received a shutdown signal|lost communication with the server|runner .{0,60}(?:has been lost|went offline|lost connection)|exceeded the maximum execution time/i,
  },
  {
    category: 'infrastructure',
    name: 'disk full (ENOSPC)',
    logs: true,
    test: /No space left on device|\bENOSPC\b|There is not enough space on the disk|insufficient disk space/i,
  },
  {
    category: 'infrastructure',
    name: 'container OOM-killed',
    logs: true,
    test: /\bOOMKilled\b|oom[- ]kill(?:er|ed)/i,
  },
  {
    category: 'infrastructure',
    name: 'process killed (SIGKILL/SIGTERM, exit 137/143)',
    logs: true,
    test: /killed by signal 9|signal: killed|\bSIGKILL\b|exit(?:ed)?(?: with)? (?:code|status)[: ]*(?:137|143)\b/i,
  },
  {
    category: 'infrastructure',
    name: 'docker daemon unavailable',
    logs: true,
    test: /Cannot connect to the Docker daemon|Is the docker daemon running|docker daemon is not running|Could not find a valid Docker environment/i,
  },
  // Resources: memory, descriptors, pools, leaks.
  {
    category: 'resource',
    name: 'out of memory',
    logs: true,
    test: /OutOfMemory(?:Error|Exception)|out of memory|\bOOM\b|\bENOMEM\b|Cannot allocate memory|\bMemoryError\b|Allocation failed|GC overhead limit exceeded|Java heap space|memory allocation of \d+ bytes failed/i,
  },
  {
    category: 'resource',
    name: 'file descriptors exhausted',
    logs: true,
    test: /\bEMFILE\b|\bENFILE\b|too many open files|No buffer space available|\bENOBUFS\b/i,
  },
  {
    category: 'resource',
    name: 'pool or connection limit exhausted',
    test: /pool (?:is )?exhausted|Connection is not available, request timed out|Timeout waiting for connection from pool|too many clients already|too many connections|remaining connection slots are reserved/i,
  },
  {
    category: 'resource',
    name: 'leak detected',
    test: /memory leak|LeakSanitizer|detected (?:memory )?leaks?|leak(?:ed|s)? detected|resource leak|leaked (?:goroutine|thread|handle|connection|file)s?|goroutine leak|open handles? (?:potentially )?keeping|ResourceWarning: unclosed|has failed to exit gracefully|found unexpected goroutines/i,
  },
  // Concurrency.
  {
    category: 'concurrency',
    name: 'data race',
    logs: true,
    test: /DATA RACE|data race|race detected|race condition|ThreadSanitizer/i,
  },
  {
    category: 'concurrency',
    name: 'deadlock',
    logs: true,
    test: /\bdeadlock/i,
  },
  {
    category: 'concurrency',
    name: 'concurrent modification',
    test: /ConcurrentModificationException|concurrent map (?:writes|read and map write|iteration and map write)|(?:dictionary|Set|deque) changed size during iteration|Collection was modified; enumeration operation may not execute|Operations that change non-concurrent collections/i,
  },
  {
    category: 'concurrency',
    name: 'lock contention',
    test: /Lock wait timeout exceeded|could not obtain lock|database (?:table )?is locked|\bSQLITE_BUSY\b|could not serialize access|PoisonError|poisoned lock/i,
  },
  // Rate limits come before network: a 429 is a well-formed answer.
  {
    category: 'rate-limit',
    name: 'HTTP 429 / rate limit',
    logs: true,
    test: /Too Many Requests|\b(?:HTTP(?:\/[\d.]+)?|status(?: code)?|statusCode|response code|code)\W{0,3}429\b|\brate[- ]?limit(?:ed|ing|s)?\b|\bthrottl(?:ed|ing|e)\b|ThrottlingException|RequestLimitExceeded|\bSlowDown\b|quota exceeded/i,
  },
  // Network and external services.
  {
    category: 'network',
    name: 'socket error code',
    logs: true,
    test: /\b(?:ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|ETIMEDOUT|ESOCKETTIMEDOUT|EADDRINUSE|EADDRNOTAVAIL|EPIPE)\b/,
  },
  {
    category: 'network',
    name: 'connection refused/reset',
    logs: true,
    test: /connection (?:was )?(?:refused|reset|aborted|closed by (?:remote host|peer)|timed out)|Connection reset by peer|broken pipe|socket hang up|\b(?:Connect|ConnectTimeout|SocketTimeout|NoRouteToHost|HttpHostConnect)Exception\b|\bSocketException\b|Read timed out|connect timed out|network (?:is )?unreachable|No route to host|address already in use|\bdial (?:tcp|udp|unix)\b|i\/o timeout|RemoteDisconnected|\bConnection(?:Refused|Reset|Aborted)?Error\b|HttpRequestException|fetch failed|getaddrinfo/i,
  },
  {
    category: 'network',
    name: 'DNS resolution',
    logs: true,
    test: /UnknownHostException|Name or service not known|Temporary failure in name resolution|nodename nor servname|no such host|could not resolve host|DNS (?:lookup|resolution) failed|\bNXDOMAIN\b|No such host is known/i,
  },
  {
    category: 'network',
    name: 'TLS handshake',
    test: /\bSSL(?:Handshake)?Exception\b|\bSSLError\b|(?:SSL|TLS) handshake|handshake (?:failed|timed out)|CERTIFICATE_VERIFY_FAILED|certificate verify failed|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_/i,
  },
  {
    category: 'network',
    name: 'upstream gateway error',
    test: /\b(?:502 Bad Gateway|503 Service (?:Temporarily )?Unavailable|504 Gateway Time-?out)\b/i,
  },
  // Asynchronous waits and timeouts.
  {
    category: 'async-timeout',
    name: 'deadline exceeded',
    test: /context deadline exceeded|\bDeadlineExceeded\b|DEADLINE_EXCEEDED|deadline exceeded/i,
  },
  {
    category: 'async-timeout',
    name: 'wait condition',
    test: /\bwaitFor\b|ConditionTimeoutException|Condition (?:was )?not (?:satisfied|met) within|did not (?:complete|finish|resolve) within|timed out waiting|waiting for .{0,80} timed out/i,
  },
  {
    category: 'async-timeout',
    name: 'timeout',
    test: /\btimed? ?out\b|Timeout(?:Error|Exception)\b|exceeded timeout of|has been running for over \d+ seconds|took longer than/i,
  },
  // Test-order hints in the text (the rerun pattern is the main evidence).
  {
    category: 'order',
    name: 'test pollution',
    test: /test[- ]pollution|polluted (?:by|state)|order[- ]dependen|depends on (?:the )?(?:test )?(?:execution )?order|(?:leaked|left over) (?:from|by) (?:a |an )?(?:previous|another|earlier) test/i,
  },
  {
    category: 'order',
    name: 'duplicate registration',
    test: /Duplicated timeseries in CollectorRegistry|Duplicate metrics collector registration|\balready (?:been )?registered\b/i,
  },
  // Crashes, after the environment and timeouts (a Go test timeout is a `panic:`), and after
  // order hints (a duplicate registration often surfaces as a panic).
  { category: 'crash', name: 'null dereference', test: NULL_DEREFERENCE },
  {
    category: 'crash',
    name: 'signal or segfault',
    logs: true,
    test: /\bSIG(?:SEGV|ABRT|BUS|ILL|FPE)\b|Segmentation fault|segfault|core dumped|Abort(?:ed)? trap|access violation|AddressSanitizer|heap-use-after-free|double free/i,
  },
  {
    category: 'crash',
    name: 'stack overflow',
    test: /StackOverflow(?:Error|Exception)|stack overflow|Maximum call stack size exceeded|RecursionError|has overflowed its stack/i,
  },
  {
    category: 'crash',
    name: 'test process died',
    logs: true,
    test: /forked VM terminated without properly saying goodbye|The active test run was aborted|Test host process crashed|process crashed|exited unexpectedly|Fatal Python error/i,
  },
  // Time and dates.
  {
    category: 'time',
    name: 'time zone or DST',
    test: /time ?zone|\bTZ=|\bZone(?:Id|Offset|RulesException)\b|UnknownTimeZoneError|\bDST\b|daylight saving|\b(?:UTC|GMT)[+-]\d/i,
  },
  {
    category: 'time',
    name: 'date parsing',
    test: /DateTimeParseException|DateTimeException|time data .{0,80} does not match format|unconverted data remains|Invalid Date|Invalid time value|Text '[^'\n]*' could not be parsed/i,
  },
  {
    category: 'time',
    name: 'clock',
    test: /clock (?:skew|drift)|(?:system|wall|monotonic) clock|leap (?:year|second|day)/i,
  },
  { category: 'time', name: 'date/time value mismatch', test: dateValueMismatch },
  // Randomness.
  {
    category: 'randomness',
    name: 'property-based counterexample',
    test: /Falsifying example|Property failed after|Counterexample:|proptest|quickcheck/i,
  },
  {
    category: 'randomness',
    name: 'random seed',
    test: /random seed|\bseed\b\s*[:=(]|with seed|Math\.random|rand\.Seed|random\.seed|np\.random/i,
  },
  // Floating point.
  {
    category: 'float',
    name: 'rounding artefact',
    test: /\d\.\d*(?:0{6,}[1-9]|9{6,}(?:[0-8]|(?!\d)))/,
  },
  {
    category: 'float',
    name: 'approximate comparison',
    test: /floating[- ]point|toBeCloseTo|assertAlmostEqual|assert_allclose|assert_almost_equal|\bapprox\b|\bisclose\b|Not equal to tolerance|within (?:a )?(?:tolerance|delta|epsilon)|\bulps?\b|\bepsilon\b|±/i,
  },
  // Unordered collections.
  {
    category: 'unordered-collection',
    name: 'element order',
    test: /in any order|containsInAnyOrder|same elements but not in the same order|not in the same order|in a different order|iteration order|order of (?:the )?(?:keys|elements|entries|items)/i,
  },
  {
    category: 'unordered-collection',
    name: 'same elements, different order',
    test: sameElementsDifferentOrder,
  },
  // File system and I/O.
  {
    category: 'io',
    name: 'missing file',
    test: /\bENOENT\b|\bENOTDIR\b|FileNotFound(?:Exception|Error)|NoSuchFileException|DirectoryNotFoundException|No such file or directory|Could not find (?:a part of )?the (?:file|path)/i,
  },
  {
    category: 'io',
    name: 'permission denied',
    test: /\bEACCES\b|\bEPERM\b|\bEROFS\b|permission denied|PermissionError|AccessDeniedException|UnauthorizedAccessException|Access to the path .{0,200} is denied|Read-only file system/i,
  },
  {
    category: 'io',
    name: 'I/O error',
    test: /\bEBUSY\b|\bEEXIST\b|\bEISDIR\b|being used by another process|\bIOException\b|\bIOError\b|\bOSError\b|FileSystemException|resource busy or locked/i,
  },
  // A bare panic or fatal error last among the causes: its payload (a missing file, a refused
  // connection) is the better category when a rule above recognises it.
  { category: 'crash', name: 'Rust panic', test: rustPanic },
  {
    category: 'crash',
    name: 'panic or fatal error',
    logs: true,
    test: /^panic: |\bfatal error[:!]|FATAL ERROR|\bFatal error\b/m,
  },
  // Assertions: what is left when a test's own check failed.
  {
    category: 'assertion',
    name: 'assertion error type',
    test: /Assertion(?:Failed)?(?:Error|Exception)|ComparisonFailure|AssertFailedException|ExpectationNotMetError|Minitest::Assertion|\bAssertError\b/,
  },
  {
    category: 'assertion',
    name: 'expected/actual',
    test: /expect\(|\bexpected\b[\s\S]{0,300}\b(?:but (?:was|got|found|received)|to (?:be|equal|have|contain|match|throw)|received|got|actual)\b|Expected:[\s\S]{0,300}(?:Received|Actual|But was):|Assert\.\w+\(\) Failure|Assert\.\w+ failed|Error Trace:|Not equal:|\bwant\b[\s\S]{0,100}\bgot\b|\bgot\b[\s\S]{0,100}\bwant\b|Failed asserting/i,
  },
  {
    category: 'assertion',
    name: 'assert statement',
    test: /\bassert(?:ion)?\b|\bassert_\w+!?|assertion `left [=!]= right` failed/i,
  },
];

const UNKNOWN: CategoryMatch = { category: 'unknown', rule: 'unknown: no pattern matched' };

/** Characters read from each end of a message, and of stdout/stderr (logs can be megabytes). */
const MESSAGE_EDGE = 16_384;
const LOG_EDGE = 16_384;

function matches(rule: Rule, text: string): boolean {
  return typeof rule.test === 'function' ? rule.test(text) : rule.test.test(text);
}

function label(rule: Rule, where?: string): string {
  return `${rule.category}: ${rule.name}${where === undefined ? '' : ` (in ${where})`}`;
}

/**
 * Assigns a root-cause category from the failure text. The type, message and the
 * non-frame lines of the stack (messages, `Caused by:` chains) are read first,
 * against every rule in order. When they yield only an assertion (or nothing),
 * stderr then stdout are searched for the strong patterns (`logs` rules): a
 * killed runner or a refused connection explains a failed assertion, while
 * stray seeds and retries in logs do not.
 */
export function categorize(input: FailureText): CategoryMatch {
  const primary = [
    headAndTail(input.type, 500),
    headAndTail(input.message, MESSAGE_EDGE),
    ...causeLines(input.stack),
  ].join('\n');
  const first = RULES.find((rule) => matches(rule, primary));
  if (first !== undefined && first.category !== 'assertion') {
    return { category: first.category, rule: label(first) };
  }
  for (const [where, text] of [
    ['stderr', input.stderr],
    ['stdout', input.stdout],
  ] as const) {
    if (text === undefined || text === '') continue;
    const log = headAndTail(text, LOG_EDGE);
    const hit = RULES.find((rule) => rule.logs === true && matches(rule, log));
    if (hit !== undefined) return { category: hit.category, rule: label(hit, where) };
  }
  return first === undefined ? UNKNOWN : { category: first.category, rule: label(first) };
}

export interface MessageLikelihood {
  /** LR_message: factor on the odds of a real regression. */
  lr: number;
  rule: string;
}

/** LR_message defaults of risk-model.md (from a study of 80,530 flaky and 149,909 true failures). */
export const MESSAGE_LIKELIHOOD_RATIOS = {
  network: 0.02,
  infrastructure: 0.1,
  assertion: 0.37,
  nullDereference: 2.8,
} as const;

export type MessageLikelihoodRatios = { [K in keyof typeof MESSAGE_LIKELIHOOD_RATIOS]: number };

/**
 * LR_message for a failure's category. Network and infrastructure name the
 * cause outright, so they are checked first; a null dereference anywhere else
 * counts for a real bug (2.8); a plain assertion slightly against (0.37);
 * everything else is neutral (1) until calibrated.
 *
 * Callers must not let this overrule stronger evidence: risk-model.md warns that
 * 0.02 for "connection refused" also damps a change that broke a service's start-up.
 */
export function messageLikelihoodRatio(
  category: Category,
  isNullDeref: boolean,
  ratios: MessageLikelihoodRatios = MESSAGE_LIKELIHOOD_RATIOS,
): MessageLikelihood {
  const study =
    'how much likelier this message kind is in true failures than in flaky ones (80,530 flaky, 149,909 true failures)';
  if (category === 'network') {
    return {
      lr: ratios.network,
      rule: `network/DNS/connection failure: LR ${ratios.network}, ${study}`,
    };
  }
  if (category === 'infrastructure') {
    return {
      lr: ratios.infrastructure,
      rule: `infrastructure pattern (runner, disk, kill): LR ${ratios.infrastructure}, ${study}`,
    };
  }
  if (isNullDeref) {
    return {
      lr: ratios.nullDereference,
      rule: `null dereference: LR ${ratios.nullDereference}, ${study}`,
    };
  }
  if (category === 'assertion') {
    return {
      lr: ratios.assertion,
      rule: `plain assertion failure: LR ${ratios.assertion}, ${study}`,
    };
  }
  return { lr: 1, rule: `${category}: LR 1, no calibrated ratio for this category yet` };
}
