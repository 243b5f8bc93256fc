/**
 * Artifacts of workflow runs: listed and downloaded through the REST API
 * (with the retry and throttling plugins), extracted with a bounded unzip;
 * uploaded with @actions/artifact. @actions/artifact's own download retries
 * blindly, trusts zip headers and leaves partial files (github-facts.md).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import picomatch from 'picomatch';
import type { Client } from './client.ts';
import { extractZip, UnzipError, type UnzipLimits } from './unzip.ts';

export interface Repo {
  owner: string;
  repo: string;
}

export interface ArtifactRef {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
  runId: number;
}

export interface DownloadLimits extends UnzipLimits {
  /** Largest archive downloaded, checked against the listed size and while streaming. */
  maxZipBytes: number;
  /** Seconds one blob download may take. */
  timeoutS?: number;
}

export type DownloadResult =
  | { ok: true; dir: string; files: string[] }
  | { ok: false; reason: 'expired' | 'too-large' | 'unavailable' | 'corrupt'; message: string };

/** Artifacts of a run whose name matches `pattern` (a name or a glob). */
export async function listRunArtifacts(
  client: Client,
  repo: Repo,
  runId: number,
  pattern: string,
): Promise<ArtifactRef[]> {
  const match = picomatch(pattern, { dot: true });
  const all = await client.paginate(client.rest.actions.listWorkflowRunArtifacts, {
    ...repo,
    run_id: runId,
    per_page: 100,
  });
  return all
    .filter((a) => match(a.name))
    .map((a) => ({
      id: a.id,
      name: a.name,
      sizeInBytes: a.size_in_bytes,
      expired: a.expired,
      runId,
    }));
}

/** Downloads and extracts one artifact into `dir` (which must not exist). Never throws for the artifact's faults. */
export async function downloadArtifact(
  client: Client,
  repo: Repo,
  a: ArtifactRef,
  dir: string,
  limits: DownloadLimits,
): Promise<DownloadResult> {
  const label = `artifact ${JSON.stringify(a.name)} (id ${a.id}, run ${a.runId})`;
  if (a.expired) return { ok: false, reason: 'expired', message: `${label} has expired` };
  if (a.sizeInBytes > limits.maxZipBytes)
    return {
      ok: false,
      reason: 'too-large',
      message: `${label} is ${a.sizeInBytes} bytes, over the ${limits.maxZipBytes}-byte limit; not downloaded`,
    };
  let location: string | undefined;
  try {
    // Manual redirect: the blob URL is fetched without the token (storage rejects it, and it must not leak).
    const res = await client.request(
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
      {
        ...repo,
        artifact_id: a.id,
        archive_format: 'zip',
        request: { redirect: 'manual' },
      },
    );
    location = (res.headers as Record<string, string | undefined>).location;
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 410)
      return { ok: false, reason: 'expired', message: `${label} has expired (410)` };
    return { ok: false, reason: 'unavailable', message: `${label}: ${(e as Error).message}` };
  }
  if (!location)
    return { ok: false, reason: 'unavailable', message: `${label}: no download URL in the answer` };
  const zip = `${dir}.zip`;
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    const res = await fetch(location, {
      signal: AbortSignal.timeout((limits.timeoutS ?? 300) * 1000),
    });
    if (!res.ok || !res.body)
      return {
        ok: false,
        reason: 'unavailable',
        message: `${label}: download answered ${res.status}`,
      };
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > limits.maxZipBytes)
      return {
        ok: false,
        reason: 'too-large',
        message: `${label}: ${declared} bytes, over the limit`,
      };
    let seen = 0;
    const counted = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream).on(
      'data',
      (c: Buffer) => {
        seen += c.length;
        if (seen > limits.maxZipBytes)
          counted.destroy(new Error(`over the ${limits.maxZipBytes}-byte limit`));
      },
    );
    try {
      await pipeline(counted, createWriteStream(zip, { mode: 0o600 }));
    } catch (e) {
      if (seen > limits.maxZipBytes)
        return { ok: false, reason: 'too-large', message: `${label}: ${(e as Error).message}` };
      const of = Number.isFinite(declared) ? ` of ${declared}` : '';
      return {
        ok: false,
        reason: 'corrupt',
        message: `${label}: truncated download (${seen}${of} bytes): ${(e as Error).message}`,
      };
    }
    if (Number.isFinite(declared) && seen !== declared)
      return {
        ok: false,
        reason: 'corrupt',
        message: `${label}: truncated download (${seen} of ${declared} bytes)`,
      };
    const out = await extractZip(zip, dir, limits);
    return { ok: true, dir, files: out.files };
  } catch (e) {
    if (e instanceof UnzipError)
      return { ok: false, reason: 'corrupt', message: `${label}: ${e.message}` };
    return { ok: false, reason: 'unavailable', message: `${label}: ${(e as Error).message}` };
  } finally {
    await rm(zip, { force: true });
  }
}

/** Uploads files of this run as an artifact (@actions/artifact: the runner's results service). */
export async function uploadArtifact(
  name: string,
  files: string[],
  root: string,
  retentionDays?: number,
): Promise<number | undefined> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const res = await new DefaultArtifactClient().uploadArtifact(name, files, root, {
    ...(retentionDays ? { retentionDays } : {}),
  });
  return res.id;
}
