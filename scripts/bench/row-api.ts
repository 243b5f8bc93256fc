/**
 * Child: the GitHub API cost of one `assess` step of the bundled action
 * (dist/action.js, as built), run as the runner runs it against the fake
 * GitHub of the end-to-end tests. History: `--depth` completed runs of ci.yml
 * on main, each with a small pytest `test-results` artifact.
 *
 *   cold:   no flakegate-history artifact yet (the first assessment on main).
 *   steady: run 2000 assessed on a push to main and left flakegate-history,
 *           run 2001 landed since, and run 2002 assesses (the one measured).
 *
 * Only the measured step is on the clock and in the counts; its wall time
 * includes the action's process start and the fake's OpenAPI checks.
 *
 *     node scripts/bench/row-api.ts HISTORY_DIR --depth N --mode cold|steady
 *
 * HISTORY_DIR is the bench's generated history, unused here.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { runAction, type ActionRun } from '../../__tests__/helpers/action-process.ts';
import { buildCli } from '../../__tests__/helpers/cli-process.ts';
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeRun,
  type RecordedRequest,
} from '../../__tests__/helpers/fake-github/index.ts';
import { pytestXml } from '../../__tests__/helpers/temp-tree.ts';
import { zipBuffer } from '../../__tests__/helpers/zips.ts';
import { historyDirArg, measure, emit, type WorkResult } from './measure.ts';

/** What the parent reads from the child's JSON line (next to ChildResult's fields). */
export interface ApiCounts {
  mode: 'cold' | 'steady';
  depth: number;
  /** REST requests of the measured step (not the artifact upload service, not blob storage). */
  rest: number;
  /** Of those, the ones that read history: listing runs, listing and downloading artifacts. */
  history: number;
  /** Upload service (twirp) and blob storage requests: the history artifact going up, downloads' redirects. */
  other: number;
  /** Of `history`, the listings of the measured run's own artifacts (plan, rerun results). */
  ownRun: number;
  /** Every request of the measured step by operationId, for --json. */
  byOperation: Record<string, number>;
  /** What the step's summary says it read; undefined when the summary does not say. */
  historyRuns?: number;
  fromHistoryArtifact?: number;
  exitCode: number | null;
  /** Requests the fake found GitHub would not accept; a row with any is suspect. */
  violations: number;
  /** sha256 prefix of the action.js that ran: dist/ may be rebuilt between repetitions. */
  bundle: string;
}

const HISTORY_OPERATIONS: readonly string[] = [
  'actions/list-workflow-runs',
  'actions/list-workflow-run-artifacts',
  'actions/download-artifact',
];

const DIST_ACTION = new URL('../../dist/action.js', import.meta.url);
const FILE = 'tests/test_app.py';
const HOUR = 3_600_000;
const NOW = Date.now();
const FIRST_HISTORY_RUN = 100;
/** The assessment that leaves flakegate-history behind (steady) or the measured one (cold). */
const PREVIOUS_RUN = 2000;

const sha = (id: number): string => id.toString(16).padStart(40, 'a');

function run(id: number): FakeRun {
  return {
    id,
    workflowFile: 'ci.yml',
    headBranch: 'main',
    headSha: sha(id),
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    createdAt: new Date(NOW - (3000 - id) * HOUR).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** One run's report: test_flaky fails in every third run, the others pass. */
function reportXml(i: number): string {
  return pytestXml([
    { name: 'test_stable', file: FILE },
    {
      name: 'test_flaky',
      file: FILE,
      outcome: i % 3 === 0 ? 'failed' : 'passed',
      message: 'TimeoutError: read timed out',
    },
    { name: 'test_changed', file: FILE },
  ]);
}

/** The head under assessment: test_flaky timed out again, test_changed fails anew. */
const HEAD_XML = pytestXml([
  { name: 'test_stable', file: FILE },
  { name: 'test_flaky', file: FILE, outcome: 'failed', message: 'TimeoutError: read timed out' },
  { name: 'test_changed', file: FILE, outcome: 'failed', message: 'AssertionError: assert 3 == 4' },
]);

async function addCompletedRun(fake: FakeGitHub, id: number, i: number): Promise<void> {
  fake.addRun(run(id));
  fake.addArtifact({
    id: 10_000 + id,
    runId: id,
    name: 'test-results',
    zip: await zipBuffer({ 'junit.xml': reportXml(i) }),
  });
}

function parseOptions(): { depth: number; mode: 'cold' | 'steady' } {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { depth: { type: 'string' }, mode: { type: 'string' } },
  });
  const depth = Number(values.depth);
  if (!Number.isInteger(depth) || depth < 1) throw new Error('--depth must be a positive integer');
  if (values.mode !== 'cold' && values.mode !== 'steady')
    throw new Error('--mode must be cold or steady');
  return { depth, mode: values.mode };
}

const isRest = (r: RecordedRequest): boolean => !/^(twirp|blob):/.test(r.operationId ?? '');

