import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG, type Config } from '../../../src/assess/config.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { configKeys, parseConfig } from '../../../src/config/schema.ts';
import { MAX_CONFIG_BYTES } from '../../../src/config/yaml.ts';

const FILE = '.github/flakegate.yml';

/** Every leaf of a nested object as [dotted key, value], walked independently of the schema. */
function leaves(node: object, prefix = ''): [string, unknown][] {
  return Object.entries(node).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null
      ? leaves(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

/** `{ a: { b: value } }` for the key `a.b`. */
function nested(key: string, value: unknown): unknown {
  return key.split('.').reduceRight<unknown>((inner, part) => ({ [part]: inner }), value);
}

function errorsOf(text: string): string[] {
  const result = parseConfig(text, FILE);
  if ('config' in result) throw new Error(`expected errors, got a config for:\n${text}`);
  return result.errors;
}

function configOf(text: string): Config {
  const result = parseConfig(text, FILE);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('parseConfig: valid files', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing set yet\n'],
    ['an explicit null document', '~\n'],
  ])('%s means the defaults', (_name, text) => {
    expect(configOf(text)).toEqual(DEFAULT_CONFIG);
  });

  it('merges a partial file deeply over the defaults', () => {
    const config = configOf(
      [
        'prior: 0.3',
        'likelihood:',
        '  message:',
        '    network: 0.5',
        'reruns:',
        '  inSuite: 2',
      ].join('\n'),
    );
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      prior: 0.3,
      likelihood: {
        ...DEFAULT_CONFIG.likelihood,
        message: { ...DEFAULT_CONFIG.likelihood.message, network: 0.5 },
      },
      reruns: { ...DEFAULT_CONFIG.reruns, inSuite: 2 },
    });
  });

  it('neither changes nor shares the defaults', () => {
    const before = structuredClone(DEFAULT_CONFIG);
    const config = configOf('likelihood: {changed: 4}');
    config.likelihood.message.network = 99;
    config.history.runs = 99;
    expect(DEFAULT_CONFIG).toEqual(before);
  });

  it('round-trips the defaults written out in full (they satisfy every rule)', () => {
    expect(configOf(stringify(DEFAULT_CONFIG))).toEqual(DEFAULT_CONFIG);
  });

  it.each([
    ['reruns.isolated at its maximum', 'reruns: {isolated: 100}'],
    ['reruns.inSuite 0 (not run)', 'reruns: {inSuite: 0}'],
    ['massFailure.fraction 1', 'massFailure: {fraction: 1}'],
    ['massFailure.count 0', 'massFailure: {count: 0}'],
    ['history.days at its maximum', 'history: {days: 365, runs: 1000}'],
    ['likelihood.intermittentShare 0', 'likelihood: {intermittentShare: 0}'],
    ['likelihood.rerunCap 1', 'likelihood: {rerunCap: 1}'],
    ['the high threshold at the low end', 'inconclusiveHighThreshold: 0.2'],
    ['the high threshold at the top end', 'inconclusiveHighThreshold: 0.8'],
    ['a few aliases', 'likelihood: {changed: &lr 4, basePasses: *lr}'],
    ['a byte-order mark', '\uFEFFprior: 0.1'],
  ])('accepts %s', (_name, text) => {
    expect(() => configOf(text)).not.toThrow();
  });
});

