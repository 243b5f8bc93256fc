import {
  copyFile,
  lstat,
  open,
  readdir,
  readFile,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  extractZip,
  InflateBudget,
  UnzipError,
  writeCapped,
  type UnzipLimits,
  type UnzipReason,
} from '../../../src/github/unzip.ts';
import { HOSTILE } from '../../helpers/corpus.ts';
import { tempTree, type TempTree } from '../../helpers/temp-tree.ts';
import { patchBytes, writeZerosBomb, writeZip, zeros } from '../../helpers/zips.ts';

const MB = 1024 * 1024;
const LIMITS: UnzipLimits = { maxBytes: 10 * MB, maxEntries: 100 };

let tree: TempTree;
/** Parent of every extraction folder: its listing must be the same before and after a failure. */
let parent: string;
let dest: string;

beforeEach(async () => {
  tree = await tempTree('unzip');
  await tree.write({ 'out/.keep': '' });
  parent = tree.at('out');
  dest = path.join(parent, 'dest');
});
afterEach(() => tree.cleanup());

async function failure(promise: Promise<unknown>): Promise<UnzipError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnzipError);
  return err as UnzipError;
}

/** Expects extraction to fail for `reason`, leaving the parent folder exactly as it was. */
async function expectRefused(
  zip: string,
  reason: UnzipReason | UnzipReason[],
  limits: UnzipLimits = LIMITS,
): Promise<UnzipError> {
  const before = await readdir(parent);
  const err = await failure(extractZip(zip, dest, limits));
  expect([reason].flat()).toContain(err.reason);
  expect(err.archive).toBe(zip);
  expect(err.message).toContain(path.basename(zip));
  expect(await readdir(parent)).toEqual(before);
  return err;
}

/** Every file and folder under `root`, relative, with `/` and a trailing `/` for folders. */
async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .map((e) => {
      const rel = path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      return e.isDirectory() ? `${rel}/` : rel;
    })
    .sort();
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

describe('extractZip on well-formed archives', () => {
  it('extracts nested folders exactly, with fixed modes and names kept byte for byte', async () => {
    const zip = tree.at('ok.zip');
    const names = {
      top: 'TEST-top.xml',
      nested: 'reports/unit/deep/TEST-nested.xml',
      spaced: 'name with spaces/résumé ü 日本語 🧪.xml',
      stored: 'reports/stored.txt',
      empty: 'reports/empty.xml',
    };
    await writeZip(zip, [
      { name: names.top, data: '<testsuites/>' },
      { name: 'reports/empty-dir/' },
      { name: names.nested, data: 'x'.repeat(5000) },
      { name: names.spaced, data: 'unicode' },
      { name: names.stored, data: 'stored as is', compress: false },
      { name: names.empty, data: '' },
    ]);
    const result = await extractZip(zip, dest, LIMITS);

    expect(await listTree(dest)).toEqual(
      [
        'TEST-top.xml',
        'name with spaces/',
        names.spaced,
        'reports/',
        'reports/empty-dir/',
        names.empty,
        names.stored,
        'reports/unit/',
        'reports/unit/deep/',
        names.nested,
      ].sort(),
    );
    expect(result.files).toEqual(
      [names.top, names.nested, names.spaced, names.stored, names.empty].map((n) =>
        path.join(dest, ...n.split('/')),
      ),
    );
    expect(await readFile(path.join(dest, names.nested), 'utf8')).toBe('x'.repeat(5000));
    expect(await readFile(path.join(dest, names.spaced), 'utf8')).toBe('unicode');
    expect(await readFile(path.join(dest, names.stored), 'utf8')).toBe('stored as is');
    expect(result.bytes).toBe(13 + 5000 + 7 + 12);
    expect(result.skipped).toEqual([]);
    // Only the destination is left in the parent: the temporary sibling was renamed.
    expect(await readdir(parent)).toEqual(['.keep', 'dest'].sort());
    if (process.platform !== 'win32') {
      expect((await stat(dest)).mode & 0o777).toBe(0o755);
      expect((await stat(path.join(dest, 'reports/unit'))).mode & 0o777).toBe(0o755);
      expect((await stat(path.join(dest, names.top))).mode & 0o777).toBe(0o644);
    }
  });

  it('makes an empty folder for an empty archive', async () => {
    const zip = tree.at('empty.zip');
    await writeZip(zip, []);
    expect(await extractZip(zip, dest, LIMITS)).toEqual({ files: [], bytes: 0, skipped: [] });
    expect(await readdir(dest)).toEqual([]);
  });

  it('creates a missing parent folder', async () => {
    const zip = tree.at('one.zip');
    await writeZip(zip, [{ name: 'a.xml', data: 'a' }]);
    const deep = tree.at('new', 'parent', 'dest');
    const result = await extractZip(zip, deep, LIMITS);
    expect(result.files).toEqual([path.join(deep, 'a.xml')]);
  });

  it('keeps the first of two entries with one name and reports the second as skipped', async () => {
    const zip = tree.at('dup.zip');
    await writeZip(zip, [
      { name: 'r/TEST-a.xml', data: 'first' },
      { name: 'r/TEST-a.xml', data: 'second' },
    ]);
    const result = await extractZip(zip, dest, LIMITS);
    expect(await readFile(path.join(dest, 'r', 'TEST-a.xml'), 'utf8')).toBe('first');
    expect(result.files).toHaveLength(1);
    expect(result.skipped).toEqual([{ name: 'r/TEST-a.xml', reason: 'duplicate name' }]);
  });

  it('refuses a destination that already exists and leaves it untouched', async () => {
    const zip = tree.at('one.zip');
    await writeZip(zip, [{ name: 'a.xml', data: 'a' }]);
    await tree.write({ 'out/dest/mine.txt': 'keep me' });
    const err = await failure(extractZip(zip, dest, LIMITS));
    expect(err.reason).toBe('io');
    expect(await listTree(dest)).toEqual(['mine.txt']);
  });

  it('reports a missing archive as io, without creating the destination', async () => {
    await expectRefused(tree.at('missing.zip'), 'io');
  });

  it('rejects limits that are not non-negative integers', async () => {
    const zip = tree.at('one.zip');
    await writeZip(zip, [{ name: 'a.xml', data: 'a' }]);
    for (const limits of [
      { maxBytes: -1, maxEntries: 1 },
      { maxBytes: 1, maxEntries: Number.NaN },
      { maxBytes: 1, maxEntries: 1, maxEntryBytes: 1.5 },
    ]) {
      await expect(extractZip(zip, dest, limits)).rejects.toThrow(RangeError);
    }
    expect(await exists(dest)).toBe(false);
  });
});

