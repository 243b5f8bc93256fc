/**
 * Starts one rerun process: an argument list, never a shell, in its own
 * process group so a timeout kills the test's children too.
 */
import { spawn } from 'node:child_process';
import type { Invocation } from '../model/index.ts';
import type { ProcessOutcome } from './result.ts';

/** Output kept per stream: the tail for messages; all of it (to this bound) for go -json. */
const KEEP_BYTES = 8 * 1024 * 1024;
/** After SIGTERM, how long a process may clean up before SIGKILL. */
const GRACE_MS = 2000;

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  /** Environment the process inherits (defaults to this process's). */
  baseEnv?: NodeJS.ProcessEnv;
}

export function runProcess(inv: Invocation, opts: RunOptions): Promise<ProcessOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const [cmd, ...args] = inv.argv;
    let child;
    try {
      child = spawn(cmd!, args, {
        cwd: opts.cwd,
        env: { ...(opts.baseEnv ?? process.env), ...inv.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (e) {
      resolve(fail(started, (e as Error).message));
      return;
    }
    const out = collector();
    const err = collector();
    child.stdout.on('data', out.add);
    child.stderr.on('data', err.add);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32')
          process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), GRACE_MS);
    }, opts.timeoutMs);
    let spawnError: string | undefined;
    child.on('error', (e) => {
      spawnError = `${cmd}: ${(e as NodeJS.ErrnoException).code ?? e.message}`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      // Leftover grandchildren of a finished test would hold the shard's job open.
      if (!spawnError) kill('SIGKILL');
      resolve({
        exitCode: code,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        stdout: out.text(),
        stderr: err.text(),
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}

function fail(started: number, message: string): ProcessOutcome {
  return {
    exitCode: null,
    timedOut: false,
    durationMs: Math.round(performance.now() - started),
    stdout: '',
    stderr: '',
    spawnError: message,
  };
}

/** Keeps the last KEEP_BYTES of a stream. */
function collector(): { add(b: Buffer): void; text(): string } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(b: Buffer) {
      chunks.push(b);
      size += b.length;
      while (size > KEEP_BYTES && chunks.length > 1) size -= chunks.shift()!.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}
