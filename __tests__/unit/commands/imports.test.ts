/**
 * The import graph of failing tests (src/commands/imports.ts) on a small
 * repository written to a temp folder: JS/TS relative imports in their
 * spellings, Python absolute and relative imports, transitive reach, cycles,
 * and nothing outside the repository root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importGraph } from '../../../src/commands/imports.ts';
import { tempTree, type TempTree } from '../../helpers/temp-tree.ts';

let tmp: TempTree;
/** The repository; `tmp.root` itself holds files that are outside it. */
let root: string;

beforeAll(async () => {
  tmp = await tempTree('imports');
  root = tmp.at('repo');
  await tmp.write({
    // Outside the repository, reachable by `..` from inside it.
    'outside.ts': 'export const o = 1;\n',
    'outside_mod.py': 'X = 1\n',
    'repo/outside.ts': '// same name inside, never imported\n',

    // --- JavaScript / TypeScript ---
    'repo/tests/cart.test.ts': [
      "import { total } from '../src/cart';", // no extension
      "import type { Item } from '../src/types.ts';", // with extension
      "import { fmt } from '../src/format.js';", // .js specifier, .ts on disk
      "import * as lib from '../src/lib';", // folder: lib/index.ts
      "import { describe } from 'vitest';", // a package: ignored
      "import './setup';", // side effect only
      '',
    ].join('\n'),
    'repo/tests/setup.ts': "const helper = require('./helper.cjs');\n",
    'repo/tests/helper.cjs': 'module.exports = {};\n',
    'repo/src/cart.ts': [
      "import { price } from './price';",
      "export { round } from './math/round.mjs';", // .mjs specifier, .mts on disk
      'export const total = () => price();',
      '',
    ].join('\n'),
    'repo/src/price.ts': [
      "import { total } from './cart';", // cycle back to cart
      "const later = () => import('./lazy');", // dynamic import
      "import { o } from '../../outside';", // resolves outside the repository
      'export const price = () => 1;',
      '',
    ].join('\n'),
    'repo/src/lazy.tsx': "import { Widget } from './widget.jsx';\n", // .jsx specifier, .tsx on disk
    'repo/src/widget.tsx': "import '../tests/cart.test';\n", // back to the test itself
    'repo/src/math/round.mts': 'export const round = (n: number) => n;\n',
    'repo/src/types.ts': 'export interface Item { n: number }\n',
    'repo/src/format.ts': 'export const fmt = String;\n',
    'repo/src/lib/index.ts': "export * from '../format';\n",
    'repo/src/unrelated.ts': 'export const u = 1;\n',
    'repo/tests/lonely.test.ts': "import { expect } from 'vitest';\n",

    // --- Python ---
    'repo/app/__init__.py': '',
    'repo/app/conversation.py': [
      'from app.models import Message',
      'from .pricing import price',
      'import os, json',
      '',
    ].join('\n'),
    'repo/app/models.py': 'import app.util as u\n',
    'repo/app/util.py': 'from app import models  # cycle: util -> models -> util\n',
    'repo/app/pricing.py': 'from ... import outside_mod\n', // beyond the root
    'repo/app/helpers.py': 'def help(): pass\n',
    'repo/app/unused.py': '',
    'repo/tests/__init__.py': '',
    'repo/tests/test_conversation.py': [
      'import pytest',
      'from app.conversation import Conversation',
      '',
    ].join('\n'),
    'repo/tests/test_pkg.py': 'from app import helpers, not_a_module\n',
    'repo/tests/test_rel.py': 'from .fixtures import thing\n',
    'repo/tests/fixtures.py': 'thing = 1\n',
    'repo/tests/test_dotted.py': 'import app.util\n',
  });
});

afterAll(async () => {
  await tmp.cleanup();
});

async function depsOf(test: string): Promise<string[] | undefined> {
  const graph = await importGraph(root, [test]);
  return graph.get(test)?.slice().sort();
}