describe('extractZip on the hostile corpus', () => {
  // Where each traversal entry of zip-slip.zip would land if it were followed.
  const slipTargets = (d: string) => [
    path.resolve(d, '../../flakegate-zipslip-canary'),
    path.resolve(d, '../../../flakegate-zipslip-mid'),
    path.resolve(d, '..', '..', 'flakegate-zipslip-win'),
    path.join('/tmp', 'flakegate-zipslip-canary'),
    path.join('/tmp', 'flakegate-zipslip-abs'),
  ];

  it.each<[string, UnzipReason, RegExp]>([
    ['zip-slip.zip', 'unsafe-path', /climbs out with \.\./],
    ['zip-symlink.zip', 'link', /"TEST-passwd\.xml" is a symbolic link/],
    ['zip-wrong-size.zip', 'corrupt', /CRC mismatch in entry "TEST-first\.xml"/],
    ['zip-lying-size.zip', 'corrupt', /"TEST-zeros\.xml": size differs from its header/],
  ])('%s is refused as %s, leaving nothing behind', async (file, reason, message) => {
    const err = await expectRefused(path.join(HOSTILE, file), reason);
    expect(err.message).toMatch(message);
    expect(await exists(dest)).toBe(false);
    for (const target of slipTargets(dest)) expect(await exists(target)).toBe(false);
    // The well-formed TEST-ok.xml next to the attack was written first, then removed with the rest.
    expect(await readdir(parent)).toEqual(['.keep']);
  });

  it('zip-lying-size.zip stops at the declared size, not at the 20 MB it inflates to', async () => {
    const seen: number[] = [];
    const err = await failure(
      extractZip(path.join(HOSTILE, 'zip-lying-size.zip'), dest, LIMITS, {
        onProgress: (n) => seen.push(n),
      }),
    );
    expect(err.reason).toBe('corrupt');
    // TEST-ok.xml (614 bytes) and at most the 1,024 declared bytes of the zeros.
    expect(Math.max(0, ...seen)).toBeLessThanOrEqual(614 + 1024);
  });
});

