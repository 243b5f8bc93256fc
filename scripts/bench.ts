/**
 * `npm run bench`: how fast and how lean flakegate reads a CI history,
 * next to floors that show what the hardware and the XML allow.
 *
 *     npm run bench -- [--runs 50] [--tests 10000] [--quick] [--reps 3] [--json FILE] [--only IDS]
 *
 * Generates (or reuses) a seeded history in .bench/history, then runs every
 * row of scripts/bench/rows.ts in its own child process, --reps times,
 * interleaved, and prints the median time and the largest peak RSS per row.
 * The API rows (dist/action.js against the fake GitHub) get a table of their
 * own: REST requests per assessment. The tables go to stdout; progress goes
 * to stderr.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, ensureHistory, listXmlFiles, type HistoryInfo } from './bench/generate.ts';
import type { ChildResult } from './bench/measure.ts';
import type { ApiCounts } from './bench/row-api.ts';
import {
  BASELINE_SCRIPT,
  ROWS,
  STREAMING_FLOOR,
  type RowSpec,
  type RowTarget,
} from './bench/rows.ts';
import { bundleScripts } from './bench/bundle.ts';
import { median, runChild } from './bench/runner.ts';
import { fmt, renderTable, type TableRow } from './bench/table.ts';

const HISTORY_DIR = fileURLToPath(new URL('../.bench/history', import.meta.url));
const BUILD_DIR = fileURLToPath(new URL('../.bench/build', import.meta.url));

interface RowResult {
  id: string;
  label: string;
  kind?: 'api';
  status: 'ok' | 'unavailable' | 'failed';
  message?: string;
  runs: ChildResult[];
  medianMs?: number;
  /** Median CPU time (all threads): compare with medianMs to see parallelism or contention. */
  medianCpuMs?: number;
  maxRssMB?: number;
  mbPerS?: number;
  vsFloor?: number;
  /** API rows: the counts of the last repetition (deterministic for one dist/action.js). */
  api?: ApiCounts;
}

/** Steady-state history requests above this mean incremental history is not working. */
const STEADY_HISTORY_REQUESTS = 10;

interface TargetResult extends RowTarget {
  row: string;
  vsFloor?: number;
  rssMB?: number;
  /** n/a when the row did not run. */
  verdict: 'PASS' | 'FAIL' | 'n/a';
}

const USAGE = `usage: npm run bench -- [--runs N] [--tests N] [--quick] [--reps N] [--json FILE] [--only IDS]
  --only IDS  comma-separated row ids or id prefixes (api, floor, flakegate-ingest, ...)
rows: ${ROWS.map((r) => r.id).join(', ')}
`;

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

interface Options {
  runs: number;
  tests: number;
  reps: number;
  json?: string;
  rows: RowSpec[];
}

/** `api` picks api-cold-10, api-steady-10, ...; a full id picks that row. */
function selectRows(only: string | undefined): RowSpec[] {
  if (only === undefined) return ROWS;
  const wanted = only.split(',').map((w) => w.trim());
  const rows = ROWS.filter((r) => wanted.some((w) => r.id === w || r.id.startsWith(`${w}-`)));
  if (rows.length === 0) usage(`--only ${only} matches no row`);
  return rows;
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        runs: { type: 'string' },
        tests: { type: 'string' },
        quick: { type: 'boolean', default: false },
        reps: { type: 'string' },
        json: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  // --quick only changes the defaults: `--quick --runs 8` is 8 runs x 2,000 tests.
  const [runs, tests] = values.quick ? [5, 2_000] : [50, 10_000];
  return {
    runs: positiveInt('runs', values.runs, runs),
    tests: positiveInt('tests', values.tests, tests),
    reps: positiveInt('reps', values.reps, 3),
    json: values.json,
    rows: selectRows(values.only),
  };
}

