#!/usr/bin/env node
/**
 * The `flakegate` command line. Thin: parses arguments, calls a command, prints
 * and exits. Exit status: 0 fine, 1 risk at or above --fail-on (or unreadable
 * reports for inspect), 2 usage error or nothing readable.
 */
import pkg from '../package.json' with { type: 'json' };
import { InputError } from './commands/errors.ts';
import { UsageError, parseCommand, type Command } from './cli/args.ts';
import { ASSESS } from './cli/assess.ts';
import { INSPECT } from './cli/inspect.ts';
import { PLAN } from './cli/plan.ts';
import { RERUN } from './cli/rerun.ts';

const HELP = `flakegate ${pkg.version}: decides whether failing tests are flaky noise or real risk.

Usage:
  flakegate assess REPORTS... [options]   decide: flaky noise or real risk (risk level, exit 1 at --fail-on)
  flakegate plan REPORTS... [options]     failing tests to rerun, split into matrix shards
  flakegate rerun --plan FILE --shard ID  rerun one shard's tests alone (and after their predecessors)
  flakegate inspect FILES... [--json]     dialect and counts of each report file

Options:
  -h, --help       show help (also: flakegate COMMAND --help)
  -v, --version    print the version

Run 'flakegate COMMAND --help' for a command's options.

On a terminal, long work (reading reports, reruns) shows its progress on
stderr, and the summary is in colour. Neither shows when the output is not a
terminal or CI is set; NO_COLOR or FORCE_COLOR=0 turns colour off.`;

const COMMANDS: Record<string, Command> = {
  assess: ASSESS,
  plan: PLAN,
  rerun: RERUN,
  inspect: INSPECT,
};

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // A usage error: the help goes where errors go.
    process.stderr.write(HELP + '\n');
    return 2;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(pkg.version + '\n');
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!cmd) {
    const what = first.startsWith('-') ? 'option' : 'command';
    throw new UsageError(
      `unknown ${what} ${JSON.stringify(first)} (commands: ${Object.keys(COMMANDS).join(', ')})`,
    );
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(cmd.usage + '\n');
    return 0;
  }
  try {
    const parsed = parseCommand(first, cmd, rest);
    return await cmd.run(parsed.values, parsed.positionals);
  } catch (e) {
    if (e instanceof UsageError) e.command ??= first;
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof InputError) {
      process.stderr.write(`flakegate: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof UsageError) {
      const help = e.command ? `flakegate ${e.command} --help` : 'flakegate --help';
      process.stderr.write(`flakegate: ${e.message}\nRun '${help}' for usage.\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `flakegate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 2;
  },
);