describe('extractZip on crafted entry names and types', () => {
  // Each placeholder has the byte length of the hostile name it becomes.
  it.each<[string, string]>([
    ['absolute unix', '/tmp/fg-x.xml'],
    ['drive letter', 'C:\\fg-x.xml'],
    ['drive relative', 'c:fg-x.xml'],
    ['unc share', '\\\\srv\\share\\x'],
    ['backslash traversal', '..\\..\\fg-x.xml'],
    ['dot-dot segment', 'a/../../fg-x'],
    ['bare dot-dot', '..'],
    ['NUL byte', 'ok.xml\0.txt'],
    ['newline', 'ok\n::error::x'],
  ])('refuses the whole archive for %s', async (_label, hostile) => {
    const zip = tree.at('crafted.zip');
    const bad = Buffer.from(hostile);
    const placeholder = Buffer.from('Q'.repeat(bad.length));
    // Stored, so that no deflated byte can happen to match the placeholder.
    await writeZip(zip, [
      { name: 'TEST-ok.xml', data: '<testsuites/>', compress: false },
      { name: placeholder.toString(), data: 'payload', compress: false },
    ]);
    expect(await patchBytes(zip, placeholder, bad)).toBe(2); // local and central header
    const err = await expectRefused(zip, 'unsafe-path');
    expect(err.message).not.toContain('\n');
    expect(await exists(path.join('/tmp', 'fg-x.xml'))).toBe(false);
    expect(await exists(path.resolve(dest, '../../fg-x.xml'))).toBe(false);
  });

  it.each<[string, number, UnzipReason]>([
    ['a symlink', 0o120777, 'link'],
    ['a fifo', 0o010644, 'link'],
    ['a block device', 0o060644, 'link'],
  ])('refuses an entry that is %s', async (_label, mode, reason) => {
    const zip = tree.at('special.zip');
    await writeZip(zip, [
      { name: 'TEST-ok.xml', data: '<testsuites/>' },
      { name: 'special', data: '/etc/passwd', mode, compress: false },
    ]);
    await expectRefused(zip, reason);
  });

  it('extracts a folder entry marked only by its mode', async () => {
    const zip = tree.at('dirmode.zip');
    await writeZip(zip, [{ name: 'folder', data: '', mode: 0o040755 }]);
    await extractZip(zip, dest, LIMITS);
    expect(await listTree(dest)).toEqual(['folder/']);
  });

  it('skips a file whose folder would be an earlier file', async () => {
    const zip = tree.at('clash.zip');
    await writeZip(zip, [
      { name: 'a', data: 'file' },
      { name: 'a/b.xml', data: 'inside' },
    ]);
    const result = await extractZip(zip, dest, LIMITS);
    expect(result.files).toEqual([path.join(dest, 'a')]);
    expect(result.skipped.map((s) => s.name)).toEqual(['a/b.xml']);
  });
});

