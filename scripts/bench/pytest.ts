/**
 * pytest report writer (`--junitxml`, junit_family=xunit2): one file per CI
 * shard, `<testsuites><testsuite name="pytest">`, classname = dotted module
 * (+ class), failures as long-format tracebacks in the element body.
 */
import {
  drawDuration,
  drawOutcome,
  type PyModule,
  type RunContext,
  type TestSpec,
} from './suite.ts';
import { escapeAttr, escapeText, seconds } from './xml.ts';
import { NOUNS, ROLES, VERBS, snake } from './words.ts';
import type { Rng } from './prng.ts';

export function pytestReport(
  file: { fileName: string; modules: PyModule[] },
  run: RunContext,
  shard: number,
): { name: string; text: string } {
  const rng = run.rng;
  const body: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let totalMs = 0;
  for (const module of file.modules) {
    for (const test of module.tests) {
      tests++;
      const outcome = drawOutcome(test, run);
      const ms = outcome === 'skipped' ? 0 : drawDuration(test, run);
      totalMs += ms;
      const open = `<testcase classname="${test.classname}" name="${escapeAttr(test.name)}" time="${seconds(ms)}"`;
      if (outcome === 'passed') {
        body.push(
          test.outputLines > 0 ? `${open}>${systemOut(test, rng)}</testcase>` : `${open} />`,
        );
      } else if (outcome === 'skipped') {
        skipped++;
        const reason = `requires ${rng.pick(['redis', 'docker', 'network access', 'python3.13'])}`;
        body.push(
          `${open}><skipped type="pytest.skip" message="${reason}">${module.path}:${test.line}: ${reason}</skipped></testcase>`,
        );
      } else if (test.failKind % 6 === 5) {
        // An error in a fixture: pytest reports it as <error>, not <failure>.
        errors++;
        const message = `failed on setup with "psycopg.OperationalError: connection is bad: Connection refused"`;
        body.push(
          `${open}><error message="${escapeAttr(message)}">${escapeText(setupError(module, test))}</error></testcase>`,
        );
      } else {
        failures++;
        const failure = pyFailure(module, test, rng);
        const out = test.outputLines > 0 ? systemOut(test, rng) : '';
        body.push(
          `${open}><failure message="${escapeAttr(failure.message)}">${escapeText(failure.body)}</failure>${out}</testcase>`,
        );
      }
    }
  }
  const started = new Date(run.startedAt.getTime() + shard * 60_000).toISOString().replace('Z', '');
  const text =
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<testsuites><testsuite name="pytest" errors="${errors}" failures="${failures}" skipped="${skipped}" tests="${tests}" time="${seconds(totalMs)}" timestamp="${started}" hostname="fv-az${600 + shard}-123">` +
    body.join('') +
    '</testsuite></testsuites>\n';
  return { name: file.fileName, text };
}

function systemOut(test: TestSpec, rng: Rng): string {
  const lines: string[] = [];
  for (let i = 0; i < test.outputLines; i++) {
    lines.push(
      `${rng.pick(['INFO', 'DEBUG', 'WARNING'])}     app.${snake([rng.pick(NOUNS)])}:${snake([rng.pick(NOUNS), rng.pick(ROLES)])}.py:${rng.between(10, 400)} ${rng.pick(VERBS)} ${rng.pick(NOUNS).toLowerCase()} id=${rng.int(100000)} in ${rng.int(250)}ms`,
    );
  }
  return `<system-out>${escapeText(`--------------------------------- Captured Log ---------------------------------\n${lines.join('\n')}\n`)}</system-out>`;
}

function testSource(test: TestSpec): string[] {
  const fn = test.name.replace(/\[.*$/, '');
  const method = test.classname.includes('.Test');
  return [
    `    def ${fn}(${method ? 'self, ' : ''}client, db_session):`,
    `        ${snake([rng0(test.line, NOUNS)])} = make_${snake([rng0(test.line + 1, NOUNS)])}(db_session, total=Decimal("10.00"))`,
    `        resp = client.post("/api/${snake([rng0(test.line + 2, NOUNS)])}s", json={"qty": 2})`,
  ];
}

/** A stable pick from a list keyed on a number, for text that should not vary per run. */
function rng0<T>(key: number, items: readonly T[]): T {
  return items[key % items.length] as T;
}

function selfLine(test: TestSpec): string[] {
  return test.classname.includes('.Test')
    ? [
        `self = <${test.classname} object at 0x7f${(test.line * 2654435761).toString(16).slice(0, 10)}>`,
      ]
    : [];
}

function pyFailure(module: PyModule, test: TestSpec, rng: Rng): { message: string; body: string } {
  const where = `${module.path}:${test.line}`;
  const a = rng.between(100, 999);
  const b = a + rng.between(1, 50);
  switch (test.failKind % 6) {
    case 0:
    case 1: {
      const message = `assert ${a} == ${b}`;
      const body = [
        ...selfLine(test),
        "client = <FlaskClient <Flask 'app'>>",
        'db_session = <sqlalchemy.orm.session.Session object at 0x7f3a2c1b9d90>',
        '',
        ...testSource(test),
        `>       assert resp.json()["total_cents"] == ${b}`,
        `E       ${message}`,
        '',
        `${where}: AssertionError`,
      ];
      return { message: `AssertionError: ${message}`, body: body.join('\n') };
    }
    case 2: {
      const message = `TimeoutError: waited ${rng.pick([5, 10, 30])}.0s for job ${a} to finish`;
      const body = [
        ...selfLine(test),
        '',
        ...testSource(test),
        `>       result = wait_for_job(resp.json()["job_id"], timeout=${rng.pick([5, 10, 30])})`,
        '',
        where,
        '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _',
        '',
        'job_id = 812, timeout = 10',
        '',
        '    def wait_for_job(job_id, timeout):',
        '        deadline = time.monotonic() + timeout',
        '        while time.monotonic() < deadline:',
        '            if jobs.status(job_id) == "done":',
        '                return jobs.result(job_id)',
        '            time.sleep(0.1)',
        `>       raise TimeoutError(f"waited {timeout}.0s for job {job_id} to finish")`,
        `E       ${message}`,
        '',
        'tests/helpers/jobs.py:41: TimeoutError',
      ];
      return { message, body: body.join('\n') };
    }
    case 3: {
      const key = snake([rng.pick(NOUNS)]);
      const message = `KeyError: '${key}'`;
      const body = [
        ...selfLine(test),
        '',
        ...testSource(test),
        '>       summary = build_summary(resp.json())',
        '',
        where,
        '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _',
        '',
        `payload = {'id': ${a}, 'items': [], 'status': 'pending'}`,
        '',
        '    def build_summary(payload):',
        '        items = payload["items"]',
        `>       return {"count": len(items), "${key}": payload["${key}"]}`,
        `E       ${message}`,
        '',
        'app/summary.py:17: KeyError',
      ];
      return { message, body: body.join('\n') };
    }
    default: {
      // A network failure deep in a library: the longest tracebacks a suite writes.
      const message = `requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=${rng.between(5000, 5999)}): Max retries exceeded with url: /v1/${snake([rng.pick(NOUNS)])}s/${a} (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f1e2d3c4b50>: Failed to establish a new connection: [Errno 111] Connection refused'))`;
      const sep = '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _';
      const body = [
        ...selfLine(test),
        '',
        ...testSource(test),
        '>       quote = pricing_client.quote(sku="A-1", qty=2)',
        '',
        where,
        sep,
        'app/clients/pricing.py:52: in quote',
        '    resp = self.session.get(f"{self.base_url}/v1/quotes", params=params, timeout=2)',
        '.venv/lib/python3.12/site-packages/requests/sessions.py:602: in get',
        '    return self.request("GET", url, **kwargs)',
        '.venv/lib/python3.12/site-packages/requests/sessions.py:589: in request',
        '    resp = self.send(prep, **send_kwargs)',
        '.venv/lib/python3.12/site-packages/requests/sessions.py:703: in send',
        '    r = adapter.send(request, **kwargs)',
        sep,
        '',
        'self = <requests.adapters.HTTPAdapter object at 0x7f1e2d3c4a10>',
        'request = <PreparedRequest [GET]>, stream = False',
        'timeout = Timeout(connect=2, read=2, total=None), verify = True, cert = None',
        'proxies = OrderedDict()',
        '',
        '    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):',
        '        ...',
        '        except (ProtocolError, OSError) as err:',
        '            raise ConnectionError(err, request=request)',
        '',
        '        except MaxRetryError as e:',
        '            if isinstance(e.reason, ConnectTimeoutError):',
        '                if not isinstance(e.reason, NewConnectionError):',
        '                    raise ConnectTimeout(e, request=request)',
        '',
        '            if isinstance(e.reason, ResponseError):',
        '                raise RetryError(e, request=request)',
        '',
        '            if isinstance(e.reason, _ProxyError):',
        '                raise ProxyError(e, request=request)',
        '',
        '            if isinstance(e.reason, _SSLError):',
        '                # This branch is for urllib3 v1.22 and later.',
        '                raise SSLError(e, request=request)',
        '',
        '>           raise ConnectionError(e, request=request)',
        `E           ${message}`,
        '',
        '.venv/lib/python3.12/site-packages/requests/adapters.py:700: ConnectionError',
      ];
      return { message, body: body.join('\n') };
    }
  }
}

function setupError(module: PyModule, test: TestSpec): string {
  return [
    '@pytest.fixture(scope="session")',
    '    def db_engine():',
    '        engine = create_engine(os.environ["DATABASE_URL"])',
    '>       with engine.connect() as conn:',
    '',
    'tests/conftest.py:28: ',
    '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _',
    '.venv/lib/python3.12/site-packages/sqlalchemy/engine/base.py:3276: in connect',
    '    return self._connection_cls(self)',
    '.venv/lib/python3.12/site-packages/sqlalchemy/engine/base.py:146: in __init__',
    '    self._dbapi_connection = engine.raw_connection()',
    '.venv/lib/python3.12/site-packages/psycopg/connection.py:748: in connect',
    '    raise last_ex.with_traceback(None)',
    'E   psycopg.OperationalError: connection is bad: Connection refused',
    `E   \tIs the server running on that host and accepting TCP/IP connections? (needed by ${module.path}::${test.name})`,
  ].join('\n');
}
