/**
 * Scripted failures: rules are tried in the order given, before normal
 * routing, and each serves `times` requests (default 1). Helpers build the
 * faults GitHub really produces.
 */
import { DOCS, ghError } from './shapes.ts';
import type { Fault } from './types.ts';

export interface FaultBook {
  add(f: Fault): void;
  /** The first live rule for this request, used up by one. */
  take(method: string, pathname: string): Fault | undefined;
}

export function faultBook(): FaultBook {
  const rules: { fault: Fault; left: number }[] = [];
  const fits = (f: Fault, method: string, pathname: string) =>
    (!f.method || f.method.toUpperCase() === method) &&
    (f.path === undefined ||
      (typeof f.path === 'string'
        ? pathname.includes(f.path)
        : // A copy without g/y: those keep lastIndex from one test() to the next.
          new RegExp(f.path.source, f.path.flags.replace(/[gy]/g, '')).test(pathname)));
  return {
    add(f) {
      rules.push({ fault: f, left: f.times ?? 1 });
    },
    take(method, pathname) {
      const rule = rules.find((r) => r.left > 0 && fits(r.fault, method, pathname));
      if (!rule) return undefined;
      rule.left -= 1;
      return rule.fault;
    },
  };
}

const DEFAULT_MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  410: 'Artifact has expired',
  429: 'API rate limit exceeded for installation.',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

/** Status, headers and body a fault answers with (defaults like GitHub's). */
export function faultResponse(f: Fault): {
  status: number;
  headers: Record<string, string>;
  body: unknown;
} {
  const headers: Record<string, string> = {};
  if (f.status === 429) {
    // A primary limit: nothing left until reset (a second from now, so clients wait briefly).
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + 1);
    headers['retry-after'] = '1';
  }
  for (const [k, v] of Object.entries(f.headers ?? {})) headers[k.toLowerCase()] = v;
  const body =
    f.body !== undefined ? f.body : ghError(DEFAULT_MESSAGES[f.status] ?? `Fault ${f.status}`);
  return { status: f.status, headers, body };
}

type Where = Pick<Fault, 'method' | 'path' | 'times'>;

/** 403 with GitHub's secondary-rate-limit message and Retry-After: 1. */
export const secondaryRateLimit = (where: Where = {}): Fault => ({
  ...where,
  status: 403,
  headers: { 'retry-after': '1' },
  body: ghError(
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
  ),
});

/** 429 with x-ratelimit-remaining: 0 and Retry-After: 1. */
export const rateLimited = (where: Where = {}): Fault => ({ ...where, status: 429 });

/** What a read-only token (fork pull request) gets on writes. */
export const notAccessible = (where: Where = {}): Fault => ({
  ...where,
  status: 403,
  body: ghError('Resource not accessible by integration', `${DOCS}/checks/runs#create-a-check-run`),
});

export const badGateway = (where: Where = {}): Fault => ({ ...where, status: 502 });

/** Full content-length, half the bytes, then a reset. */
export const truncated = (where: Where = {}): Fault => ({ ...where, status: 200, truncate: true });
