/**
 * Builds dist/ once before any test file runs: the end-to-end tests run the
 * bundle as users and the runner do, and parallel test files rebuilding it
 * at once would race (the build empties dist/ first).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
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
