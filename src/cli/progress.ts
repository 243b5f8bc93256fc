/**
 * Terminal manners: a one-line progress display on stderr and the colour rule.
 * Both only ever show on a terminal a person watches, so logs, pipes and CI
 * output stay free of redraws and escape sequences.
 */
import { terminalText } from '../report/escape.ts';
import { seconds } from './args.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** The parts of a tty.WriteStream used here (a fake one in tests). */
export interface TtyStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

/** Erases the current line and puts the cursor at its start. */
export const ERASE_LINE = '\r\x1b[2K';

const MIN_GAP_MS = 100;
const TICK_MS = 1000;

/** A variable counts as set when it is non-empty (CI=false and CI=0 are read as unset). */
function isSet(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

/** TERM=dumb terminals print escape sequences literally. */
function capableTty(stream: { isTTY?: boolean }, env: Env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Colour only on a terminal, never with NO_COLOR (any non-empty value) or FORCE_COLOR=0. */
export function useColor(stream: { isTTY?: boolean }, env: Env): boolean {
  return (
    capableTty(stream, env) &&
    (env.NO_COLOR === undefined || env.NO_COLOR === '') &&
    env.FORCE_COLOR !== '0'
  );
}

/** Progress only on a terminal and never in CI, whose logs keep every byte written. */
export function showsProgress(stream: { isTTY?: boolean }, env: Env): boolean {
  return capableTty(stream, env) && !isSet(env.CI);
}

export interface Progress {
  /** Draws `label done/total: detail (elapsed)`; detail is hostile text (a test name) or absent. */
  update(done: number, total: number, label: string, detail?: string): void;
  /** Erases the line before other output; the next update or tick draws it again. */
  clear(): void;
  /** Erases the line for good. */
  stop(): void;
}

export interface ProgressOptions {
  env: Env;
  /** --quiet: no progress either. */
  quiet?: boolean;
  now?: () => number;
}

const NONE: Progress = { update() {}, clear() {}, stop() {} };

export function createProgress(stream: TtyStream, o: ProgressOptions): Progress {
  if (o.quiet === true || !showsProgress(stream, o.env)) return NONE;
  const now = o.now ?? (() => performance.now());
  const started = now();
  let state: { done: number; total: number; label: string; detail?: string } | undefined;
  let shown: string | undefined;
  let lastDraw = -Infinity;
  let stopped = false;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const draw = (): void => {
    if (stopped || !state) return;
    const text = line(state, now() - started, stream.columns);
    lastDraw = now();
    if (text === shown) return;
    stream.write(ERASE_LINE + text);
    shown = text;
    // Elapsed time keeps moving while one long step (a rerun attempt) runs.
    // Unref'd: a progress line never keeps the process alive.
    ticker ??= setInterval(draw, TICK_MS).unref();
  };
  const cancelPending = (): void => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
  };
  const clear = (): void => {
    cancelPending();
    if (shown !== undefined) stream.write(ERASE_LINE);
    shown = undefined;
    // The line is gone: the next update puts it back at once.
    lastDraw = -Infinity;
  };

  return {
    update(done, total, label, detail) {
      if (stopped) return;
      state = { done, total, label, ...(detail !== undefined ? { detail } : {}) };
      const wait = lastDraw + MIN_GAP_MS - now();
      if (wait <= 0) {
        cancelPending();
        draw();
      } else {
        // Rate-limited, but the newest state is drawn once the gap has passed.
        pending ??= setTimeout(() => {
          pending = undefined;
          draw();
        }, wait).unref();
      }
    },
    clear,
    stop() {
      clear();
      stopped = true;
      if (ticker !== undefined) clearInterval(ticker);
    },
  };
}

/** Writes `flakegate: warning: ...` lines, erasing the progress line first. */
export function warnBeside(progress: Progress, stream: { write(s: string): unknown }) {
  return (m: string): void => {
    progress.clear();
    stream.write(`flakegate: warning: ${m}\n`);
  };
}

/** One line that fits the terminal (a wrapped line cannot be redrawn with \r). */
export function line(
  s: { done: number; total: number; label: string; detail?: string },
  elapsedMs: number,
  columns: number | undefined,
): string {
  // The last column is left empty: writing there makes some terminals wrap.
  const room = Math.max(20, (columns !== undefined && columns > 0 ? columns : 80) - 1);
  const head = `${terminalText(s.label)} ${s.done}/${s.total}`;
  const tail = ` (${seconds(elapsedMs)})`;
  if (s.detail === undefined) return fitColumns(head + tail, room);
  const left = room - cellWidth(head) - cellWidth(tail) - 2;
  if (left < 4) return fitColumns(head + tail, room);
  return `${head}: ${fitColumns(terminalText(s.detail), left)}${tail}`;
}

/**
 * Columns a string takes, erring wide: East Asian wide and fullwidth letters and
 * pictographs count 2, combining marks 0. Overcounting only shortens the line.
 */
export function cellWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += charWidth(ch);
  return n;
}

const ZERO = /^\p{M}$/u;
const WIDE =
  /^[\p{Extended_Pictographic}\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F000}-\u{1FAFF}\u{20000}-\u{3FFFD}]$/u;

function charWidth(ch: string): number {
  return ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
}

/** Cuts s to at most `max` columns, ending in "…" when cut; never splits a code point. */
export function fitColumns(s: string, max: number): string {
  if (cellWidth(s) <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const w = charWidth(ch);
    if (used + w > max - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}
