/**
 * `assess` and `inspect` as the CLI and the action run them, in the bounded
 * worker thread (src/commands/jobs.ts): the same answers as the commands
 * called in this thread, with warnings, progress, history reports and input
 * errors carried across.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/assess/config.ts';
import { assessCommand, type AssessOptions } from '../../../src/commands/assess.ts';
import { InputError } from '../../../src/commands/errors.ts';
import { inspect } from '../../../src/commands/inspect.ts';
import { assessOffThread, inspectOffThread } from '../../../src/commands/jobs.ts';
import { CORPUS, HOSTILE } from '../../helpers/corpus.ts';
import { EXAMPLE } from '../../helpers/cli-process.ts';

const ex = (...p: string[]) => path.join(EXAMPLE, ...p);

function recorder() {
  const warnings: string[] = [];
  const progress: [number, number, string][] = [];
  const compacts: string[] = [];
  return {
    warnings,
    progress,
    compacts,
    w: {
      warn: (m: string) => void warnings.push(m),
      progress: (d: number, t: number, what: string) => void progress.push([d, t, what]),
    },
    onHistoryCompact: (run: { runId: string }, r: { file: string; ids: string[] }) =>
      void compacts.push(`${run.runId} ${r.file} ${r.ids.length}`),
  };
}

describe('assessOffThread', () => {
  it('gives the verdict, head and warnings assessCommand gives, and relays every history report', async () => {
    const options = (onHistoryCompact: AssessOptions['onHistoryCompact']): AssessOptions => ({
      cwd: EXAMPLE,
      config: structuredClone(DEFAULT_CONFIG),
      reports: [ex('reports', 'head')],
      // One history folder that does not exist: a warning, not a failure.
      history: [ex('reports', 'history'), ex('no-such-history')],
      reruns: ex('reports', 'reruns'),
      changed: ex('changes', 'touches-the-service.txt'),
      onHistoryCompact,
      compactHead: true,
    });
    const here = recorder();
    const there = recorder();
    const inThread = await assessCommand(options(here.onHistoryCompact), here.w);
    const offThread = await assessOffThread(options(there.onHistoryCompact), there.w);
    expect(offThread.verdict).toEqual(inThread.verdict);
    expect(offThread.headCompacts?.length).toBe(1);
    expect(offThread.headCompacts).toEqual(inThread.headCompacts);
    expect(offThread.nothingReadable).toBe(false);
    expect(offThread.summary()).toBe(inThread.summary());
    expect(offThread.quarantine()).toBe(inThread.quarantine());
    expect(there.warnings).toEqual(here.warnings);
    expect(there.warnings.some((m) => m.includes('no-such-history'))).toBe(true);
    expect(there.compacts.length).toBeGreaterThan(0);
    expect(there.compacts.sort()).toEqual(here.compacts.sort());
    // Progress is thinned, but its last word per phase (n of n) always arrives.
    const lastRead = there.progress.filter(([, , what]) => what === 'reading reports').at(-1);
    expect(lastRead?.[0]).toBe(lastRead?.[1]);
  });

  it("the head's compact form crosses only when asked for", async () => {
    const r = await assessOffThread(
      { cwd: EXAMPLE, config: structuredClone(DEFAULT_CONFIG), reports: [ex('reports', 'head')] },
      { warn: () => {} },
    );
    expect(r.verdict.failures.length).toBeGreaterThan(0);
    expect(r).not.toHaveProperty('headCompacts');
  });

  it('an unusable input is an InputError here too, with its message', async () => {
    const err = await assessOffThread(
      {
        cwd: EXAMPLE,
        config: structuredClone(DEFAULT_CONFIG),
        reports: [ex('reports', 'head')],
        changed: ex('no-such-changes.txt'),
      },
      { warn: () => {} },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(
      /^--changed .*no-such-changes\.txt: cannot read: ENOENT$/,
    );
  });
});

describe('inspectOffThread', () => {
  it('reads corpus and hostile files as inspect does in this thread', async () => {
    const inputs = [`${CORPUS}surefire`, `${HOSTILE}`, 'no-such-report.xml'];
    const inThread = await inspect(inputs);
    const offThread = await inspectOffThread(inputs);
    expect(offThread.lines.length).toBeGreaterThan(10);
    expect(offThread.lines.some((l) => l.error)).toBe(true);
    expect(offThread).toEqual(inThread);
    expect(offThread.missing).toEqual(['no-such-report.xml']);
  });
});
