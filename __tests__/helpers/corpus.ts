/** Paths of the shared report corpora, read in place (never copied or edited). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding corpus/ and corpus-hostile/: the workplace's shared/
 * beside this repository, or wherever FLAKEGATE_SHARED says (a clone kept
 * elsewhere). __tests__/global-setup.ts stops the run when it is missing.
 */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.FLAKEGATE_SHARED
    ? path.resolve(env.FLAKEGATE_SHARED)
    : fileURLToPath(new URL('../../../shared', import.meta.url));
  return dir + path.sep;
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