function count(requests: readonly RecordedRequest[], runId: number) {
  const rest = requests.filter(isRest);
  const history = rest.filter((r) => HISTORY_OPERATIONS.includes(r.operationId ?? ''));
  const byOperation: Record<string, number> = {};
  for (const r of requests) {
    const op = r.operationId ?? `${r.method} ${r.path}`;
    byOperation[op] = (byOperation[op] ?? 0) + 1;
  }
  return {
    byOperation,
    rest: rest.length,
    history: history.length,
    ownRun: history.filter((r) => r.path.includes(`/runs/${runId}/`)).length,
    other: requests.length - rest.length,
  };
}

function summaryNumber(summary: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(summary);
  return m ? Number(m[1]) : undefined;
}

/**
 * A private copy of dist/: a rebuild elsewhere (it empties dist/ first) must not pull the bundle
 * from under the step. Waits out a rebuild in progress rather than failing the row.
 */
async function privateBundle(): Promise<string> {
  for (let attempt = 1; attempt <= 30; attempt++) {
    if (existsSync(DIST_ACTION)) {
      const build = await buildCli();
      const action = path.join(path.dirname(build.cli), 'action.js');
      if (existsSync(action)) return action;
      await build.cleanup();
    }
    await sleep(2000);
  }
  throw new Error('dist/action.js is missing: npm run build');
}

/** A step that crashed measures nothing: 0 and 1 are the verdict's exit codes. */
function checkStep(r: ActionRun, what: string): void {
  if ((r.code === 0 || r.code === 1) && r.outputs.risk !== undefined) return;
  const tail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
  throw new Error(`${what}: exit ${r.code}, no risk output: ${tail}`);
}

async function main(): Promise<void> {
  historyDirArg();
  const { depth, mode } = parseOptions();
  // The bundle copy, the workspace and runAction's runner folders (which it leaves behind) all
  // land in os.tmpdir(): point it at one scratch folder, removed at the end.
  const scratch = await mkdtemp(path.join(tmpdir(), 'flakegate-bench-api-'));
  process.env.TMPDIR = scratch;
  let closeFake = async (): Promise<void> => {};
  try {
    const action = await privateBundle();
    const bundle = createHash('sha256')
      .update(await readFile(action))
      .digest('hex')
      .slice(0, 12);
    const fake = await startFakeGitHub();
    closeFake = () => fake.close();
    const workspace = path.join(scratch, 'workspace');
    await mkdir(path.join(workspace, 'reports'), { recursive: true });
    await writeFile(path.join(workspace, 'reports', 'junit.xml'), HEAD_XML);
    for (let i = 0; i < depth; i++) await addCompletedRun(fake, FIRST_HISTORY_RUN + i, i);

    const assess = (runId: number, before: string): Promise<ActionRun> => {
      fake.setCompare(before, sha(runId), [FILE]);
      return runAction({
        action,
        fake,
        workspace,
        inputs: { command: 'assess', reports: 'reports/*.xml', 'history-runs': String(depth) },
        eventName: 'push',
        event: {
          ref: 'refs/heads/main',
          before,
          after: sha(runId),
          repository: { default_branch: 'main', full_name: `${fake.owner}/${fake.repo}`, id: 1 },
        },
        runId,
        sha: sha(runId),
      });
    };

    let measuredRun = PREVIOUS_RUN;
    let before = sha(FIRST_HISTORY_RUN + depth - 1);
    if (mode === 'steady') {
      // Listed (completed) once it is done, so the history artifact it uploads is found.
      fake.addRun(run(PREVIOUS_RUN));
      checkStep(await assess(PREVIOUS_RUN, before), `setup assessment (run ${PREVIOUS_RUN})`);
      if (!fake.uploaded.some((a) => a.name === 'flakegate-history'))
        throw new Error(`setup assessment (run ${PREVIOUS_RUN}) uploaded no flakegate-history`);
      await addCompletedRun(fake, PREVIOUS_RUN + 1, depth);
      measuredRun = PREVIOUS_RUN + 2;
      before = sha(PREVIOUS_RUN + 1);
    }

    const start = fake.requests.length;
    const violationsBefore = fake.violations.length;
    const { value: step, ...times } = await measure(() => assess(measuredRun, before));
    checkStep(step, `assessment (run ${measuredRun})`);
    const historyRuns = summaryNumber(step.summary, /History: (\d+) earlier run/);
    const api: ApiCounts = {
      mode,
      depth,
      ...count(fake.requests.slice(start), measuredRun),
      historyRuns,
      // The summary names the artifact only when it was used.
      fromHistoryArtifact:
        historyRuns === undefined
          ? undefined
          : (summaryNumber(step.summary, /(\d+) from the flakegate-history artifact/) ?? 0),
      exitCode: step.code,
      violations: fake.violations.length - violationsBefore,
      bundle,
    };
    const result: WorkResult & { api: ApiCounts } = { files: 0, bytes: 0, api };
    emit(result, times);
  } finally {
    await closeFake();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
