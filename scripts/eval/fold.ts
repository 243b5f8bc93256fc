/**
 * A plain fold of history reports into a HistoryIndex, used only while the
 * engine's own HistoryBuilder (src/assess/history.ts) does not exist yet, so
 * the baselines can be scored on their own. When the engine is there, every
 * method gets the index the engine builds: the same input for all.
 */
import {
  OUTCOME_ABSENT,
  OUTCOME_FAILED,
  OUTCOME_FLAKY,
  OUTCOME_PASSED,
  OUTCOME_SKIPPED,
  type HistoryIndex,
  type TestHistory,
} from '../../src/model/assess-input.ts';
import { normalizeSignature } from '../../src/assess/signature.ts';
import type { HistoryRun } from './history.ts';

function merge(prev: number, next: number): number {
  if (prev === OUTCOME_ABSENT || prev === OUTCOME_SKIPPED) return next;
  if (next === OUTCOME_SKIPPED || prev === next || prev === OUTCOME_FLAKY) return prev;
  return OUTCOME_FLAKY; // passed and failed within one run
}

export function foldHistory(runs: readonly HistoryRun[]): HistoryIndex {
  const index: HistoryIndex = {
    runs: runs.map((r) => r.run),
    tests: new Map(),
    signatures: new Map(),
    unreadable: [],
  };
  const sigTests = new Map<string, Set<string>>();
  runs.forEach(({ reports }, i) => {
    for (const report of reports) {
      if (report.error !== undefined)
        index.unreadable.push({ file: report.file, error: report.error.message, runIndex: i });
      for (const a of report.attempts) {
        let h: TestHistory | undefined = index.tests.get(a.testId);
        if (h === undefined) {
          h = { outcomes: new Uint8Array(runs.length), signatures: new Map() };
          index.tests.set(a.testId, h);
        }
        const failed = a.outcome === 'failed' || a.outcome === 'error';
        const code = failed
          ? OUTCOME_FAILED
          : a.outcome === 'skipped'
            ? OUTCOME_SKIPPED
            : OUTCOME_PASSED;
        h.outcomes[i] = merge(h.outcomes[i] ?? OUTCOME_ABSENT, code);
        if (!failed || a.failure === undefined) continue;
        const sig = normalizeSignature(a.failure.type, a.failure.message, a.failure.stack);
        const runsOfSig = h.signatures.get(sig.key) ?? [];
        if (runsOfSig[runsOfSig.length - 1] !== i) runsOfSig.push(i);
        h.signatures.set(sig.key, runsOfSig);
        const global = index.signatures.get(sig.key) ?? { text: sig.text, runs: [], tests: 0 };
        if (global.runs[global.runs.length - 1] !== i) global.runs.push(i);
        const tests = sigTests.get(sig.key) ?? new Set<string>();
        tests.add(a.testId);
        sigTests.set(sig.key, tests);
        global.tests = tests.size;
        index.signatures.set(sig.key, global);
      }
    }
  });
  return index;
}
