/** The parent side of a bench row: spawn the child, read its JSON line. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './measure.ts';

/** A hung reader should fail its row, not the whole bench. */
const CHILD_TIMEOUT_MS = 10 * 60_000;

export function runChild(script: URL, args: readonly string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(script), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // The JSON line is the last one; anything before it is the reader's own chatter.
      const last = stdout.trimEnd().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolve(JSON.parse(last) as ChildResult);
        return;
      }
      const why = signal === null ? `exit ${code}` : `signal ${signal}`;
      const detail = lastLines(stderr || stdout, 3);
      reject(new Error(`${why}${detail === '' ? '' : `: ${detail}`}`));
    });
  });
}

function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '))
    .slice(-n)
    .join(' | ');
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
