/**
 * Worker entry of the commands run off the main thread (jobs.ts): `assess`
 * and `inspect`, with their warnings, progress and history reports relayed
 * as events.
 */
import { assessCommand, type AssessOptions } from './assess.ts';
import { InputError } from './errors.ts';
import { inspect } from './inspect.ts';
import type { JobEvent, JobRequest } from './jobs.ts';
import { serveJob } from './off-thread.ts';

/** Progress at most this often: a message per report would cost more than the drawing saves. */
const PROGRESS_EVERY_MS = 100;

serveJob<JobRequest, JobEvent>(
  async (req, emit) => {
    let last = 0;
    const progress = req.progress
      ? (done: number, total: number, what: string) => {
          const now = performance.now();
          if (done !== 0 && done !== total && now - last < PROGRESS_EVERY_MS) return;
          last = now;
          emit({ type: 'progress', done, total, what });
        }
      : undefined;
    if (req.job === 'inspect') return inspect(req.inputs, req.options, progress);
    const options: AssessOptions = { ...req.options };
    if (req.compacts)
      options.onHistoryCompact = (run, report) => emit({ type: 'compact', run, report });
    const result = await assessCommand(options, {
      warn: (message) => emit({ type: 'warn', message }),
      ...(progress ? { progress } : {}),
    });
    // Not the summary renderers (functions), nor anything not asked for.
    const { verdict, headCompacts, nothingReadable, missing } = result;
    return { verdict, nothingReadable, missing, ...(headCompacts ? { headCompacts } : {}) };
  },
  (e) => (e instanceof InputError ? 'InputError' : e.name),
);
