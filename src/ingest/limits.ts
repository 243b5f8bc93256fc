/** Bounds that keep one hostile or huge report from exhausting time or memory. */
export interface ParseLimits {
  /** Element nesting deeper than this stops the parse with an error. */
  maxDepth: number;
  /** Testcases per file; past this the read stops with an error (partial read kept). */
  maxTestcases: number;
  /** Characters kept of a failure message. */
  maxMessage: number;
  /** Characters kept of a failure body / stack trace. */
  maxStack: number;
  /** Characters kept (the tail) of system-out / system-err per testcase. */
  maxOutput: number;
  /** Characters kept of a test name, suite or file; longer ones get a stable hash suffix. */
  maxName: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxDepth: 256,
  maxTestcases: 500_000,
  maxMessage: 4_000,
  maxStack: 16_000,
  maxOutput: 4_000,
  maxName: 1_000,
};

/** Default cap on a report file's size, checked before reading. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Young generation of every thread flakegate starts, MiB (V8 makes it two
 * 16 MB semi-spaces). Left alone, Node 24 grows a thread's young generation
 * to 128 MB under the steady allocation of parsing, almost all of it empty
 * between collections; that alone took the bench history's ingest past
 * 256 MB. The main thread's can only be bounded by a startup flag, which a
 * GitHub Action cannot pass to its runtime, so the work runs in workers
 * (commands/off-thread.ts) that take this as `resourceLimits`.
 */
export const YOUNG_GENERATION_MB = 48;
