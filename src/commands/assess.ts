/**
 * `flakegate assess`: reads the head run, history, reruns and change set,
 * runs the engine and returns the verdict with its renderings. The caller
 * (CLI or action) decides where they go.
 */
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { assess as runEngine } from '../assess/assess.ts';
import type { Config } from '../assess/config.ts';
import { compactReport } from '../ingest/compact.ts';
import type { LoadOptions } from '../ingest/load.ts';
import type { AssessInput, CompactReport, HeadRun, RunInfo, Verdict } from '../model/index.ts';
import { importGraph } from './imports.ts';
import { renderQuarantine } from '../report/quarantine.ts';
import { renderSummary } from '../report/summary.ts';
import {
  loadChanged,
  loadCodeowners,
  loadHead,
  foldHistory,
  listHistory,
  loadReruns,
  type ProgressFn,
  type Warnings,
} from './assess-inputs.ts';

export interface AssessOptions extends LoadOptions {
  reports: string[];
  /** History folders (one subfolder per run); the action passes downloaded and compact runs apart. */
  history?: string | string[];
  /** Called with every history report folded in (the action writes the next history artifact). */
  onHistoryCompact?: (run: RunInfo, report: CompactReport) => void;
  /** Return the head's reports in compact form too (the action folds them into that artifact). */
  compactHead?: boolean;
  reruns?: string;
  /** The rerun plan: planned tests whose shard sent nothing are INCONCLUSIVE, not passed over. */
  plan?: string;
  changed?: string;
  /** Inputs the edge could not get (e.g. a corrupt report artifact): INCONCLUSIVE, never passed over. */
  extraUnreadable?: { file: string; error: string }[];
  /** Changed paths already in hand (the action's REST answer); null means unknown. */
  changedList?: string[] | null;
  headSha?: string;
  baseBranch?: string;
  cwd: string;
  config: Config;
}

export interface AssessResult {
  verdict: Verdict;
  /**
   * The head's reports in compact form, when `compactHead` asked for them:
   * the head as read can hold a million records, and off the main thread
   * (jobs.ts) each one would be copied across.
   */
  headCompacts?: CompactReport[];
  /** True when no head report at all could be read: nothing was assessed. */
  nothingReadable: boolean;
  missing: string[];
  summary(): string;
  quarantine(): string;
}

export async function assessCommand(o: AssessOptions, w: Warnings): Promise<AssessResult> {
  const load: LoadOptions = {};
  if (o.maxFileBytes !== undefined) load.maxFileBytes = o.maxFileBytes;
  if (o.concurrency !== undefined) load.concurrency = o.concurrency;
  load.root = o.cwd;
  const at = (p: string) => path.resolve(o.cwd, p);
  // History is read while the head is: reading the head alone left a core
  // idle while its worker started, and listing the history's files cost
  // this thread 100-160 ms on the bench history. Its progress waits until
  // the head's is done, so the two do not take turns on one progress line.
  let headRead = false;
  let held: Parameters<ProgressFn> | undefined; // history's latest, while the head is read
  const progress = w.progress;
  const historyW: Warnings = progress
    ? {
        ...w,
        progress: (...p: Parameters<ProgressFn>) => {
          if (headRead) progress(...p);
          else held = p;
        },
      }
    : w;
  const history = o.history
    ? listHistory(
        typeof o.history === 'string' ? at(o.history) : o.history.map(at),
        {
          runs: o.config.history.runs,
          days: o.config.history.days,
          ...(o.baseBranch ? { branch: o.baseBranch } : {}),
        },
        historyW,
      ).then((listing) => foldHistory(listing, load, historyW, o.onHistoryCompact))
    : undefined;
  // Awaited below; until then a rejection must not count as unhandled.
  history?.catch(() => {});
  const { head, files, missing } = await loadHead(
    o.reports,
    { ...load, cwd: o.cwd, ...(o.headSha ? { sha: o.headSha } : {}) },
    w,
  );
  // A named report file that does not exist is an unreadable report, never a
  // silent pass; a glob matching nothing is only a warning (the default globs
  // cover tools a repository may not use).
  const unreadable = missing
    .filter((m) => !isDynamicPattern(m))
    .map((file) => ({ file, error: 'no such file or folder' }))
    .concat(o.extraUnreadable ?? []);
  headRead = true;
  if (held) progress?.(...held);
  const input: AssessInput = { head, changed: null, unreadable };
  if (history) input.history = await history;
  if (o.reruns) {
    const { attempts, lost } = await loadReruns(at(o.reruns), load, w);
    input.reruns = attempts;
    input.lostReruns = lost;
  }
  if (o.plan) {
    // Loaded only here: its schema library is most of the worker's code, and
    // evaluating it made the bundled worker take 70-110 ms to start instead of 58-72.
    const { loadPlan, missingShardResults } = await import('./plan-file.ts');
    const plan = await loadPlan(at(o.plan));
    input.lostReruns = [
      ...(input.lostReruns ?? []),
      ...missingShardResults(plan, input.reruns ?? [], input.lostReruns ?? []),
    ];
  }
  if (o.changed) input.changed = await loadChanged(at(o.changed));
  else if (o.changedList) input.changed = o.changedList;
  if (input.changed) input.dependencies = await importGraph(o.cwd, failingTestFiles(head));
  const owners = await loadCodeowners(o.cwd);
  if (owners) input.codeowners = owners;
  const reports = head.attempts.flatMap((a) => a.reports);
  const verdict = runEngine(input, o.config);
  return {
    verdict,
    ...(o.compactHead ? { headCompacts: reports.map(compactReport) } : {}),
    nothingReadable:
      files.length === 0 || reports.every((r) => r.error !== undefined && r.attempts.length === 0),
    missing,
    summary: () => renderSummary(verdict),
    quarantine: () => renderQuarantine(verdict),
  };
}

/** Source files of the tests that failed on the head (only those need an import graph). */
function failingTestFiles(head: HeadRun): string[] {
  const files = new Set<string>();
  for (const { reports } of head.attempts) {
    for (const r of reports) {
      const failing = new Set(
        r.attempts
          .filter((a) => a.outcome === 'failed' || a.outcome === 'error')
          .map((a) => a.testId),
      );
      for (const t of r.tests) if (t.file && failing.has(t.id)) files.add(t.file);
    }
  }
  return [...files];
}
