/**
 * The streaming floor's work for one file: saxes over 1 MB chunks, counting
 * each testcase's outcome and each retry element as a failed attempt (the
 * model's view: a Surefire `flakyFailure` is one failed execution before
 * the passing one).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { bump, type Outcome, type Tally } from './tally.ts';

export const CHUNK_BYTES = 1 << 20;

const RETRY_ELEMENTS = new Set(['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError']);

/** Adds the file's attempts to `tally`; returns bytes read and testcases seen. */
export function countFile(
  path: string,
  tally: Tally,
  buffer: Uint8Array,
): { bytes: number; testcases: number } {
  // saxes keeps position tracking on (its default): a real reader needs
  // line/column for its parse errors, so the floor pays for it too.
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let key: string | undefined;
  let outcome: Outcome = 'passed';
  let retries = 0;
  let testcases = 0;
  parser.on('opentag', (tag) => {
    const name = tag.name;
    if (name === 'testcase') {
      key = `${tag.attributes.classname ?? ''}\u0000${tag.attributes.name ?? ''}`;
      outcome = 'passed';
      retries = 0;
      testcases++;
    } else if (key === undefined) {
      return;
    } else if (name === 'failure' || name === 'error') {
      outcome = 'failed';
    } else if (name === 'skipped') {
      if (outcome !== 'failed') outcome = 'skipped';
    } else if (RETRY_ELEMENTS.has(name)) {
      retries++;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name !== 'testcase' || key === undefined) return;
    bump(tally, key, outcome);
    if (retries > 0) bump(tally, key, 'failed', retries);
    key = undefined;
  });
  let bytes = 0;
  const fd = openSync(path, 'r');
  try {
    // Sync reads: one file at a time, nothing to overlap with, so the floor
    // stays free of promise overhead.
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      bytes += n;
      parser.write(decoder.decode(buffer.subarray(0, n), { stream: true }));
    }
    parser.write(decoder.decode());
    parser.close();
  } finally {
    closeSync(fd);
  }
  return { bytes, testcases };
}
