/**
 * plan.json: written by `flakegate plan`, read by `rerun` (its shard) and
 * `assess` (to notice shards that never sent results).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { FRAMEWORKS } from '../model/index.ts';
import type { LostRerun, RerunAttempt, RerunPlan } from '../model/index.ts';
import { InputError } from './errors.ts';

const target = z.object({
  testId: z.string(),
  framework: z.enum(FRAMEWORKS),
  name: z.string(),
  suite: z.string(),
  file: z.string().optional(),
  params: z.string().optional(),
  durationMs: z.number().nonnegative(),
});

const reason = z.object({ testId: z.string(), reason: z.string() });

const planSchema = z.object({
  version: z.literal(1),
  rerunsK: z.number().int().min(0),
  inSuiteK: z.number().int().min(0),
  template: z.array(z.string()).min(1).optional(),
  shards: z.array(
    z.object({
      id: z.string().regex(/^s[0-9]{1,3}$/),
      costMs: z.number().nonnegative(),
      tests: z.array(
        z.object({ target, preceding: z.array(target), costMs: z.number().nonnegative() }),
      ),
    }),
  ),
  refused: z.array(reason),
  settled: z.array(reason),
  reports: z.array(z.string()),
});

export async function loadPlan(file: string): Promise<RerunPlan> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: not a readable plan: ${(e as Error).message}`);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      `${file}: not a flakegate plan: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
  }
  return parsed.data as RerunPlan;
}

export async function writePlan(file: string, plan: RerunPlan): Promise<void> {
  await writeFile(file, `${JSON.stringify(plan, null, 2)}\n`, 'utf8');
}

/** Planned tests with no rerun result at all: their shard was lost or cancelled. */
export function missingShardResults(
  plan: RerunPlan,
  reruns: RerunAttempt[],
  lost: LostRerun[],
): LostRerun[] {
  const heard = new Set([...reruns.map((r) => r.testId), ...lost.map((l) => l.testId)]);
  const out: LostRerun[] = [];
  for (const s of plan.shards)
    for (const t of s.tests)
      if (!heard.has(t.target.testId))
        out.push({
          testId: t.target.testId,
          shard: s.id,
          reason: `shard ${s.id} sent no rerun results (cancelled, failed or lost)`,
        });
  return out;
}
