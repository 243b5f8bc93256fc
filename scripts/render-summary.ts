/**
 * Writes docs/images/summary.png, the README's picture of a job summary: the shipped example
 * assessed as `npm run demo` does, its Markdown summary rendered as GitHub would (the same
 * pipeline the rendered-summary tests use) in headless Chromium, 900 px wide, all of it, with
 * the ledger opened so the picture shows why, not only what.
 *
 *   ./node_modules/.bin/node scripts/render-summary.ts
 *
 * Needs Chromium (Debian: apt-get install -y chromium) and, for the risk and history icons,
 * a colour emoji font (fonts-noto-color-emoji).
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assessExample, startRenderer } from '../__tests__/helpers/render.ts';

const OUT = fileURLToPath(new URL('../docs/images/summary.png', import.meta.url));
/** A README picture is fetched by every visitor; past this it is too big to embed. */
const MAX_BYTES = 300 * 1024;

const result = await assessExample();
const renderer = await startRenderer();
try {
  await mkdir(path.dirname(OUT), { recursive: true });
  await renderer.screenshot(result.summary(), OUT, { width: 900, openDetails: true });
} finally {
  await renderer.close();
}
const { size } = await stat(OUT);
console.log(`${path.relative(process.cwd(), OUT)}: ${size} bytes, risk ${result.verdict.risk}`);
if (size > MAX_BYTES) {
  console.error(`summary.png is ${size} bytes, over ${MAX_BYTES}: too big for the README`);
  process.exitCode = 1;
}
