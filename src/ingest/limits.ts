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
