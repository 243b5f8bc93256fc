/**
 * The bundled action (dist/action.js) run as the runner runs it, against a
 * fake GitHub on 127.0.0.1 that checks every request and response against
 * GitHub's OpenAPI description. Each test asserts what a user sees: outputs,
 * the check run, annotations, the job summary, the exit status.
 */
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HOSTILE } from '../helpers/corpus.ts';
import { zipBuffer } from '../helpers/zips.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../helpers/action-process.ts';
import { buildCli, REPO, type CliBuild } from '../helpers/cli-process.ts';
import {
  badGateway,
  notAccessible,
  rateLimited,
  secondaryRateLimit,
  startFakeGitHub,
  truncated,
  type FakeGitHub,
  type FakeRun,
} from '../helpers/fake-github/index.ts';
import { SUMMARY_TAGS, summaryHtml } from '../helpers/render.ts';
import { pytestXml } from '../helpers/temp-tree.ts';

/** The summary's own elements, and the action's history note (`<sub>`). */
const ACTION_SUMMARY_TAGS = [...SUMMARY_TAGS, 'sub'];

const FILE = 'tests/test_app.py';
const HEAD_SHA = 'c'.repeat(40);
const HOUR = 3_600_000;
const NOW = Date.now();

const zipOf = zipBuffer;

function run(id: number, over: Partial<FakeRun> = {}): FakeRun {
  return {
    id,
    workflowFile: 'ci.yml',
    headBranch: 'main',
    headSha: id.toString(16).padStart(40, 'a'),
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    createdAt: new Date(NOW - (2000 - id) * HOUR).toISOString().replace(/\.\d+Z$/, 'Z'),
    ...over,
  };
}

/** n history runs on main: test_flaky fails in every third run, test_stable always passes. */
async function addHistory(fake: FakeGitHub, n: number, firstId = 100): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = firstId + i;
    fake.addRun(run(id));
    const xml = pytestXml([
      { name: 'test_stable', file: FILE },
      {
        name: 'test_flaky',
        file: FILE,
        outcome: i % 3 === 0 ? 'failed' : 'passed',
        message: 'TimeoutError: read timed out',
      },
      { name: 'test_changed', file: FILE },
    ]);
    fake.addArtifact({
      id: 10_000 + id,
      runId: id,
      name: 'test-results',
      zip: await zipOf({ 'junit.xml': xml }),
    });
  }
}

/** This run's reports: test_flaky timed out again, test_changed fails with a new assertion. */
const HEAD_XML = pytestXml([
  { name: 'test_stable', file: FILE },
  { name: 'test_flaky', file: FILE, outcome: 'failed', message: 'TimeoutError: read timed out' },
  { name: 'test_changed', file: FILE, outcome: 'failed', message: 'AssertionError: assert 3 == 4' },
]);

let build: CliBuild;
let action: string;
let fake: FakeGitHub;
let workspace: string;

beforeAll(async () => {
  build = await buildCli();
  action = path.join(path.dirname(build.cli), 'action.js');
});
afterAll(async () => {
  await build.cleanup();
});
beforeEach(async () => {
  fake = await startFakeGitHub();
  workspace = await mkdtemp(path.join(tmpdir(), 'flakegate-ws-'));
  await mkdir(path.join(workspace, 'reports'), { recursive: true });
  await writeFile(path.join(workspace, 'reports', 'junit.xml'), HEAD_XML);
});
afterEach(async () => {
  await fake.close();
  await rm(workspace, { recursive: true, force: true });
});

const pushEvent = (before = 'b'.repeat(40)) => ({
  ref: 'refs/heads/main',
  before,
  after: HEAD_SHA,
  repository: { default_branch: 'main', full_name: 'octo/app', id: 1 },
});

function prEvent(fork: boolean) {
  return {
    number: 7,
    pull_request: {
      number: 7,
      changed_files: 1,
      head: {
        sha: HEAD_SHA,
        ref: 'feature',
        repo: { id: fork ? 2 : 1, full_name: fork ? 'someone/app' : 'octo/app' },
      },
      base: { sha: 'b'.repeat(40), ref: 'main', repo: { id: 1, full_name: 'octo/app' } },
    },
    repository: { default_branch: 'main', full_name: 'octo/app', id: 1 },
  };
}

