/**
 * `npm run bench`: how fast and how lean flakegate reads a CI history,
 * next to floors that show what the hardware and the XML allow.
 *
 *     npm run bench -- [--runs 50] [--tests 10000] [--quick] [--reps 3] [--json FILE]
 *
 * Generates (or reuses) a seeded history in .bench/history, then runs every
 * row of scripts/bench/rows.ts in its own child process, --reps times,
 * interleaved, and prints the median time and the largest peak RSS per row.
 * The table goes to stdout; progress goes to stderr.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, ensureHistory, listXmlFiles, type HistoryInfo } from './bench/generate.ts';
import type { ChildResult } from './bench/measure.ts';
import {
  BASELINE_SCRIPT,
  ROWS,
  STREAMING_FLOOR,
  type RowSpec,
  type RowTarget,
} from './bench/rows.ts';
import { median, runChild } from './bench/runner.ts';
import { fmt, renderTable, type TableRow } from './bench/table.ts';

const HISTORY_DIR = fileURLToPath(new URL('../.bench/history', import.meta.url));

interface RowResult {
  id: string;
  label: string;
  status: 'ok' | 'unavailable' | 'failed';
  message?: string;
  runs: ChildResult[];
  medianMs?: number;
  /** Median CPU time (all threads): compare with medianMs to see parallelism or contention. */
  medianCpuMs?: number;
  maxRssMB?: number;
  mbPerS?: number;
  vsFloor?: number;
}

interface TargetResult extends RowTarget {
  row: string;
  vsFloor?: number;
  rssMB?: number;
  /** n/a when the row did not run. */
  verdict: 'PASS' | 'FAIL' | 'n/a';
}

function usage(message: string): never {
  process.stderr.write(
    `bench: ${message}\nusage: npm run bench -- [--runs N] [--tests N] [--quick] [--reps N] [--json FILE]\n`,
  );
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function parseOptions(): { runs: number; tests: number; reps: number; json?: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        runs: { type: 'string' },
        tests: { type: 'string' },
        quick: { type: 'boolean', default: false },
        reps: { type: 'string' },
        json: { type: 'string' },
      },
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  // --quick only changes the defaults: `--quick --runs 8` is 8 runs x 2,000 tests.
  const [runs, tests] = values.quick ? [5, 2_000] : [50, 10_000];
  return {
    runs: positiveInt('runs', values.runs, runs),
    tests: positiveInt('tests', values.tests, tests),
    reps: positiveInt('reps', values.reps, 3),
    json: values.json,
  };
}

const log = (line: string): boolean => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const options = parseOptions();
  const params = { runs: options.runs, tests: options.tests, seed: DEFAULT_SEED };
  log(`history: ${params.runs} runs x ${fmt.int(params.tests)} tests in ${HISTORY_DIR}`);
  const history = ensureHistory(HISTORY_DIR, params);
  log(
    `history: ${history.generated ? 'generated' : 'reused'} ${fmt.int(history.files)} files, ${fmt.mb(history.bytes)} MB`,
  );
  // Read everything once so no row pays for a cold page cache.
  for (const file of listXmlFiles(HISTORY_DIR)) readFileSync(file);

  const results = new Map<string, RowResult>();
  for (const row of ROWS) {
    const reason = row.unavailable?.();
    results.set(row.id, {
      id: row.id,
      label: row.label,
      status: reason === undefined ? 'ok' : 'unavailable',
      runs: [],
      ...(reason === undefined ? {} : { message: reason }),
    });
  }
  // Interleaved (A B C, A B C, ...) so drift in the machine spreads over every row.
  let maxLoad = loadavg()[0]!;
  for (let rep = 1; rep <= options.reps; rep++) {
    for (const row of ROWS) {
      await runRow(row, results.get(row.id)!, rep, options.reps);
      maxLoad = Math.max(maxLoad, loadavg()[0]!);
    }
  }
  const baseline = await runChild(BASELINE_SCRIPT, [HISTORY_DIR]).catch(() => undefined);
  const notes = machineNotes(baseline, maxLoad);

  const rows = [...results.values()];
  summarize(rows);
  const targets = ROWS.flatMap((row) =>
    row.target ? [checkTarget(row, results.get(row.id)!, row.target)] : [],
  );
  console.log(render(params, history, rows, targets, notes));

  if (options.json !== undefined) {
    const out = resolve(options.json);
    mkdirSync(dirname(out), { recursive: true });
    const doc = {
      params: { ...params, reps: options.reps },
      dataset: { dir: HISTORY_DIR, files: history.files, bytes: history.bytes },
      machine: { node: process.version, platform: process.platform, arch: process.arch },
      baselineRssMB: baseline?.maxRssMB,
      maxLoadAverage: maxLoad,
      rows,
      targets,
    };
    writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    log(`wrote ${out}`);
  }
  log(`bench took ${fmt.fixed((performance.now() - started) / 1000, 1)} s`);
  // Missing targets are reported, not fatal; a reader that crashed is.
  return rows.some((r) => r.status === 'failed') ? 1 : 0;
}

function machineNotes(baseline: ChildResult | undefined, maxLoad: number): string[] {
  const notes: string[] = [];
  if (baseline !== undefined) {
    notes.push(
      `note: a bare \`node file.ts\` child already peaks at ${fmt.int(baseline.maxRssMB)} MB; every RSS above includes it.`,
    );
  }
  // A row keeps one core busy, a row with worker threads up to all of them;
  // a 1-minute load well past the core count means other processes competed
  // for the CPU, and wall times (and their ratios) are noisy.
  const cores = availableParallelism();
  if (maxLoad > cores * 1.5) {
    notes.push(
      `warning: load average reached ${fmt.fixed(maxLoad, 1)} on ${cores} cores while measuring: times are noisy (--json has CPU times per run).`,
    );
  }
  return notes;
}

