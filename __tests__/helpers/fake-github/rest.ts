/**
 * One REST request, start to finish: match it to an operation of GitHub's
 * description, check it, answer it (fault, auth, route), and check the
 * answer before it leaves.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { downloadUrl } from './blobs.ts';
import type { Env } from './env.ts';
import { faultResponse, type FaultBook } from './faults.ts';
import { encode, type Reply } from './http.ts';
import {
  matchOperation,
  requestProblems,
  responseProblems,
  type OperationMatch,
} from './openapi.ts';
import { actionsRoutes } from './routes-actions.ts';
import { checkRoutes } from './routes-checks.ts';
import { repoRoutes } from './routes-repo.ts';
import { type Handler, type RestReply, notFound } from './route-types.ts';
import { ghError } from './shapes.ts';
import type { Fault, RecordedRequest } from './types.ts';

const routes: Record<string, Handler> = { ...actionsRoutes, ...repoRoutes, ...checkRoutes };

// GITHUB_TOKEN's primary limit: 1,000 requests an hour per repository.
const RATE_LIMIT = 1000;

export interface RestDeps {
  env: Env;
  token: string;
  faults: FaultBook;
  injected: string[];
}

export interface Served {
  reply: Reply;
  fault?: Fault;
}

const lower = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

/** Headers GitHub puts on every REST answer, the rate-limit ones counting down. */
function rateHeaders() {
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  let used = 0;
  return (): Record<string, string> => {
    used += 1;
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - used)),
      'x-ratelimit-reset': reset,
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomUUID().toUpperCase(),
    };
  };
}

function answer(
  d: RestDeps,
  m: OperationMatch,
  req: IncomingMessage,
  url: URL,
  body: unknown,
  bodyBad: boolean,
  fault: Fault | undefined,
): RestReply {
  const { env } = d;
  const where = `${req.method} ${url.pathname}`;
  if (fault && !fault.truncate) return faultResponse(fault);
  const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (auth !== d.token) {
    env.violate(
      `${where}: ${auth === undefined ? 'no' : 'wrong'} token in the Authorization header`,
    );
    return { status: 401, body: ghError('Bad credentials'), undeclaredOk: true };
  }
  const { owner, repo } = env.site;
  if (
    (m.params.owner !== undefined && m.params.owner.toLowerCase() !== owner.toLowerCase()) ||
    (m.params.repo !== undefined && m.params.repo.toLowerCase() !== repo.toLowerCase())
  ) {
    env.violate(`${where}: the fake serves only ${owner}/${repo}`);
    return notFound();
  }
  // Already recorded as a violation; GitHub refuses such bodies.
  if (bodyBad) return { status: 422, body: ghError('Validation Failed'), undeclaredOk: true };
  const handler = routes[m.operationId];
  if (!handler) {
    env.violate(`${where}: ${m.operationId} is not implemented by the fake`);
    return notFound();
  }
  return handler({
    site: env.site,
    state: env.state,
    url,
    params: m.params,
    body,
    downloadUrl: (id) => downloadUrl(env, id),
    violate: (msg) => env.violate(`${where}: ${msg}`),
  });
}

/** Decoded JSON of what `reply` puts on the wire, undefined for no (or non-JSON) body. */
function wireJson(reply: Reply): unknown {
  const { bytes, contentType } = encode(reply);
  if (bytes.length === 0 || !contentType?.startsWith('application/json')) return undefined;
  return JSON.parse(bytes.toString('utf8'));
}

export function restService(d: RestDeps) {
  const nextHeaders = rateHeaders();
  const { env } = d;

  return function serveRest(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
    rec: RecordedRequest,
  ): Served {
    const where = `${rec.method} ${url.pathname}`;
    const headers = nextHeaders();
    const withHeaders = (r: Reply): Reply => ({
      ...r,
      headers: { ...headers, ...lower(r.headers ?? {}) },
    });
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        env.violate(`${where}: body is not JSON`);
        return { reply: withHeaders({ status: 400, body: ghError('Problems parsing JSON') }) };
      }
    }
    rec.body = body;
    const found = matchOperation(rec.method, url.pathname);
    if (found.kind !== 'operation') {
      env.violate(
        found.kind === 'no-method'
          ? `${where}: ${found.template} has no ${rec.method} operation in GitHub's description`
          : `${where}: no operation in GitHub's description`,
      );
      return { reply: withHeaders({ status: 404, body: ghError('Not Found') }) };
    }
    const m = found.match;
    rec.operationId = m.operationId;
    const problems = requestProblems(m, url.searchParams, body);
    for (const p of [...problems.params, ...problems.body])
      env.violate(`${where} (${m.operationId}): ${p}`);
    const fault = d.faults.take(rec.method, url.pathname);
    if (fault) rec.fault = true;
    let reply: RestReply = answer(d, m, req, url, body, problems.body.length > 0, fault);
    if (fault?.truncate) reply = { ...reply, status: fault.status };
    const out = withHeaders(reply);
    const ctype = encode(reply).contentType;
    const outHeaders = { ...(ctype ? { 'content-type': ctype } : {}), ...out.headers };
    const check = responseProblems(
      m,
      reply.status,
      outHeaders['content-type'],
      wireJson(reply),
      outHeaders,
    );
    if (check.declared) {
      for (const p of check.problems) env.violate(`${where}: ${p}`);
    } else if (fault || reply.undeclaredOk) {
      d.injected.push(
        `${where}: ${reply.status}${fault ? ' (fault)' : ''}, not declared by ${m.operationId}`,
      );
    } else {
      env.violate(`${where}: ${m.operationId} declares no ${reply.status} response`);
    }
    return { reply: out, fault };
  };
}
