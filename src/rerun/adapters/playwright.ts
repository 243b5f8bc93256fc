/**
 * Playwright. `--grep` is not matched against the name the JUnit report
 * gives (`describe › test`) but against every title on the way down, joined
 * by spaces: project, file (relative to the test directory), describe blocks
 * each followed by their `{ tag }` tags, the test, its tags
 * (`TestCase._grepTitleWithTags`). File arguments are regexes over the path.
 */
import type { RerunTarget } from '../../model/index.ts';
import { alternatives, escapeRegExp } from '../regex.ts';
import { type Adapter, sameFile } from './common.ts';

/** Tags Playwright inserts after a title (`{ tag: '@slow' }`), which the report leaves out. */
const TAGS = '(?: @\\S+)*';

/** The project in the test id's ` [project]` suffix (see ingest identity). */
export function projectOf(t: RerunTarget): string | undefined {
  const head = `playwright:${t.suite}::${t.name}`;
  if (!t.testId.startsWith(head)) return undefined;
  return /^ \[(.*)\]$/.exec(t.testId.slice(head.length))?.[1];
}

function body(t: RerunTarget): string {
  const chain = t.name.split(' › ').map(escapeRegExp).join(`${TAGS} `) + TAGS;
  if (!t.file) return `(?:^| )${chain}`;
  // The file title is relative to the test directory, which may be below the report's root.
  const base = t.file.slice(t.file.lastIndexOf('/') + 1);
  return `(?:^|[ /])${escapeRegExp(base)} ${chain}`;
}

const pattern = (tests: RerunTarget[]): string => `${alternatives(tests.map(body))}$`;

/** A file filter matching only this path's end (Playwright tests it against the absolute path). */
const fileFilter = (file: string): string => `(?:^|/)${escapeRegExp(file)}$`;

export const playwright: Adapter = {
  refuse: () => null,
  pattern,
  invocation: (tests, ctx) => {
    const files = [...new Set(tests.map((t) => t.file).filter((f) => f !== undefined))];
    const project = projectOf(tests[tests.length - 1]!);
    return {
      argv: [
        'npx',
        'playwright',
        'test',
        '--reporter=junit',
        '--retries=0',
        '--workers=1',
        `--grep=${pattern(tests)}`,
        ...(project !== undefined ? [`--project=${project}`] : []),
        ...files.map(fileFilter),
      ],
      env: { PLAYWRIGHT_JUNIT_OUTPUT_FILE: ctx.junitPath },
      result: { format: 'junit', path: ctx.junitPath },
    };
  },
  // A worker runs one file's tests for one project (unless fullyParallel).
  sharesProcess: (a, b) => sameFile(a, b) && projectOf(a) === projectOf(b),
  inSuite: true,
};
