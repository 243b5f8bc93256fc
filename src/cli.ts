#!/usr/bin/env node
/**
 * The `flakegate` command line. Thin: parses arguments, calls a command, prints
 * and exits. Exit status: 0 fine, 1 risk at or above --fail-on (or unreadable
 * reports for inspect), 2 usage error or nothing readable.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import { inspect } from './commands/inspect.ts';
import { formatInspect } from './report/inspect-text.ts';

class UsageError extends Error {}

const HELP = `flakegate ${pkg.version}: decides whether failing tests are flaky noise or real risk.

Usage:
  flakegate inspect FILES... [--json]   dialect and counts of each report file

Options:
  -h, --help       show help (also: flakegate COMMAND --help)
  -v, --version    print the version

Run 'flakegate COMMAND --help' for a command's options.`;

interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  inspect: {
    usage: `Usage: flakegate inspect FILES... [options]

Reads JUnit-style XML reports (files, folders or globs) and prints, per file,
the detected dialect and the counts of testcases, failed, skipped, passed and
retry attempts; files that cannot be read are named with the reason.

Options:
  --json                  one JSON object per line instead of a table (default: off)
  --max-file-size BYTES   refuse files larger than this (default: 268435456)
  --concurrency N         parser threads (default: number of cores)
  -h, --help              show this help`,
    options: {
      json: { type: 'boolean', default: false },
      'max-file-size': { type: 'string' },
      concurrency: { type: 'string' },
    },
    async run(values, positionals) {
      if (positionals.length === 0)
        throw new UsageError('inspect needs at least one report file, folder or glob');
      const result = await inspect(positionals, {
        maxFileBytes: intOption(values['max-file-size'], '--max-file-size', 1),
        concurrency: intOption(values.concurrency, '--concurrency', 1),
      });
      for (const m of result.missing)
        process.stderr.write(`flakegate: no report matches ${JSON.stringify(m)}\n`);
      if (result.lines.length === 0) {
        process.stderr.write('flakegate: no report files found\n');
        return 2;
      }
      if (values.json) {
        process.stdout.write(result.lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      } else {
        process.stdout.write(formatInspect(result.lines));
      }
      for (const l of result.lines) {
        if (l.error) process.stderr.write(`flakegate: ${JSON.stringify(l.file)}: ${l.error}\n`);
      }
      return result.lines.some((l) => l.error) ? 1 : 0;
    },
  },
};

function intOption(v: unknown, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(HELP + '\n');
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(pkg.version + '\n');
    return 0;
  }
  const cmd = COMMANDS[first];
  if (!cmd)
    throw new UsageError(
      `unknown command ${JSON.stringify(first)} (commands: ${Object.keys(COMMANDS).join(', ')})`,
    );
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(cmd.usage + '\n');
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return cmd.run(parsed.values, parsed.positionals);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`flakegate: ${e.message}\nRun 'flakegate --help' for usage.\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `flakegate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 2;
  },
);