function assess(over: Partial<Parameters<typeof runAction>[0]> = {}): Promise<ActionRun> {
  const { inputs, ...rest } = over;
  return runAction({
    action,
    fake,
    workspace,
    eventName: 'push',
    event: pushEvent(),
    runId: 2000,
    sha: HEAD_SHA,
    ...rest,
    inputs: { command: 'assess', reports: 'reports/*.xml', 'history-runs': '10', ...inputs },
  });
}

const historyRequests = (f: FakeGitHub) =>
  f.requests.filter((r) =>
    [
      'actions/list-workflow-runs',
      'actions/list-workflow-run-artifacts',
      'actions/download-artifact',
    ].includes(r.operationId ?? ''),
  );

describe('assess on a push to main', () => {
  it('reads history, writes the check run, annotations, summary and outputs, and uploads the compact history', async () => {
    await addHistory(fake, 10);
    fake.setCompare('b'.repeat(40), HEAD_SHA, [FILE]);
    const r = await assess();
    expect(fake.violations).toEqual([]);
    expect(r.outputs.risk, r.stdout + r.stderr).toMatch(/^(NONE|LOW|MEDIUM|HIGH)$/);
    expect(r.outputs.failed).toBe('2');
    expect(
      Number(r.outputs.flaky) + Number(r.outputs.regressions) + Number(r.outputs.inconclusive),
    ).toBe(2);
    expect(r.outputs.verdict).toMatch(/verdict\.json$/);
    expect(r.code).toBe(r.outputs.risk === 'HIGH' ? 1 : 0);

    const check = fake.checkRuns[0]!;
    expect(fake.checkRuns).toHaveLength(1);
    expect(check.headSha).toBe(HEAD_SHA);
    expect(check.conclusion).toBe(
      { NONE: 'success', LOW: 'success', MEDIUM: 'neutral', HIGH: 'failure' }[r.outputs.risk!],
    );
    expect(r.outputs['check-run-id']).toBe(String(check.id));
    expect(check.output?.summary).toContain('History: 10 earlier run(s) of main');
    expect(check.annotations.length).toBe(2);
    for (const a of check.annotations as { path: string; start_line: number }[]) {
      expect(a.path).toBe(FILE);
      expect(a.start_line).toBeGreaterThan(0);
    }
    // The job summary is the same Markdown, and its first line says the risk.
    expect(r.summary.split('\n')[0]).toContain(r.outputs.risk!);
    expect(r.summary).toContain('History: 10 earlier run(s)');
    // On the history branch, the compact history is uploaded for the next assessment.
    expect(fake.uploaded.map((a) => a.name)).toEqual(['flakegate-history']);
  });

  it('at steady state spends at most 10 REST requests on history, however deep the window', async () => {
    await addHistory(fake, 30);
    fake.setCompare('b'.repeat(40), HEAD_SHA, [FILE]);
    // Run 2000 assesses and leaves the compact history behind...
    fake.addRun(run(2000, { headSha: HEAD_SHA }));
    const first = await assess({ inputs: { 'history-runs': '30' } });
    expect(first.summary).toContain('History: 30 earlier run(s)');
    const cold = historyRequests(fake).length;
    // ...then two more runs land, and run 2003 assesses.
    for (const id of [2001, 2002]) {
      fake.addRun(run(id));
      fake.addArtifact({
        id: 20_000 + id,
        runId: id,
        name: 'test-results',
        zip: await zipOf({ 'junit.xml': HEAD_XML }),
      });
    }
    const before = historyRequests(fake).length;
    const second = await assess({ runId: 2003, inputs: { 'history-runs': '30' } });
    const steady = historyRequests(fake).length - before;
    expect(fake.violations).toEqual([]);
    expect(second.summary).toMatch(/from the flakegate-history artifact/);
    expect(second.summary).toMatch(/History: 3\d earlier run\(s\)/);
    expect(steady).toBeLessThanOrEqual(10);
    expect(cold).toBeGreaterThan(steady);
  });
});

