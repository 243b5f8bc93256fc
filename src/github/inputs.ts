/**
 * The action's inputs, read once and validated; an error names the input,
 * the value and what is allowed.
 */
import * as core from '@actions/core';
import { RISK_LEVELS, type Risk } from '../model/index.ts';

export const ACTION_COMMANDS = ['check', 'plan', 'rerun', 'assess'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

export interface ActionInputs {
  command: ActionCommand;
  reports: string[];
  artifact: string;
  historyRuns: number;
  historyBranch: string | null;
  reruns: number;
  inSuiteReruns: number;
  rerunBudgetS: number;
  rerunTimeoutS: number;
  shards: number;
  shard: string | null;
  rerunCommand: string[] | null;
  failOn: Risk;
  checkName: string;
  checkRunId: number | null;
  requestBudget: number;
  token: string;
}

export class InputsError extends Error {}

type Get = (name: string) => string;

export function readInputs(get: Get = (n) => core.getInput(n)): ActionInputs {
  const str = (n: string) => get(n).trim();
  const int = (n: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = str(n);
    const x = Number(v);
    if (v === '' || !Number.isInteger(x) || x < min || x > max)
      throw new InputsError(
        `input ${n}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`,
      );
    return x;
  };
  const command = (str('command') || 'check') as ActionCommand;
  if (!ACTION_COMMANDS.includes(command))
    throw new InputsError(
      `input command: expected one of ${ACTION_COMMANDS.join(', ')}, got ${JSON.stringify(command)}`,
    );
  const failOn = (str('fail-on') || 'HIGH').toUpperCase() as Risk;
  if (!RISK_LEVELS.includes(failOn))
    throw new InputsError(
      `input fail-on: expected one of ${RISK_LEVELS.join(', ')}, got ${JSON.stringify(str('fail-on'))}`,
    );
  const shard = str('shard') || null;
  if (command === 'rerun' && !shard)
    throw new InputsError(
      "input shard: command rerun needs the shard id from plan's matrix output (e.g. ${{ matrix.shard }})",
    );
  if (shard !== null && !/^s[0-9]{1,3}$/.test(shard))
    throw new InputsError(
      `input shard: expected an id from plan's matrix such as s1, got ${JSON.stringify(shard)}`,
    );
  const checkRunId = str('check-run-id');
  if (checkRunId && !/^[0-9]{1,20}$/.test(checkRunId))
    throw new InputsError(
      `input check-run-id: expected a number, got ${JSON.stringify(checkRunId)}`,
    );
  return {
    command,
    reports: list(str('reports') || '**/TEST-*.xml, **/junit*.xml, **/*test*results*.xml'),
    artifact: str('artifact') || 'test-results',
    historyRuns: int('history-runs', 0, 1000),
    historyBranch: str('history-branch') || null,
    reruns: int('reruns', 0, 100),
    inSuiteReruns: int('in-suite-reruns', 0, 100),
    rerunBudgetS: duration('rerun-budget', str('rerun-budget') || '10m'),
    rerunTimeoutS: duration('rerun-timeout', str('rerun-timeout') || '5m'),
    shards: int('shards', 1, 256),
    shard,
    rerunCommand: argv('rerun-command', str('rerun-command')),
    failOn,
    checkName: str('check-name') || 'flakegate',
    checkRunId: checkRunId ? Number(checkRunId) : null,
    requestBudget: int('request-budget', 1, 100_000),
    token: str('token'),
  };
}

/** Comma- or newline-separated globs. */
export function list(s: string): string[] {
  return s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** `10m`, `90s`, `1h30m` or plain seconds. */
export function duration(name: string, s: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(s.trim());
  const secs =
    m && s.trim() ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : NaN;
  if (!Number.isFinite(secs) || secs <= 0)
    throw new InputsError(
      `input ${name}: expected a duration such as 10m, 90s or 1h, got ${JSON.stringify(s)}`,
    );
  return secs;
}

function argv(name: string, s: string): string[] | null {
  if (!s) return null;
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    throw new InputsError(
      `input ${name}: expected a JSON array of strings such as ["npx","vitest","run","{file}"] (never a shell string), got ${JSON.stringify(s)}`,
    );
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string'))
    throw new InputsError(
      `input ${name}: expected a non-empty JSON array of strings, got ${JSON.stringify(s)}`,
    );
  return v as string[];
}
