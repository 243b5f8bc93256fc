import { describe, expect, it } from 'vitest';
import { JobError, runBounded } from '../../../src/commands/off-thread.ts';
import { YOUNG_GENERATION_MB, besideThis } from '../../../src/ingest/threads.ts';

const ECHO = new URL('../../fixtures/workers/echo-job.ts', import.meta.url);

describe('runBounded', () => {
  it('runs the job in a worker with the bounded young generation, relaying its events in order', async () => {
    const events: number[] = [];
    const result = await runBounded<{ youngMb: number; data: unknown }, number>(
      ECHO,
      { do: 'echo', events: [3, 1, 2] },
      (e) => events.push(e),
    );
    expect(events).toEqual([3, 1, 2]);
    expect(result).toEqual({
      youngMb: YOUNG_GENERATION_MB,
      data: { do: 'echo', events: [3, 1, 2] },
    });
  });

  it("a job's error comes back as a JobError with its class's name and message", async () => {
    const job = runBounded(ECHO, { do: 'throw' });
    const err = await job!.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).error.name).toBe('NamedError');
    expect((err as JobError).message).toBe('bad input "x"');
  });

  it('a worker that exits without an answer rejects, naming its exit code', async () => {
    await expect(runBounded(ECHO, { do: 'exit' })!).rejects.toThrow(/exited with code 3/);
  });

  it('a worker that cannot start at all gives undefined (the caller works in its own thread)', () => {
    expect(runBounded(new URL('https://example.invalid/job.js'), {})).toBeUndefined();
  });

  it('finds a worker entry beside the module: .ts from source, .js in a bundle', () => {
    expect(besideThis('job-worker', 'file:///r/src/commands/jobs.ts').href).toBe(
      'file:///r/src/commands/job-worker.ts',
    );
    expect(besideThis('job-worker', 'file:///r/dist/cli.js').href).toBe(
      'file:///r/dist/job-worker.js',
    );
  });
});
