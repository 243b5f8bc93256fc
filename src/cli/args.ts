/** What every CLI command shares: its shape, usage errors, option parsing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';

/** Exit 2 with one line of message; `command` makes the hint name that command's --help. */
export class UsageError extends Error {
  command?: string;
}

export interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A JSON array of strings (an argument list), never a shell string. */
export function argvOption(v: unknown, name: string): string[] | undefined {
  if (v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(v));
  } catch {
    throw new UsageError(
      `${name} must be a JSON array of strings, e.g. '["npm","ci"]' (it is never run by a shell)`,
    );
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((x) => typeof x === 'string'))
    throw new UsageError(
      `${name} must be a non-empty JSON array of strings, got ${JSON.stringify(v)}`,
    );
  return parsed as string[];
}

export async function output(target: unknown, text: string | Iterable<string>): Promise<void> {
  if (typeof target !== 'string') return;
  if (target !== '-') {
    await writeFile(target, text);
    return;
  }
  // Chunk by chunk, waiting when the pipe is full: a big verdict never sits in memory twice.
  for (const chunk of typeof text === 'string' ? [text] : text)
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

export function intOption(v: unknown, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * parseArgs in strict mode, its errors restated in one line (Node's run to
 * three lines, and quote oddly): an unknown option, a value missing or given
 * to a flag that takes none.
 */
export function parseCommand(
  name: string,
  cmd: Command,
  args: string[],
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({ args, options: cmd.options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(parseErrorLine(name, (e as Error).message));
  }
}

function parseErrorLine(command: string, message: string): string {
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) {
    const opt = unknown[1]!;
    const version = opt === '-v' || opt === '--version' ? ` (the version: flakegate ${opt})` : '';
    return `${command}: unknown option ${JSON.stringify(opt)}${version}`;
  }
  const missing = /^Option '([^' ]*)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  const ambiguous = /^Option '([^' ]*)(?: <value>)?' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const opt = ambiguous[1]!;
    return `${opt} needs a value (one starting with a dash is written ${opt}=-VALUE)`;
  }
  const flag = /^Option '([^' ]*)' does not take an argument/.exec(message);
  if (flag) return `${flag[1]} takes no value`;
  return `${command}: ${message.split('\n')[0]}`;
}
