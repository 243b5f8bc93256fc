/**
 * Loads flakegate's engine when it exists. The paths are computed, not
 * literal, so this script type-checks and runs (baselines only) before
 * src/assess/assess.ts and src/assess/history.ts are written; the shapes
 * below are the signatures those modules promise.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HistoryIndex, RunInfo } from '../../src/model/assess-input.ts';
import type { AssessInput } from '../../src/model/assess-input.ts';
import type { ParsedReport } from '../../src/model/report.ts';
import type { Verdict } from '../../src/model/verdict.ts';

export interface HistoryBuilderLike {
  addRun(run: RunInfo, reports: ParsedReport[]): void;
  build(): HistoryIndex;
}

export interface Engine {
  assess?: (input: AssessInput) => Verdict;
  HistoryBuilder?: new (opts?: { maxRuns?: number }) => HistoryBuilderLike;
  /** Why a part is missing: not written yet, or failed to load (with the error). */
  problems: string[];
}

const ASSESS = new URL('../../src/assess/assess.ts', import.meta.url);
const HISTORY = new URL('../../src/assess/history.ts', import.meta.url);

async function load(
  url: URL,
  name: string,
  problems: string[],
): Promise<Record<string, unknown> | undefined> {
  if (!existsSync(fileURLToPath(url))) {
    problems.push(`${name} does not exist yet`);
    return undefined;
  }
  try {
    return (await import(url.href)) as Record<string, unknown>;
  } catch (e) {
    problems.push(`${name} failed to load: ${(e as Error).stack ?? String(e)}`);
    return undefined;
  }
}

export async function loadEngine(): Promise<Engine> {
  const problems: string[] = [];
  const engine: Engine = { problems };
  const a = await load(ASSESS, 'src/assess/assess.ts', problems);
  if (a !== undefined) {
    if (typeof a.assess === 'function') engine.assess = a.assess as Engine['assess'];
    else problems.push('src/assess/assess.ts exports no assess()');
  }
  const h = await load(HISTORY, 'src/assess/history.ts', problems);
  if (h !== undefined) {
    if (typeof h.HistoryBuilder === 'function')
      engine.HistoryBuilder = h.HistoryBuilder as Engine['HistoryBuilder'];
    else problems.push('src/assess/history.ts exports no HistoryBuilder');
  }
  return engine;
}