describe('extractZip size and count caps', () => {
  it('stops a 200 MB bomb at a 10 MB cap without inflating it', async () => {
    const zip = tree.at('bomb.zip');
    await writeZerosBomb(zip, 200 * MB);
    expect((await stat(zip)).size).toBeLessThan(2 * MB);
    const seen: number[] = [];
    const before = await readdir(parent);
    const err = await failure(extractZip(zip, dest, LIMITS, { onProgress: (n) => seen.push(n) }));
    expect(err.reason).toBe('too-large');
    expect(err.message).toMatch(/10485760-byte cap/);
    // The honest header refuses it up front: nothing was inflated, nothing is left on disk.
    expect(seen).toEqual([]);
    expect(await readdir(parent)).toEqual(before);
  });

  it('refuses by the per-entry cap, and accepts an entry exactly at it', async () => {
    const zip = tree.at('big.zip');
    await writeZip(zip, [
      { name: 'a.xml', data: Buffer.alloc(MB) },
      { name: 'b.xml', data: Buffer.alloc(MB + 1) },
    ]);
    const err = await expectRefused(zip, 'too-large', { ...LIMITS, maxEntryBytes: MB });
    expect(err.message).toMatch(/"b\.xml" inflates past the 1048576-byte cap per entry/);
    const result = await extractZip(zip, dest, { ...LIMITS, maxEntryBytes: MB + 1 });
    expect(result.bytes).toBe(2 * MB + 1);
  });

  it('refuses by the total cap across entries, and accepts a total exactly at it', async () => {
    const zip = tree.at('many.zip');
    await writeZip(
      zip,
      Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.xml`, data: Buffer.alloc(1000) })),
    );
    await expectRefused(zip, 'too-large', { maxBytes: 3999, maxEntries: 10 });
    expect((await extractZip(zip, dest, { maxBytes: 4000, maxEntries: 10 })).bytes).toBe(4000);
  });

  it('refuses too many entries before extracting any, and accepts exactly the cap', async () => {
    const zip = tree.at('entries.zip');
    await writeZip(
      zip,
      Array.from({ length: 5 }, (_, i) => ({ name: `r/f${i}.xml`, data: 'x' })),
    );
    const err = await expectRefused(zip, 'too-many-entries', { maxBytes: MB, maxEntries: 4 });
    expect(err.message).toMatch(/5 entries, more than the cap of 4/);
    const ok = await extractZip(zip, dest, { maxBytes: MB, maxEntries: 5 });
    expect(ok.files).toHaveLength(5);
  });
});

describe('writeCapped (the streaming cap behind the header check)', () => {
  /** Runs writeCapped into a new file and closes it whatever happens. */
  async function capped(
    source: Parameters<typeof writeCapped>[0],
    file: string,
    name: string,
    budget: InflateBudget,
  ): Promise<number> {
    const handle = await open(file, 'wx');
    try {
      return await writeCapped(source, handle, name, budget);
    } finally {
      await handle.close();
    }
  }

  it('stops a stream of zeros at the cap: never more on disk, never much more read', async () => {
    const file = tree.at('out.bin');
    const source = zeros(200 * MB, 64 * 1024);
    const budget = new InflateBudget('bomb.zip', { maxBytes: 10 * MB, maxEntries: 1 });
    budget.begin('bomb.xml', 0); // a lying header: claims nothing
    const err = await failure(capped(source.chunks, file, 'bomb.xml', budget));
    expect(err.reason).toBe('too-large');
    expect(budget.total).toBe(10 * MB);
    expect((await stat(file)).size).toBe(10 * MB);
    // The chunk that would have passed the cap was the last one pulled, and was not written.
    expect(source.pulled()).toBe(10 * MB + 64 * 1024);
  });

  it('charges the per-entry cap per entry and the total across entries', async () => {
    const budget = new InflateBudget('z.zip', { maxBytes: 300, maxEntries: 9, maxEntryBytes: 200 });
    budget.begin('a', 200);
    await capped(zeros(200, 50).chunks, tree.at('a'), 'a', budget);
    expect(() => budget.begin('big', 201)).toThrow(
      /"big" inflates past the 200-byte cap per entry/,
    );
    budget.begin('b', 0);
    const err = await failure(capped(zeros(200, 50).chunks, tree.at('b'), 'b', budget));
    expect(err.message).toMatch(/archive inflates past the 300-byte cap \(at entry "b"\)/);
    expect(budget.total).toBe(300);
    expect((await stat(tree.at('b'))).size).toBe(100);
  });

  it('returns the CRC-32 of the bytes written', async () => {
    const budget = new InflateBudget('z.zip', { maxBytes: 100, maxEntries: 9 });
    const file = tree.at('c.txt');
    const crc = await capped([Buffer.from('1234'), Buffer.from('56789')], file, 'c', budget);
    expect(crc).toBe(0xcbf43926); // the standard CRC-32 check value of "123456789"
    expect(await readFile(file, 'utf8')).toBe('123456789');
  });
});

describe('extractZip on damaged archives', () => {
  async function validZip(): Promise<string> {
    const zip = tree.at('valid.zip');
    await writeZip(
      zip,
      Array.from({ length: 3 }, (_, i) => ({
        name: `r/TEST-${i}.xml`,
        data: `<testsuite name="s${i}">${'<testcase name="t"/>'.repeat(200)}</testsuite>`,
      })),
    );
    return zip;
  }

  it.each([0.1, 0.5, 0.9, 0.99])(
    'reports a copy cut at %s of its length as truncated or corrupt',
    async (fraction) => {
      const zip = await validZip();
      const cut = tree.at('cut.zip');
      await copyFile(zip, cut);
      await truncate(cut, Math.floor((await stat(zip)).size * fraction));
      const started = Date.now();
      const err = await expectRefused(cut, ['truncated', 'corrupt']);
      expect(err.reason).toBe('truncated'); // it still starts like a zip
      expect(Date.now() - started).toBeLessThan(5000);
    },
  );

  it('reports a file that is not a zip, or is empty, as corrupt', async () => {
    await writeFile(tree.at('text.zip'), 'just some text, no zip here\n'.repeat(10));
    await writeFile(tree.at('empty.zip'), '');
    await expectRefused(tree.at('text.zip'), 'corrupt');
    await expectRefused(tree.at('empty.zip'), 'corrupt');
  });

  it('reports a flipped data byte in a stored entry as a CRC mismatch', async () => {
    const zip = tree.at('crc.zip');
    await writeZip(zip, [
      { name: 'a.xml', data: 'fine' },
      { name: 'b.xml', data: 'MARKER-payload', compress: false },
    ]);
    expect(await patchBytes(zip, Buffer.from('MARKER'), Buffer.from('MARKEX'))).toBe(1);
    const err = await expectRefused(zip, 'corrupt');
    expect(err.message).toMatch(/CRC mismatch in entry "b\.xml"/);
  });

  it('reports damaged deflate data as corrupt', async () => {
    const zip = tree.at('deflate.zip');
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} ${i * i}`).join('\n');
    await writeZip(zip, [{ name: 'a.xml', data: text }]);
    const buf = await readFile(zip);
    // The deflate stream starts after the 30-byte local header, the name and the extra field.
    const start = 30 + buf.readUInt16LE(26) + buf.readUInt16LE(28);
    for (let i = start; i < start + 10; i += 1) buf[i] = 0xff;
    await writeFile(zip, buf);
    const err = await expectRefused(zip, 'corrupt');
    expect(err.message).toMatch(/entry "a\.xml": damaged compressed data/);
  });
});