describe('JavaScript and TypeScript', () => {
  it('follows relative imports in every spelling, transitively, through the cycle', async () => {
    expect(await depsOf('tests/cart.test.ts')).toEqual(
      [
        'src/cart.ts',
        'src/types.ts',
        'src/format.ts',
        'src/lib/index.ts',
        'tests/setup.ts',
        'tests/helper.cjs',
        'src/price.ts',
        'src/math/round.mts',
        'src/lazy.tsx',
        'src/widget.tsx',
      ].sort(),
    );
  });

  it('never lists a file outside the root, nor the test itself, nor packages', async () => {
    const deps = (await depsOf('tests/cart.test.ts'))!;
    expect(deps.some((d) => d.startsWith('..') || d.includes('outside'))).toBe(false);
    expect(deps).not.toContain('tests/cart.test.ts');
    expect(deps).not.toContain('src/unrelated.ts');
    expect(deps.some((d) => d.includes('vitest'))).toBe(false);
  });

  it('starting in the middle of a cycle terminates and reaches the rest', async () => {
    expect(await depsOf('src/price.ts')).toEqual(
      [
        'src/cart.ts',
        'src/math/round.mts',
        'src/lazy.tsx',
        'src/widget.tsx',
        'tests/cart.test.ts',
        'src/types.ts',
        'src/format.ts',
        'src/lib/index.ts',
        'tests/setup.ts',
        'tests/helper.cjs',
      ].sort(),
    );
  });

  it('a test importing only packages, or a missing file, has no entry', async () => {
    const graph = await importGraph(root, ['tests/lonely.test.ts', 'tests/gone.test.ts']);
    expect([...graph.keys()]).toEqual([]);
  });
});

describe('Python', () => {
  it('follows `from app.x import y`, relative `from .x import y` and `import app.x`, transitively', async () => {
    expect(await depsOf('tests/test_conversation.py')).toEqual(
      // app/__init__.py through util's `from app import models`.
      ['app/__init__.py', 'app/conversation.py', 'app/models.py', 'app/pricing.py', 'app/util.py'],
    );
  });

  it('`from pkg import module` reaches the module (and the package), not unknown names', async () => {
    expect(await depsOf('tests/test_pkg.py')).toEqual(['app/__init__.py', 'app/helpers.py']);
  });

  it('relative import from the test package', async () => {
    expect(await depsOf('tests/test_rel.py')).toEqual(['tests/fixtures.py']);
  });

  it('`import app.util` reaches the module and, through its cycle, models', async () => {
    expect(await depsOf('tests/test_dotted.py')).toEqual(
      ['app/__init__.py', 'app/models.py', 'app/util.py'].sort(),
    );
  });

  it('a relative import above the root is dropped', async () => {
    const graph = await importGraph(root, ['app/pricing.py']);
    expect(graph.get('app/pricing.py')).toBeUndefined();
  });

  it('several tests at once share the work and keep separate answers', async () => {
    const graph = await importGraph(root, [
      'tests/test_rel.py',
      'tests/test_pkg.py',
      'tests/test_rel.py',
    ]);
    expect([...graph.keys()].sort()).toEqual(['tests/test_pkg.py', 'tests/test_rel.py']);
    expect(graph.get('tests/test_rel.py')).toEqual(['tests/fixtures.py']);
  });

  // Bug: PY_IMPORT's name list `[\w*, ()]+` stops at the newline, so the
  // modules of a parenthesized multi-line `from pkg import (...)` are lost.
  it('`from pkg import (\\n module,\\n)` over several lines reaches the modules', async () => {
    await tmp.write({
      'repo/tests/test_multiline.py': 'from app import (\n    helpers,\n    util,\n)\n',
    });
    expect(await depsOf('tests/test_multiline.py')).toEqual(
      expect.arrayContaining(['app/helpers.py', 'app/util.py']),
    );
  });
});
