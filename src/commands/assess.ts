/**
 * `flakegate assess`: reads the head run, history, reruns and change set,
 * runs the engine and returns the verdict with its renderings. The caller
 * (CLI or action) decides where they go.
 */
import { assess as runEngine } from '../assess/assess.ts';
import type { Config } from '../assess/config.ts';
import type { LoadOptions } from '../ingest/load.ts';
import type { AssessInput, Verdict } from '../model/index.ts';
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
  history?: string;
  reruns?: string;
  changed?: string;
  headSha?: string;
  baseBranch?: string;
  cwd: string;
  config: Config;
}

export interface AssessResult {
  verdict: Verdict;
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
  const { head, files, missing } = await loadHead(o.reports, { ...load, ...(o.headSha ? { sha: o.headSha } : {}) }, w);
  const input: AssessInput = { head, changed: null };
  if (o.history) {
    input.history = await loadHistory(
      o.history,
      { runs: o.config.history.runs, days: o.config.history.days, ...(o.baseBranch ? { branch: o.baseBranch } : {}) },
      load,
      w,
    );
  }
  if (o.reruns) input.reruns = await loadReruns(o.reruns, load, w);
  if (o.changed) input.changed = await loadChanged(o.changed);
  const owners = await loadCodeowners(o.cwd);
  if (owners) input.codeowners = owners;
  const reports = head.attempts.flatMap((a) => a.reports);
  const verdict = runEngine(input, o.config);
  return {
    verdict,
    nothingReadable: files.length === 0 || reports.every((r) => r.error && r.attempts.length === 0),
    missing,
    summary: () => renderSummary(verdict),
    quarantine: () => renderQuarantine(verdict),
  };
}
