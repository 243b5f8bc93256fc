/**
 * Where the tests find the shared corpora (helpers/corpus.ts): a fresh clone
 * of a local checkout, kept anywhere, finds them beside that checkout.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDir } from '../helpers/corpus.ts';

let root = '';
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'flakegate-shared-'));
  mkdirSync(path.join(root, 'work', 'shared', 'corpus'), { recursive: true });
  mkdirSync(path.join(root, 'work', 'main'));
  git(path.join(root, 'work', 'main'), 'init', '-q');
  git(
    path.join(root, 'work', 'main'),
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'x',
  );
  mkdirSync(path.join(root, 'elsewhere'));
  git(path.join(root, 'elsewhere'), 'clone', '-q', path.join(root, 'work', 'main'), 'clone');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('sharedDir', () => {
  const shared = () => path.join(root, 'work', 'shared') + path.sep;

  it('is shared/ beside the repository', () => {
    expect(sharedDir({}, path.join(root, 'work', 'main'))).toBe(shared());
  });

  it('is shared/ beside the local repository a clone came from', () => {
    expect(sharedDir({}, path.join(root, 'elsewhere', 'clone'))).toBe(shared());
  });

  it('FLAKEGATE_SHARED wins, and with no corpora anywhere it names the place beside the repository', () => {
    expect(sharedDir({ FLAKEGATE_SHARED: '/x/y' }, path.join(root, 'work', 'main'))).toBe(
      path.resolve('/x/y') + path.sep,
    );
    expect(sharedDir({}, path.join(root, 'elsewhere'))).toBe(path.join(root, 'shared') + path.sep);
  });
});
