#!/usr/bin/env node
/**
 * The `flakegate` command line. Thin: parses arguments, calls a command, prints
 * and exits. Exit status: 0 fine, 1 risk at or above --fail-on (or unreadable
 * reports for inspect), 2 usage error or nothing readable.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import { writeFile } from 'node:fs/promises';
import { assessCommand } from './commands/assess.ts';
import { InputError } from './commands/errors.ts';
import { inspect } from './commands/inspect.ts';
import { loadConfig } from './config/load.ts';
import { RISK_LEVELS, type Risk } from './model/index.ts';
import { formatInspect } from './report/inspect-text.ts';
import { renderTerminal } from './report/terminal.ts';

class UsageError extends Error {}

const HELP = `flakegate ${pkg.version}: decides whether failing tests are flaky noise or real risk.

Usage:
  flakegate assess REPORTS... [options]   decide: flaky noise or real risk (risk level, exit 1 at --fail-on)
  flakegate inspect FILES... [--json]     dialect and counts of each report file

Options:
  -h, --help       show help (also: flakegate COMMAND --help)
  -v, --version    print the version

Run 'flakegate COMMAND --help' for a command's options.`;

interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

const ASSESS_USAGE = `Usage: flakegate assess REPORTS... [options]

Judges each failing test of the head run (REPORTS: files, folders or globs of
JUnit XML; a folder with flakegate-run.json is one attempt of the run) and
grades the commit NONE, LOW, MEDIUM or HIGH.

Options:
  --history DIR         earlier runs, one subfolder each (with flakegate-run.json) (default: none)
  --reruns DIR          rerun reports, each beside its flakegate-rerun.json (default: none)
  --changed FILE        changed paths, one a line (default: unknown, never "nothing changed")
  --head-sha SHA        the commit assessed (default: from flakegate-run.json)
  --base-branch NAME    only history runs of this branch (default: all runs given)
  --config FILE         thresholds and priors (default: .github/flakegate.yml when present)
  --json FILE           write the verdict JSON; - for stdout (default: none)
  --summary FILE        write the Markdown summary; - for stdout (default: none)
  --quarantine FILE     write the tests to quarantine, one a line (default: none)
  --fail-on LEVEL       lowest risk that exits 1: NONE, LOW, MEDIUM or HIGH (default: HIGH)
  --reruns-k N          isolated reruns per failing test expected (default: 5, or the config's)
  --max-file-size BYTES refuse report files larger than this (default: 268435456)
  --concurrency N       parser threads (default: number of cores)
  --quiet               print nothing on stdout but what --json/--summary - ask for
  -h, --help            show this help

Exit status: 0 risk below --fail-on, 1 at or above it, 2 usage error or no readable report.`;

const COMMANDS: Record<string, Command> = {
  assess: {
    usage: ASSESS_USAGE,
    options: {
      history: { type: 'string' },
      reruns: { type: 'string' },
      changed: { type: 'string' },
      'head-sha': { type: 'string' },
      'base-branch': { type: 'string' },
      config: { type: 'string' },
      json: { type: 'string' },
      summary: { type: 'string' },
      quarantine: { type: 'string' },
      'fail-on': { type: 'string', default: 'HIGH' },
      'reruns-k': { type: 'string' },
      'max-file-size': { type: 'string' },
      concurrency: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    async run(values, positionals) {
      if (positionals.length === 0)
        throw new UsageError('assess needs at least one report file, folder or glob');
      const failOn = String(values['fail-on']).toUpperCase() as Risk;
      if (!RISK_LEVELS.includes(failOn)) {
        throw new UsageError(
          `--fail-on must be one of ${RISK_LEVELS.join(', ')}, got ${JSON.stringify(values['fail-on'])}`,
        );
      }
      const cwd = process.cwd();
      const loaded = await loadConfig({
        cwd,
        ...(typeof values.config === 'string' ? { path: values.config } : {}),
      });
      if (loaded.errors.length > 0) {
        for (const e of loaded.errors) process.stderr.write(`flakegate: ${e}\n`);
        return 2;
      }
      const config = loaded.config;
      const k = intOption(values['reruns-k'], '--reruns-k', 1);
      if (k !== undefined) config.reruns.isolated = k;
      const warn = (m: string) => process.stderr.write(`flakegate: warning: ${m}\n`);
      const result = await assessCommand(
        {
          reports: positionals,
          cwd,
          config,
          ...(typeof values.history === 'string' ? { history: values.history } : {}),
          ...(typeof values.reruns === 'string' ? { reruns: values.reruns } : {}),
          ...(typeof values.changed === 'string' ? { changed: values.changed } : {}),
          ...(typeof values['head-sha'] === 'string' ? { headSha: values['head-sha'] } : {}),
          ...(typeof values['base-branch'] === 'string'
            ? { baseBranch: values['base-branch'] }
            : {}),
          maxFileBytes: intOption(values['max-file-size'], '--max-file-size', 1),
          concurrency: intOption(values.concurrency, '--concurrency', 1),
        },
        { warn },
      );
      for (const m of result.missing)
        process.stderr.write(`flakegate: no report matches ${JSON.stringify(m)}\n`);
      for (const u of result.verdict.inputs.unreadable) {
        process.stderr.write(`flakegate: ${JSON.stringify(u.file)}: unreadable: ${u.error}\n`);
      }
      if (result.nothingReadable) {
        process.stderr.write('flakegate: no readable report: nothing to assess\n');
        return 2;
      }
      const toStdout = [values.json, values.summary, values.quarantine].includes('-');
      await output(values.json, JSON.stringify(result.verdict, null, 2) + '\n');
      await output(values.summary, result.summary());
      await output(values.quarantine, result.quarantine());
      if (!values.quiet && !toStdout) {
        const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
        process.stdout.write(
          renderTerminal(result.verdict, { color, width: process.stdout.columns ?? 100 }),
        );
      }
      return RISK_LEVELS.indexOf(result.verdict.risk) >= RISK_LEVELS.indexOf(failOn) ? 1 : 0;
    },
  },
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
      return result.lines.some((l) => l.error) || result.missing.length > 0 ? 1 : 0;
    },
  },
};

async function output(target: unknown, text: string): Promise<void> {
  if (typeof target !== 'string') return;
  if (target === '-') process.stdout.write(text);
  else await writeFile(target, text);
}

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
    if (e instanceof InputError) {
      process.stderr.write(`flakegate: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
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
