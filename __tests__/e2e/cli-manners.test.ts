/**
 * How the built `flakegate` behaves as a command: help that lists every
 * option with its default, one-line usage errors with a hint, --version,
 * and terminal manners: progress and colour on a terminal only (a pseudo-
 * terminal from util-linux `script`), never in pipes, in CI or with --quiet.
 */
/* eslint-disable no-control-regex -- escape sequences and carriage returns are what it looks for */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { cellWidth } from '../../src/cli/progress.ts';
import {
  buildCli,
  cliOptionTables,
  EXAMPLE,
  runCli,
  type CliBuild,
  type CliOption,
  type CliResult,
} from '../helpers/cli-process.ts';
import { pytestXml, tempTree, type TempTree } from '../helpers/temp-tree.ts';

const COMMANDS = ['assess', 'plan', 'rerun', 'inspect'] as const;
type CommandName = (typeof COMMANDS)[number];

let build: CliBuild;
let tmp: TempTree;
let tables: Record<string, CliOption[]>;

beforeAll(async () => {
  build = await buildCli();
  tmp = await tempTree('manners');
  tables = await cliOptionTables();
}, 120_000);

afterAll(async () => {
  await build?.cleanup();
  await tmp?.cleanup();
});

/**
 * As a user's shell would, minus everything that turns progress or colour off
 * (CI exports CI and NO_COLOR): an empty value counts as unset. Only the
 * missing terminal may keep them off here.
 */
const PERMISSIVE = { CI: '', NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm-256color' };

const flakegate = (args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) =>
  runCli(build.cli, args, opts);

/** What `npm run demo` runs. */
const DEMO = [
  'assess',
  'reports/head',
  '--history',
  'reports/history',
  '--reruns',
  'reports/reruns',
  '--changed',
  'changes/touches-the-service.txt',
];

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** Each option's entry in a usage text: its line and the indented lines continuing it. */
function optionEntries(usage: string): Map<string, string> {
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const l of usage.split('\n')) {
    const start = /^\s+(?:-\w, )?--([\w-]+)/.exec(l);
    if (start) {
      current = start[1]!;
      entries.set(current, l);
    } else if (current && /^\s{8,}\S/.test(l)) {
      entries.set(current, `${entries.get(current)!}\n${l}`);
    } else current = undefined;
  }
  return entries;
}

/** Status 2, nothing on stdout, the error on one line, then the hint naming a --help. */
function expectUsageError(r: CliResult, mentions: RegExp, help: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const err = r.stderr.split('\n');
  expect(err, r.stderr).toHaveLength(3);
  expect(err[0]).toMatch(/^flakegate: /);
  expect(err[0]).toMatch(mentions);
  expect(err[1]).toBe(`Run '${help}' for usage.`);
  expect(err[2]).toBe('');
}

/** Arguments that satisfy a command's required ones, so that only the option under test is wrong. */
const REQUIRED: Record<CommandName, string[]> = {
  assess: ['x.xml'],
  plan: ['x.xml'],
  rerun: ['--plan', 'p.json', '--shard', 's1'],
  inspect: ['x.xml'],
};

