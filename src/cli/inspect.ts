/** `flakegate inspect` on the command line. */
import { inspectOffThread } from '../commands/jobs.ts';
import { formatInspect } from '../report/inspect-text.ts';
import { UsageError, intOption, type Command } from './args.ts';
import { createProgress } from './progress.ts';

export const INSPECT: Command = {
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
    const options = {
      maxFileBytes: intOption(values['max-file-size'], '--max-file-size', 1),
      concurrency: intOption(values.concurrency, '--concurrency', 1),
    };
    const progress = createProgress(process.stderr, { env: process.env });
    const result = await inspectOffThread(positionals, options, (done, total, what) =>
      progress.update(done, total, what),
    ).finally(() => progress.stop());
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
};
