/**
 * The Actions results service as @actions/artifact v6 uploads through it:
 * twirp CreateArtifact -> Azure block-blob PUTs to the signed URL ->
 * FinalizeArtifact. Not in the REST description, so checked by hand against
 * what the client library sends (lib/internal/upload, the generated twirp
 * client: request fields use the proto names, e.g. workflow_run_backend_id).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from './env.ts';
import type { Reply } from './http.ts';
import { addArtifact, nextId } from './state.ts';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';
const CONTAINER = '/fakeaccount/actions-results/';

export interface ServiceReply extends Reply {
  operationId: string;
}

interface Upload {
  key: string;
  runBackendId: string;
  jobBackendId: string;
  name: string;
  mimeType?: string;
  blocks: Map<string, Buffer>;
  committed?: Buffer;
  contentType?: string;
  finalized: boolean;
}

const b64json = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An unsigned JWT like the runner's ACTIONS_RUNTIME_TOKEN (the client decodes it, never verifies). */
export function runtimeToken(runId: number, jobId = 1): string {
  const payload = {
    scp: `Actions.GenericRead:${runId} Actions.Results:${runId}:${jobId}`,
    iss: 'fake-github',
    exp: Math.floor(Date.now() / 1000) + 6 * 3600,
  };
  return `${b64json({ typ: 'JWT', alg: 'none' })}.${b64json(payload)}.`;
}

function backendIds(authorization: string | undefined): { run: string; job: string } | undefined {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  try {
    const claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString()) as {
      scp?: string;
    };
    for (const scope of (claims.scp ?? '').split(' ')) {
      const [kind, run, job, ...rest] = scope.split(':');
      if (kind === 'Actions.Results' && run && job && rest.length === 0) return { run, job };
    }
  } catch {
    // falls through: not a JWT
  }
  return undefined;
}

const twirpError = (status: number, code: string, msg: string): Reply => ({
  status,
  body: { code, msg },
});

/** protobuf JSON: parsers accept the proto name and the lowerCamel name. */
function field(body: Record<string, unknown>, proto: string): unknown {
  const camel = proto.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
  return body[proto] ?? body[camel];
}

