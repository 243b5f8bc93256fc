/**
 * Child: the DOM floor. fast-xml-parser builds a whole tree per file, one
 * file at a time; a walk counts testcases so a silently empty parse shows.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { listXmlFiles } from './generate.ts';
import { historyDirArg, runMeasured } from './measure.ts';

const dir = historyDirArg();
// Attributes on, entities decoded (the built-in ones are not subject to the
// expansion caps, which only guard DOCTYPE entities); otherwise defaults.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
});

function countTestcases(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + countTestcases(item), 0);
  if (node === null || typeof node !== 'object') return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'testcase') n += Array.isArray(value) ? value.length : 1;
    else n += countTestcases(value);
  }
  return n;
}

await runMeasured(() => {
  const files = listXmlFiles(dir);
  let bytes = 0;
  let testcases = 0;
  for (const file of files) {
    const buffer = readFileSync(file);
    bytes += buffer.length;
    testcases += countTestcases(parser.parse(buffer.toString('utf8')));
  }
  return { files: files.length, bytes, testcases };
});
