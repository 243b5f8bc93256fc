/**
 * A GitHub stand-in for end-to-end tests: REST on 127.0.0.1 (every request
 * and response checked against GitHub's OpenAPI description, see rest.ts),
 * the results service @actions/artifact uploads through, and blob storage on
 * a second origin, so redirects to it cross origins as on GitHub.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveDownload } from './blobs.ts';
import { signer, type Env } from './env.ts';
import { faultBook, faultResponse } from './faults.ts';
import { TooLarge, encode, readBody, send, type Reply } from './http.ts';
import { loadSpec } from './openapi.ts';
import { restService } from './rest.ts';
import { resultsService, runtimeToken } from './results.ts';
import type { Site } from './shapes.ts';
import * as store from './state.ts';
import type { Fault, FakeGitHub, RecordedRequest, StartOptions } from './types.ts';

const REST_BODY_LIMIT = 25 * 1024 * 1024;
const BLOB_BODY_LIMIT = 512 * 1024 * 1024;

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function record(req: IncomingMessage, url: URL): RecordedRequest {
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    status: 0,
  };
}

function deliver(res: ServerResponse, rec: RecordedRequest, reply: Reply, fault?: Fault) {
  const { bytes, contentType } = encode(reply);
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k.toLowerCase()] = v;
  rec.status = reply.status;
  send(res, reply.status, headers, bytes, fault?.truncate === true);
}

export async function startFakeGitHub(opts: StartOptions = {}): Promise<FakeGitHub> {
  loadSpec();
  const owner = opts.owner ?? 'octo-org';
  const repo = opts.repo ?? 'octo-repo';
  const state = store.newState();
  const faults = faultBook();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const injected: string[] = [];

  const apiServer = http.createServer();
  const blobServer = http.createServer();
  const apiPort = await listen(apiServer);
  const blobPort = await listen(blobServer);
  const site: Site = {
    api: `http://127.0.0.1:${apiPort}`,
    web: `http://github.localhost:${apiPort}`,
    owner,
    repo,
    repoId: 700_001,
    ownerId: 900_001,
  };
  const env: Env = {
    site,
    state,
    signer: signer(),
    blobOrigin: `http://127.0.0.1:${blobPort}`,
    violate: (m) => violations.push(m),
  };
  const results = resultsService(env);
  const rest = restService({ env, token: opts.token ?? 'ghs_fake', faults, injected });

  /** Faults for the services the description does not cover: always "injected". */
  function takeFault(rec: RecordedRequest): Fault | undefined {
    const fault = faults.take(rec.method, rec.path);
    if (fault) {
      rec.fault = true;
      injected.push(`${rec.method} ${rec.path}: ${fault.status} (fault)`);
    }
    return fault;
  }

  async function onApi(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', site.api);
    const rec = record(req, url);
    requests.push(rec);
    const raw = await readBody(req, REST_BODY_LIMIT);
    if (!url.pathname.startsWith('/twirp/')) {
      const { reply, fault } = rest(req, url, raw, rec);
      return deliver(res, rec, reply, fault);
    }
    try {
      rec.body = JSON.parse(raw.toString('utf8'));
    } catch {
      rec.body = undefined;
    }
    const fault = takeFault(rec);
    let reply: Reply & { operationId?: string };
    if (fault && !fault.truncate) reply = faultResponse(fault);
    else if (rec.method !== 'POST') {
      violations.push(`${rec.method} ${url.pathname}: twirp takes POST only`);
      reply = { status: 404, body: { code: 'bad_route', msg: 'POST only' } };
    } else reply = results.twirp(url.pathname, req.headers, raw);
    rec.operationId = reply.operationId ?? `twirp:${url.pathname.split('/').pop() ?? ''}`;
    if (fault?.truncate) reply = { ...reply, status: fault.status };
    deliver(res, rec, reply, fault);
  }

  async function onBlob(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', env.blobOrigin);
    const rec = record(req, url);
    requests.push(rec);
    const raw = await readBody(req, BLOB_BODY_LIMIT);
    const fault = takeFault(rec);
    let reply: Reply & { operationId?: string };
    if (fault && !fault.truncate) reply = faultResponse(fault);
    else if (rec.method === 'GET') reply = serveDownload(env, url, req.headers);
    else if (rec.method === 'PUT') reply = results.put(url, req.headers, raw);
    else {
      violations.push(`${rec.method} ${url.pathname}: blob storage here takes GET and PUT`);
      reply = { status: 405 };
    }
    rec.operationId = reply.operationId ?? `blob:${rec.method.toLowerCase()}`;
    if (fault?.truncate) reply = { ...reply, status: fault.status };
    deliver(res, rec, reply, fault);
  }

  // A crash in the fake must fail the test that caused it, not hang the client.
  const guard =
    (fn: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse) => {
      fn(req, res).catch((err: unknown) => {
        if (err instanceof TooLarge) {
          violations.push(`${req.method} ${req.url}: ${err.message}`);
          if (!res.headersSent) res.writeHead(413).end();
          return;
        }
        violations.push(`fake-github failed on ${req.method} ${req.url}: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    };
  apiServer.on('request', guard(onApi));
  blobServer.on('request', guard(onBlob));

  return {
    apiUrl: site.api,
    serverUrl: site.web,
    resultsUrl: `${site.api}/`,
    blobUrl: env.blobOrigin,
    runtimeToken,
    owner,
    repo,
    addRun: (run) => store.addRun(state, run),
    addArtifact: (a) => store.addArtifact(state, a),
    setPullFiles: (pull, files) => void state.pullFiles.set(pull, [...files]),
    setCompare: (base, head, files) => void state.compares.set(`${base}...${head}`, [...files]),
    addJobs: (runId, jobs) => store.addJobs(state, runId, jobs),
    fault: (f) => faults.add(f),
    requests,
    violations,
    injected,
    checkRuns: state.checkRuns,
    uploaded: state.uploaded,
    close: async () => {
      await Promise.all([close(apiServer), close(blobServer)]);
    },
  };
}
