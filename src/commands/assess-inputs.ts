/**
 * The file-system edge of `assess`: head report folders, history run folders
 * (each with flakegate-run.json), rerun reports (each with
 * flakegate-rerun.json), the changed-paths file and CODEOWNERS, turned into
 * the engine's AssessInput. Everything unreadable is named, never fatal.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { HistoryBuilder } from '../assess/history.ts';
import { parseCodeowners } from '../assess/owners.ts';
import { glob } from 'tinyglobby';
import { InputError } from './errors.ts';
import { COMPACT_FILE, compactFromJson } from '../ingest/compact-json.ts';
import {
  expandReportPaths,
  readCompactReports,
  readReports,
  type LoadOptions,
} from '../ingest/load.ts';
import type {
  CompactReport,
  HeadRun,
  HistoryIndex,
  OwnerRule,
  ParsedReport,
  LostRerun,
  RerunAttempt,
  RunInfo,
} from '../model/index.ts';
import { RERUN_FILE } from '../rerun/runner.ts';

export const RUN_FILE = 'flakegate-run.json';
// The rerun manifest's name: one definition, where `flakegate rerun` writes it.
export { RERUN_FILE };

/** n of N steps of long work done; `what` names it ("reading reports"). */
export type ProgressFn = (done: number, total: number, what: string) => void;

