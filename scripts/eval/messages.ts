/**
 * Failure texts the simulator writes into reports, one family per true cause.
 * They are shaped like vitest's output (type, first message line, a stack with
 * a frame in the test file) and carry volatile parts (ports, durations, temp
 * paths, ids) so that signature normalisation has real work to do.
 *
 * The families deliberately overlap where real CI overlaps: a regression that
 * breaks a service's start-up says "connect ECONNREFUSED" like a flaky network
 * test, and a regression that hangs says "Test timed out" like a slow flaky
 * test. Message evidence alone must not be able to separate them.
 */
import type { FailureDetail } from '../../src/model/report.ts';
import type { Rng } from './prng.ts';

/** How a flaky test fails when it flakes (fixed per test). */
export type FlakeKind =
  'timeout' | 'network' | 'dns' | 'race' | 'time' | 'unordered' | 'resource' | 'rate-limit';

/** How a regression shows (drawn per regressed test). */
export type RegressionKind =
  | 'assertion'
  | 'null-deref'
  | 'timeout'
  | 'network'
  | 'crash'
  | 'missing-module'
  | 'not-a-function'
  | 'missing-export';

/** How a test broken on the base branch fails (fixed per test). */
export type BrokenKind = 'assertion' | 'missing-module' | 'null-deref';

export type InfraKind = 'disk' | 'runner' | 'killed';

export const FLAKE_KINDS: readonly (readonly [FlakeKind, number])[] = [
  ['timeout', 30],
  ['network', 15],
  ['dns', 5],
  ['race', 20],
  ['time', 8],
  ['unordered', 10],
  ['resource', 7],
  ['rate-limit', 5],
];

/** Regression message mix for code changes (tests, sources, shared modules). */
export const CODE_REGRESSION_KINDS: readonly (readonly [RegressionKind, number])[] = [
  ['assertion', 45],
  ['null-deref', 20],
  ['timeout', 10],
  ['network', 12],
  ['crash', 5],
  ['not-a-function', 8],
];

/** Regression message mix for dependency bumps and build-file changes. */
export const DEPENDENCY_REGRESSION_KINDS: readonly (readonly [RegressionKind, number])[] = [
  ['assertion', 25],
  ['null-deref', 10],
  ['timeout', 8],
  ['network', 12],
  ['crash', 5],
  ['missing-module', 15],
  ['not-a-function', 15],
  ['missing-export', 10],
];

const WORDS = ['total', 'status', 'count', 'name', 'email', 'price', 'items', 'token', 'state'];
const PACKAGES = ['lodash-es', 'date-fns', 'pg', 'ioredis', 'undici', 'zod', 'yaml', 'uuid'];

function frame(file: string, rng: Rng): string {
  return `    at ${`${['', 'home', 'runner', 'work', 'app', 'app'].join('/')}/${file}`}:${rng.between(5, 400)}:${rng.between(3, 40)}`;
}

function detail(type: string, message: string, file: string, rng: Rng, extra = ''): FailureDetail {
  const head = type === '' ? message : `${type}: ${message}`;
  return {
    type,
    message,
    stack: `${head}\n${extra}${frame(file, rng)}\n${frame('node_modules/@vitest/runner/dist/index.js', rng)}`,
  };
}

function mismatch(rng: Rng): [string, string] {
  if (rng.chance(0.5)) {
    const a = rng.between(0, 500);
    return [String(a), String(a + rng.between(1, 9))];
  }
  const w = rng.pick(WORDS);
  return [`'${w}-${rng.hex(4)}'`, `'${w}-${rng.hex(4)}'`];
}

