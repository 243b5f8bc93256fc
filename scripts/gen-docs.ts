// Generates docs/config.md from the config schema (every key, its default,
// what is allowed and what it means). `--check` fails when the file is stale,
// so the docs cannot drift from the code (.ci/run runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { configKeys } from '../src/config/schema.ts';

const out = new URL('../docs/config.md', import.meta.url);
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const rows = configKeys().map(
  (k) =>
    `| \`${k.key}\` | \`${JSON.stringify(k.default)}\` | ${cell(k.allowed)} | ${cell(k.description)} |`,
);
const text = `# Configuration

flakegate reads \`.github/flakegate.yml\` (or \`.yaml\`) from the working
directory, or the file given with \`--config\`. Every key is optional; a key
left out keeps its default. Unknown keys and out-of-range values are errors
that name the key, what is wrong and the value given.

\`\`\`yaml
# .github/flakegate.yml
inconclusiveHighThreshold: 0.3
likelihood:
  untouched: 0.2
reruns:
  isolated: 8
history:
  runs: 100
\`\`\`

This table is generated from the schema by \`node scripts/gen-docs.ts\`.

| key | default | allowed | meaning |
| --- | --- | --- | --- |
${rows.join('\n')}
`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error('docs/config.md is stale: run npm run docs and commit it.');
    process.exit(1);
  }
  console.log('docs/config.md is up to date.');
} else {
  writeFileSync(out, text);
}
