/** Paths of the shared report corpora, read in place (never copied or edited). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
export const HOSTILE = fileURLToPath(new URL('../../../shared/corpus-hostile/', import.meta.url));

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
