import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_SIGNATURE_LENGTH,
  causeLines,
  fnv1a64,
  maskVolatile,
  normalizeSignature,
} from '../../../src/assess/signature.ts';

describe('fnv1a64', () => {
  // Test vectors of the FNV reference (isthe.com/chongo/tech/comp/fnv, FNV-1a 64).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('%j -> %s', (text, hash) => {
    expect(fnv1a64(text)).toBe(hash);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    // "é" is C3 A9 in UTF-8; hashing the code unit 0xE9 would give another value.
    expect(fnv1a64('é')).not.toBe(fnv1a64('\u00e9'.normalize('NFD')));
    expect(fnv1a64('é')).toMatch(/^[0-9a-f]{16}$/);
  });
});

/** Every input in a group must give one key; the groups must give distinct keys. */
const groups: { name: string; type: string; messages: string[]; text: string }[] = [
  {
    name: 'numbers',
    type: 'AssertionError',
    messages: ['expected 5 to be 3', 'expected 17 to be 3', 'expected -2.5 to be 1e-9'],
    text: 'AssertionError: expected <n> to be <n>',
  },
  {
    name: 'ports and loopback addresses',
    type: 'Error',
    messages: [
      'connect ECONNREFUSED 127.0.0.1:54321',
      'connect ECONNREFUSED 127.0.0.1:39001',
      'connect ECONNREFUSED [::1]:5432',
    ],
    text: 'Error: connect ECONNREFUSED <ip>:<port>',
  },
  {
    name: 'temp paths on three systems',
    type: 'Error',
    messages: [
      "ENOENT: no such file or directory, open '/tmp/jest_rs/a1b2/config.json'",
      "ENOENT: no such file or directory, open '/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T/tmp-123/config.json'",
      "ENOENT: no such file or directory, open 'C:\\Users\\runneradmin\\AppData\\Local\\Temp\\jest_9f\\config.json'",
      "ENOENT: no such file or directory, open '/home/runner/_work/_temp/5e1c/config.json'",
    ],
    text: "Error: ENOENT: no such file or directory, open '<tmp>'",
  },
  {
    name: 'uuids, timestamps and durations',
    type: 'Error',
    messages: [
      'request 3f2504e0-4f89-11d3-9a0c-0305e82c3301 failed at 2024-01-02T03:04:05.123Z after 5003ms',
      'request 6ba7b810-9dad-11d1-80b4-00c04fd430c8 failed at 2025-11-30T23:59:59Z after 12 s',
      'request 6BA7B811-9DAD-11D1-80B4-00C04FD430C8 failed at 2025-11-30 23:59:59+01:00 after 1m30.5s',
    ],
    text: 'Error: request <uuid> failed at <ts> after <dur>',
  },
  {
    name: 'memory addresses, identity hashes and shas',
    type: '',
    messages: [
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 not found; <Foo object at 0x7f3a2c1b9d30>; Foo@1b6d3586',
      'commit 1a410efbd13591db07496601ebc7a059dd55cfe9 not found; <Foo object at 0x10a2b3c4d>; Foo@7852e922',
    ],
    text: 'commit <hex> not found; <Foo object at <hex>>; Foo@<hex>',
  },
  {
    name: 'quoted random tokens',
    type: 'KeyError',
    messages: ["'session-a8Fk3jz9Qp'", "'session-Zq81mN2x4b'"],
    text: "KeyError: '<token>'",
  },
  {
    name: 'clock times and JS dates',
    type: '',
    messages: [
      'Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time) is not 10:30:00',
      'Sun Mar 10 2024 02:30:00 GMT-0800 (Pacific Standard Time) is not 23:15:59.123',
    ],
    text: '<ts> is not <ts>',
  },
];