export function resultsService(env: Env) {
  const uploads = new Map<string, Upload>();

  function createArtifact(body: Record<string, unknown>, ids: { run: string; job: string }): Reply {
    const run = field(body, 'workflow_run_backend_id');
    const job = field(body, 'workflow_job_run_backend_id');
    const name = field(body, 'name');
    if (run !== ids.run || job !== ids.job) {
      env.violate(
        `CreateArtifact: backend ids ${String(run)}/${String(job)} differ from the token's ${ids.run}/${ids.job}`,
      );
      return twirpError(403, 'permission_denied', 'backend ids do not match the token');
    }
    if (typeof name !== 'string' || name === '') {
      env.violate('CreateArtifact: no artifact name');
      return twirpError(400, 'invalid_argument', 'name is required');
    }
    if (typeof field(body, 'version') !== 'number')
      env.violate('CreateArtifact: version is not a number');
    // v4+ artifacts are immutable: one name per run.
    if ([...uploads.values()].some((u) => u.runBackendId === run && u.name === name && u.finalized))
      return twirpError(
        409,
        'already_exists',
        `an artifact with this name already exists on the workflow run`,
      );
    const key = randomUUID();
    const mime = field(body, 'mime_type');
    uploads.set(key, {
      key,
      runBackendId: run,
      jobBackendId: job,
      name,
      mimeType: typeof mime === 'string' ? mime : undefined,
      blocks: new Map(),
      finalized: false,
    });
    const url = `${env.blobOrigin}${CONTAINER}${key}/artifact.zip?sv=2024-11-04&sp=cw&sr=b&sig=${env.signer.sign(`upload:${key}`)}`;
    return { status: 200, body: { ok: true, signedUploadUrl: url } };
  }

  function finalizeArtifact(
    body: Record<string, unknown>,
    ids: { run: string; job: string },
  ): Reply {
    const name = field(body, 'name');
    const upload = [...uploads.values()].find(
      (u) =>
        u.runBackendId === ids.run && u.jobBackendId === ids.job && u.name === name && !u.finalized,
    );
    if (!upload?.committed) {
      env.violate(`FinalizeArtifact: nothing uploaded and committed for ${JSON.stringify(name)}`);
      return twirpError(404, 'not_found', 'no committed upload for this artifact');
    }
    const bytes = upload.committed;
    if (String(field(body, 'size')) !== String(bytes.length))
      env.violate(
        `FinalizeArtifact: size ${String(field(body, 'size'))} but ${bytes.length} bytes were committed`,
      );
    const hash = field(body, 'hash');
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (hash !== undefined && hash !== digest)
      env.violate(`FinalizeArtifact: hash ${String(hash)} is not ${digest}`);
    if (upload.mimeType && upload.contentType && upload.mimeType !== upload.contentType)
      env.violate(
        `FinalizeArtifact: blob stored as ${upload.contentType}, created as ${upload.mimeType}`,
      );
    const runId = Number(ids.run);
    if (!Number.isSafeInteger(runId))
      env.violate(`FinalizeArtifact: run backend id ${ids.run} is not a run id`);
    upload.finalized = true;
    const artifact = { id: nextId(env.state), runId, name: upload.name, zip: bytes };
    addArtifact(env.state, artifact, new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
    env.state.uploaded.push(artifact);
    return { status: 200, body: { ok: true, artifactId: String(artifact.id) } };
  }

  /** POST /twirp/...: `raw` is the request body. */
  function twirp(pathname: string, headers: IncomingHttpHeaders, raw: Buffer): ServiceReply {
    const method = pathname.startsWith(SERVICE) ? pathname.slice(SERVICE.length) : pathname;
    const operationId = `twirp:${method}`;
    const ids = backendIds(headers.authorization);
    if (!ids) {
      env.violate(`${operationId}: no Bearer ACTIONS_RUNTIME_TOKEN with an Actions.Results scope`);
      return { operationId, ...twirpError(401, 'unauthenticated', 'invalid token') };
    }
    if (!(headers['content-type'] ?? '').startsWith('application/json')) {
      env.violate(
        `${operationId}: content-type ${String(headers['content-type'])} is not application/json`,
      );
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      env.violate(`${operationId}: body is not JSON`);
      return { operationId, ...twirpError(400, 'malformed', 'body is not JSON') };
    }
    if (method === 'CreateArtifact') return { operationId, ...createArtifact(body, ids) };
    if (method === 'FinalizeArtifact') return { operationId, ...finalizeArtifact(body, ids) };
    env.violate(`${operationId}: not served by the fake (upload only)`);
    return { operationId, ...twirpError(404, 'bad_route', `no handler for ${method}`) };
  }

  const blobHeaders = () => ({
    etag: `"0x${randomUUID().replace(/-/g, '').slice(0, 15).toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2025-01-05',
    'x-ms-request-server-encrypted': 'true',
    date: new Date().toUTCString(),
  });

  const azureError = (status: number, code: string): Reply => ({
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
    body: Buffer.from(
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
    ),
  });

  /** PUT on the blob origin: Put Block, Put Block List, or a single-shot Put Blob. */
  function put(url: URL, headers: IncomingHttpHeaders, raw: Buffer): ServiceReply {
    const key = url.pathname.startsWith(CONTAINER)
      ? (url.pathname.slice(CONTAINER.length).split('/')[0] ?? '')
      : '';
    const upload = uploads.get(key);
    const comp = url.searchParams.get('comp');
    const operationId = `blob:${comp === 'block' ? 'put-block' : comp === 'blocklist' ? 'put-block-list' : 'put-blob'}`;
    if (!upload || !env.signer.verify(`upload:${key}`, url.searchParams.get('sig'))) {
      env.violate(`${operationId}: not a signed upload URL handed out by CreateArtifact`);
      return { operationId, ...azureError(403, 'AuthenticationFailed') };
    }
    if (headers.authorization !== undefined)
      env.violate(`${operationId}: sent an Authorization header with a SAS URL`);
    if (upload.finalized) {
      env.violate(`${operationId}: upload already finalized`);
      return { operationId, ...azureError(409, 'BlobImmutable') };
    }
    if (comp === 'block') {
      const id = url.searchParams.get('blockid');
      if (!id) return { operationId, ...azureError(400, 'InvalidQueryParameterValue') };
      upload.blocks.set(id, raw);
      return { operationId, status: 201, headers: blobHeaders() };
    }
    if (comp === 'blocklist') {
      const ids = [
        ...raw.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g),
      ].map((m) => m[2] ?? '');
      const missing = ids.filter((id) => !upload.blocks.has(id));
      if (missing.length > 0) {
        env.violate(`${operationId}: commits ${missing.length} block(s) never staged`);
        return { operationId, ...azureError(400, 'InvalidBlockList') };
      }
      upload.committed = Buffer.concat(ids.map((id) => upload.blocks.get(id) as Buffer));
      upload.contentType = headers['x-ms-blob-content-type'] as string | undefined;
      return { operationId, status: 201, headers: blobHeaders() };
    }
    if (comp === null && headers['x-ms-blob-type'] === 'BlockBlob') {
      upload.committed = raw;
      upload.contentType = (headers['x-ms-blob-content-type'] ?? headers['content-type']) as
        string | undefined;
      return { operationId, status: 201, headers: blobHeaders() };
    }
    env.violate(`${operationId}: unsupported blob PUT (comp=${String(comp)})`);
    return { operationId, ...azureError(400, 'UnsupportedQueryParameter') };
  }

  return { twirp, put };
}
