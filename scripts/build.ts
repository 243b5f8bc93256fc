// Bundles the CLI, the action and the parse worker into dist/ with esbuild.
// esbuild over rollup: the toolkit packages are ESM-only and esbuild bundles
// ESM (and the odd CJS dependency) to one ESM file per entry with no plugins,
// reads JSON natively (@actions/artifact requires its package.json), and is
// fast enough to rebuild on every check. Output is deterministic for a pinned
// esbuild version, which the stale-dist check relies on.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = new URL('../dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: {
    cli: 'src/cli.ts',
    action: 'src/action.ts',
    'parse-worker': 'src/ingest/parse-worker.ts',
  },
  outdir,
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
});
