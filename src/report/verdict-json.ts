/**
 * The verdict JSON as chunks: one per failure, so a verdict with hundreds of
 * thousands of failures is written without one string longer than V8 allows
 * (JSON.stringify of the whole throws "Invalid string length" near 512 MB).
 * Joined, the chunks equal JSON.stringify(verdict, null, 2) + '\n'.
 */
import type { Verdict } from '../model/verdict.ts';

/** The top-level `failures` key as JSON.stringify(_, null, 2) writes an empty one. */
const SLOT = '\n  "failures": []';

export function* verdictJsonChunks(v: Verdict): Generator<string> {
  // Spreading keeps the key's place; only a top-level key sits two spaces in.
  const shell = JSON.stringify({ ...v, failures: [] }, null, 2);
  const at = shell.indexOf(SLOT);
  if (v.failures.length === 0 || at < 0) {
    yield shell + '\n';
    return;
  }
  yield shell.slice(0, at) + '\n  "failures": [';
  for (let i = 0; i < v.failures.length; i++) {
    const body = JSON.stringify(v.failures[i], null, 2).replace(/\n/g, '\n    ');
    yield `${i === 0 ? '' : ','}\n    ${body}`;
  }
  yield '\n  ]' + shell.slice(at + SLOT.length) + '\n';
}