async function runRow(row: RowSpec, result: RowResult, rep: number, reps: number): Promise<void> {
  if (result.status !== 'ok') return;
  try {
    const run = await runChild(row.script, [HISTORY_DIR, ...(row.args ?? [])]);
    result.runs.push(run);
    log(
      `  ${rep}/${reps} ${row.label}: ${fmt.fixed(run.ms / 1000, 2)} s, ${fmt.int(run.maxRssMB)} MB`,
    );
  } catch (e) {
    result.status = 'failed';
    result.message = `failed: ${(e as Error).message}`;
    log(`  ${rep}/${reps} ${row.label}: ${result.message}`);
  }
}

function summarize(rows: RowResult[]): void {
  for (const row of rows) {
    if (row.status !== 'ok' || row.runs.length === 0) continue;
    row.medianMs = median(row.runs.map((r) => r.ms));
    row.medianCpuMs = median(row.runs.map((r) => r.cpuMs));
    row.maxRssMB = Math.max(...row.runs.map((r) => r.maxRssMB));
    row.mbPerS = row.runs[0]!.bytes / 1e6 / (row.medianMs / 1000);
  }
  const floor = rows.find((r) => r.id === STREAMING_FLOOR)?.medianMs;
  for (const row of rows) {
    if (floor !== undefined && row.medianMs !== undefined) row.vsFloor = row.medianMs / floor;
  }
}

function checkTarget(row: RowSpec, result: RowResult, target: RowTarget): TargetResult {
  const { vsFloor, maxRssMB } = result;
  const verdict =
    vsFloor === undefined || maxRssMB === undefined
      ? 'n/a'
      : vsFloor <= target.maxVsFloor && maxRssMB < target.maxRssMB
        ? 'PASS'
        : 'FAIL';
  return { row: row.id, ...target, vsFloor, rssMB: maxRssMB, verdict };
}

function render(
  params: { runs: number; tests: number },
  history: HistoryInfo,
  rows: RowResult[],
  targets: TargetResult[],
  notes: string[],
): string {
  const lines = [
    `ingest of ${fmt.int(params.runs)} runs x ${fmt.int(params.tests)} tests (${fmt.int(history.files)} files, ${fmt.mb(history.bytes)} MB)`,
  ];
  const table: TableRow[] = rows.map((r) =>
    r.medianMs === undefined
      ? { label: r.label, note: r.message ?? 'no result' }
      : {
          label: r.label,
          cells: [
            fmt.fixed(r.medianMs / 1000, 2),
            fmt.fixed(r.mbPerS!, 1),
            fmt.int(r.maxRssMB!),
            r.vsFloor === undefined ? '-' : `${fmt.fixed(r.vsFloor, 2)}x`,
          ],
        },
  );
  lines.push(
    renderTable(['reader', 'time (s)', 'MB/s', 'peak RSS (MB)', 'vs streaming floor'], table),
  );
  for (const t of targets) {
    const label = rows.find((r) => r.id === t.row)?.label ?? t.row;
    const got =
      t.vsFloor === undefined || t.rssMB === undefined
        ? 'not measured'
        : `${fmt.fixed(t.vsFloor, 2)}x, ${fmt.int(t.rssMB)} MB`;
    lines.push(
      `targets: ${label} <= ${t.maxVsFloor}x streaming floor time, peak < ${t.maxRssMB} MB: ${t.verdict} (${got})`,
    );
  }
  lines.push(...crossCheck(rows), ...notes);
  return lines.join('\n');
}

/** Rows read the same files: their testcase and attempt counts should agree with the floor's. */
function crossCheck(rows: RowResult[]): string[] {
  const floor = rows.find((r) => r.id === STREAMING_FLOOR)?.runs[0];
  if (floor === undefined) return [];
  const notes: string[] = [];
  for (const row of rows) {
    const run = row.runs[0];
    if (run === undefined || row.id === STREAMING_FLOOR) continue;
    if (run.files !== floor.files)
      notes.push(
        `check: ${row.label} read ${fmt.int(run.files)} files, the floor ${fmt.int(floor.files)}`,
      );
    if (run.testcases !== undefined && run.testcases !== floor.testcases) {
      notes.push(
        `check: ${row.label} saw ${fmt.int(run.testcases)} testcases, the floor ${fmt.int(floor.testcases ?? 0)}`,
      );
    }
    if (run.tally !== undefined && floor.tally !== undefined) {
      for (const key of ['tests', 'passed', 'failed', 'skipped'] as const) {
        if (run.tally[key] !== floor.tally[key]) {
          notes.push(
            `check: ${row.label} counted ${fmt.int(run.tally[key])} ${key}, the floor ${fmt.int(floor.tally[key])}`,
          );
        }
      }
    }
    if (run.errors)
      notes.push(`check: ${row.label} could not fully read ${fmt.int(run.errors)} reports`);
  }
  if (notes.length === 0 && floor.tally !== undefined) {
    notes.push(
      `check: every row agrees with the floor: ${fmt.int(floor.testcases ?? 0)} testcases, ${fmt.int(floor.tally.attempts)} attempts, ${fmt.int(floor.tally.failed)} failed`,
    );
  }
  return notes;
}

process.exitCode = await main();
