/**
 * The REST client: the toolkit's octokit with the official retry and
 * throttling plugins (the toolkit has neither), and a request budget so that
 * one assessment never spends the repository's shared hourly allowance.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type Client = ReturnType<typeof getOctokit>;

/** Thrown by a request made after the budget ran out; callers go on with what they have. */
export class BudgetExhausted extends Error {
  readonly budget: number;
  constructor(budget: number) {
    super(`the request budget of ${budget} REST requests for this run is spent`);
    this.budget = budget;
  }
}

export interface ClientOptions {
  token: string;
  /** Most REST requests this run may make (each retry counts). */
  budget: number;
  /** Most times one request waits out a rate limit before giving up. */
  rateLimitRetries?: number;
  warn(message: string): void;
  /** Base URL override (tests); the toolkit reads GITHUB_API_URL otherwise. */
  baseUrl?: string;
}

export interface BudgetedClient {
  client: Client;
  /** Requests made so far, retries included. */
  spent(): number;
  budget: number;
}

export function createClient(opts: ClientOptions): BudgetedClient {
  const maxWaits = opts.rateLimitRetries ?? 3;
  let spent = 0;
  const wait =
    (what: string) =>
    (after: number, o: { method: string; url: string }, _o: unknown, n: number): boolean => {
      if (n >= maxWaits) return false;
      opts.warn(`GitHub ${what} on ${o.method} ${o.url}: waiting ${after} s as asked`);
      return true;
    };
  const client = getOctokit(
    opts.token,
    {
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      // Wait as GitHub asks (Retry-After / x-ratelimit-reset), a bounded number of times.
      throttle: {
        onRateLimit: wait('rate limit'),
        onSecondaryRateLimit: wait('secondary rate limit'),
      },
      // 5xx and network errors are retried with backoff; 4xx answers are final.
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    },
    retry,
    throttling,
  );
  client.hook.wrap('request', async (request, options) => {
    if (spent >= opts.budget) throw new BudgetExhausted(opts.budget);
    spent++;
    return request(options);
  });
  return { client, spent: () => spent, budget: opts.budget };
}
