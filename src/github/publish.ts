/**
 * Where a verdict goes in Actions: the check run (or, when the token cannot
 * write one, workflow-command annotations with one warning), the job summary,
 * the step outputs, and a failed step at `fail-on`.
 */
import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import { RISK_LEVELS, type Risk, type Verdict } from '../model/index.ts';
import { verdictJsonChunks } from '../report/verdict-json.ts';
import { annotationsFor, workflowCommandAnnotations } from '../report/annotations.ts';
import { conclusionFor, emitWorkflowAnnotations, publishCheck } from './checks.ts';
import type { Client } from './client.ts';
import type { Repo } from './artifacts.ts';

export interface PublishArgs {
  verdict: Verdict;
  summary: string;
  verdictPath: string;
  repo: Repo;
  headSha: string;
  checkName: string;
  checkRunId: number | null;
  failOn: Risk;
  workspace: string;
}

const FORK_HELP =
  'flakegate could not write a check run (the token is read-only, as on pull requests from forks, ' +
  "or the workflow lacks 'permissions: checks: write'). The verdict is in the job summary and the " +
  'annotations below. For a check run on fork pull requests, run flakegate from a second workflow ' +
  "'on: workflow_run' with 'checks: write' and 'actions: read' (see the README, \"Pull requests from forks\").";

export async function publishVerdict(client: Client, a: PublishArgs): Promise<void> {
  const v = a.verdict;
  await writeFile(a.verdictPath, verdictJsonChunks(v));
  core.setOutput('risk', v.risk);
  core.setOutput('verdict', a.verdictPath);
  core.setOutput('failed', String(v.counts.failed));
  core.setOutput('flaky', String(v.counts.flaky));
  core.setOutput('regressions', String(v.counts.regression));
  core.setOutput('inconclusive', String(v.counts.inconclusive));

  const annotations = annotationsFor(v, { workspace: a.workspace });
  const check = await publishCheck(client, {
    ...a.repo,
    name: a.checkName,
    headSha: a.headSha,
    ...(a.checkRunId !== null ? { checkRunId: a.checkRunId } : {}),
    conclusion: conclusionFor(v.risk),
    title: titleOf(v),
    summary: a.summary,
    annotations,
  });
  if (check.ok) {
    core.setOutput('check-run-id', String(check.id));
    core.setOutput('check-run-url', check.url);
    if (check.note) core.info(check.note);
  } else {
    if (check.status === 403 || check.status === 404) core.warning(FORK_HELP);
    else
      core.warning(
        `flakegate could not write the check run (${check.status || 'no answer'}): ${check.message}`,
      );
    emitWorkflowAnnotations(workflowCommandAnnotations(v, { workspace: a.workspace }), core);
  }
  await core.summary.addRaw(a.summary, true).write();
  if (RISK_LEVELS.indexOf(v.risk) >= RISK_LEVELS.indexOf(a.failOn))
    core.setFailed(`flakegate: risk ${v.risk} is at or above fail-on ${a.failOn}`);
}

function titleOf(v: Verdict): string {
  const c = v.counts;
  if (c.failed === 0) return `Risk ${v.risk}: no failing tests`;
  const parts = [
    c.regression ? `${c.regression} regression${c.regression === 1 ? '' : 's'}` : '',
    c.inconclusive ? `${c.inconclusive} inconclusive` : '',
    c.flaky ? `${c.flaky} flaky` : '',
  ].filter(Boolean);
  return `Risk ${v.risk}: ${c.failed} failing test${c.failed === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
