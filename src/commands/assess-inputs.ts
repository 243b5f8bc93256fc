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
import {
  expandReportPaths,
  readCompactReports,
  readReports,
  type LoadOptions,
} from '../ingest/load.ts';
import type {
  HeadRun,
  HistoryIndex,
  OwnerRule,
  ParsedReport,
  RerunAttempt,
  RunInfo,
} from '../model/index.ts';

export const RUN_FILE = 'flakegate-run.json';
export const RERUN_FILE = 'flakegate-rerun.json';

export interface Warnings {
  warn(message: string): void;
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
  for (const g of groups) {
    const found = await expandReportPaths(g.inputs, cwd);
    missing.push(...found.missing);
    allFiles.push(...found.files);
    const reports: ParsedReport[] = [];
    for await (const r of readReports(found.files, opts)) reports.push(r);
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
  dir: string,
  window: { runs: number; days: number; branch?: string },
  opts: LoadOptions,
  w: Warnings,
): Promise<HistoryIndex> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    w.warn(`--history ${dir}: cannot read: ${e.code ?? e.message}`);
    return [];
  });
  const runs: { dir: string; run: RunInfo; order: number }[] = [];
  const names: string[] = [];
  for (const e of entries) {
    // A run folder may be a symbolic link (e.g. to a cache of downloaded artifacts).
    if (e.isDirectory() || (e.isSymbolicLink() && (await isDir(path.join(dir, e.name))))) {
      names.push(e.name);
    }
  }
  names.sort();
  for (const [i, name] of names.entries()) {
    const run = await readRunInfo(path.join(dir, name), name, w);
    if (window.branch && run.branch && run.branch !== window.branch) continue;
    runs.push({ dir: path.join(dir, name), run, order: i });
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
  const builder = new HistoryBuilder();
  const fileRun = new Map<string, RunInfo>();
  const files: string[] = [];
  for (const r of keep) {
    builder.addRun(r.run, []);
    const found = await expandReportPaths([r.dir]);
    for (const f of found.files) {
      fileRun.set(f, r.run);
      files.push(f);
    }
  }
  // Reports stream from the worker pool and are folded one by one, so memory
  // follows the compact index, not the sum of the history's reports.
  for await (const report of readCompactReports(files, opts)) {
    builder.addCompact(fileRun.get(report.file)!, report);
  }
  return builder.build();
}

/** Rerun attempts: every flakegate-rerun.json below `dir` with the report(s) beside it. */
export async function loadReruns(
  dir: string,
  opts: LoadOptions,
  w: Warnings,
): Promise<RerunAttempt[]> {
  if (!(await isDir(dir))) {
    w.warn(`--reruns ${dir}: not a folder; no rerun counted`);
    return [];
  }
  // Globbed with the folder as cwd, so its name is never read as a pattern.
  const manifests = (await glob(`**/${RERUN_FILE}`, { cwd: dir, dot: false }))
    .sort()
    .map((f) => path.join(dir, f));
  const out: RerunAttempt[] = [];
  for (const m of manifests) {
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
    if (attemptOutcome === undefined) {
      w.warn(`${m}: the rerun's report has no result for ${JSON.stringify(testId)}; not counted`);
      continue;
    }
    const rerun: RerunAttempt = { testId, mode, attempt, outcome: attemptOutcome };
    if (failure) rerun.failure = failure;
    if (durationMs !== undefined) rerun.durationMs = durationMs;
    const commit = str(o.commit);
    if (commit) rerun.commit = commit;
    if (Array.isArray(o.polluters))
      rerun.polluters = o.polluters.filter((p): p is string => typeof p === 'string');
    out.push(rerun);
  }
  return out;
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
