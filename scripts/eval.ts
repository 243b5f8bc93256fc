/**
 * `npm run eval`: flakegate's own evaluation. Simulates CI histories and head
 * commits with known truth (scripts/eval/simulate.ts), grades each commit with
 * flakegate and with simple baselines on the same input, and prints the
 * metrics of the issue, the goals (PASS/FAIL) and where flakegate goes wrong.
 *
 *     npm run eval -- [--cases 2000] [--seed N] [--history 0|5|20|50] [--json FILE]
 *                     [--case I] [--top 10] [--strict]
 *
 * --case I prints one case in full (scenario, truth, every method's grade and
 * flakegate's verdict): cases are a pure function of (seed, index), so a miss
 * from the breakdown replays alone. --strict exits 1 when a goal fails.
 * Runs the baselines alone while src/assess/assess.ts does not exist.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { breakdown, example } from './eval/breakdown.ts';
import { BASELINES } from './eval/baselines.ts';
import { loadEngine } from './eval/engine.ts';
import { evaluateCase, FLAKEGATE } from './eval/run.ts';
import { goals, metricsFor, type CaseRecord } from './eval/score.ts';
import { REGRESSION_RATE } from './eval/scenario.ts';
import { DEFAULT_SEED, simulateCase } from './eval/simulate.ts';
import { calibrationTable, confusionTable, goalLines, metricsTable } from './eval/table.ts';

interface Options {
  cases: number;
  seed: number;
  history?: number;
  json?: string;
  case?: number;
  top: number;
  strict: boolean;
}

function usage(message: string): never {
  process.stderr.write(
    `eval: ${message}\nusage: npm run eval -- [--cases N] [--seed N] [--history N] [--json FILE] [--case I] [--top N] [--strict]\n`,
  );
  process.exit(2);
}

function int(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    usage(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cases: { type: 'string' },
        seed: { type: 'string' },
        history: { type: 'string' },
        json: { type: 'string' },
        case: { type: 'string' },
        top: { type: 'string' },
        strict: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  return {
    cases: int('cases', values.cases, 1) ?? 2000,
    seed: int('seed', values.seed, 0) ?? DEFAULT_SEED,
    history: int('history', values.history, 0),
    json: values.json,
    case: int('case', values.case, 0),
    top: int('top', values.top, 0) ?? 10,
    strict: values.strict,
  };
}

function share(n: number, of: number): string {
  return `${n} (${((100 * n) / Math.max(1, of)).toFixed(0)}%)`;
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const engine = await loadEngine();
  for (const p of engine.problems) process.stderr.write(`eval: flakegate ${p}\n`);
  const scenarioOpts = opts.history === undefined ? {} : { historyRuns: opts.history };

  if (opts.case !== undefined) {
    const sim = simulateCase(opts.seed, opts.case, scenarioOpts);
    const r = evaluateCase(sim, engine, true);
    process.stdout.write(
      `${JSON.stringify({ scenario: r.scenario, change: r.change, truth: r.truth }, null, 2)}\n\n`,
    );
    for (const [name, m] of Object.entries(r.methods))
      process.stdout.write(`${name}: ${m.risk ?? `error: ${m.error}`}\n`);
    if (r.methods[FLAKEGATE] !== undefined) process.stdout.write(`\n${example(r, FLAKEGATE)}\n`);
    return;
  }

  const started = performance.now();
  const records: CaseRecord[] = [];
  for (let i = 0; i < opts.cases; i++) {
    records.push(evaluateCase(simulateCase(opts.seed, i, scenarioOpts), engine));
    if (process.stderr.isTTY && (i + 1) % 250 === 0)
      process.stderr.write(`eval: ${i + 1}/${opts.cases} cases\r`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`eval: ${opts.cases} cases in ${seconds.toFixed(1)} s\n`);

  const hasFlakegate = engine.assess !== undefined;
  const methods = [...(hasFlakegate ? [FLAKEGATE] : []), ...BASELINES.map((b) => b.name)];
  const metrics = Object.fromEntries(methods.map((m) => [m, metricsFor(records, m)]));
  const regression = records.filter((r) => r.truth.regression).length;
  const failing = records.filter((r) => !r.truth.regression && r.truth.failures.length > 0).length;
  const none = records.length - regression - failing;
  const out: string[] = [
    `## flakegate evaluation: ${opts.cases} simulated commits (seed ${opts.seed})`,
    '',
    `Commits: ${share(regression, opts.cases)} with a true regression, ${share(failing, opts.cases)} with ` +
      `failures but no regression, ${share(none, opts.cases)} where nothing failed. ` +
      `True risk: ${(['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const)
        .map((k) => `${k} ${records.filter((r) => r.truth.risk === k).length}`)
        .join(', ')}.`,
    '',
    metricsTable(
      methods.map((name) => ({ name, m: metrics[name]!, inconclusive: name === FLAKEGATE })),
    ),
    '',
    'recall: regression commits graded HIGH; false-HIGH: commits with failures but no regression graded HIGH; ' +
      'accuracy: risk level equal to the true risk (all commits); Brier: over visible failures, truth 1 for a regression.',
    '',
  ];
  if (hasFlakegate) {
    const fg = metrics[FLAKEGATE]!;
    out.push(goalLines(FLAKEGATE, goals(fg)), '');
    if (fg.errors > 0) {
      const first = records.find((r) => r.methods[FLAKEGATE]?.risk === null);
      out.push(
        `flakegate threw on ${fg.errors} cases; first (case ${first?.index}):`,
        '```',
        first?.methods[FLAKEGATE]?.error ?? '',
        '```',
        '',
      );
    }
    out.push(
      '### flakegate: true risk x graded risk',
      '',
      confusionTable(records, FLAKEGATE),
      '',
      '### flakegate: calibration of pRegression',
      '',
      calibrationTable(records, FLAKEGATE),
      '',
      breakdown(records, FLAKEGATE, opts.top),
    );
  } else {
    out.push(`flakegate: not run (${engine.problems.join('; ')}); goals not checked.`, '');
  }
  process.stdout.write(`${out.join('\n')}\n`);

  if (opts.json !== undefined) {
    const json = {
      options: opts,
      seconds,
      regressionRate: REGRESSION_RATE,
      metrics,
      goals: hasFlakegate ? goals(metrics[FLAKEGATE]!) : null,
      cases: records,
    };
    writeFileSync(opts.json, `${JSON.stringify(json)}\n`);
  }
  if (opts.strict && hasFlakegate && goals(metrics[FLAKEGATE]!).some((g) => !g.pass))
    process.exitCode = 1;
}

await main();