describe('normalizeSignature', () => {
  it.each(groups)('one key for one cause: $name', ({ type, messages, text }) => {
    const signatures = messages.map((m) => normalizeSignature(type, m));
    for (const s of signatures) expect(s).toEqual(signatures[0]);
    expect(signatures[0]?.text).toBe(text);
    expect(signatures[0]?.key).toMatch(/^[0-9a-f]{16}$/);
  });

  it('different causes get different keys', () => {
    const keys = [
      ...groups.map((g) => normalizeSignature(g.type, g.messages[0] ?? '').key),
      normalizeSignature('Error', 'connect ECONNRESET 127.0.0.1:5432').key,
      normalizeSignature('TypeError', 'connect ECONNREFUSED 127.0.0.1:5432').key,
      normalizeSignature('AssertionError', 'expected 5 to be greater than 3').key,
      normalizeSignature('AssertionError', '').key,
      normalizeSignature('', '').key,
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  describe('real failure texts', () => {
    it('Java: type kept, repeated type prefix dropped', () => {
      const a = normalizeSignature(
        'java.lang.AssertionError',
        'java.lang.AssertionError: expected:<42> but was:<43>',
      );
      const b = normalizeSignature('java.lang.AssertionError', 'expected:<7> but was:<8>');
      expect(a).toEqual(b);
      expect(a.text).toBe('java.lang.AssertionError: expected:<<n>> but was:<<n>>');
    });

    it('Java: the first stack line when the message is empty', () => {
      const stack = [
        'java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null',
        '\tat com.example.UserService.greet(UserService.java:42)',
        '\tat com.example.UserServiceTest.greets(UserServiceTest.java:17)',
      ].join('\n');
      expect(normalizeSignature('java.lang.NullPointerException', '', stack).text).toBe(
        'java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null',
      );
    });

    it('Python: the last line of a traceback', () => {
      const stack = [
        'Traceback (most recent call last):',
        '  File "/tmp/pytest-of-root/pytest-3/test_ids.py", line 12, in test_ids',
        '    assert lookup("x") == 3',
        '  File "/app/ids.py", line 3, in lookup',
        '    raise ValueError(f"bad id {key}")',
        'ValueError: bad id a8Fk3jz9Qp7',
      ].join('\n');
      expect(normalizeSignature('ValueError', '', stack).text).toBe('ValueError: bad id <token>');
    });

    it('Python: the E lines of a pytest report', () => {
      const stack = [
        'def test_add():',
        '>       assert add(1, 2) == 4',
        'E       assert 3 == 4',
        'E        +  where 3 = add(1, 2)',
        '',
        'tests/test_add.py:5: AssertionError',
      ].join('\n');
      expect(normalizeSignature('', '', stack).text).toBe('assert <n> == <n>');
    });

    it('JS jest: matcher header plus Expected/Received, colours stripped', () => {
      const message =
        '\u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoBe\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m) // Object.is equality\u001b[22m\n\nExpected: \u001b[32m3\u001b[39m\nReceived: \u001b[31m5\u001b[39m';
      expect(normalizeSignature('Error', message).text).toBe(
        'Error: expect(received).toBe(expected) // Object.is equality Expected: <n> Received: <n>',
      );
      // Two jest failures with different values of one matcher still group.
      expect(normalizeSignature('Error', message.replace('5', '6')).key).toBe(
        normalizeSignature('Error', message).key,
      );
    });

    it('JS: network error with a port', () => {
      expect(normalizeSignature('Error', 'getaddrinfo ENOTFOUND db-7f9c2.internal:6379').text).toBe(
        'Error: getaddrinfo ENOTFOUND db-<n>f9c2.internal:<port>',
      );
    });

    it('Go: file:line prefix and url port masked', () => {
      const a = normalizeSignature(
        '',
        'client_test.go:40: Get "http://127.0.0.1:39453/api": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      );
      const b = normalizeSignature(
        '',
        'client_test.go:41: Get "http://127.0.0.1:41211/api": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      );
      expect(a).toEqual(b);
      expect(a.text).toBe(
        'client_test.go:<n>: Get "http://<ip>:<port>/api": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      );
    });

    it('Go: panic with goroutine trace and test timeout', () => {
      const stack = [
        'panic: test timed out after 10m0s',
        'running tests:',
        '\tTestUpload (10m0s)',
        '',
        'goroutine 33 [running]:',
        'testing.(*M).startAlarm.func1()',
        '\t/usr/local/go/src/testing/testing.go:2259 +0x1b9',
      ].join('\n');
      expect(normalizeSignature('', '', stack).text).toBe('panic: test timed out after <dur>');
    });

    it('Go: a trace of frames only falls back to the first frame', () => {
      const stack = 'goroutine 7 [running]:\nmain.foo(0xc000012345)\n\t/home/x/foo.go:42 +0x1d';
      expect(normalizeSignature('', '', stack).text).toBe('main.foo(<hex>)');
    });

    it('.NET: Windows temp path and line numbers', () => {
      const a = normalizeSignature(
        'System.IO.IOException',
        "The process cannot access the file 'C:\\Users\\runneradmin\\AppData\\Local\\Temp\\tmp4F2A.tmp' because it is being used by another process.",
      );
      expect(a.text).toBe(
        "System.IO.IOException: The process cannot access the file '<tmp>' because it is being used by another process.",
      );
    });

    it('Rust: panic message line', () => {
      const message =
        "thread 'tests::parse' panicked at src/lib.rs:42:9:\ncalled `Option::unwrap()` on a `None` value";
      expect(normalizeSignature('', message).text).toBe(
        "thread 'tests::parse' panicked at src/lib.rs:<n>:<n>:",
      );
    });
  });

  describe('bounds and edges', () => {
    it('bounds the text at MAX_SIGNATURE_LENGTH code points with an ellipsis', () => {
      const s = normalizeSignature('Error', 'x'.repeat(1000));
      expect(Array.from(s.text)).toHaveLength(MAX_SIGNATURE_LENGTH);
      expect(s.text.endsWith('…')).toBe(true);
      // A cut never splits a surrogate pair (𝒳 is one letter outside the BMP).
      const emoji = normalizeSignature('', '𝒳'.repeat(300)).text;
      expect(emoji).toBe(`${'𝒳'.repeat(MAX_SIGNATURE_LENGTH - 1)}…`);
    });

    it('collapses whitespace and skips blank and rule-only lines', () => {
      expect(normalizeSignature('E', '\n\n  ----  \n   a    b\t\tc  \nsecond line').text).toBe(
        'E: a b c',
      );
      expect(normalizeSignature('E', 'line one\r\nline two').text).toBe('E: line one');
    });

    it('keeps short digit runs inside names, masks long ones', () => {
      expect(maskVolatile('utf8 Int32 test2 user48213 junit8234723987 x_12345')).toBe(
        'utf8 Int32 test2 user<n> junit<n> x_<n>',
      );
    });

    it('masks generated tokens, quoted or not, but not camelCase names', () => {
      expect(maskVolatile("token 'dGVzdDEyMzQ1Njc4OTBhYmNk' for k8Fz3Qx9Lm2")).toBe(
        "token '<token>' for <token>",
      );
      expect(maskVolatile('testUserCreation2 ConfigurationV2Loader')).toBe(
        'testUserCreation2 ConfigurationV2Loader',
      );
    });

    it('leaves ordinary words and file names alone', () => {
      expect(maskVolatile("missing 'config.json' in 'fixtures' (deadbeef)")).toBe(
        "missing 'config.json' in 'fixtures' (deadbeef)",
      );
    });

    it('type only, message only, nothing at all', () => {
      expect(normalizeSignature('MemoryError', '').text).toBe('MemoryError');
      expect(normalizeSignature('', 'boom').text).toBe('boom');
      expect(normalizeSignature('', '', '').text).toBe('');
      expect(normalizeSignature('', '').key).toBe('cbf29ce484222325');
    });
  });

  // Inputs built to make backtracking regexes go quadratic; each must stay far
  // below the bound (milliseconds today; the bound only catches a regression).
  it('stays linear on megabyte-sized adversarial text', { timeout: 10_000 }, () => {
    const inputs = ['x', 'a.', 'a1', 'expect(', '  at ', '[a, ', '/tmp/', '{1:2:'].map((unit) =>
      unit.repeat(Math.ceil(1_000_000 / unit.length)),
    );
    for (const text of inputs) {
      const oneLine = normalizeSignature('Error', text, text);
      const lines = normalizeSignature('', '', text.replaceAll(' ', '\n'));
      expect(Array.from(oneLine.text).length).toBeLessThanOrEqual(MAX_SIGNATURE_LENGTH);
      expect(lines.key).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  describe('properties', () => {
    it('numbers, ports and ids in a template never change the key', () => {
      fc.assert(
        fc.property(
          fc.nat(),
          fc.integer({ min: 1, max: 65535 }),
          fc.uuid(),
          fc.nat({ max: 100_000 }),
          (count, port, id, ms) => {
            const msg = `expected ${count} rows from localhost:${port} for ${id} within ${ms}ms`;
            return (
              normalizeSignature('Error', msg).key ===
              normalizeSignature(
                'Error',
                'expected 1 rows from localhost:80 for 00000000-0000-4000-8000-000000000000 within 1ms',
              ).key
            );
          },
        ),
      );
    });

    it('is deterministic and always gives a bounded text and a 16-hex key', () => {
      fc.assert(
        fc.property(
          fc.string(),
          fc.string({ maxLength: 2000 }),
          fc.string(),
          (type, message, stack) => {
            const a = normalizeSignature(type, message, stack);
            const b = normalizeSignature(type, message, stack);
            return (
              a.key === b.key &&
              a.text === b.text &&
              /^[0-9a-f]{16}$/.test(a.key) &&
              Array.from(a.text).length <= MAX_SIGNATURE_LENGTH &&
              !/\s{2}|\n/.test(a.text)
            );
          },
        ),
      );
    });
  });
});

describe('causeLines', () => {
  it('keeps messages and Caused by: lines of a Java stack, drops frames', () => {
    const stack = [
      'org.springframework.web.client.ResourceAccessException: I/O error',
      '\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:791)',
      'Caused by: java.net.ConnectException: Connection refused',
      '\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
      '\t... 42 more',
    ].join('\n');
    expect(causeLines(stack)).toEqual([
      'org.springframework.web.client.ResourceAccessException: I/O error',
      'Caused by: java.net.ConnectException: Connection refused',
    ]);
  });

  it('drops JS and .NET frames', () => {
    const stack = [
      "TypeError: Cannot read properties of undefined (reading 'id')",
      '    at Object.<anonymous> (/app/src/user.test.ts:3:5)',
      '    at new Promise (<anonymous>)',
      '    at async Promise.all (index 0)',
      '   at Shop.Cart.Add(Item item) in /src/Cart.cs:line 42',
      '--- End of stack trace from previous location ---',
    ].join('\n');
    expect(causeLines(stack)).toEqual([
      "TypeError: Cannot read properties of undefined (reading 'id')",
    ]);
  });

  it('drops Python frames and the source lines they quote', () => {
    const stack = [
      'Traceback (most recent call last):',
      '  File "/app/t.py", line 9, in test_x',
      '    time.sleep(timeout)',
      'TimeoutError: operation took too long',
    ].join('\n');
    expect(causeLines(stack)).toEqual(['TimeoutError: operation took too long']);
  });

  it('respects its limit', () => {
    expect(causeLines('a\nb\nc\nd', 2)).toEqual(['a', 'b']);
  });
});
