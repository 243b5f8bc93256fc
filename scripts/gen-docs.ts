// Generates docs/config.md from the config schema (every key, its default,
// what is allowed and what it means) and the README's table of inputs and
// outputs from action.yml. `--check` fails when either is stale, so the docs
// cannot drift from the code (.ci/run runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { parse } from 'yaml';
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

interface ActionMeta {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
}

/** The README's inputs and outputs tables, between the action-io markers. */
function actionTables(): string {
  const meta = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as ActionMeta;
  const code = (v: string) => (v === '' ? '' : `\`${v.replace(/\|/g, '\\|')}\``);
  const inputs = Object.entries(meta.inputs).map(
    ([k, v]) => `| \`${k}\` | ${code(v.default ?? '')} | ${cell(v.description)} |`,
  );
  const outputs = Object.entries(meta.outputs).map(
    ([k, v]) => `| \`${k}\` | ${cell(v.description)} |`,
  );
  return [
    '| input | default | meaning |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '| output | meaning |',
    '| --- | --- |',
    ...outputs,
  ].join('\n');
}

const readmeUrl = new URL('../README.md', import.meta.url);
const START = '<!-- action-io:start -->';
const END = '<!-- action-io:end -->';
const readme = readFileSync(readmeUrl, 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < a) {
  console.error(`README.md: the ${START} ... ${END} markers are missing`);
  process.exit(1);
}
// Formatted as prettier would, so that `prettier --check` and this check agree.
const newReadme = await prettier.format(
  `${readme.slice(0, a + START.length)}\n\n${actionTables()}\n\n${readme.slice(b)}`,
  { ...(await prettier.resolveConfig(readmeUrl)), parser: 'markdown' },
);

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing counts as stale
  }
  let stale = false;
  if (current !== text) {
    console.error('docs/config.md is stale: run npm run docs and commit it.');
    stale = true;
  }
  if (readme !== newReadme) {
    console.error(
      "README.md's inputs and outputs differ from action.yml: run npm run docs and commit it.",
    );
    stale = true;
  }
  if (stale) process.exit(1);
  console.log('docs/config.md and the README tables are up to date.');
} else {
  writeFileSync(out, text);
  writeFileSync(readmeUrl, newReadme);
}