describe('GitHub answering badly', () => {
  it('502 once, 429 with Retry-After, a secondary rate limit, an expired and a truncated artifact: the verdict goes on and says so', async () => {
    await addHistory(fake, 6);
    fake.addArtifact({
      id: 90_001,
      runId: 101,
      name: 'test-results-extra',
      zip: Buffer.alloc(0),
      expired: true,
    });
    fake.fault(badGateway({ path: '/actions/workflows/' }));
    fake.fault({
      ...rateLimited({ path: '/runs/100/artifacts' }),
      headers: { 'retry-after': '1' },
    });
    fake.fault(secondaryRateLimit({ path: '/runs/102/artifacts' }));
    fake.fault({
      path: '/artifacts/10103/zip',
      status: 410,
      body: { message: 'Artifact has expired', documentation_url: 'https://docs.github.com/rest' },
    });
    fake.fault(truncated({ path: '/_blob/10104' }));
    const r = await assess({ inputs: { artifact: 'test-results*' } });
    expect(fake.violations).toEqual([]);
    expect(r.outputs.risk).toMatch(/^(NONE|LOW|MEDIUM|HIGH)$/);
    expect(fake.checkRuns).toHaveLength(1);
    // Runs 100..105: two lost to the 410 and the truncated download.
    expect(r.summary).toMatch(/History: 4 earlier run\(s\) of main/);
    expect(r.summary).toMatch(/expired/);
    expect(r.summary).toMatch(/unavailable/);
    // The archive that could not be used is named, and why.
    expect(r.summary, r.summary.slice(r.summary.indexOf('<sub>'))).toMatch(/truncated download/);
  });

  it('a spent request budget: the verdict rests on the history read so far and says so', async () => {
    await addHistory(fake, 10);
    const r = await assess({ inputs: { 'request-budget': '6' } });
    expect(r.outputs.risk).toMatch(/^(NONE|LOW|MEDIUM|HIGH)$/);
    expect(r.summary).toMatch(/request budget \(6\) spent/);
    // History stops inside the budget; reporting still gets its requests.
    expect(historyRequests(fake).length).toBeLessThanOrEqual(6);
    expect(r.summary).toMatch(/History: [1-5] earlier run\(s\)/);
    expect(fake.checkRuns).toHaveLength(1);
  });
});

