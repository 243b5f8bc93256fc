/**
 * Temporary folders for tests that need files: made under os.tmpdir(),
 * filled from a path -> content map, removed by the caller's cleanup.
 * Also writes small pytest-style JUnit reports (the ids are predictable:
 * `pytest:<file>::<name>`).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TempTree {
  root: string;
  /** Absolute path of a file or folder inside the tree. */
  at(...parts: string[]): string;
  /** Writes files (parents made as needed); paths use `/`. */
  write(files: Record<string, string>): Promise<void>;
  cleanup(): Promise<void>;
}

export async function tempTree(prefix: string): Promise<TempTree> {
  const root = await mkdtemp(path.join(tmpdir(), `flakegate-${prefix}-`));
  const at = (...parts: string[]) => path.join(root, ...parts);
  return {
    root,
    at,
    async write(files) {
      for (const [rel, text] of Object.entries(files)) {
        const file = at(...rel.split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      }
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export interface CaseSpec {
  /** Test function name, e.g. `test_one`. */
  name: string;
  /** Repository-relative test file, e.g. `tests/test_a.py`. */
  file: string;
  outcome?: 'passed' | 'failed' | 'error' | 'skipped';
  message?: string;
  timeSeconds?: number;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The id flakegate gives a module-level pytest test. */
export function pytestId(file: string, name: string): string {
  return `pytest:${file}::${name}`;
}

/** A pytest (xunit2) report of the given test cases. */
export function pytestXml(cases: CaseSpec[]): string {
  const body = cases
    .map((c) => {
      const classname = c.file.replace(/\.py$/, '').split('/').join('.');
      const attrs = `classname="${esc(classname)}" name="${esc(c.name)}" file="${esc(c.file)}" line="1" time="${c.timeSeconds ?? 0.01}"`;
      const outcome = c.outcome ?? 'passed';
      const message = esc(c.message ?? 'AssertionError: boom');
      if (outcome === 'passed') return `<testcase ${attrs} />`;
      if (outcome === 'skipped') return `<testcase ${attrs}><skipped message="skip" /></testcase>`;
      const element = outcome === 'failed' ? 'failure' : 'error';
      return `<testcase ${attrs}><${element} message="${message}">${message}</${element}></testcase>`;
    })
    .join('');
  const failures = cases.filter((c) => c.outcome === 'failed').length;
  const errors = cases.filter((c) => c.outcome === 'error').length;
  return (
    `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">` +
    `<testsuite name="pytest" errors="${errors}" failures="${failures}" skipped="0" tests="${cases.length}" time="0.1">` +
    `${body}</testsuite></testsuites>\n`
  );
}

/** flakegate-run.json text. */
export function runJson(run: Record<string, unknown>): string {
  return JSON.stringify(run) + '\n';
}
