/**
 * Runs the bundled action (dist/action.js) the way the runner does: a child
 * process with INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and an
 * event file, against a fake GitHub on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO, runNode } from './cli-process.ts';
import type { FakeGitHub } from './fake-github/index.ts';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Lines of stdout that are workflow commands (`::name ...::data`). */
  commands: string[];
  /** The verdict JSON the `verdict` output named, read before the runner's temp folder is removed. */
  verdictText?: string;
}

export interface ActionOptions {
  action: string;
  fake: FakeGitHub;
  /** The checkout the step runs in (GITHUB_WORKSPACE, and its cwd). */
  workspace: string;
  inputs: Record<string, string>;
  eventName: string;
  event: Record<string, unknown>;
  runId: number;
  runAttempt?: number;
  sha?: string;
  ref?: string;
  workflowFile?: string;
  jobId?: number;
  env?: Record<string, string>;
}

/**
 * The runner applies action.yml's input defaults (the toolkit does not), so
 * they are read from action.yml itself; `${{ github.token }}` becomes the fake's token.
 */
export function inputDefaults(token = 'ghs_fake'): Record<string, string> {
  const meta = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta.inputs))
    out[k] = v.default === '${{ github.token }}' ? token : (v.default ?? '');
  return out;
}

export async function runAction(o: ActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flakegate-runner-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  const eventFile = path.join(dir, 'event.json');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  await writeFile(eventFile, JSON.stringify(o.event));
  const wf = o.workflowFile ?? 'ci.yml';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    NO_COLOR: '1',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_API_URL: o.fake.apiUrl,
    GITHUB_SERVER_URL: o.fake.serverUrl,
    GITHUB_GRAPHQL_URL: `${o.fake.apiUrl}/graphql`,
    GITHUB_REPOSITORY: `${o.fake.owner}/${o.fake.repo}`,
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: o.sha ?? 'a'.repeat(40),
    GITHUB_REF: o.ref ?? 'refs/heads/main',
    GITHUB_RUN_ID: String(o.runId),
    GITHUB_RUN_ATTEMPT: String(o.runAttempt ?? 1),
    GITHUB_WORKFLOW_REF: `${o.fake.owner}/${o.fake.repo}/.github/workflows/${wf}@${o.ref ?? 'refs/heads/main'}`,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ACTIONS_RUNTIME_TOKEN: o.fake.runtimeToken(o.runId, o.jobId ?? 1),
    ACTIONS_RESULTS_URL: o.fake.resultsUrl,
    ...o.env,
  };
  for (const [k, v] of Object.entries({ ...inputDefaults(), ...o.inputs }))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const res = await runNode([o.action], o.workspace, env);
  const outputs = parseOutputs(await readFile(outputFile, 'utf8'));
  const verdictText = outputs.verdict
    ? await readFile(outputs.verdict, 'utf8').catch(() => undefined)
    : undefined;
  const summary = await readFile(summaryFile, 'utf8');
  // RUNNER_TEMP is per step on a runner: gone after it, as here.
  await rm(dir, { recursive: true, force: true });
  return {
    ...res,
    outputs,
    summary,
    commands: res.stdout.split(/\r?\n/).filter((l) => l.startsWith('::')),
    ...(verdictText !== undefined ? { verdictText } : {}),
  };
}

/** GITHUB_OUTPUT's file format: `name<<DELIM\nvalue\nDELIM` (what @actions/core writes). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const [, name, delim] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
      continue;
    }
    const eq = /^([^=]+)=(.*)$/.exec(lines[i]!);
    if (eq) out[eq[1]!] = eq[2]!;
  }
  return out;
}