describe('help', () => {
  it('`flakegate --help` names all four commands', async () => {
    const r = await flakegate(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+flakegate ${c} `, 'm'));
  });

  it.each(COMMANDS)(
    '`flakegate %s --help` lists every option of its table with a default',
    async (cmd) => {
      const table = tables[cmd]!;
      expect(table.length).toBeGreaterThan(0);
      for (const flag of ['--help', '-h']) {
        const r = await flakegate([cmd, flag]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(new RegExp(`^Usage: flakegate ${cmd} `));
        const entries = optionEntries(r.stdout);
        for (const o of table) {
          const entry = entries.get(o.name);
          expect(entry, `--${o.name} is not listed`).toBeDefined();
          // Required options have no default and say so.
          expect(entry, `--${o.name} has no default`).toMatch(
            /\(default: [^)]+\)|\(required, no default\)/,
          );
        }
        expect([...entries.keys()].sort()).toEqual([...table.map((o) => o.name), 'help'].sort());
      }
    },
  );

  it('help comes before the rest of the arguments, however wrong they are', async () => {
    const r = await flakegate(['rerun', '--bogus', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: flakegate rerun /);
  });
});

describe('--version', () => {
  it.each([['--version'], ['-v']])('`flakegate %s` prints the version alone', async (flag) => {
    const r = await flakegate([flag]);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each(COMMANDS)(
    '`flakegate %s --version` is a usage error pointing at `flakegate --version`',
    async (cmd) => {
      expectUsageError(
        await flakegate([cmd, ...REQUIRED[cmd], '--version']),
        /unknown option "--version" \(the version: flakegate --version\)/,
        `flakegate ${cmd} --help`,
      );
    },
  );
});

describe('usage errors: exit 2, one line, a hint', () => {
  it.each(COMMANDS)('%s: an unknown option', async (cmd) => {
    expectUsageError(
      await flakegate([cmd, ...REQUIRED[cmd], '--bogus']),
      new RegExp(`^flakegate: ${cmd}: unknown option "--bogus"$`),
      `flakegate ${cmd} --help`,
    );
  });

  it.each(COMMANDS)('%s: a string option without its value', async (cmd) => {
    const option = tables[cmd]!.find((o) => o.type === 'string')!;
    expectUsageError(
      await flakegate([cmd, ...REQUIRED[cmd], `--${option.name}`]),
      new RegExp(`^flakegate: --${option.name} needs a value$`),
      `flakegate ${cmd} --help`,
    );
  });

  it.each(COMMANDS)('%s: a flag given a value', async (cmd) => {
    const option = tables[cmd]!.find((o) => o.type === 'boolean')!;
    expectUsageError(
      await flakegate([cmd, ...REQUIRED[cmd], `--${option.name}=yes`]),
      new RegExp(`^flakegate: --${option.name} takes no value$`),
      `flakegate ${cmd} --help`,
    );
  });

  it('an option where a value was due: the value may start with a dash, written with =', async () => {
    expectUsageError(
      await flakegate(['assess', 'x.xml', '--json', '--quiet']),
      /^flakegate: --json needs a value \(one starting with a dash is written --json=-VALUE\)$/,
      'flakegate assess --help',
    );
  });

  it.each([
    [['assess'], /assess needs at least one report/],
    [['plan', '--shards', '2'], /plan needs at least one report/],
    [['inspect', '--json'], /inspect needs at least one report/],
    [['rerun', '--shard', 's1'], /rerun needs --plan FILE/],
    [['rerun', '--plan', 'plan.json'], /rerun needs --shard ID/],
  ])('a missing argument: %j', async (args, mentions) => {
    expectUsageError(await flakegate(args), mentions, `flakegate ${args[0]} --help`);
  });

  it('a JSON argument list that is not one names the value on the same line', async () => {
    expectUsageError(
      await flakegate(['plan', 'x.xml', '--rerun-command', 'npm\ntest']),
      /^flakegate: --rerun-command must be a JSON array of strings/,
      'flakegate plan --help',
    );
    // Valid JSON, but not strings: the value is quoted, its newline escaped.
    expectUsageError(
      await flakegate(['plan', 'x.xml', '--rerun-command', '[1,\n2]']),
      /got "\[1,\\n2\]"$/,
      'flakegate plan --help',
    );
  });

  it('an unknown option or command before any command', async () => {
    expectUsageError(await flakegate(['--bogus']), /unknown option "--bogus"/, 'flakegate --help');
    // Names of Object.prototype are not commands either.
    for (const name of ['constructor', '__proto__', 'toString'])
      expectUsageError(
        await flakegate([name, 'x']),
        new RegExp(`unknown command "${name}"`),
        'flakegate --help',
      );
  });

  it('no argument at all: the help on stderr, status 2', async () => {
    const r = await flakegate([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('flakegate assess REPORTS...');
  });
});

/** A C1 CSI, an ESC sequence or a carriage return: none may reach a pipe. */
const TERMINAL_BYTES = /[\x1b\x9b\r]/;

describe('not a terminal (pipes, as under CI): no progress, no colour', () => {
  it('assess as `npm run demo` runs it, even with FORCE_COLOR=1', async () => {
    for (const env of [PERMISSIVE, { ...PERMISSIVE, FORCE_COLOR: '1' }]) {
      const r = await flakegate(DEMO, { cwd: EXAMPLE, env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^flakegate: MEDIUM risk/);
      expect(r.stdout).not.toMatch(TERMINAL_BYTES);
      expect(r.stderr).toBe('');
    }
  });

  it('--json - leaves stdout one JSON document; --quiet leaves it empty', async () => {
    const json = await flakegate([...DEMO, '--json', '-'], { cwd: EXAMPLE, env: PERMISSIVE });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, risk: 'MEDIUM' });
    expect(json.stderr).toBe('');
    const quiet = await flakegate([...DEMO, '--quiet'], { cwd: EXAMPLE, env: PERMISSIVE });
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('inspect, plan and rerun write no terminal bytes either', async () => {
    const shard = await hostileShard();
    const runs = [
      await flakegate(['inspect', 'reports/head', 'reports/history'], {
        cwd: EXAMPLE,
        env: PERMISSIVE,
      }),
      await flakegate(['plan', 'reports/head', '--out', tmp.at('demo-plan.json')], {
        cwd: EXAMPLE,
        env: PERMISSIVE,
      }),
      await flakegate(['rerun', '--plan', 'plan.json', '--shard', 's1', '--out', 'pipe-reruns'], {
        cwd: shard,
        env: PERMISSIVE,
      }),
    ];
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(TERMINAL_BYTES);
    }
  });
});

// util-linux `script` gives the CLI a pseudo-terminal; other systems' `script` differs.
describe.skipIf(process.platform !== 'linux')('on a terminal', () => {
  it('assess draws progress on one line, erases it, and colours the summary', async () => {
    const plain = await flakegate(DEMO, { cwd: EXAMPLE });
    const raw = await inTerminal(DEMO, EXAMPLE, PERMISSIVE);
    const frames = progressFrames(raw);
    expect(frames[0]).toMatch(/^reading reports 0\/1 \(\d+\.\d s\)$/);
    // Which later steps get drawn depends on speed (at most 10 frames a second).
    for (const f of frames)
      expect(f).toMatch(
        /^reading (reports|history runs|history reports|reruns) \d+\/\d+ \(\d+\.\d s\)$/,
      );
    expect(raw).toMatch(/\x1b\[[\d;]*mflakegate: MEDIUM risk\x1b\[0m/);
    // Once drawn, the screen holds exactly what a pipe gets: progress left no trace.
    expect(screen(raw).map(stripColour)).toEqual(lines(plain.stdout));
  });

  it('CI set: colour, but no progress', async () => {
    const raw = await inTerminal(DEMO, EXAMPLE, { ...PERMISSIVE, CI: 'true' });
    expect(raw).not.toContain('\x1b[2K');
    expect(raw.replace(/\r\n/g, '\n')).not.toContain('\r');
    expect(raw).toMatch(/\x1b\[[\d;]*m/);
  });

  it.each([
    ['NO_COLOR', { NO_COLOR: '1' }],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }],
  ])('%s: progress, but no colour', async (_name, extra) => {
    const raw = await inTerminal(DEMO, EXAMPLE, { ...PERMISSIVE, ...extra });
    expect(raw).toContain('\r\x1b[2Kreading reports ');
    expect(raw).not.toMatch(/\x1b\[[\d;]*m/);
  });

  it('--quiet: nothing at all', async () => {
    expect(await inTerminal([...DEMO, '--quiet'], EXAMPLE, PERMISSIVE)).toBe('');
  });

  it('--json -: the screen ends up holding the JSON alone', async () => {
    const raw = await inTerminal([...DEMO, '--json', '-'], EXAMPLE, PERMISSIVE);
    expect(raw).toContain('\x1b[2K');
    expect(JSON.parse(screen(raw).join('\n'))).toMatchObject({ risk: 'MEDIUM' });
  });

  it('inspect shows its reading, then the same table a pipe gets', async () => {
    const args = ['inspect', 'reports/head', 'reports/history'];
    const plain = await flakegate(args, { cwd: EXAMPLE });
    const raw = await inTerminal(args, EXAMPLE, PERMISSIVE);
    expect(progressFrames(raw)[0]).toMatch(/^reading reports 0\/31 /);
    expect(screen(raw)).toEqual(lines(plain.stdout));
  });

  it('rerun: n of N, the phase and the test name, escaped and cut to the width', async () => {
    const shard = await hostileShard();
    const raw = await inTerminal(
      ['rerun', '--plan', 'plan.json', '--shard', 's1', '--out', 'tty-reruns'],
      shard,
      PERMISSIVE,
      60,
    );
    const frames = progressFrames(raw);
    expect(frames[0]).toMatch(/^rerun 0\/3: shard s1 \(/);
    for (const n of [1, 2, 3])
      expect(frames).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^rerun ${n}/3: isolated ${n} of test_<U\\+202E>evil ##\\\\\\[gro.*… \\(\\d+\\.\\d s\\)$`,
          ),
        ),
      );
    for (const f of frames) expect(cellWidth(f)).toBeLessThanOrEqual(59);
    expect(raw).not.toContain('\u202e');
    // The summary line follows an erased line, never a half-drawn frame.
    expect(screen(raw).filter((l) => l.startsWith('rerun '))).toEqual([]);
    expect(screen(raw).at(-1)).toMatch(/^shard s1: 1 test\(s\), 3 attempt\(s\) in /);
  });
});

