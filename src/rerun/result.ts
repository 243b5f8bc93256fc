/**
 * What one rerun attempt says about its test: read from the framework's own
 * JUnit report, from `go test -json` events, or from the exit status. Pure.
 *
 * A rerun whose selection matched nothing is a problem, never a pass: a
 * filter that selects zero tests makes most frameworks exit 0.
 */
import { parseReportText } from '../ingest/parse.ts';
import type { Attempt, Outcome, ResultSource, RerunTarget } from '../model/index.ts';

export interface ProcessOutcome {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Tail of stdout (or all of it for go-json sources, bounded by the runner). */
  stdout: string;
  stderr: string;
  /** The process could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

export type AttemptResult =
  { outcome: Outcome; failure?: Attempt['failure']; durationMs?: number } | { problem: string };

const TAIL = 2000;

function tail(s: string): string {
  return s.length > TAIL ? `…${s.slice(-TAIL)}` : s;
}

/** The result of an attempt for `target`, given how the framework reports. */
export function attemptResult(
  source: ResultSource,
  proc: ProcessOutcome,
  target: RerunTarget,
  reportText: string | null,
): AttemptResult {
  if (proc.spawnError) return { problem: `could not start the rerun: ${proc.spawnError}` };
  if (proc.timedOut)
    return {
      outcome: 'error',
      failure: {
        message: `timed out after ${Math.round(proc.durationMs / 1000)} s`,
        type: 'timeout',
        stack: tail(proc.stderr),
      },
      durationMs: proc.durationMs,
    };
  if (source.format === 'exit-code') {
    if (proc.exitCode === 0) return { outcome: 'passed', durationMs: proc.durationMs };
    return {
      outcome: 'failed',
      failure: { message: `exit status ${proc.exitCode}`, type: 'exit', stack: tail(proc.stderr) },
      durationMs: proc.durationMs,
    };
  }
  if (source.format === 'go-json') return fromGoJson(proc, target);
  if (reportText === null)
    return {
      problem: `the framework wrote no report (exit status ${proc.exitCode}): ${tail(proc.stderr || proc.stdout).trim() || 'no output'}`,
    };
  return fromJUnit(source.path, reportText, target, proc);
}

/** Finds the target in a JUnit report: by id, else by name, else the only test that ran. */
export function fromJUnit(
  file: string,
  text: string,
  target: RerunTarget,
  proc: ProcessOutcome,
): AttemptResult {
  const report = parseReportText(file, text);
  if (report.error && report.attempts.length === 0)
    return { problem: `its report is unreadable: ${report.error.message}` };
  const byId = report.attempts.filter((a) => a.testId === target.testId);
  let picked = byId;
  if (picked.length === 0) {
    const ids = new Set(report.tests.filter((t) => t.name === target.name).map((t) => t.id));
    picked = report.attempts.filter((a) => ids.has(a.testId));
  }
  if (picked.length === 0) {
    const ran = report.attempts.filter((a) => a.outcome !== 'skipped');
    const distinct = new Set(ran.map((a) => a.testId));
    if (distinct.size === 1) picked = ran;
  }
  if (picked.length === 0)
    return {
      problem: `the selection did not run the test (exit status ${proc.exitCode}, ${report.attempts.length} result(s) in its report)`,
    };
  // Retries inside one attempt: its last word counts, like the framework's own exit status.
  const last = picked[picked.length - 1]!;
  if (last.outcome === 'skipped') return { problem: 'the test was skipped when rerun' };
  return { outcome: last.outcome, failure: last.failure, durationMs: last.durationMs };
}

interface GoEvent {
  Action?: string;
  Test?: string;
  Output?: string;
  Elapsed?: number;
}

/** `go test -json`: the pass/fail/skip event of the target's test name. */
export function fromGoJson(proc: ProcessOutcome, target: RerunTarget): AttemptResult {
  const want = goTestName(target);
  let action: string | undefined;
  let elapsed: number | undefined;
  const output: string[] = [];
  for (const line of proc.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let e: GoEvent;
    try {
      e = JSON.parse(line) as GoEvent;
    } catch {
      continue;
    }
    if (e.Test !== want) continue;
    if (e.Action === 'output' && e.Output && output.length < 200) output.push(e.Output);
    if (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip') {
      action = e.Action;
      elapsed = e.Elapsed;
    }
  }
  if (!action)
    return {
      problem: `go test reported no result for ${JSON.stringify(want)} (exit status ${proc.exitCode})`,
    };
  if (action === 'skip') return { problem: 'the test was skipped when rerun' };
  const durationMs = elapsed === undefined ? undefined : Math.round(elapsed * 1000);
  if (action === 'pass') return { outcome: 'passed', durationMs };
  const text = output.join('');
  return {
    outcome: 'failed',
    failure: { message: firstLine(text) || 'failed', type: 'go test', stack: tail(text) },
    durationMs,
  };
}

function firstLine(s: string): string {
  for (const l of s.split('\n')) {
    const t = l.trim();
    if (t && !t.startsWith('=== RUN') && !t.startsWith('--- FAIL')) return t;
  }
  return '';
}

/** go reports subtests as `TestA/sub_case`; report names keep that form. */
function goTestName(t: RerunTarget): string {
  return t.name;
}

// XML 1.0 forbids most C0 controls and lone surrogates; escaping cannot save them.
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

export function xmlText(s: string): string {
  return s
    .replace(XML_ILLEGAL, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A one-test JUnit report for an attempt whose framework wrote none (go -json, exit status). */
export function junitFor(
  target: RerunTarget,
  r: { outcome: Outcome; failure?: Attempt['failure']; durationMs?: number },
): string {
  const secs = ((r.durationMs ?? 0) / 1000).toFixed(3);
  const failed = r.outcome === 'failed' || r.outcome === 'error' ? 1 : 0;
  const attrs = `classname="${xmlText(target.suite)}" name="${xmlText(target.name)}"${
    target.file ? ` file="${xmlText(target.file)}"` : ''
  } time="${secs}"`;
  const body = failed
    ? `<failure message="${xmlText(r.failure?.message ?? '')}" type="${xmlText(r.failure?.type ?? '')}">${xmlText(r.failure?.stack ?? '')}</failure>`
    : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites tests="1" failures="${failed}">\n` +
    `  <testsuite name="flakegate rerun" tests="1" failures="${failed}" time="${secs}">\n` +
    `    <testcase ${attrs}>${body}</testcase>\n` +
    `  </testsuite>\n</testsuites>\n`
  );
}
