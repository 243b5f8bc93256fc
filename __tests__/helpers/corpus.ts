/** Paths of the shared report corpora, read in place (never copied or edited). */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The folder of the repository a clone was made from, when that is a folder here. */
function localOrigin(repo: string): string | undefined {
  try {
    const url = execFileSync('git', ['-C', repo, 'config', '--get', 'remote.origin.url'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (url.startsWith('file://')) return fileURLToPath(url);
    return path.isAbsolute(url) ? url : undefined;
  } catch {
    return undefined; // not a git clone, no origin, or no git
  }
}

/**
 * The folder holding corpus/ and corpus-hostile/: wherever FLAKEGATE_SHARED
 * says; else the workplace's shared/ beside this repository; else shared/
 * beside the repository this one was cloned from, when that is a local
 * folder (`git clone . /tmp/x` for a fresh try). When none has the corpora,
 * the first place looked: __tests__/global-setup.ts then stops the run.
 */
export function sharedDir(env: NodeJS.ProcessEnv = process.env, repo = REPO): string {
  if (env.FLAKEGATE_SHARED) return path.resolve(env.FLAKEGATE_SHARED) + path.sep;
  const beside = path.resolve(repo, '..', 'shared') + path.sep;
  if (existsSync(`${beside}corpus`)) return beside;
  const origin = localOrigin(repo);
  const besideOrigin = origin && path.resolve(origin, '..', 'shared') + path.sep;
  return besideOrigin && existsSync(`${besideOrigin}corpus`) ? besideOrigin : beside;
}

export const CORPUS = `${sharedDir()}corpus${path.sep}`;
export const HOSTILE = `${sharedDir()}corpus-hostile${path.sep}`;

export interface Expected {
  file: string;
  testcases?: number;
  failed?: number;
  skipped?: number;
  passed?: number;
  retryAttempts?: number;
  error?: string;
}

export function expectedCounts(): Expected[] {
  return readFileSync(`${CORPUS}expected.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Expected);
}
