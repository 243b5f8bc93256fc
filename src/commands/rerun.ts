/**
 * `flakegate rerun`: executes one shard of a plan in this checkout, and with
 * --also-on on another commit too, in a git worktree prepared by the user's
 * setup command (an argument list).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '../rerun/process.ts';
import { runShard, type ProgressEvent, type ShardSummary } from '../rerun/runner.ts';
import { InputError } from './errors.ts';
import { loadPlan } from './plan-file.ts';
import type { Warnings } from './assess-inputs.ts';

export interface RerunOptions {
  plan: string;
  shard: string;
  out: string;
  cwd: string;
  timeoutS: number;
  rerunsK?: number;
  inSuiteK?: number;
  budgetS: number;
  polluterBudgetS: number;
  alsoOn?: string;
  /** Prepares the --also-on worktree, e.g. ["npm","ci"]. */
  setup?: string[];
  setupTimeoutS?: number;
  progress?: (e: ProgressEvent) => void;
}

export async function rerunCommand(o: RerunOptions, w: Warnings): Promise<ShardSummary> {
  const plan = await loadPlan(path.resolve(o.cwd, o.plan));
  if (!plan.shards.some((s) => s.id === o.shard)) {
    const ids = plan.shards.map((s) => s.id).join(', ') || 'none: no failing test to rerun';
    throw new InputError(`${o.plan} has no shard ${JSON.stringify(o.shard)} (shards: ${ids})`);
  }
  const headCommit = await git(o.cwd, ['rev-parse', '--verify', 'HEAD']).catch(() => undefined);
  let base: { commit: string; cwd: string; cleanup(): Promise<void> } | undefined;
  try {
    if (o.alsoOn) base = await prepareWorktree(o, w);
    return await runShard({
      plan,
      shardId: o.shard,
      out: path.resolve(o.cwd, o.out),
      cwd: o.cwd,
      timeoutMs: o.timeoutS * 1000,
      rerunsK: o.rerunsK ?? plan.rerunsK,
      inSuiteK: o.inSuiteK ?? plan.inSuiteK,
      budgetMs: o.budgetS * 1000,
      polluterBudgetMs: o.polluterBudgetS * 1000,
      ...(headCommit ? { headCommit } : {}),
      ...(base ? { base: { commit: base.commit, cwd: base.cwd } } : {}),
      ...(o.progress ? { progress: o.progress } : {}),
    });
  } finally {
    await base?.cleanup();
  }
}

/** `git worktree add` of the other commit, then the user's setup command inside it. */
async function prepareWorktree(
  o: RerunOptions,
  w: Warnings,
): Promise<{ commit: string; cwd: string; cleanup(): Promise<void> }> {
  const ref = o.alsoOn!;
  // A ref is user input too: never let it be read as an option.
  if (ref.startsWith('-') || /[\0\r\n]/.test(ref))
    throw new InputError(`--also-on ${JSON.stringify(ref)}: not a commit or ref`);
  const commit = await git(o.cwd, [
    'rev-parse',
    '--verify',
    '--end-of-options',
    `${ref}^{commit}`,
  ]).catch((e: Error) => {
    throw new InputError(`--also-on ${ref}: not a commit here (${e.message})`);
  });
  const parent = await mkdtemp(path.join(os.tmpdir(), 'flakegate-also-on-'));
  const dir = path.join(parent, 'worktree');
  await git(o.cwd, ['worktree', 'add', '--detach', '--', dir, commit]);
  const cleanup = async (): Promise<void> => {
    await git(o.cwd, ['worktree', 'remove', '--force', '--', dir]).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
  };
  if (o.setup?.length) {
    const proc = await runProcess(
      { argv: o.setup, result: { format: 'exit-code' } },
      { cwd: dir, timeoutMs: (o.setupTimeoutS ?? 900) * 1000 },
    );
    if (proc.spawnError || proc.timedOut || proc.exitCode !== 0) {
      await cleanup();
      const why = proc.spawnError ?? (proc.timedOut ? 'timed out' : `exit status ${proc.exitCode}`);
      throw new InputError(
        `--setup ${JSON.stringify(o.setup)} failed in the ${ref} worktree: ${why}\n${proc.stderr.slice(-2000)}`,
      );
    }
  }
  w.warn(`rerunning on ${ref} (${commit.slice(0, 12)}) too, in a temporary worktree`);
  return { commit, cwd: dir, cleanup };
}

async function git(cwd: string, args: string[]): Promise<string> {
  const p = await runProcess(
    { argv: ['git', ...args], result: { format: 'exit-code' } },
    { cwd, timeoutMs: 120_000 },
  );
  if (p.spawnError) throw new Error(p.spawnError);
  if (p.exitCode !== 0)
    throw new Error(p.stderr.trim().split('\n').pop() || `git ${args[0]} failed`);
  return p.stdout.trim();
}
