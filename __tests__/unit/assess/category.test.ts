import { describe, expect, it } from 'vitest';
import type { Category } from '../../../src/model/verdict.ts';
import {
  MESSAGE_LIKELIHOOD_RATIOS,
  categorize,
  isNullDereference,
  messageLikelihoodRatio,
  type FailureText,
} from '../../../src/assess/category.ts';

interface Case {
  lang: string;
  input: Partial<FailureText>;
  category: Category;
  rule: string;
}

const failure = (input: Partial<FailureText>): FailureText => ({
  type: '',
  message: '',
  stack: '',
  ...input,
});

// Failure texts as the frameworks print them (JUnit XML `type`/`message` and the
// element text as `stack`), one row per realistic case.
const cases: Case[] = [
  // async-timeout
  {
    lang: 'JS jest',
    input: {
      message:
        'thrown: "Exceeded timeout of 5000 ms for a test.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test."',
    },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  {
    lang: 'JS mocha',
    input: {
      type: 'Error',
      message:
        'Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves.',
    },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  {
    lang: 'JS testing-library',
    input: { type: 'Error', message: 'Timed out in waitFor.' },
    category: 'async-timeout',
    rule: 'async-timeout: wait condition',
  },
  {
    lang: 'JS cypress (timeout inside an assertion)',
    input: {
      type: 'AssertionError',
      message:
        'Timed out retrying after 4000ms: Expected to find element: `.btn-submit`, but never found it.',
    },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  {
    lang: 'Go test timeout',
    input: {
      message: 'panic: test timed out after 10m0s\nrunning tests:\n\tTestUpload (10m0s)',
    },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  {
    lang: 'Go gRPC',
    input: {
      message:
        'client_test.go:31: rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    },
    category: 'async-timeout',
    rule: 'async-timeout: deadline exceeded',
  },
  {
    lang: 'Java awaitility',
    input: {
      type: 'org.awaitility.core.ConditionTimeoutException',
      message:
        'Condition with lambda expression in com.example.OrderServiceTest was not fulfilled within 10 seconds.',
    },
    category: 'async-timeout',
    rule: 'async-timeout: wait condition',
  },
  {
    lang: 'Python pytest-timeout',
    input: { message: 'Failed: Timeout >5.0s' },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  {
    lang: 'Python asyncio',
    input: { type: 'asyncio.exceptions.TimeoutError', message: '' },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  {
    lang: '.NET MSTest',
    input: {
      message: 'Test method Shop.Tests.CheckoutTests.Pays exceeded execution timeout period.',
    },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  {
    lang: 'Rust',
    input: { message: 'test tests::slow_sync has been running for over 60 seconds' },
    category: 'async-timeout',
    rule: 'async-timeout: timeout',
  },
  // concurrency
  {
    lang: 'Go race detector (report in stderr)',
    input: {
      message: 'testing.go:1465: race detected during execution of test',
      stderr: '==================\nWARNING: DATA RACE\nWrite at 0x00c0000a4018 by goroutine 8:\n',
    },
    category: 'concurrency',
    rule: 'concurrency: data race',
  },
  {
    lang: 'Go deadlock',
    input: { message: 'fatal error: all goroutines are asleep - deadlock!' },
    category: 'concurrency',
    rule: 'concurrency: deadlock',
  },
  {
    lang: 'Java',
    input: {
      type: 'java.util.ConcurrentModificationException',
      message: '',
      stack:
        'java.util.ConcurrentModificationException\n\tat java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1013)\n\tat com.example.Cache.evict(Cache.java:88)',
    },
    category: 'concurrency',
    rule: 'concurrency: concurrent modification',
  },
  {
    lang: 'Python',
    input: { type: 'RuntimeError', message: 'dictionary changed size during iteration' },
    category: 'concurrency',
    rule: 'concurrency: concurrent modification',
  },
  {
    lang: '.NET',
    input: {
      type: 'System.InvalidOperationException',
      message: 'Collection was modified; enumeration operation may not execute.',
    },
    category: 'concurrency',
    rule: 'concurrency: concurrent modification',
  },
  {
    lang: 'PostgreSQL via Java',
    input: {
      type: 'org.postgresql.util.PSQLException',
      message:
        'ERROR: deadlock detected\n  Detail: Process 4121 waits for ShareLock on transaction 918',
    },
    category: 'concurrency',
    rule: 'concurrency: deadlock',
  },
  {
    lang: 'Python sqlite',
    input: { type: 'sqlite3.OperationalError', message: 'database is locked' },
    category: 'concurrency',
    rule: 'concurrency: lock contention',
  },
  {
    lang: 'Rust mutex',
    input: {
      message:
        "thread 'tests::counter' panicked at src/lib.rs:30:14:\ncalled `Result::unwrap()` on an `Err` value: PoisonError { .. }",
    },
    category: 'concurrency',
    rule: 'concurrency: lock contention',
  },
  // order
  {
    lang: 'Python prometheus_client',
    input: {
      type: 'ValueError',
      message: "Duplicated timeseries in CollectorRegistry: {'http_requests_total'}",
    },
    category: 'order',
    rule: 'order: duplicate registration',
  },
  {
    lang: 'Go prometheus (a panic)',
    input: { message: 'panic: duplicate metrics collector registration attempted' },
    category: 'order',
    rule: 'order: duplicate registration',
  },
  {
    lang: 'Java',
    input: {
      type: 'java.lang.IllegalStateException',
      message: 'Test pollution: static registry still holds 3 beans from a previous test',
    },
    category: 'order',
    rule: 'order: test pollution',
  },
  // resource
  {
    lang: 'Node',
    input: {
      message:
        'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb7a1c0 node::Abort() [node]',
    },
    category: 'resource',
    rule: 'resource: out of memory',
  },
  {
    lang: 'Java',
    input: { type: 'java.lang.OutOfMemoryError', message: 'Java heap space' },
    category: 'resource',
    rule: 'resource: out of memory',
  },
  {
    lang: 'Python',
    input: { type: 'MemoryError', message: '' },
    category: 'resource',
    rule: 'resource: out of memory',
  },
  {
    lang: 'Node',
    input: {
      type: 'Error',
      message: "EMFILE: too many open files, open '/home/runner/_work/app/src/index.ts'",
    },
    category: 'resource',
    rule: 'resource: file descriptors exhausted',
  },
  {
    lang: 'Java HikariCP',
    input: {
      type: 'java.sql.SQLTransientConnectionException',
      message: 'HikariPool-1 - Connection is not available, request timed out after 30000ms.',
    },
    category: 'resource',
    rule: 'resource: pool or connection limit exhausted',
  },
  {
    lang: 'Go goleak',
    input: {
      message:
        'leaks.go:78: found unexpected goroutines:\n[Goroutine 12 in state select, with net/http.(*persistConn).readLoop on top of the stack:]',
    },
    category: 'resource',
    rule: 'resource: leak detected',
  },
  {
    lang: 'C++ LeakSanitizer',
    input: { message: '==4211==ERROR: LeakSanitizer: detected memory leaks' },
    category: 'resource',
    rule: 'resource: leak detected',
  },
  // network
  {
    lang: 'Node',
    input: { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
    category: 'network',
    rule: 'network: socket error code',
  },
  {
    lang: 'Node DNS',
    input: { type: 'Error', message: 'getaddrinfo ENOTFOUND registry.internal.example' },
    category: 'network',
    rule: 'network: socket error code',
  },
  {
    lang: 'Python requests',
    input: {
      type: 'requests.exceptions.ConnectionError',
      message:
        "HTTPConnectionPool(host='localhost', port=8080): Max retries exceeded with url: /api (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f2b>: Failed to establish a new connection: [Errno 111] Connection refused'))",
    },
    category: 'network',
    rule: 'network: connection refused/reset',
  },
  {
    lang: 'Java',
    input: {
      type: 'java.net.ConnectException',
      message: 'Connection refused (Connection refused)',
    },
    category: 'network',
    rule: 'network: connection refused/reset',
  },
  {
    lang: 'Java DNS',
    input: {
      type: 'java.net.UnknownHostException',
      message: 'api.example.com: Name or service not known',
    },
    category: 'network',
    rule: 'network: DNS resolution',
  },
  {
    lang: 'Java TLS',
    input: {
      type: 'javax.net.ssl.SSLHandshakeException',
      message: 'Remote host terminated the handshake',
    },
    category: 'network',
    rule: 'network: TLS handshake',
  },
  {
    lang: 'Python TLS',
    input: {
      type: 'ssl.SSLCertVerificationError',
      message:
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
    },
    category: 'network',
    rule: 'network: TLS handshake',
  },
  {
    lang: 'Go',
    input: {
      message:
        'client_test.go:40: Get "https://api.example.com/v1": dial tcp: lookup api.example.com on 127.0.0.53:53: no such host',
    },
    category: 'network',
    rule: 'network: connection refused/reset',
  },
  {
    lang: '.NET',
    input: {
      type: 'System.Net.Http.HttpRequestException',
      message:
        'No connection could be made because the target machine actively refused it. (localhost:5001)',
    },
    category: 'network',
    rule: 'network: connection refused/reset',
  },
  {
    lang: 'Rust reqwest',
    input: {
      message:
        'thread \'tests::fetch\' panicked at src/client.rs:18:10:\ncalled `Result::unwrap()` on an `Err` value: reqwest::Error { kind: Request, source: hyper::Error(Connect, ConnectError("tcp connect error", Os { code: 111, kind: ConnectionRefused, message: "Connection refused" })) }',
    },
    category: 'network',
    rule: 'network: connection refused/reset',
  },
  {
    lang: 'Node',
    input: { type: 'Error', message: 'socket hang up' },
    category: 'network',
    rule: 'network: connection refused/reset',
  },
  {
    lang: 'Java (connection refused beats the assertion)',
    input: {
      type: 'java.lang.AssertionError',
      message: 'expected status 200 but request failed: Connection refused',
    },
    category: 'network',
    rule: 'network: connection refused/reset',
  },
  // rate-limit
  {
    lang: 'JS octokit',
    input: { type: 'HttpError', message: 'API rate limit exceeded for installation ID 4311.' },
    category: 'rate-limit',
    rule: 'rate-limit: HTTP 429 / rate limit',
  },
  {
    lang: 'Python requests',
    input: {
      type: 'requests.exceptions.HTTPError',
      message: '429 Client Error: Too Many Requests for url: https://api.example.com/v1/items',
    },
    category: 'rate-limit',
    rule: 'rate-limit: HTTP 429 / rate limit',
  },
  {
    lang: 'Java AWS SDK',
    input: {
      type: 'software.amazon.awssdk.services.dynamodb.model.DynamoDbException',
      message:
        'Rate exceeded (Service: DynamoDb, Status Code: 400, Request ID: X) ThrottlingException',
    },
    category: 'rate-limit',
    rule: 'rate-limit: HTTP 429 / rate limit',
  },
  {
    lang: 'Go',
    input: { message: 'api_test.go:55: unexpected status code 429' },
    category: 'rate-limit',
    rule: 'rate-limit: HTTP 429 / rate limit',
  },
  // time
  {
    lang: 'Java JUnit 5 (DST)',
    input: {
      type: 'org.opentest4j.AssertionFailedError',
      message: 'expected: <2024-03-10T02:30> but was: <2024-03-10T03:30>',
    },
    category: 'time',
    rule: 'time: date/time value mismatch',
  },
  {
    lang: 'Python strptime',
    input: {
      type: 'ValueError',
      message: "time data '2024-13-01' does not match format '%Y-%m-%d'",
    },
    category: 'time',
    rule: 'time: date parsing',
  },
  {
    lang: 'JS jest (locale date)',
    input: {
      message:
        'expect(received).toBe(expected) // Object.is equality\n\nExpected: "3/10/2024"\nReceived: "3/9/2024"',
    },
    category: 'time',
    rule: 'time: date/time value mismatch',
  },
  {
    lang: 'Java',
    input: {
      type: 'java.time.zone.ZoneRulesException',
      message: 'Unknown time-zone ID: America/Nowhere',
    },
    category: 'time',
    rule: 'time: time zone or DST',
  },
  {
    lang: '.NET',
    input: {
      type: 'System.TimeZoneNotFoundException',
      message: "The time zone ID 'Pacific Standard Time' was not found on the local computer.",
    },
    category: 'time',
    rule: 'time: time zone or DST',
  },
  {
    lang: 'Go',
    input: {
      message:
        'schedule_test.go:18: got 2024-01-01 23:00:00 +0000 UTC, want 2024-01-02 00:00:00 +0100 CET',
    },
    category: 'time',
    rule: 'time: date/time value mismatch',
  },
  // randomness
  {
    lang: 'JS fast-check',
    input: {
      type: 'Error',
      message:
        'Property failed after 3 tests\n{ seed: -1392044574, path: "2", endOnFailure: true }\nCounterexample: [0]',
    },
    category: 'randomness',
    rule: 'randomness: property-based counterexample',
  },
  {
    lang: 'Python hypothesis',
    input: { type: 'AssertionError', message: 'Falsifying example: test_sort(xs=[0, -1])' },
    category: 'randomness',
    rule: 'randomness: property-based counterexample',
  },
  {
    lang: 'Java',
    input: {
      type: 'org.junit.ComparisonFailure',
      message: 'seed=1234567: expected:<[3]> but was:<[7]>',
    },
    category: 'randomness',
    rule: 'randomness: random seed',
  },
  {
    lang: 'Go',
    input: { message: 'shuffle_test.go:22: with seed 1700000000: got 3 want 4' },
    category: 'randomness',
    rule: 'randomness: random seed',
  },
  // float
  {
    lang: 'JS jest',
    input: {
      message:
        'expect(received).toBe(expected) // Object.is equality\n\nExpected: 0.3\nReceived: 0.30000000000000004',
    },
    category: 'float',
    rule: 'float: rounding artefact',
  },
  {
    lang: 'Python pytest.approx',
    input: { type: 'AssertionError', message: 'assert 0.1234 == 0.1235 ± 1.2e-07' },
    category: 'float',
    rule: 'float: approximate comparison',
  },
  {
    lang: 'Python numpy',
    input: {
      type: 'AssertionError',
      message: '\nNot equal to tolerance rtol=1e-07, atol=0\n\nMismatched elements: 1 / 3 (33.3%)',
    },
    category: 'float',
    rule: 'float: approximate comparison',
  },
  {
    lang: '.NET xUnit',
    input: {
      type: 'Xunit.Sdk.EqualException',
      message:
        'Assert.Equal() Failure: Values differ\nExpected: 0.1\nActual:   0.09999999999999998',
    },
    category: 'float',
    rule: 'float: rounding artefact',
  },
  {
    lang: 'Java',
    input: {
      type: 'java.lang.AssertionError',
      message: 'expected:<0.7> but was:<0.7000000000000001>',
    },
    category: 'float',
    rule: 'float: rounding artefact',
  },
  {
    lang: 'Rust',
    input: {
      message:
        "thread 'tests::sum' panicked at src/lib.rs:12:5:\nassertion `left == right` failed\n  left: 0.30000000000000004\n right: 0.3",
    },
    category: 'float',
    rule: 'float: rounding artefact',
  },
  // unordered-collection
  {
    lang: 'Java AssertJ',
    input: {
      type: 'java.lang.AssertionError',
      message:
        '\nActual and expected have the same elements but not in the same order, at index 0 actual element was:\n  "b"\nwhereas expected element was:\n  "a"',
    },
    category: 'unordered-collection',
    rule: 'unordered-collection: element order',
  },
  {
    lang: 'Python unittest',
    input: { type: 'AssertionError', message: "Lists differ: ['b', 'a'] != ['a', 'b']" },
    category: 'unordered-collection',
    rule: 'unordered-collection: same elements, different order',
  },
  {
    lang: 'JS jest',
    input: {
      message:
        'expect(received).toEqual(expected) // deep equality\n\nExpected: ["a", "b", "c"]\nReceived: ["c", "a", "b"]',
    },
    category: 'unordered-collection',
    rule: 'unordered-collection: same elements, different order',
  },
  {
    lang: 'Java JUnit 4',
    input: {
      type: 'java.lang.AssertionError',
      message: 'expected:<[a, b, c]> but was:<[b, a, c]>',
    },
    category: 'unordered-collection',
    rule: 'unordered-collection: same elements, different order',
  },
  {
    lang: 'Go testify',
    input: {
      message:
        'Error Trace:\tstore_test.go:41\n\tError:      \tNot equal: \n\t            \texpected: []string{"alpha", "beta"}\n\t            \tactual  : []string{"beta", "alpha"}',
    },
    category: 'unordered-collection',
    rule: 'unordered-collection: same elements, different order',
  },
  // io
  {
    lang: 'Node',
    input: {
      type: 'Error',
      message: "ENOENT: no such file or directory, open '/tmp/jest_rs/config.json'",
    },
    category: 'io',
    rule: 'io: missing file',
  },
  {
    lang: 'Java',
    input: {
      type: 'java.io.FileNotFoundException',
      message: '/data/fixtures/users.csv (No such file or directory)',
    },
    category: 'io',
    rule: 'io: missing file',
  },
  {
    lang: 'Python',
    input: {
      type: 'PermissionError',
      message: "[Errno 13] Permission denied: '/var/lib/app/cache'",
    },
    category: 'io',
    rule: 'io: permission denied',
  },
  {
    lang: '.NET',
    input: {
      type: 'System.UnauthorizedAccessException',
      message: "Access to the path 'C:\\agent\\_work\\1\\s\\out.txt' is denied.",
    },
    category: 'io',
    rule: 'io: permission denied',
  },
  {
    lang: '.NET file in use',
    input: {
      type: 'System.IO.IOException',
      message:
        "The process cannot access the file 'C:\\agent\\_work\\1\\s\\db.lock' because it is being used by another process.",
    },
    category: 'io',
    rule: 'io: I/O error',
  },
  {
    lang: 'Rust',
    input: {
      message:
        'thread \'tests::golden\' panicked at tests/golden.rs:9:40:\ncalled `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: "No such file or directory" }',
    },
    category: 'io',
    rule: 'io: missing file',
  },
  // infrastructure
  {
    lang: 'GitHub Actions',
    input: {
      message:
        'The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.',
    },
    category: 'infrastructure',
    rule: 'infrastructure: runner lost',
  },
  {
    lang: 'GitHub Actions',
    input: { message: 'Error: Process completed with exit code 143.' },
    category: 'infrastructure',
    rule: 'infrastructure: process killed (SIGKILL/SIGTERM, exit 137/143)',
  },
  {
    lang: 'GitHub Actions',
    input: { message: 'Error: Process completed with exit code 137.' },
    category: 'infrastructure',
    rule: 'infrastructure: process killed (SIGKILL/SIGTERM, exit 137/143)',
  },
  {
    lang: 'Python (ENOSPC beats OSError)',
    input: { type: 'OSError', message: '[Errno 28] No space left on device' },
    category: 'infrastructure',
    rule: 'infrastructure: disk full (ENOSPC)',
  },
  {
    lang: 'Node',
    input: { type: 'Error', message: 'ENOSPC: no space left on device, write' },
    category: 'infrastructure',
    rule: 'infrastructure: disk full (ENOSPC)',
  },
  {
    lang: 'Java Testcontainers',
    input: {
      type: 'java.lang.IllegalStateException',
      message: 'Could not find a valid Docker environment. Please see logs and check configuration',
    },
    category: 'infrastructure',
    rule: 'infrastructure: docker daemon unavailable',
  },
  {
    lang: 'docker CLI (beats "Cannot connect")',
    input: {
      message:
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    },
    category: 'infrastructure',
    rule: 'infrastructure: docker daemon unavailable',
  },
  {
    lang: 'Kubernetes',
    input: { message: 'Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137' },
    category: 'infrastructure',
    rule: 'infrastructure: container OOM-killed',
  },
  // crash
  {
    lang: 'Java',
    input: {
      type: 'java.lang.NullPointerException',
      message: 'Cannot invoke "String.length()" because "name" is null',
    },
    category: 'crash',
    rule: 'crash: null dereference',
  },
  {
    lang: 'JS',
    input: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'id')" },
    category: 'crash',
    rule: 'crash: null dereference',
  },
  {
    lang: 'Python',
    input: { type: 'AttributeError', message: "'NoneType' object has no attribute 'split'" },
    category: 'crash',
    rule: 'crash: null dereference',
  },
  {
    lang: 'Go',
    input: {
      message:
        'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]',
    },
    category: 'crash',
    rule: 'crash: null dereference',
  },
  {
    lang: '.NET',
    input: {
      type: 'System.NullReferenceException',
      message: 'Object reference not set to an instance of an object.',
    },
    category: 'crash',
    rule: 'crash: null dereference',
  },
  {
    lang: 'Rust',
    input: {
      message:
        "thread 'tests::parse' panicked at src/lib.rs:42:9:\ncalled `Option::unwrap()` on a `None` value",
    },
    category: 'crash',
    rule: 'crash: null dereference',
  },
  {
    lang: 'Python C extension',
    input: {
      message:
        'Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f3e (most recent call first):',
    },
    category: 'crash',
    rule: 'crash: signal or segfault',
  },
  {
    lang: 'C++',
    input: { message: 'free(): double free detected in tcache 2\nAborted (core dumped)' },
    category: 'crash',
    rule: 'crash: signal or segfault',
  },
  {
    lang: 'Go',
    input: { message: 'panic: runtime error: index out of range [5] with length 3' },
    category: 'crash',
    rule: 'crash: panic or fatal error',
  },
  {
    lang: 'Rust',
    input: {
      message:
        "thread 'tests::idx' panicked at src/lib.rs:10:5:\nindex out of bounds: the len is 3 but the index is 5",
    },
    category: 'crash',
    rule: 'crash: Rust panic',
  },
  {
    lang: 'Java Surefire',
    input: {
      message:
        'The forked VM terminated without properly saying goodbye. VM crash or System.exit called?',
    },
    category: 'crash',
    rule: 'crash: test process died',
  },
  {
    lang: '.NET',
    input: {
      message:
        'The active test run was aborted. Reason: Test host process crashed : Stack overflow.',
    },
    category: 'crash',
    rule: 'crash: stack overflow',
  },
  {
    lang: 'JS',
    input: { type: 'RangeError', message: 'Maximum call stack size exceeded' },
    category: 'crash',
    rule: 'crash: stack overflow',
  },
  // assertion
  {
    lang: 'JS jest',
    input: {
      type: 'Error',
      message: 'expect(received).toBe(expected) // Object.is equality\n\nExpected: 3\nReceived: 5',
    },
    category: 'assertion',
    rule: 'assertion: expected/actual',
  },
  {
    lang: 'JS vitest',
    input: { type: 'AssertionError', message: 'expected 5 to be 3 // Object.is equality' },
    category: 'assertion',
    rule: 'assertion: assertion error type',
  },
  {
    lang: 'Java JUnit 5',
    input: { type: 'org.opentest4j.AssertionFailedError', message: 'expected: <42> but was: <43>' },
    category: 'assertion',
    rule: 'assertion: assertion error type',
  },
  {
    lang: 'Python pytest',
    input: {
      type: 'AssertionError',
      message: 'assert 3 == 4\n +  where 3 = add(1, 2)',
    },
    category: 'assertion',
    rule: 'assertion: assertion error type',
  },
  {
    lang: 'Go',
    input: { message: 'calc_test.go:12: got 4, want 3' },
    category: 'assertion',
    rule: 'assertion: expected/actual',
  },
  {
    lang: 'Go testify',
    input: {
      message:
        'Error Trace:\t/src/calc_test.go:12\n\tError:      \tNot equal: \n\t            \texpected: 3\n\t            \tactual  : 4',
    },
    category: 'assertion',
    rule: 'assertion: expected/actual',
  },
  {
    lang: 'Rust',
    input: {
      message:
        "thread 'tests::add' panicked at src/lib.rs:12:5:\nassertion `left == right` failed\n  left: 4\n right: 3",
    },
    category: 'assertion',
    rule: 'assertion: assert statement',
  },
  {
    lang: '.NET xUnit',
    input: {
      type: 'Xunit.Sdk.EqualException',
      message: 'Assert.Equal() Failure\nExpected: 3\nActual:   4',
    },
    category: 'assertion',
    rule: 'assertion: expected/actual',
  },
  {
    lang: '.NET NUnit',
    input: { message: '  Expected: 3\n  But was:  4\n' },
    category: 'assertion',
    rule: 'assertion: expected/actual',
  },
  {
    lang: '.NET MSTest',
    input: { message: 'Assert.AreEqual failed. Expected:<3>. Actual:<4>.' },
    category: 'assertion',
    rule: 'assertion: expected/actual',
  },
  // unknown
  {
    lang: 'Java',
    input: { type: 'java.lang.IllegalStateException', message: 'widget not configured' },
    category: 'unknown',
    rule: 'unknown: no pattern matched',
  },
  {
    lang: 'JS',
    input: { type: 'Error', message: 'boom' },
    category: 'unknown',
    rule: 'unknown: no pattern matched',
  },
];

describe('categorize', () => {
  it.each(cases.map((c) => [`${c.category} / ${c.lang}: ${c.rule}`, c] as const))(
    '%s',
    (_name, c) => {
      expect(categorize(failure(c.input))).toEqual({ category: c.category, rule: c.rule });
    },
  );

  it('covers every category in the table', () => {
    const seen = new Set(cases.map((c) => c.category));
    const all: Category[] = [
      'async-timeout',
      'concurrency',
      'order',
      'resource',
      'network',
      'rate-limit',
      'time',
      'randomness',
      'float',
      'unordered-collection',
      'io',
      'infrastructure',
      'assertion',
      'crash',
      'unknown',
    ];
    expect([...seen].sort()).toEqual([...all].sort());
  });

  describe('stdout and stderr', () => {
    it('a refused connection in stderr explains a failed assertion', () => {
      const result = categorize(
        failure({
          type: 'AssertionError',
          message: 'expected 503 to equal 200',
          stderr: 'redis: connect ECONNREFUSED 127.0.0.1:6379\n',
        }),
      );
      expect(result).toEqual({
        category: 'network',
        rule: 'network: socket error code (in stderr)',
      });
    });

    it('a killed runner in stdout explains an unknown failure', () => {
      expect(
        categorize(
          failure({ type: 'Error', message: 'boom', stdout: 'make: *** [test] signal: killed' }),
        ),
      ).toEqual({
        category: 'infrastructure',
        rule: 'infrastructure: process killed (SIGKILL/SIGTERM, exit 137/143) (in stdout)',
      });
    });

    it('stderr is read before stdout', () => {
      const result = categorize(
        failure({ message: 'boom', stdout: 'ECONNRESET', stderr: 'No space left on device' }),
      );
      expect(result.rule).toBe('infrastructure: disk full (ENOSPC) (in stderr)');
    });

    it('a seed printed by the runner does not make an assertion a randomness failure', () => {
      const result = categorize(
        failure({
          type: 'AssertionError',
          message: 'expected 1 to equal 2',
          stdout: 'Randomized with seed 12345\n',
        }),
      );
      expect(result.category).toBe('assertion');
    });

    it('logs do not overrule a specific category found in the message', () => {
      const result = categorize(
        failure({
          type: 'Error',
          message: 'Timeout of 2000ms exceeded.',
          stderr: 'connect ECONNREFUSED 127.0.0.1:5432',
        }),
      );
      expect(result.category).toBe('async-timeout');
    });

    it('only the start and end of very long logs are read', () => {
      const filler = 'x'.repeat(100_000);
      const middle = failure({ message: 'boom', stderr: `${filler}\nOOMKilled\n${filler}` });
      const tail = failure({ message: 'boom', stderr: `${filler}\n${filler}\nOOMKilled` });
      expect(categorize(middle).category).toBe('unknown');
      expect(categorize(tail).category).toBe('infrastructure');
    });
  });

  describe('stacks', () => {
    it('reads Caused by: lines of a Java stack', () => {
      const result = categorize(
        failure({
          type: 'org.springframework.web.client.ResourceAccessException',
          message: 'I/O error on GET request for "http://localhost:8089/users"',
          stack: [
            'org.springframework.web.client.ResourceAccessException: I/O error on GET request',
            '\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:791)',
            'Caused by: java.net.ConnectException: Connection refused',
            '\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
            '\t... 42 more',
          ].join('\n'),
        }),
      );
      expect(result).toEqual({ category: 'network', rule: 'network: connection refused/reset' });
    });

    it('ignores frame names (TimeoutManager, RandomPicker) and quoted Python source', () => {
      expect(
        categorize(
          failure({
            type: 'AssertionError',
            message: 'expected 1 to equal 2',
            stack:
              'AssertionError: expected 1 to equal 2\n    at TimeoutManager.run (/app/src/timeout.ts:3:5)\n    at RandomPicker.pick (/app/src/random.ts:9:1)',
          }),
        ).category,
      ).toBe('assertion');
      expect(
        categorize(
          failure({
            type: 'AssertionError',
            message: '',
            stack: [
              'Traceback (most recent call last):',
              '  File "/app/tests/test_pick.py", line 9, in test_pick',
              '    assert pick(random.seed(4)) == 2, "timeout"',
              'AssertionError: assert 1 == 2',
            ].join('\n'),
          }),
        ).rule,
      ).toBe('assertion: assertion error type');
    });

    it('reads only the E lines of a pytest report', () => {
      const stack = [
        'def test_pick():',
        '        time.sleep(0.1)',
        '>       assert random.choice([1]) == 2',
        'E       assert 1 == 2',
        'E        +  where 1 = <bound method Random.choice>([1])',
        '',
        'tests/test_pick.py:5: AssertionError',
      ].join('\n');
      expect(categorize(failure({ message: 'assert 1 == 2', stack })).rule).toBe(
        'assertion: assertion error type',
      );
    });
  });

  it('is not fooled by a rate limiter under test or a 429 count', () => {
    expect(
      categorize(
        failure({ type: 'AssertionError', message: 'expected rateLimiter.allow() to be true' }),
      ).category,
    ).toBe('assertion');
    expect(categorize(failure({ message: 'expected 429 items but got 430' })).category).toBe(
      'assertion',
    );
  });

  it('does not call fixed-precision numbers a rounding artefact', () => {
    expect(
      categorize(
        failure({ type: 'AssertionError', message: 'expected 1.0000000 but was 2.0000000' }),
      ).category,
    ).toBe('assertion');
  });

  it('does not call different elements an ordering problem', () => {
    expect(
      categorize(
        failure({ type: 'AssertionError', message: "Lists differ: ['a', 'b'] != ['a', 'c']" }),
      ).category,
    ).toBe('assertion');
  });

  it('stays linear on megabyte-sized adversarial text', { timeout: 10_000 }, () => {
    for (const unit of ['x', 'a.', 'expect(', '  at ', '[a, ', 'expected ', 'TypeError: ']) {
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
      const result = categorize(
        failure({ message: text, stack: text, stdout: text, stderr: text }),
      );
      expect(result.rule).toMatch(/^[a-z-]+: /);
    }
  });

  it('handles empty input', () => {
    expect(categorize(failure({}))).toEqual({
      category: 'unknown',
      rule: 'unknown: no pattern matched',
    });
  });
});

describe('isNullDereference', () => {
  it.each([
    'java.lang.NullPointerException',
    "TypeError: Cannot read properties of null (reading 'length')",
    "TypeError: Cannot read property 'foo' of undefined",
    "TypeError: Cannot destructure property 'data' of 'response' as it is undefined.",
    "TypeError: undefined is not an object (evaluating 'user.name')",
    'TypeError: this.client is null',
    "AttributeError: 'NoneType' object has no attribute 'id'",
    "TypeError: 'NoneType' object is not subscriptable",
    'panic: runtime error: invalid memory address or nil pointer dereference',
    'System.NullReferenceException: Object reference not set to an instance of an object.',
    'called `Option::unwrap()` on a `None` value',
  ])('%s', (text) => {
    expect(isNullDereference(text)).toBe(true);
  });

  it.each([
    'expected null to equal 3',
    'TypeError: foo.bar is not a function',
    'AssertionError: expected undefined to be defined',
    'connect ECONNREFUSED 127.0.0.1:5432',
  ])('not: %s', (text) => {
    expect(isNullDereference(text)).toBe(false);
  });
});

describe('messageLikelihoodRatio', () => {
  it.each([
    ['network', false, 0.02],
    ['network', true, 0.02],
    ['infrastructure', false, 0.1],
    ['assertion', false, 0.37],
    ['assertion', true, 2.8],
    ['crash', true, 2.8],
    ['crash', false, 1],
    ['async-timeout', false, 1],
    ['io', false, 1],
    ['unknown', false, 1],
  ] as [Category, boolean, number][])(
    '%s (null dereference: %s) -> %d',
    (category, nullDeref, lr) => {
      const result = messageLikelihoodRatio(category, nullDeref);
      expect(result.lr).toBe(lr);
      expect(result.rule).toContain(`LR ${lr}`);
    },
  );

  it('names the rule for each ratio', () => {
    expect(messageLikelihoodRatio('network', false).rule).toMatch(
      /^network\/DNS\/connection failure/,
    );
    expect(messageLikelihoodRatio('infrastructure', false).rule).toMatch(/^infrastructure pattern/);
    expect(messageLikelihoodRatio('crash', true).rule).toMatch(/^null dereference/);
    expect(messageLikelihoodRatio('assertion', false).rule).toMatch(/^plain assertion/);
    expect(messageLikelihoodRatio('time', false).rule).toBe(
      'time: LR 1, no calibrated ratio for this category yet',
    );
  });

  it('takes configured ratios', () => {
    const ratios = { ...MESSAGE_LIKELIHOOD_RATIOS, network: 0.5 };
    expect(messageLikelihoodRatio('network', false, ratios).lr).toBe(0.5);
    expect(messageLikelihoodRatio('assertion', false, ratios).lr).toBe(0.37);
  });

  it('ties categorize and isNullDereference together for a JS null dereference', () => {
    const input = failure({
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'id')",
    });
    const { category } = categorize(input);
    const lr = messageLikelihoodRatio(
      category,
      isNullDereference(`${input.type}: ${input.message}`),
    );
    expect(lr.lr).toBe(2.8);
  });
});
