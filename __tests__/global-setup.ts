/**
 * Checks that the shared corpora are there, then builds dist/ once before
 * any test file runs: the end-to-end tests run the bundle as users and the
 * runner do, and parallel test files rebuilding it at once would race (the
 * build empties dist/ first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CORPUS, HOSTILE, sharedDir } from './helpers/corpus.ts';

export default function setup(): void {
  // Hundreds of tests read the corpora in place: without them, one clear stop.
  if (!existsSync(CORPUS) || !existsSync(HOSTILE)) {
    throw new Error(
      `the report corpora are not in ${sharedDir()} (corpus/ and corpus-hostile/), and the tests read them in place: keep this clone (or the repository it was cloned from) beside shared/, or set FLAKEGATE_SHARED to that folder`,
    );
  }
  const repo = fileURLToPath(new URL('../', import.meta.url));
  // process.execPath is the Node 24 that runs vitest, which runs .ts files.
  try {
    execFileSync(process.execPath, ['scripts/build.ts'], { cwd: repo, stdio: 'inherit' });
  } catch {
    // The build empties dist/ first, so the end-to-end tests then fail on a missing
    // bundle, loudly; the unit tests still run and say what else is wrong.
    process.stderr.write('global setup: npm run build failed; end-to-end tests will fail\n');
  }
}
