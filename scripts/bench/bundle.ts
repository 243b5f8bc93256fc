/**
 * Bundles the bench's child scripts as dist/ is bundled (bundle-options.ts),
 * into .bench/build/ with the parse worker beside them. Users run bundles:
 * from source, every thread would also load Node's type stripper (its
 * WebAssembly adds about 19 MB to a process and 10-16 MB to each worker,
 * and takes time at every worker's start), which no user pays.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_OPTIONS, WORKER_ENTRIES } from '../bundle-options.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Worker scripts of the bench's own, started by rows from beside their bundle. */
const BENCH_WORKERS = [new URL('./ingest-work.ts', import.meta.url)];

/** Script URL (as the row names it) to the URL of its bundle. */
export async function bundleScripts(scripts: URL[], outdir: string): Promise<Map<string, URL>> {
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints: Record<string, string> = {};
  for (const [name, file] of Object.entries(WORKER_ENTRIES)) {
    entryPoints[name] = path.join(REPO, file);
  }
  const out = new Map<string, URL>();
  for (const worker of BENCH_WORKERS) {
    entryPoints[path.basename(fileURLToPath(worker), '.ts')] = fileURLToPath(worker);
  }
  for (const script of scripts) {
    const name = path.basename(fileURLToPath(script), '.ts');
    entryPoints[name] = fileURLToPath(script);
    out.set(script.href, pathToFileURL(path.join(outdir, `${name}.js`)));
  }
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints,
    outdir,
    absWorkingDir: REPO,
    // In a bundle every module would read its entry's import.meta.main, and
    // generate.ts, bundled into the floors, would run its own command line.
    define: { 'import.meta.main': 'false' },
  });
  return out;
}