export interface Warnings {
  warn(message: string): void;
  /** Told as long work advances (the CLI draws it on a terminal); absent means nobody asked. */
  progress?: ProgressFn;
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  if (text.length > 1_000_000) throw new Error('larger than 1 MB');
  return JSON.parse(text) as unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** flakegate-run.json, validated field by field; a bad field is dropped with a warning. */
export async function readRunInfo(dir: string, fallbackId: string, w: Warnings): Promise<RunInfo> {
  const file = path.join(dir, RUN_FILE);
  const run: RunInfo = { runId: fallbackId, attempt: 1 };
  let raw: unknown;
  try {
    raw = await readJson(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      w.warn(`${file}: ignored: ${(e as Error).message}`);
    return run;
  }
  if (typeof raw !== 'object' || raw === null) {
    w.warn(`${file}: ignored: not a JSON object`);
    return run;
  }
  const o = raw as Record<string, unknown>;
  run.runId = str(o.runId) ?? fallbackId;
  const attempt = Number(o.attempt ?? 1);
  run.attempt = Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
  for (const k of ['sha', 'branch', 'createdAt', 'event'] as const) {
    const v = str(o[k]);
    if (v !== undefined) run[k] = v;
  }
  return run;
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}

async function hasRunFile(dir: string): Promise<boolean> {
  return (await stat(path.join(dir, RUN_FILE)).catch(() => undefined))?.isFile() ?? false;
}

/**
 * The head run: each input folder holding flakegate-run.json is one attempt
 * (a job re-run is a second folder); all other reports form attempt 1.
 */
export async function loadHead(
  inputs: string[],
  opts: LoadOptions & { sha?: string; cwd?: string },
  w: Warnings,
): Promise<{ head: HeadRun; files: string[]; missing: string[] }> {
  const cwd = opts.cwd ?? process.cwd();
  const groups: { run: RunInfo; inputs: string[] }[] = [];
  const loose: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if ((await isDir(abs)) && (await hasRunFile(abs))) {
      groups.push({ run: await readRunInfo(abs, 'head', w), inputs: [input] });
    } else loose.push(input);
  }
  if (loose.length) groups.push({ run: { runId: 'head', attempt: 1 }, inputs: loose });
  const attempts: HeadRun['attempts'] = [];
  const allFiles: string[] = [];
  const missing: string[] = [];
  // Every group is expanded before any is read, so progress knows the total.
  const groupFiles: string[][] = [];
  for (const g of groups) {
    const found = await expandReportPaths(g.inputs, cwd);
    missing.push(...found.missing);
    allFiles.push(...found.files);
    groupFiles.push(found.files);
  }
  let read = 0;
  if (allFiles.length > 0) w.progress?.(0, allFiles.length, 'reading reports');
  for (const [i, g] of groups.entries()) {
    const reports: ParsedReport[] = [];
    for await (const r of readReports(groupFiles[i]!, opts)) {
      reports.push(r);
      w.progress?.(++read, allFiles.length, 'reading reports');
    }
    reports.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    attempts.push({ run: g.run, reports });
  }
  const head: HeadRun = { attempts };
  const sha = opts.sha ?? groups.find((g) => g.run.sha)?.run.sha;
  if (sha) head.sha = sha;
  return { head, files: allFiles, missing };
}

/**
 * History: one subfolder per earlier run. The window is the newest `runs`
 * runs or the runs of the last `days` days, whichever covers more; runs of
 * another branch than `branch` (when given and recorded) are left out.
 */
export async function loadHistory(
  dirs: string | string[],
  window: HistoryWindow,
  opts: LoadOptions,
  w: Warnings,
  /** Called with every report folded in (e.g. to write the next history artifact). */
  onCompact?: (run: RunInfo, report: CompactReport) => void,
): Promise<HistoryIndex> {
  return foldHistory(await listHistory(dirs, window, w), opts, w, onCompact);
}

export interface HistoryWindow {
  runs: number;
  days: number;
  branch?: string;
}

/** The runs of the window, oldest first, each a compact run or its report files. */
export interface HistoryListing {
  runs: { dir: string; run: RunInfo; compact: boolean; files: string[] }[];
}

/**
 * The first half of loadHistory: which runs, and their files. Only file
 * names and run records are read, all runs at once, so that `assess` can
 * list the history while it reads the head.
 */
export async function listHistory(
  dirs: string | string[],
  window: HistoryWindow,
  w: Warnings,
): Promise<HistoryListing> {
  const runs: { dir: string; run: RunInfo; order: number }[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(
      (e: NodeJS.ErrnoException) => {
        w.warn(`--history ${dir}: cannot read: ${e.code ?? e.message}`);
        return [];
      },
    );
    const names: string[] = [];
    for (const e of entries) {
      // A run folder may be a symbolic link (e.g. to a cache of downloaded artifacts).
      if (e.isDirectory() || (e.isSymbolicLink() && (await isDir(path.join(dir, e.name))))) {
        names.push(e.name);
      }
    }
    names.sort();
    // Read at once; kept in folder-name order.
    const infos = await Promise.all(names.map((n) => readRunInfo(path.join(dir, n), n, w)));
    for (const [i, name] of names.entries()) {
      const run = infos[i]!;
      if (window.branch && run.branch && run.branch !== window.branch) continue;
      // The same run from two sources (history artifact and download) counts once.
      const key = `${run.runId}#${run.attempt}`;
      if (seen.has(key)) continue;
      seen.add(key);
      runs.push({ dir: path.join(dir, name), run, order: order++ });
    }
  }
  // Oldest first: dated runs by date, undated ones where their folder name puts them.
  const time = (r: RunInfo) => Date.parse(r.createdAt ?? '');
  runs.sort((a, b) => {
    const x = time(a.run);
    const y = time(b.run);
    return Number.isFinite(x) && Number.isFinite(y) && x !== y ? x - y : a.order - b.order;
  });
  const dated = runs.map((r) => time(r.run)).filter(Number.isFinite);
  const newest = dated.length ? Math.max(...dated) : NaN;
  const cutoff = Number.isFinite(newest) ? newest - window.days * 86_400_000 : Infinity;
  const keep = runs.filter((r, i) => i >= runs.length - window.runs || time(r.run) >= cutoff);
  const listed = await Promise.all(
    keep.map(async (r) => {
      // A compact run (from the history artifact) is read as it is, no XML.
      if (await isFile(path.join(r.dir, COMPACT_FILE))) {
        return { dir: r.dir, run: r.run, compact: true, files: [] };
      }
      const found = await expandReportPaths([r.dir]);
      return { dir: r.dir, run: r.run, compact: false, files: found.files };
    }),
  );
  return { runs: listed };
}

/** The second half: reads the listed runs and folds them into the index. */
export async function foldHistory(
  listing: HistoryListing,
  opts: LoadOptions,
  w: Warnings,
  onCompact?: (run: RunInfo, report: CompactReport) => void,
): Promise<HistoryIndex> {
  const builder = new HistoryBuilder();
  const fileRun = new Map<string, RunInfo>();
  const files: string[] = [];
  const runs = listing.runs;
  for (const [i, r] of runs.entries()) {
    w.progress?.(i + 1, runs.length, 'reading history runs');
    builder.addRun(r.run, []);
    const compact = r.compact ? await readCompactRun(r.dir, w) : null;
    if (compact) {
      for (const c of compact) {
        builder.addCompact(r.run, c);
        onCompact?.(r.run, c);
      }
      continue;
    }
    // A compact file listed but gone or unreadable since: the run's XML, if any.
    const runFiles = r.compact ? (await expandReportPaths([r.dir])).files : r.files;
    for (const f of runFiles) {
      fileRun.set(f, r.run);
      files.push(f);
    }
  }
  // Reports stream from the worker pool and are folded one by one, so memory
  // follows the compact index, not the sum of the history's reports.
  let read = 0;
  if (files.length > 0) w.progress?.(0, files.length, 'reading history reports');
  for await (const report of readCompactReports(files, opts)) {
    w.progress?.(++read, files.length, 'reading history reports');
    const run = fileRun.get(report.file)!;
    builder.addCompact(run, report);
    onCompact?.(run, report);
  }
  return builder.build();
}

async function readCompactRun(dir: string, w: Warnings): Promise<CompactReport[] | null> {
  const file = path.join(dir, COMPACT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return compactFromJson(text);
  } catch (e) {
    w.warn(`${file}: ignored: ${(e as Error).message}`);
    return [];
  }
}

/** Rerun attempts: every flakegate-rerun.json below `dir` with the report(s) beside it. */
export async function loadReruns(
  dir: string,
  opts: LoadOptions,
  w: Warnings,
): Promise<{ attempts: RerunAttempt[]; lost: LostRerun[] }> {
  const lost = new Map<string, LostRerun>();
  if (!(await isDir(dir))) {
    w.warn(`--reruns ${dir}: not a folder; no rerun counted`);
    return { attempts: [], lost: [] };
  }
  // Globbed with the folder as cwd, so its name is never read as a pattern.
  const manifests = (await glob(`**/${RERUN_FILE}`, { cwd: dir, dot: false }))
    .sort()
    .map((f) => path.join(dir, f));
  const out: RerunAttempt[] = [];
  for (const [i, m] of manifests.entries()) {
    w.progress?.(i + 1, manifests.length, 'reading reruns');
    let o: Record<string, unknown>;
    try {
      const raw = await readJson(m);
      if (typeof raw !== 'object' || raw === null) throw new Error('not a JSON object');
      o = raw as Record<string, unknown>;
    } catch (e) {
      w.warn(`${m}: ignored: ${(e as Error).message}`);
      continue;
    }
    const testId = str(o.test) ?? str(o.testId);
    const mode = o.mode === 'isolated' || o.mode === 'in-suite' ? o.mode : undefined;
    const attempt = typeof o.attempt === 'number' ? o.attempt : NaN;
    if (!testId || !mode || !Number.isInteger(attempt) || attempt < 1) {
      w.warn(
        `${m}: ignored: needs "test", "mode" ("isolated" or "in-suite") and a whole "attempt" >= 1`,
      );
      continue;
    }
    // An attempt flakegate rerun could not make (selection ran nothing, budget spent).
    if (typeof o.problem === 'string') {
      if (!lost.has(testId))
        lost.set(testId, { testId, shard: str(o.shard) ?? '?', reason: o.problem });
      continue;
    }
    const here = path.dirname(m);
    const files = (await readdir(here))
      .filter((f) => f.toLowerCase().endsWith('.xml'))
      .sort()
      .map((f) => path.join(here, f));
    let attemptOutcome: RerunAttempt['outcome'] | undefined;
    let failure: RerunAttempt['failure'];
    let durationMs: number | undefined;
    for await (const r of readReports(files, { ...opts, concurrency: 1 })) {
      if (r.error) w.warn(`${r.file}: rerun report unreadable: ${r.error.message}`);
      for (const a of r.attempts) {
        if (a.testId !== testId) continue;
        attemptOutcome = a.outcome;
        failure = a.failure;
        durationMs = a.durationMs;
      }
    }
    // flakegate rerun matched the test itself (its id may differ in the framework's report).
    if (attemptOutcome === undefined && isOutcome(o.outcome)) {
      attemptOutcome = o.outcome;
      if (isFailure(o.failure)) failure = o.failure;
      if (typeof o.durationMs === 'number') durationMs = o.durationMs;
    }
    if (attemptOutcome === undefined) {
      w.warn(`${m}: the rerun's report has no result for ${JSON.stringify(testId)}; not counted`);
      continue;
    }
    const rerun: RerunAttempt = { testId, mode, attempt, outcome: attemptOutcome };
    if (failure) rerun.failure = failure;
    if (durationMs !== undefined) rerun.durationMs = durationMs;
    // `on: head` attempts ran on the assessed commit whatever its sha; only others carry one.
    const commit = str(o.commit);
    if (commit && o.on !== 'head') rerun.commit = commit;
    if (Array.isArray(o.polluters))
      rerun.polluters = o.polluters.filter((p): p is string => typeof p === 'string');
    out.push(rerun);
  }
  // A test with counted attempts is not lost because one of its attempts failed to run.
  const counted = new Set(out.map((r) => r.testId));
  return { attempts: out, lost: [...lost.values()].filter((l) => !counted.has(l.testId)) };
}

function isOutcome(x: unknown): x is RerunAttempt['outcome'] {
  return x === 'passed' || x === 'failed' || x === 'error' || x === 'skipped';
}

function isFailure(x: unknown): x is NonNullable<RerunAttempt['failure']> {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return typeof f.message === 'string' && typeof f.type === 'string' && typeof f.stack === 'string';
}

/** `git diff --name-only` output: one path a line. */
export async function loadChanged(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`--changed ${file}: cannot read: ${e.code ?? e.message}`);
  });
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\\/g, '/').replace(/^\.\//, ''))
    .filter(Boolean);
}

export async function loadCodeowners(cwd: string): Promise<OwnerRule[] | undefined> {
  for (const p of ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']) {
    const text = await readFile(path.join(cwd, p), 'utf8').catch(() => undefined);
    if (text !== undefined) return parseCodeowners(text);
  }
  return undefined;
}