describe('parseConfig: errors name the file, the key, the problem and the value', () => {
  it.each([
    // wrong type
    [
      'a word for a number',
      'likelihood:\n  changed: three',
      `${FILE}: likelihood.changed: must be a number greater than 0 (got "three")`,
    ],
    [
      'a quoted number',
      'prior: "0.2"',
      `${FILE}: prior: must be a number greater than 0 and less than 1 (got "0.2")`,
    ],
    [
      'an empty value',
      'prior:',
      `${FILE}: prior: must be a number greater than 0 and less than 1 (got nothing)`,
    ],
    [
      'a number for a section',
      'reruns: 3',
      `${FILE}: reruns: must be a mapping with keys isolated, inSuite (got 3)`,
    ],
    [
      'a list for a number',
      'history: {runs: [1, 2]}',
      `${FILE}: history.runs: must be an integer from 1 to 1000 (got [1,2])`,
    ],
    // out of range
    [
      'a probability of 1',
      'prior: 1',
      `${FILE}: prior: must be a number greater than 0 and less than 1 (got 1)`,
    ],
    [
      'a probability of 0',
      'orderDependenceAlpha: 0',
      `${FILE}: orderDependenceAlpha: must be a number greater than 0 and less than 1 (got 0)`,
    ],
    [
      'YAML infinity',
      'regressionThreshold: .inf',
      `${FILE}: regressionThreshold: must be a number greater than 0 and less than 1 (got Infinity)`,
    ],
    [
      'a zero likelihood ratio',
      'likelihood: {message: {assertion: 0}}',
      `${FILE}: likelihood.message.assertion: must be a number greater than 0 (got 0)`,
    ],
    [
      'a rerun cap below 1',
      'likelihood: {rerunCap: 0.5}',
      `${FILE}: likelihood.rerunCap: must be a number of at least 1 (got 0.5)`,
    ],
    [
      'a fractional rerun count',
      'reruns: {isolated: 2.5}',
      `${FILE}: reruns.isolated: must be an integer from 1 to 100 (got 2.5)`,
    ],
    [
      'no isolated reruns',
      'reruns: {isolated: 0}',
      `${FILE}: reruns.isolated: must be an integer from 1 to 100 (got 0)`,
    ],
    [
      'too many in-suite reruns',
      'reruns: {inSuite: 101}',
      `${FILE}: reruns.inSuite: must be an integer from 0 to 100 (got 101)`,
    ],
    [
      'a negative count',
      'massFailure: {count: -1}',
      `${FILE}: massFailure.count: must be an integer of at least 0 (got -1)`,
    ],
    [
      'a zero fraction',
      'massFailure: {fraction: 0}',
      `${FILE}: massFailure.fraction: must be a number greater than 0 and at most 1 (got 0)`,
    ],
    [
      'a history longer than a year',
      'history: {days: 366}',
      `${FILE}: history.days: must be an integer from 1 to 365 (got 366)`,
    ],
    [
      'a share above 1',
      'likelihood: {intermittentShare: 1.5}',
      `${FILE}: likelihood.intermittentShare: must be a number from 0 to 1 (got 1.5)`,
    ],
    // unknown keys
    [
      'a typo',
      'likelihood:\n  chnaged: 3',
      `${FILE}: likelihood.chnaged: unknown key (did you mean "changed"?)`,
    ],
    [
      'snake_case',
      'regression_threshold: 0.9',
      `${FILE}: regression_threshold: unknown key (did you mean "regressionThreshold"?)`,
    ],
    [
      'a key at the wrong level',
      'isolated: 3',
      `${FILE}: isolated: unknown key here (did you mean reruns.isolated?)`,
    ],
    [
      'a key with no near miss',
      'reruns: {parallel: 4}',
      `${FILE}: reruns.parallel: unknown key (expected one of: isolated, inSuite)`,
    ],
    [
      'a prototype key',
      '__proto__: {prior: 0.9}',
      `${FILE}: __proto__: unknown key (expected one of: prior, regressionThreshold, inconclusiveThreshold, inconclusiveHighThreshold, likelihood, reruns, massFailure, history, orderDependenceAlpha)`,
    ],
    // cross-field, against the merged config
    [
      'a regression threshold below the default inconclusive one',
      'regressionThreshold: 0.15\ninconclusiveHighThreshold: 0.1',
      `${FILE}: regressionThreshold: must be greater than inconclusiveThreshold, which defaults to 0.2 (got 0.15)`,
    ],
    [
      'thresholds set in the wrong order',
      'inconclusiveThreshold: 0.6\nregressionThreshold: 0.4\ninconclusiveHighThreshold: 0.5',
      `${FILE}: inconclusiveThreshold: must be less than regressionThreshold, which is set to 0.4 (got 0.6)`,
    ],
    [
      'a high threshold above the regression threshold',
      'inconclusiveHighThreshold: 0.9',
      `${FILE}: inconclusiveHighThreshold: must be at most regressionThreshold, which defaults to 0.8 (got 0.9)`,
    ],
    [
      'a high threshold below the inconclusive threshold',
      'inconclusiveThreshold: 0.3\ninconclusiveHighThreshold: 0.25',
      `${FILE}: inconclusiveThreshold: must be at most inconclusiveHighThreshold, which is set to 0.25 (got 0.3)`,
    ],
    // the file as a whole
    [
      'a list instead of a mapping',
      '- prior: 0.2',
      `${FILE}: must be a mapping with keys prior, regressionThreshold, inconclusiveThreshold, inconclusiveHighThreshold, likelihood, reruns, massFailure, history, orderDependenceAlpha (got [{"prior":0.2}])`,
    ],
  ])('%s', (_name, text, error) => {
    expect(errorsOf(text)).toContain(error);
  });

  it('reports every problem, not just the first', () => {
    expect(errorsOf('prior: 2\nreruns: {isolated: 0, inSuit: 1}')).toEqual([
      `${FILE}: prior: must be a number greater than 0 and less than 1 (got 2)`,
      `${FILE}: reruns.isolated: must be an integer from 1 to 100 (got 0)`,
      `${FILE}: reruns.inSuit: unknown key (did you mean "inSuite"?)`,
    ]);
  });

  it.each(leaves(DEFAULT_CONFIG).map(([key]) => key))('names %s when given a word', (key) => {
    const errors = errorsOf(stringify(nested(key, 'lots')));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${FILE}: ${key}: must be .+ \\(got "lots"\\)$`));
  });
});

describe('parseConfig: YAML', () => {
  it.each([
    [
      'an unclosed flow list',
      'prior: 0.2\nlikelihood: [1, 2\nreruns: {}',
      /^\.github\/flakegate\.yml:3:1: invalid YAML: \S/,
    ],
    [
      'a duplicate key',
      'prior: 0.2\nprior: 0.3',
      /^\.github\/flakegate\.yml:2:1: invalid YAML: Map keys must be unique$/,
    ],
    [
      'a tab as indentation',
      'reruns:\n\tisolated: 3',
      /^\.github\/flakegate\.yml:2:1: invalid YAML: \S/,
    ],
    [
      'two documents',
      'prior: 0.2\n---\nprior: 0.3',
      /^\.github\/flakegate\.yml:2:1: invalid YAML: \S/,
    ],
    [
      'an unknown tag',
      'prior: !percent 20',
      /^\.github\/flakegate\.yml:1:8: invalid YAML: Unresolved tag/,
    ],
  ])('reports %s with line and column', (_name, text, error) => {
    const errors = errorsOf(text);
    expect(errors[0]).toMatch(error);
    expect(errors.length).toBeLessThanOrEqual(4);
  });

  it('refuses an alias bomb quickly', () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const started = Date.now();
    expect(errorsOf(lines.join('\n'))).toEqual([
      `${FILE}: refused: YAML aliases expand past 100 nodes (an alias bomb?); write the values out instead`,
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses text over the size limit', () => {
    const text = `# ${'x'.repeat(MAX_CONFIG_BYTES)}\nprior: 0.2`;
    expect(errorsOf(text)).toEqual([
      `${FILE}: file is ${MAX_CONFIG_BYTES + 13} bytes; a config file may be at most ${MAX_CONFIG_BYTES}`,
    ]);
  });
});

