/**
 * The blob-storage side: a second origin, like GitHub's, where signed URLs
 * serve artifact zips without authentication and take uploads.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from './env.ts';
import type { ServiceReply } from './results.ts';

const PREFIX = '/_blob/';

/** The Location the REST download route redirects to. */
export function downloadUrl(env: Env, artifactId: number): string {
  const se = new Date(Date.now() + 60_000).toISOString();
  return `${env.blobOrigin}${PREFIX}${artifactId}?se=${encodeURIComponent(se)}&sp=r&sig=${env.signer.sign(`get:${artifactId}`)}`;
}

const xmlError = (status: number, code: string) => ({
  status,
  headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
  body: Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
  ),
});

export function serveDownload(env: Env, url: URL, headers: IncomingHttpHeaders): ServiceReply {
  const operationId = 'blob:download';
  const id = url.pathname.slice(PREFIX.length);
  // Blob storage refuses a SAS URL that also carries credentials; clients must drop the token.
  if (headers.authorization !== undefined) {
    env.violate(`${operationId}: GET ${url.pathname} sent an Authorization header to blob storage`);
    return { operationId, ...xmlError(400, 'InvalidAuthenticationInfo') };
  }
  if (
    !url.pathname.startsWith(PREFIX) ||
    !env.signer.verify(`get:${id}`, url.searchParams.get('sig'))
  ) {
    env.violate(`${operationId}: GET ${url.pathname} is not a signed URL this server handed out`);
    return { operationId, ...xmlError(403, 'AuthenticationFailed') };
  }
  const artifact = env.state.artifacts.find((a) => String(a.id) === id);
  if (!artifact) return { operationId, ...xmlError(404, 'BlobNotFound') };
  return {
    operationId,
    status: 200,
    headers: {
      'content-type': 'application/zip',
      'x-ms-blob-type': 'BlockBlob',
      'last-modified': new Date().toUTCString(),
    },
    body: artifact.zip,
  };
}
