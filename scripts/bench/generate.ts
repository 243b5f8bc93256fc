/**
 * Writes the bench history: `<dir>/run-NN/*.xml` plus `flakegate-run.json`
 * per run, in Surefire, pytest and jest-junit styles, deterministic for a
 * seed. A stamp file records the parameters so an unchanged history is
 * reused instead of rewritten.
 *
 *     node scripts/bench/generate.ts [--runs 50] [--tests 10000] [--seed N] [--out DIR]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, mixSeed } from './prng.ts';
import { buildSuite, type RunContext } from './suite.ts';
import { surefireReport } from './surefire.ts';
import { pytestReport } from './pytest.ts';
import { jestReport } from './jest.ts';

export interface HistoryParams {
  runs: number;
  tests: number;
  seed: number;
}

export const DEFAULT_SEED = 20240601;

/** Bump when the generator's output changes, so old stamped histories are rewritten. */
const GENERATOR_VERSION = 2;
/** Hidden so report globs (`**\/*.xml`, `**\/*.json`) never pick it up. */
const STAMP = '.params.json';
const FIRST_RUN = Date.UTC(2024, 5, 1, 6, 0, 0);
/** Three pushes to main a day. */
const RUN_SPACING_MS = 8 * 3600_000;

export interface HistoryInfo {
  dir: string;
  files: number;
  bytes: number;
  /** False when an existing history with the same parameters was reused. */
  generated: boolean;
}

/** Reuses `dir` when its stamp matches `params`; otherwise deletes and rewrites it. */
export function ensureHistory(dir: string, params: HistoryParams): HistoryInfo {
  const wanted = JSON.stringify({ version: GENERATOR_VERSION, ...params });
  let stamp: string | undefined;
  try {
    stamp = readFileSync(join(dir, STAMP), 'utf8').trim();
  } catch {
    stamp = undefined;
  }
  if (stamp === wanted) return { dir, ...measureTree(dir), generated: false };
  rmSync(dir, { recursive: true, force: true });
  const written = generateHistory(dir, params);
  // Written last: an interrupted generation leaves no stamp and is redone.
  writeFileSync(join(dir, STAMP), `${wanted}\n`);
  return { dir, ...written, generated: true };
}

/** Writes every run of the history into `dir` (which should not exist or be empty). */
export function generateHistory(
  dir: string,
  params: HistoryParams,
): { files: number; bytes: number } {
  const suite = buildSuite(params.tests, params.seed);
  const width = Math.max(2, String(params.runs).length);
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < params.runs; i++) {
    const runDir = join(dir, `run-${String(i + 1).padStart(width, '0')}`);
    mkdirSync(runDir, { recursive: true });
    const rng = createRng(mixSeed(params.seed, 'run', i));
    const run: RunContext = {
      rng,
      pressure: 0.6 + rng.next(),
      startedAt: new Date(FIRST_RUN + i * RUN_SPACING_MS),
    };
    const reports = [
      ...suite.surefire.map((cls) => surefireReport(cls, run)),
      ...suite.pytest.map((file, shard) => pytestReport(file, run, shard)),
      ...suite.jest.map((file) => jestReport(file, run)),
    ];
    for (const report of reports) {
      writeFileSync(join(runDir, report.name), report.text);
      files++;
      bytes += Buffer.byteLength(report.text);
    }
    writeFileSync(
      join(runDir, 'flakegate-run.json'),
      `${JSON.stringify(runMeta(params.seed, i, run.startedAt), null, 2)}\n`,
    );
  }
  return { files, bytes };
}

function runMeta(seed: number, i: number, createdAt: Date): Record<string, unknown> {
  const rng = createRng(mixSeed(seed, 'sha', i));
  const sha = Array.from({ length: 40 }, () => rng.int(16).toString(16)).join('');
  return {
    runId: String(9_100_000_000 + i * 7919),
    sha,
    branch: 'main',
    createdAt: createdAt.toISOString(),
    attempt: 1,
    event: 'push',
  };
}

/** Count and size of the XML reports under `dir`. */
export function measureTree(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const path of listXmlFiles(dir)) {
    files++;
    bytes += statSync(path).size;
  }
  return { files, bytes };
}

/** Every `.xml` file under `dir`, sorted, as paths joined onto `dir`. */
export function listXmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => join(dir, name));
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '50' },
      tests: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string', default: '.bench/history' },
    },
  });
  const params = {
    runs: Number(values.runs),
    tests: Number(values.tests),
    seed: Number(values.seed),
  };
  const t0 = performance.now();
  const info = ensureHistory(values.out, params);
  const verb = info.generated ? 'wrote' : 'kept';
  console.log(
    `${verb} ${info.files} files, ${(info.bytes / 1e6).toFixed(1)} MB in ${info.dir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