const log = (line: string): boolean => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const options = parseOptions();
  const params = { runs: options.runs, tests: options.tests, seed: DEFAULT_SEED };
  const selected = options.rows;
  // The API rows make their own history in the fake GitHub: alone, they need no generated one.
  const ingest = selected.some((r) => r.kind !== 'api');
  let history: HistoryInfo | undefined;
  if (ingest) {
    log(`history: ${params.runs} runs x ${fmt.int(params.tests)} tests in ${HISTORY_DIR}`);
    history = ensureHistory(HISTORY_DIR, params);
    log(
      `history: ${history.generated ? 'generated' : 'reused'} ${fmt.int(history.files)} files, ${fmt.mb(history.bytes)} MB`,
    );
    // Read everything once so no row pays for a cold page cache.
    for (const file of listXmlFiles(HISTORY_DIR)) readFileSync(file);
  }
  // Reading rows run bundled, as users run flakegate (see bench/bundle.ts);
  // the API rows start the committed dist/ themselves.
  const bundled = await bundleScripts(
    [
      ...selected.filter((r) => r.kind !== 'api' && r.unavailable?.() === undefined),
      ...(ingest ? [{ script: BASELINE_SCRIPT }] : []),
    ].map((r) => r.script),
    BUILD_DIR,
  );
  const scriptOf = (script: URL): URL => bundled.get(script.href) ?? script;

  const results = new Map<string, RowResult>();
  for (const row of selected) {
    const reason = row.unavailable?.();
    results.set(row.id, {
      id: row.id,
      label: row.label,
      ...(row.kind === undefined ? {} : { kind: row.kind }),
      status: reason === undefined ? 'ok' : 'unavailable',
      runs: [],
      ...(reason === undefined ? {} : { message: reason }),
    });
  }
  // Interleaved (A B C, A B C, ...) so drift in the machine spreads over every row.
  let maxLoad = loadavg()[0]!;
  for (let rep = 1; rep <= options.reps; rep++) {
    for (const row of selected) {
      await runRow(row, scriptOf(row.script), results.get(row.id)!, rep, options.reps);
      maxLoad = Math.max(maxLoad, loadavg()[0]!);
    }
  }
  const baseline = ingest
    ? await runChild(scriptOf(BASELINE_SCRIPT), [HISTORY_DIR]).catch(() => undefined)
    : undefined;
  const notes = machineNotes(baseline, maxLoad);

  const rows = [...results.values()];
  summarize(rows);
  const targets = selected.flatMap((row) =>
    row.target ? [checkTarget(row, results.get(row.id)!, row.target)] : [],
  );
  console.log(render(params, history, rows, targets, notes));

  if (options.json !== undefined) {
    const out = resolve(options.json);
    mkdirSync(dirname(out), { recursive: true });
    const doc = {
      params: { ...params, reps: options.reps },
      dataset: history && { dir: HISTORY_DIR, files: history.files, bytes: history.bytes },
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
      `note: a bare bundled child already peaks at ${fmt.int(baseline.maxRssMB)} MB; every RSS above includes it.`,
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

async function runRow(
  row: RowSpec,
  script: URL,
  result: RowResult,
  rep: number,
  reps: number,
): Promise<void> {
  if (result.status !== 'ok') return;
  try {
    const run = await runChild(script, [HISTORY_DIR, ...(row.args ?? [])]);
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
    if (row.kind === 'api') {
      // The child's CPU and RSS are the fake GitHub's, not the action's: only counts and wall time.
      row.api = apiCounts(row.runs.at(-1)!);
      continue;
    }
    row.medianCpuMs = median(row.runs.map((r) => r.cpuMs));
    row.maxRssMB = Math.max(...row.runs.map((r) => r.maxRssMB));
    row.mbPerS = row.runs[0]!.bytes / 1e6 / (row.medianMs / 1000);
  }
  const floor = rows.find((r) => r.id === STREAMING_FLOOR)?.medianMs;
  for (const row of rows) {
    if (floor !== undefined && row.medianMs !== undefined && row.kind !== 'api')
      row.vsFloor = row.medianMs / floor;
  }
}

const apiCounts = (run: ChildResult): ApiCounts | undefined =>
  (run as ChildResult & { api?: ApiCounts }).api;

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
  history: HistoryInfo | undefined,
  rows: RowResult[],
  targets: TargetResult[],
  notes: string[],
): string {
  const ingest = rows.filter((r) => r.kind !== 'api');
  const lines = history === undefined ? [] : renderIngest(params, history, ingest, targets, rows);
  const api = renderApi(rows.filter((r) => r.kind === 'api'));
  if (lines.length > 0 && api.length > 0) lines.push('');
  lines.push(...api, ...notes);
  return lines.join('\n');
}

function renderIngest(
  params: { runs: number; tests: number },
  history: HistoryInfo,
  ingest: RowResult[],
  targets: TargetResult[],
  rows: RowResult[],
): string[] {
  const lines = [
    `ingest of ${fmt.int(params.runs)} runs x ${fmt.int(params.tests)} tests (${fmt.int(history.files)} files, ${fmt.mb(history.bytes)} MB)`,
  ];
  const table: TableRow[] = ingest.map((r) =>
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
  lines.push(...crossCheck(ingest));
  return lines;
}

/** REST requests of one assess step, as the fake GitHub logged them; warnings, never failures. */
function renderApi(rows: RowResult[]): string[] {
  if (rows.length === 0) return [];
  const table: TableRow[] = rows.map((r) =>
    r.api === undefined || r.medianMs === undefined
      ? { label: r.label, note: r.message ?? 'no result' }
      : {
          label: r.label,
          cells: [
            r.api.historyRuns === undefined ? '-' : fmt.int(r.api.historyRuns),
            fmt.int(r.api.rest),
            fmt.int(r.api.history),
            fmt.int(r.api.other),
            fmt.fixed(r.medianMs / 1000, 2),
          ],
        },
  );
  const lines = [
    `API cost of one assess step: ${bundleNote()} against the fake GitHub`,
    renderTable(
      ['assessment', 'runs read', 'REST requests', 'on history', 'upload + blob', 'time (s)'],
      table,
    ),
  ];
  for (const r of rows) {
    const api = r.api;
    if (api === undefined) continue;
    if (api.mode === 'steady' && api.history > STEADY_HISTORY_REQUESTS)
      lines.push(
        `warning: ${r.label}: ${api.history} REST requests on history, over ${STEADY_HISTORY_REQUESTS} at steady state`,
      );
    if (api.mode === 'steady' && !api.fromHistoryArtifact)
      lines.push(`check: ${r.label} did not read the flakegate-history artifact`);
    // Fewer runs than asked means history was lost; more is the summary counting the artifact's runs.
    if (api.historyRuns !== undefined && api.historyRuns !== api.depth)
      lines.push(
        `${api.historyRuns < api.depth ? 'check' : 'note'}: ${r.label}: the summary counts ${api.historyRuns} runs of history, history-runs is ${api.depth}`,
      );
    if (api.violations)
      lines.push(`check: ${r.label}: ${api.violations} request(s) GitHub would not accept`);
    const runs = r.runs.map(apiCounts);
    if (runs.some((run) => run?.bundle !== api.bundle))
      lines.push(
        `check: ${r.label}: dist/action.js was rebuilt while measuring; counts are the last bundle's (--json has each)`,
      );
    else if (runs.some((run) => run?.rest !== api.rest))
      lines.push(`check: ${r.label}: REST requests differ between repetitions (--json)`);
  }
  const own = rows.find((r) => r.api?.ownRun)?.api?.ownRun;
  lines.push(
    `note: "on history" counts list-workflow-runs, list-workflow-run-artifacts and download-artifact${own ? ` (${own} of them list${own === 1 ? 's' : ''} the step's own run's artifacts: plan, rerun results)` : ''}; time is the step's median wall time, process start and the fake's OpenAPI checks included.`,
  );
  return lines;
}

function bundleNote(): string {
  try {
    const built = statSync(new URL('../dist/action.js', import.meta.url)).mtime;
    return `dist/action.js as built ${built.toISOString().replace(/\.\d+Z$/, 'Z')}`;
  } catch {
    return 'dist/action.js (missing)';
  }
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
