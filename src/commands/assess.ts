/**
 * `flakegate assess`: reads the head run, history, reruns and change set,
 * runs the engine and returns the verdict with its renderings. The caller
 * (CLI or action) decides where they go.
 */
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { assess as runEngine } from '../assess/assess.ts';
import type { Config } from '../assess/config.ts';
import type { LoadOptions } from '../ingest/load.ts';
import type { AssessInput, CompactReport, HeadRun, RunInfo, Verdict } from '../model/index.ts';
import { importGraph } from './imports.ts';
import { loadPlan, missingShardResults } from './plan-file.ts';
import { renderQuarantine } from '../report/quarantine.ts';
import { renderSummary } from '../report/summary.ts';
import {
  loadChanged,
  loadCodeowners,
  loadHead,
  loadHistory,
  loadReruns,
  type Warnings,
} from './assess-inputs.ts';

export interface AssessOptions extends LoadOptions {
  reports: string[];
  /** History folders (one subfolder per run); the action passes downloaded and compact runs apart. */
  history?: string | string[];
  /** Called with every history report folded in (the action writes the next history artifact). */
  onHistoryCompact?: (run: RunInfo, report: CompactReport) => void;
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
  /** The head run as read (the action folds it into the next history artifact). */
  head: HeadRun;
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
  const input: AssessInput = { head, changed: null, unreadable };
  if (o.history) {
    input.history = await loadHistory(
      typeof o.history === 'string' ? at(o.history) : o.history.map(at),
      {
        runs: o.config.history.runs,
        days: o.config.history.days,
        ...(o.baseBranch ? { branch: o.baseBranch } : {}),
      },
      load,
      w,
      o.onHistoryCompact,
    );
  }
  if (o.reruns) {
    const { attempts, lost } = await loadReruns(at(o.reruns), load, w);
    input.reruns = attempts;
    input.lostReruns = lost;
  }
  if (o.plan) {
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
    head,
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
