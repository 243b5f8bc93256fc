// Bundles the CLI, the action and their workers into dist/ with esbuild
// (settings and the reasons for esbuild in bundle-options.ts).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { BUNDLE_OPTIONS, WORKER_ENTRIES } from './bundle-options.ts';

const outdir = new URL('../dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  ...BUNDLE_OPTIONS,
  entryPoints: {
    cli: 'src/cli.ts',
    action: 'src/action.ts',
    ...WORKER_ENTRIES,
  },
  outdir,
});
