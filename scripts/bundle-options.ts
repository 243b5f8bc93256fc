/**
 * The esbuild settings of dist/, shared with the bench, which bundles its
 * rows the same way so that it measures the code users run (one bundled
 * file per thread), not Node's type stripping of src/.
 *
 * esbuild over rollup: the toolkit packages are ESM-only and esbuild bundles
 * ESM (and the odd CJS dependency) to one ESM file per entry with no plugins,
 * reads JSON natively (@actions/artifact requires its package.json), and is
 * fast enough to rebuild on every check. Output is deterministic for a pinned
 * esbuild version, which the stale-dist check relies on.
 */
import type { BuildOptions } from 'esbuild';

export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // No code splitting: each entry stays one file, so import.meta.url of a
  // bundled module is its entry's, and the worker is found beside it.
  legalComments: 'linked',
  sourcemap: false,
  logLevel: 'warning',
  // CJS dependencies inside an ESM bundle still call require().
  banner: {
    js: "import { createRequire as __fgCreateRequire } from 'node:module'; const require = __fgCreateRequire(import.meta.url);",
  },
} satisfies BuildOptions;

/** The worker entries a bundle that runs commands or reads reports needs beside it. */
export const WORKER_ENTRIES = {
  'parse-worker': 'src/ingest/parse-worker.ts',
  'job-worker': 'src/commands/job-worker.ts',
};
