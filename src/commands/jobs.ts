/**
 * `assess` and `inspect` as the CLI and the action run them: in a worker
 * thread with a bounded young generation (off-thread.ts), or in this thread
 * when no worker can start. Same arguments and results as the commands.
 */
import type { LoadOptions } from '../ingest/load.ts';
import type { CompactReport, RunInfo } from '../model/index.ts';
import { renderQuarantine } from '../report/quarantine.ts';
import { renderSummary } from '../report/summary.ts';
import { assessCommand, type AssessOptions, type AssessResult } from './assess.ts';
import type { ProgressFn, Warnings } from './assess-inputs.ts';
import { InputError } from './errors.ts';
import { inspect, type InspectResult } from './inspect.ts';
import { besideThis } from '../ingest/threads.ts';
import { JobError, runBounded } from './off-thread.ts';

export type JobRequest =
  | {
      job: 'assess';
      options: Omit<AssessOptions, 'onHistoryCompact'>;
      progress: boolean;
      compacts: boolean;
    }
  | { job: 'inspect'; inputs: string[]; options: LoadOptions; progress: boolean };

export type JobEvent =
  | { type: 'warn'; message: string }
  | { type: 'progress'; done: number; total: number; what: string }
  | { type: 'compact'; run: RunInfo; report: CompactReport };

type AssessData = Pick<AssessResult, 'verdict' | 'headCompacts' | 'nothingReadable' | 'missing'>;

const JOB_WORKER = besideThis('job-worker', import.meta.url);

/** An InputError thrown in the worker is an InputError here too (exit 2 with its message). */
function rethrow(e: unknown): never {
  if (e instanceof JobError && e.error.name === 'InputError') throw new InputError(e.message);
  throw e;
}

export async function assessOffThread(o: AssessOptions, w: Warnings): Promise<AssessResult> {
  const { onHistoryCompact, ...options } = o;
  const request: JobRequest = {
    job: 'assess',
    options,
    progress: w.progress !== undefined,
    compacts: onHistoryCompact !== undefined,
  };
  const job = runBounded<AssessData, JobEvent>(JOB_WORKER, request, (e) => {
    if (e.type === 'warn') w.warn(e.message);
    else if (e.type === 'progress') w.progress?.(e.done, e.total, e.what);
    else onHistoryCompact?.(e.run, e.report);
  });
  if (!job) return assessCommand(o, w);
  const data = await job.catch(rethrow);
  return {
    ...data,
    summary: () => renderSummary(data.verdict),
    quarantine: () => renderQuarantine(data.verdict),
  };
}

export async function inspectOffThread(
  inputs: string[],
  options: LoadOptions = {},
  progress?: ProgressFn,
): Promise<InspectResult> {
  const request: JobRequest = { job: 'inspect', inputs, options, progress: !!progress };
  const job = runBounded<InspectResult, JobEvent>(JOB_WORKER, request, (e) => {
    if (e.type === 'progress') progress?.(e.done, e.total, e.what);
  });
  if (!job) return inspect(inputs, options, progress);
  return job.catch(rethrow);
}
