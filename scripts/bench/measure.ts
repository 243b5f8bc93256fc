/**
 * The child side of a bench row: time the work alone, then print one JSON
 * line. Each row runs in its own process so its peak RSS is its own.
 */
import { readFileSync } from 'node:fs';

/** What a child found, so rows can be checked against each other. */
export interface TallySummary {
  /** Distinct tests (by the reader's own key). */
  tests: number;
  /** Executions: testcases plus Surefire-style retry elements. */
  attempts: number;
  passed: number;
  /** Failures and errors. */
  failed: number;
  skipped: number;
}

export interface WorkResult {
  files: number;
  bytes: number;
  /** Testcase elements seen, when the reader counts them. */
  testcases?: number;
  tally?: TallySummary;
  /** Reports the reader could not read whole. */
  errors?: number;
  /** What a flakegate row built, for the JSON output (history index sizes, verdict). */
  index?: Record<string, number>;
  verdict?: Record<string, string | number>;
}

export interface ChildResult extends WorkResult {
  /** Wall time of the work only (no process start, no module loading), ms. */
  ms: number;
  /** CPU time (user + system, all threads) over the same span, ms; steadier than wall time on a busy machine. */
  cpuMs: number;
  /** Peak resident set size of this process image (worker threads included), MiB. */
  maxRssMB: number;
  /** `process.resourceUsage().maxRSS` as is, MiB; see peakRssMB for why it is not the peak. */
  rusageMaxRssMB: number;
}

/** Runs `work` and times it; nothing else (imports, setup) is inside the clock. */
export async function measure<T>(work: () => Promise<T> | T): Promise<{ value: T } & Times> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export interface Times {
  ms: number;
  cpuMs: number;
}

/** Prints the child's one JSON line, with the process's peak RSS so far. */
export function emit(result: WorkResult, times: Times): void {
  const rusageMaxRssMB = process.resourceUsage().maxRSS / 1024; // KiB on Linux and macOS
  const line: ChildResult = {
    ...result,
    ...times,
    maxRssMB: peakRssMB() ?? rusageMaxRssMB,
    rusageMaxRssMB,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Peak RSS of this process image, from VmHWM in /proc/self/status. Linux
 * carries getrusage's ru_maxrss across fork and exec, so a child's maxRSS is
 * never below its parent's RSS at spawn time (the bench parent, after
 * generating 130 MB of XML, sits near 100 MB). VmHWM belongs to the memory
 * map exec created, so it is the child's own. Undefined off Linux.
 */
function peakRssMB(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function runMeasured(work: () => Promise<WorkResult> | WorkResult): Promise<void> {
  const { value, ...times } = await measure(work);
  emit(value, times);
}

/** The one positional argument every child takes: the history folder. */
export function historyDirArg(): string {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error('usage: <child>.ts HISTORY_DIR [options]');
  return dir;
}