export function flakeFailure(kind: FlakeKind, file: string, rng: Rng): FailureDetail {
  switch (kind) {
    case 'timeout':
      return detail(
        'Error',
        `Test timed out in ${rng.pick([5000, 10000, 15000])}ms.`,
        file,
        rng,
        'If this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".\n',
      );
    case 'network':
      return detail(
        'Error',
        rng.chance(0.5)
          ? `connect ECONNREFUSED 127.0.0.1:${rng.between(30000, 60000)}`
          : 'read ECONNRESET',
        file,
        rng,
      );
    case 'dns':
      return detail(
        'Error',
        `getaddrinfo EAI_AGAIN api-${rng.between(1, 9)}.sandbox.test`,
        file,
        rng,
      );
    case 'race': {
      const n = rng.between(2, 9);
      return detail(
        'AssertionError',
        `expected ${n - 1} to be ${n} // Object.is equality`,
        file,
        rng,
      );
    }
    case 'time': {
      const d = rng.between(10, 28);
      return detail(
        'AssertionError',
        `expected '2024-03-${d}T23:00:00.000Z' to be '2024-03-${d + 1}T00:00:00.000Z'`,
        file,
        rng,
      );
    }
    case 'unordered':
      return detail(
        'AssertionError',
        "expected [ 'beta', 'alpha', 'gamma' ] to deeply equal [ 'alpha', 'beta', 'gamma' ]",
        file,
        rng,
      );
    case 'resource':
      return detail(
        'Error',
        `EMFILE: too many open files, open '/tmp/vitest-${rng.hex(8)}/fixture.json'`,
        file,
        rng,
      );
    case 'rate-limit':
      return detail('Error', 'Request failed with status code 429 (Too Many Requests)', file, rng);
  }
}

export function regressionFailure(kind: RegressionKind, file: string, rng: Rng): FailureDetail {
  switch (kind) {
    case 'assertion': {
      const [a, b] = mismatch(rng);
      return detail('AssertionError', `expected ${a} to be ${b} // Object.is equality`, file, rng);
    }
    case 'null-deref':
      return detail(
        'TypeError',
        `Cannot read properties of undefined (reading '${rng.pick(WORDS)}')`,
        file,
        rng,
      );
    case 'timeout':
      return detail('Error', `Test timed out in ${rng.pick([5000, 10000])}ms.`, file, rng);
    case 'network':
      // A service the test starts failed to come up: the client sees a refused connection.
      return detail(
        'Error',
        `connect ECONNREFUSED 127.0.0.1:${rng.between(3000, 9000)}`,
        file,
        rng,
      );
    case 'crash':
      return detail('RangeError', 'Maximum call stack size exceeded', file, rng);
    case 'missing-module':
      return detail(
        'Error',
        `Cannot find module '${rng.pick(PACKAGES)}/${rng.pick(['fp', 'esm', 'lib/index.js'])}'`,
        file,
        rng,
      );
    case 'not-a-function':
      return detail('TypeError', `client.${rng.pick(WORDS)}Async is not a function`, file, rng);
    case 'missing-export':
      return detail(
        'SyntaxError',
        `The requested module '${rng.pick(PACKAGES)}' does not provide an export named 'default'`,
        file,
        rng,
      );
  }
}

export function brokenFailure(kind: BrokenKind, file: string, rng: Rng): FailureDetail {
  switch (kind) {
    case 'assertion':
      return detail('AssertionError', 'expected 404 to be 200 // Object.is equality', file, rng);
    case 'missing-module':
      return detail('Error', "Cannot find module '../fixtures/legacy-schema.json'", file, rng);
    case 'null-deref':
      return detail('TypeError', "Cannot read properties of null (reading 'config')", file, rng);
  }
}

/** An order-dependent victim sees state a polluter left behind. */
export function orderFailure(file: string, rng: Rng): FailureDetail {
  return rng.chance(0.5)
    ? detail(
        'AssertionError',
        `expected ${rng.between(1, 4)} to be 0 // Object.is equality`,
        file,
        rng,
      )
    : detail(
        'Error',
        `duplicate key value violates unique constraint "users_email_key" (id ${rng.between(100, 999)})`,
        file,
        rng,
      );
}

export function infraFailure(kind: InfraKind, file: string, rng: Rng): FailureDetail {
  switch (kind) {
    case 'disk':
      return detail(
        'Error',
        `ENOSPC: no space left on device, write '/tmp/vitest-${rng.hex(8)}/cache.db'`,
        file,
        rng,
      );
    case 'runner':
      return detail('', 'The runner has received a shutdown signal.', file, rng);
    case 'killed':
      return detail(
        'Error',
        'Worker terminated: process killed by signal 9 (exit code 137)',
        file,
        rng,
      );
  }
}