describe('loadConfig', () => {
  const root = mkdtempSync(join(tmpdir(), 'flakegate-config-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  /** A fresh working directory holding the given files. */
  function workdir(files: Record<string, string> = {}): string {
    const dir = join(root, String(n++));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  it('uses the defaults when there is no config file', async () => {
    expect(await loadConfig({ cwd: workdir() })).toEqual({
      config: DEFAULT_CONFIG,
      source: null,
      errors: [],
    });
  });

  it.each(['.github/flakegate.yml', '.github/flakegate.yaml'])('reads %s', async (path) => {
    const loaded = await loadConfig({ cwd: workdir({ [path]: 'history:\n  days: 30\n' }) });
    expect(loaded.errors).toEqual([]);
    expect(loaded.source).toBe(path);
    expect(loaded.config.history).toEqual({ ...DEFAULT_CONFIG.history, days: 30 });
  });

  it('reads an empty file as the defaults', async () => {
    const loaded = await loadConfig({ cwd: workdir({ [FILE]: '' }) });
    expect(loaded).toEqual({ config: DEFAULT_CONFIG, source: FILE, errors: [] });
  });

  it('refuses both .yml and .yaml', async () => {
    const cwd = workdir({ [FILE]: 'prior: 0.1', '.github/flakegate.yaml': 'prior: 0.2' });
    expect((await loadConfig({ cwd })).errors).toEqual([
      '.github/flakegate.yml and .github/flakegate.yaml both exist: keep one',
    ]);
  });

  it('reads --config relative to the working directory, ignoring the default file', async () => {
    const cwd = workdir({ 'ci/gate.yml': 'prior: 0.25', [FILE]: 'prior: oops' });
    const loaded = await loadConfig({ cwd, path: 'ci/gate.yml' });
    expect(loaded.errors).toEqual([]);
    expect(loaded.source).toBe('ci/gate.yml');
    expect(loaded.config.prior).toBe(0.25);
  });

  it.each([
    ['missing', {}, 'nope.yml', 'nope.yml: config file not found (given by --config)'],
    ['a directory', { 'conf/x': '' }, 'conf', 'conf: not a regular file'],
    [
      'too large',
      { 'big.yml': `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n` },
      'big.yml',
      `big.yml: larger than ${MAX_CONFIG_BYTES} bytes; a config file is small`,
    ],
    ['invalid', { 'bad.yml': 'prior: [' }, 'bad.yml', /^bad\.yml:1:\d+: invalid YAML: /],
    [
      'out of range',
      { 'bad.yml': 'reruns: {isolated: 0}' },
      'bad.yml',
      'bad.yml: reruns.isolated: must be an integer from 1 to 100 (got 0)',
    ],
  ])('reports an explicit --config file that is %s', async (_name, files, path, error) => {
    const loaded = await loadConfig({ cwd: workdir(files), path });
    expect(loaded.source).toBe(path);
    expect(loaded.config).toEqual(DEFAULT_CONFIG);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatch(error);
  });

  it('reports an invalid default file with its path', async () => {
    const loaded = await loadConfig({
      cwd: workdir({ [FILE]: 'likelihood:\n  changed: three\n' }),
    });
    expect(loaded.errors).toEqual([
      `${FILE}: likelihood.changed: must be a number greater than 0 (got "three")`,
    ]);
  });
});

describe('configKeys', () => {
  const keys = configKeys();

  it('lists every leaf key of Config, in order, with its default', () => {
    expect(keys.map(({ key, default: value }) => [key, value])).toEqual(leaves(DEFAULT_CONFIG));
  });

  it.each(keys.map((k) => [k.key, k] as const))(
    'describes %s',
    (_key, { description, allowed }) => {
      expect(description.length).toBeGreaterThan(20);
      expect(allowed).toMatch(/^an? (number|integer) /);
    },
  );
});