describe('pull requests', () => {
  it('a fork PR: the 403 on the check run falls back to the job summary and annotations, with one warning', async () => {
    await addHistory(fake, 3);
    fake.setPullFiles(7, [FILE]);
    fake.fault(notAccessible({ method: 'POST', path: '/check-runs' }));
    const r = await assess({
      eventName: 'pull_request',
      event: prEvent(true),
      ref: 'refs/pull/7/merge',
      sha: 'd'.repeat(40),
    });
    expect(fake.violations).toEqual([]);
    expect(fake.checkRuns).toHaveLength(0);
    const warnings = r.commands.filter(
      (c) => c.startsWith('::warning::') && c.includes('workflow_run'),
    );
    expect(warnings, r.stdout).toHaveLength(1);
    expect(
      r.commands.filter((c) => /^::(error|warning|notice) [^:]*file=tests\/test_app\.py/.test(c)),
    ).toHaveLength(2);
    expect(r.summary).toContain('History: 3 earlier run(s)');
    expect(r.outputs.risk).toMatch(/^(NONE|LOW|MEDIUM|HIGH)$/);
  });

  it("a PR from the repository itself: the check run lands on the PR's head commit, not the merge commit", async () => {
    fake.setPullFiles(7, ['src/other.py']);
    const r = await assess({
      eventName: 'pull_request',
      event: prEvent(false),
      ref: 'refs/pull/7/merge',
      sha: 'd'.repeat(40),
      inputs: { 'history-runs': '0' },
    });
    expect(fake.violations).toEqual([]);
    expect(fake.checkRuns[0]!.headSha).toBe(HEAD_SHA);
    expect(r.outputs['check-run-url']).toMatch(/^https?:\/\//);
    // No flakegate-history from pull requests.
    expect(fake.uploaded).toEqual([]);
  });
});

describe('reporting on the right commit', () => {
  it('check-run-id: the given check run is updated, none is created', async () => {
    const created = await fetch(`${fake.apiUrl}/repos/${fake.owner}/${fake.repo}/check-runs`, {
      method: 'POST',
      headers: { authorization: 'token ghs_fake', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'test (ubuntu)', head_sha: HEAD_SHA, status: 'in_progress' }),
    });
    const { id } = (await created.json()) as { id: number };
    const r = await assess({ inputs: { 'history-runs': '0', 'check-run-id': String(id) } });
    expect(fake.violations).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]!.id).toBe(id);
    // The job's own check keeps its name and gets the verdict.
    expect(fake.checkRuns[0]!.name).toBe('test (ubuntu)');
    expect(fake.checkRuns[0]!.conclusion).toBe(
      { NONE: 'success', LOW: 'success', MEDIUM: 'neutral', HIGH: 'failure' }[r.outputs.risk!],
    );
    expect(r.outputs['check-run-id']).toBe(String(id));
  });

  it("workflow_run (the fork-safe pair): the triggering run's reports, its pull request's files, its head commit", async () => {
    await addHistory(fake, 3);
    const triggering = 5000;
    const prHead = 'e'.repeat(40);
    fake.addRun(run(triggering, { event: 'pull_request', headBranch: 'feature', headSha: prHead }));
    fake.addArtifact({
      id: 55_000,
      runId: triggering,
      name: 'test-results',
      zip: await zipOf({ 'junit.xml': HEAD_XML }),
    });
    fake.setPullFiles(7, [FILE]);
    const empty = await mkdtemp(path.join(tmpdir(), 'flakegate-ws-report-'));
    try {
      const r = await runAction({
        action,
        fake,
        workspace: empty,
        eventName: 'workflow_run',
        event: {
          action: 'completed',
          workflow_run: {
            id: triggering,
            head_sha: prHead,
            head_branch: 'feature',
            event: 'pull_request',
            path: '.github/workflows/ci.yml',
            workflow_id: 1,
            pull_requests: [{ number: 7, head: { sha: prHead }, base: { sha: 'b'.repeat(40) } }],
          },
          repository: { default_branch: 'main', full_name: 'octo/app', id: 1 },
        },
        runId: 6000,
        sha: 'f'.repeat(40),
        workflowFile: 'flakegate-report.yml',
        inputs: { command: 'assess', 'history-runs': '10' },
      });
      expect(fake.violations).toEqual([]);
      expect(r.outputs.failed).toBe('2');
      expect(fake.checkRuns[0]!.headSha).toBe(prHead);
      expect(r.summary).toContain('History: 3 earlier run(s) of main');
      // The change set came from the pull request: proximity is known.
      expect(fake.requests.some((q) => q.operationId === 'pulls/list-files')).toBe(true);
      // Reports from a pull request never become history.
      expect(fake.uploaded).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('command: check, the one step, on a real pytest suite', () => {
  it('reruns the failures right there and grades them: regression, flaky, order-dependent with its polluter', async () => {
    const fixture = path.join(REPO, '__tests__', 'fixtures', 'frameworks', 'pytest');
    const state = await mkdtemp(path.join(tmpdir(), 'flakegate-check-state-'));
    const reports = await mkdtemp(path.join(tmpdir(), 'flakegate-check-reports-'));
    try {
      const { execFileSync } = await import('node:child_process');
      const env = { FLAKEGATE_FIXTURE_STATE: state, PYTHONDONTWRITEBYTECODE: '1' };
      // The test step: the suite fails (regression, flake, victim) and writes its report.
      try {
        execFileSync(
          'python3',
          [
            '-m',
            'pytest',
            '-p',
            'no:cacheprovider',
            `--junitxml=${path.join(reports, 'junit.xml')}`,
            '-o',
            'junit_family=xunit1',
            'tests/',
          ],
          {
            cwd: fixture,
            env: { ...process.env, ...env },
            stdio: 'ignore',
          },
        );
      } catch {
        // pytest exits 1: tests failed, as intended.
      }
      const r = await runAction({
        action,
        fake,
        workspace: fixture,
        eventName: 'push',
        event: pushEvent(),
        runId: 7000,
        sha: HEAD_SHA,
        env,
        inputs: {
          command: 'check',
          reports: path.join(reports, '*.xml'),
          'history-runs': '0',
          'in-suite-reruns': '3',
          'rerun-budget': '5m',
        },
      });
      expect(fake.violations).toEqual([]);
      const v = JSON.parse(r.verdictText!) as {
        failures: { name: string; class: string; polluters?: string[] }[];
      };
      const byName = Object.fromEntries(v.failures.map((f) => [f.name, f]));
      expect(byName.test_sums_a_list!.class).toBe('REGRESSION');
      expect(byName.test_is_flaky!.class).toBe('FLAKY');
      expect(byName.test_victim_expects_an_empty_cache!.class).toBe('ORDER-DEPENDENT');
      expect(byName.test_victim_expects_an_empty_cache!.polluters![0]).toContain(
        'test_polluter_fills_the_cache',
      );
      expect(r.outputs.risk).toBe('HIGH');
      expect(r.code).toBe(1);
      expect(fake.checkRuns[0]!.conclusion).toBe('failure');
      expect(r.stdout).toMatch(/early stopping saved \d+ attempt/);
    } finally {
      await rm(state, { recursive: true, force: true });
      await rm(reports, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('the three-job flow: plan, rerun shards, assess', () => {
  /** A rerun "framework": test_flaky passes on its 2nd attempt, test_changed always fails. */
  const RERUN_SCRIPT = `
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const [name, junit] = process.argv.slice(2);
const counter = '.count-' + name;
const n = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0;
writeFileSync(counter, String(n + 1));
const fail = name === 'test_changed' || (name === 'test_flaky' && n % 2 === 1);
const body = fail ? '<failure message="boom">boom</failure>' : '';
writeFileSync(junit, '<testsuites><testsuite name="pytest"><testcase classname="tests.test_app" name="' + name + '" file="tests/test_app.py" line="3" time="0.01">' + body + '</testcase></testsuite></testsuites>');
`;

  async function flow(shardsToRun: string[]): Promise<ActionRun> {
    await writeFile(path.join(workspace, 'rerun.mjs'), RERUN_SCRIPT);
    const common = { runId: 3000, eventName: 'push', event: pushEvent(), sha: HEAD_SHA };
    const plan = await runAction({
      action,
      fake,
      workspace,
      ...common,
      jobId: 1,
      inputs: {
        command: 'plan',
        reports: 'reports/*.xml',
        shards: '2',
        'rerun-command': JSON.stringify([process.execPath, 'rerun.mjs', '{name}', '{junit}']),
      },
    });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs['has-failures']).toBe('true');
    const matrix = JSON.parse(plan.outputs.matrix!) as { shard: string[] };
    expect(matrix).toEqual({ shard: ['s1', 's2'] });
    for (const [i, shard] of shardsToRun.entries()) {
      const r = await runAction({
        action,
        fake,
        workspace,
        ...common,
        jobId: 2 + i,
        inputs: { command: 'rerun', shard },
      });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    // The test job uploaded its reports; the assess job has none on disk.
    fake.addArtifact({
      id: 77_777,
      runId: 3000,
      name: 'test-results',
      zip: await zipOf({ 'junit.xml': HEAD_XML }),
    });
    const empty = await mkdtemp(path.join(tmpdir(), 'flakegate-ws-assess-'));
    try {
      return await runAction({
        action,
        fake,
        workspace: empty,
        ...common,
        jobId: 9,
        inputs: { command: 'assess', 'history-runs': '0' },
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  }

  it('artifacts pass through the fake GitHub and the verdict uses every shard', async () => {
    fake.addRun(run(3000, { status: 'in_progress', conclusion: null, headSha: HEAD_SHA }));
    const r = await flow(['s1', 's2']);
    expect(fake.violations).toEqual([]);
    expect(
      fake.uploaded
        .map((a) => a.name)
        .filter((n) => n !== 'flakegate-history')
        .sort(),
    ).toEqual(['flakegate-plan', 'flakegate-rerun-s1', 'flakegate-rerun-s2']);
    const verdict = JSON.parse(r.verdictText!) as {
      failures: {
        name: string;
        class: string;
        evidence: { isolated: { passed: number; failed: number } };
      }[];
    };
    const byName = Object.fromEntries(verdict.failures.map((f) => [f.name, f]));
    expect(byName.test_flaky!.class).toBe('FLAKY');
    expect(byName.test_changed!.evidence.isolated).toEqual({ passed: 0, failed: 5 });
    expect(r.summary).not.toMatch(/sent no rerun results/);
  });

  it('a shard that never uploaded leaves its tests INCONCLUSIVE, named in the summary', async () => {
    fake.addRun(run(3000, { status: 'in_progress', conclusion: null, headSha: HEAD_SHA }));
    const r = await flow(['s1']);
    expect(fake.violations).toEqual([]);
    expect(r.outputs.inconclusive).not.toBe('0');
    expect(r.summary).toMatch(/s2/);
  });
});

describe('hostile input through the action', () => {
  it('nothing a report carries becomes a workflow command, an output, raw HTML, a mention, a file outside the extraction folder or a process', async () => {
    const files = (await readdir(HOSTILE)).filter((f) => f.endsWith('.xml'));
    const { readFile, copyFile } = await import('node:fs/promises');
    for (const f of files)
      await copyFile(path.join(HOSTILE, f), path.join(workspace, 'reports', f));
    // History: the hostile zips as artifacts of earlier runs.
    const zips = (await readdir(HOSTILE)).filter((f) => f.endsWith('.zip'));
    for (const [i, z] of zips.entries()) {
      fake.addRun(run(500 + i));
      fake.addArtifact({
        id: 50_000 + i,
        runId: 500 + i,
        name: 'test-results',
        zip: await readFile(path.join(HOSTILE, z)),
      });
    }
    const canaries = ['/tmp/pwned', '/tmp/flakegate-pwned', '/tmp/flakegate-zipslip-canary'];
    const r = await runAction({
      action,
      fake,
      workspace,
      inputs: {
        command: 'check',
        reports: 'reports/*.xml',
        'history-runs': '10',
        reruns: '1',
        'rerun-budget': '60s',
        // Every rerun spawns this argv: the name arrives as one literal argument, never through a shell.
        'rerun-command': JSON.stringify([process.execPath, '-e', 'process.exit(1)', '{name}']),
      },
      eventName: 'push',
      event: pushEvent(),
      runId: 4000,
      sha: HEAD_SHA,
    });
    expect(fake.violations).toEqual([]);
    expect(r.code === 0 || r.code === 1).toBe(true);
    // Workflow commands: only the action's own kinds, none carrying injected data.
    for (const c of r.commands) {
      expect(c).toMatch(/^::(debug|warning|error|notice|group|endgroup)( [^:]*)?::/);
      expect(c).not.toContain('FLAKEGATE-INJECTED');
    }
    expect(r.stdout + r.stderr).not.toMatch(/^::add-mask::/m);
    expect(r.stdout).not.toMatch(/^##\[/m);
    // Outputs: exactly the declared ones.
    const declared = [
      'risk',
      'verdict',
      'failed',
      'flaky',
      'regressions',
      'inconclusive',
      'check-run-id',
      'check-run-url',
      'matrix',
      'has-failures',
    ];
    for (const k of Object.keys(r.outputs)) expect(declared).toContain(k);
    expect(r.outputs.risk).toMatch(/^(NONE|LOW|MEDIUM|HIGH)$/);
    // Summary and check run: no raw HTML from names, no pings, within GitHub's limits.
    const check = fake.checkRuns[0]!;
    for (const md of [r.summary, check.output!.summary!]) {
      // Parsed as GitHub does (GFM, raw HTML kept before sanitizing): only the summary's own elements.
      const { rawTags } = summaryHtml(md);
      for (const t of rawTags) expect(ACTION_SUMMARY_TAGS).toContain(t);
      // Outside code spans, no @mention GitHub would ping.
      expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/(^|[\s(])@[A-Za-z0-9][A-Za-z0-9-]*/m);
      expect(md).not.toContain('root:x:0:0');
    }
    expect(check.output!.summary!.length).toBeLessThanOrEqual(65_535);
    // The unreadable inputs are named.
    expect(r.summary).toMatch(/names-nul\.xml/);
    // No process ran a name through a shell; no archive wrote outside its folder.
    const { existsSync } = await import('node:fs');
    for (const c of canaries) expect(existsSync(c), c).toBe(false);
  });

  it('the big inputs (50 MB attribute, a million nested suites, zip bombs) stay bounded and are named', async () => {
    const big = await mkdtemp(path.join(tmpdir(), 'flakegate-big-'));
    try {
      const { execFileSync } = await import('node:child_process');
      const { readFile, copyFile, statfs } = await import('node:fs/promises');
      const names = [
        'big-attribute-50mb.xml',
        'deep-nesting-1m.xml',
        'zip-bomb-1g.zip',
        'zip-bomb-lying.zip',
        'zip-bomb-many.zip',
      ];
      execFileSync(process.execPath, [
        path.join(HOSTILE, 'make-big.mjs'),
        big,
        '--only',
        names.join(','),
      ]);
      for (const f of names.filter((n) => n.endsWith('.xml')))
        await copyFile(path.join(big, f), path.join(workspace, 'reports', f));
      for (const [i, z] of names.filter((n) => n.endsWith('.zip')).entries()) {
        fake.addRun(run(600 + i));
        fake.addArtifact({
          id: 60_000 + i,
          runId: 600 + i,
          name: 'test-results',
          zip: await readFile(path.join(big, z)),
        });
      }
      const free = async () => {
        const s = await statfs(tmpdir());
        return s.bavail * s.bsize;
      };
      const before = await free();
      const r = await assess({ inputs: { 'history-runs': '10' } });
      expect(fake.violations).toEqual([]);
      expect(r.outputs.risk).toMatch(/^(NONE|LOW|MEDIUM|HIGH)$/);
      // No bomb reached the disk (the runner's temp folder is under tmpdir here).
      expect(before - (await free())).toBeLessThan(300 * 1024 * 1024);
      // The unreadable reports are named; no 50 MB name reached the outputs.
      // The 50 MB name is read bounded and shown cut; the million-deep file is named unreadable.
      expect(r.summary).toContain('FGX-BIG');
      expect(r.summary).not.toContain('A'.repeat(10_000));
      expect(r.summary).toMatch(/` reports\/deep-nesting-1m\.xml `: elements nested deeper/);
      expect(r.summary.length).toBeLessThanOrEqual(65_535);
      expect(r.stdout.length).toBeLessThan(1_000_000);
      expect(r.summary).toMatch(/3 unavailable/);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('a million failing testcases in one report', () => {
  it('completes within its limits: the summary fits, annotations go 50 a request, the rest is named', async () => {
    const big = await mkdtemp(path.join(tmpdir(), 'flakegate-1m-'));
    try {
      const { execFileSync } = await import('node:child_process');
      execFileSync(process.execPath, [
        path.join(HOSTILE, 'make-big.mjs'),
        big,
        '--only',
        'many-testcases-1m.xml',
      ]);
      await rm(path.join(workspace, 'reports', 'junit.xml'));
      await rename(
        path.join(big, 'many-testcases-1m.xml'),
        path.join(workspace, 'reports', 'many-testcases-1m.xml'),
      );
      fake.setPullFiles(7, [FILE]);
      const r = await assess({
        eventName: 'pull_request',
        event: prEvent(false),
        ref: 'refs/pull/7/merge',
        inputs: { 'history-runs': '0' },
      });
      expect(fake.violations).toEqual([]);
      expect(r.code).toBe(1);
      expect(r.outputs.risk).toBe('HIGH');
      // The parser's testcase limit is named; what it read was judged.
      expect(r.summary).toMatch(/more than 500000 testcases in one file/);
      expect(Number(r.outputs.failed)).toBeGreaterThanOrEqual(500_000);
      const check = fake.checkRuns[0]!;
      expect(check.output!.summary!.length).toBeLessThanOrEqual(65_535);
      // At most 1,000 annotations (20 requests of 50), and the summary says the rest are not shown.
      expect(check.annotations.length).toBeLessThanOrEqual(1000);
      const patches = fake.requests.filter((q) => q.operationId === 'checks/update');
      expect(patches.length).toBeLessThanOrEqual(20);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  }, 600_000);
});

describe('no report at all', () => {
  it('is never a silent pass: the verdict says the tests may not have run', async () => {
    await rm(path.join(workspace, 'reports'), { recursive: true, force: true });
    const r = await assess({ inputs: { 'history-runs': '0' } });
    expect(fake.violations).toEqual([]);
    expect(r.outputs.risk).not.toBe('NONE');
    expect(r.outputs.inconclusive).toBe('1');
    expect(r.summary).toMatch(/did the tests run/);
  });
});