/** A plan of one failing test with a hostile, long, wide name; each rerun fails after 150 ms. */
let shardDir: string | undefined;
async function hostileShard(): Promise<string> {
  if (shardDir) return shardDir;
  const name = `test_\u202eevil ##[group] ${'漢字'.repeat(14)} very long name that goes on and on`;
  await tmp.write({
    'shard/head/report.xml': pytestXml([
      { name: 'test_ok', file: 'tests/test_a.py' },
      { name, file: 'tests/test_a.py', outcome: 'failed' },
    ]),
  });
  const dir = tmp.at('shard');
  const command = [process.execPath, '-e', 'setTimeout(() => process.exit(1), 150)'];
  const r = await flakegate(
    ['plan', 'head', '--reruns-k', '3', '--rerun-command', JSON.stringify(command)],
    { cwd: dir },
  );
  expect(r.code, r.stderr).toBe(0);
  shardDir = dir;
  return dir;
}

/** Single-quoted for a POSIX shell (`script -c` runs its command through one). */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI on a pseudo-terminal `columns` wide; stdout and stderr arrive merged, raw. */
function inTerminal(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  columns = 100,
): Promise<string> {
  const command =
    `stty cols ${columns} rows 50 2>/dev/null; ` +
    `exec ${[process.execPath, build.cli, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e) => reject(new Error(`util-linux script is needed: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`script -c ${args.join(' ')} exited ${code}: ${err}${out}`));
    });
  });
}

/** The text of every progress frame: drawn after an erase, erased again before anything else. */
function progressFrames(raw: string): string[] {
  return [...raw.matchAll(/\r\x1b\[2K([^\r\n]*)(?=\r\x1b\[2K)/g)]
    .map((m) => m[1]!)
    .filter((f) => f !== '');
}

const stripColour = (s: string) => s.replace(/\x1b\[[\d;]*m/g, '');

/**
 * What a terminal shows at the end: `\r` returns to the line's start, erase
 * line empties it, text overwrites, `\n` moves on. Colour codes are kept.
 */
function screen(raw: string): string[] {
  const done: string[] = [];
  let lineText = '';
  let col = 0;
  for (const token of raw.match(/\x1b\[2K|\x1b\[[\d;]*m|\r|\n|[^\r\n\x1b]+/g) ?? []) {
    if (token === '\r') col = 0;
    else if (token === '\n') {
      done.push(lineText);
      lineText = '';
      col = 0;
    } else if (token === '\x1b[2K') lineText = '';
    else {
      lineText = lineText.slice(0, col) + token + lineText.slice(col + token.length);
      col += token.length;
    }
  }
  if (lineText !== '') done.push(lineText);
  return done.filter((l) => l !== '');
}
