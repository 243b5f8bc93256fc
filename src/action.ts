/**
 * The GitHub Action entry: inputs -> command -> outputs. Thin, like cli.ts;
 * the work is in github/steps.ts and the commands/ the CLI shares.
 */
import * as core from '@actions/core';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from './commands/errors.ts';
import { createClient } from './github/client.ts';
import { ownerRepo, readContext } from './github/event.ts';
import { InputsError, readInputs } from './github/inputs.ts';
import { assessStep, planStep, rerunStep, type StepEnv } from './github/steps.ts';

/** Requests kept for reporting after history: change set, this run's artifacts, check run and 20 annotation batches. */
const REPORTING_RESERVE = 60;

async function main(): Promise<void> {
  const inputs = readInputs();
  const ctx = readContext(process.env);
  const repo = ownerRepo(ctx);
  if (!repo)
    throw new InputsError(`GITHUB_REPOSITORY is not owner/repo: ${JSON.stringify(ctx.repository)}`);
  const temp = process.env.RUNNER_TEMP || os.tmpdir();
  const work = await mkdtemp(path.join(temp, 'flakegate-'));
  const api = createClient({
    token: inputs.token,
    // History stops at request-budget; reporting (check run, annotations, changed files) has room beyond it.
    budget: inputs.requestBudget + REPORTING_RESERVE,
    warn: (m) => core.info(m),
  });
  const env: StepEnv = {
    inputs,
    ctx,
    repo,
    api,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    work,
  };
  if (inputs.command === 'plan') await planStep(env);
  else if (inputs.command === 'rerun') await rerunStep(env);
  else await assessStep(env, inputs.command);
  core.info(`flakegate: ${api.spent()} REST request(s)`);
}

main().catch((e: unknown) => {
  if (e instanceof InputsError || e instanceof InputError) core.setFailed(e.message);
  else {
    core.debug(e instanceof Error ? (e.stack ?? e.message) : String(e));
    core.setFailed(`flakegate: ${e instanceof Error ? e.message : String(e)}`);
  }
});
