/**
 * Command lines that rerun exactly the chosen tests of a framework, as
 * argument lists (never shell strings) built from hostile names: every filter
 * is escaped and anchored, and nothing a name produces can be read as an
 * option. Pure: the runner spawns what these return.
 */
import type { Framework, Invocation, RerunTarget } from '../model/index.ts';
import { type Adapter, type InvocationContext, pathArg, unsafeFields } from './adapters/common.ts';
import { ctest } from './adapters/ctest.ts';
import { dotnet } from './adapters/dotnet.ts';
import { go } from './adapters/go.ts';
import { jest, mocha, nodeTest, vitest } from './adapters/js.ts';
import { gradle, maven } from './adapters/jvm.ts';
import { nextest } from './adapters/nextest.ts';
import { phpunit } from './adapters/phpunit.ts';
import { playwright } from './adapters/playwright.ts';
import { pytest } from './adapters/pytest.ts';
import { rspec } from './adapters/rspec.ts';

export type { InvocationContext } from './adapters/common.ts';

const ADAPTERS: Record<Framework, Adapter> = {
  vitest,
  jest,
  mocha,
  'node-test': nodeTest,
  playwright,
  pytest,
  go,
  nextest,
  maven,
  gradle,
  rspec,
  phpunit,
  dotnet,
  ctest,
};

/** Why the framework cannot select this test exactly, or null. */
export function refuseTarget(t: RerunTarget): string | null {
  return ADAPTERS[t.framework].refuse(t);
}

/** The framework's own selector for one test: `{pattern}` in a rerun-command template. */
export function patternFor(t: RerunTarget): string {
  return ADAPTERS[t.framework].pattern([t]);
}

/** Throws for a target `targetFor` would have refused (a plan edited by hand, a bug upstream). */
function check(t: RerunTarget): void {
  const unsafe = unsafeFields(t);
  if (unsafe) throw new Error(`cannot rerun ${JSON.stringify(t.testId)}: its ${unsafe}`);
  const why = refuseTarget(t);
  if (why) throw new Error(`cannot rerun ${JSON.stringify(t.testId)}: ${why}`);
}

const UNSAFE = /[\0\r\n]/;

/** Last line of defence: no NUL or line break ever reaches a process's arguments or environment. */
function checked(inv: Invocation): Invocation {
  const values = [...inv.argv, ...Object.entries(inv.env ?? {}).flat()];
  if (values.some((v) => UNSAFE.test(v))) {
    throw new Error('refusing an argument with a NUL or line break');
  }
  return inv;
}

/** Run exactly this one test in a fresh process. */
export function isolatedInvocation(t: RerunTarget, ctx: InvocationContext): Invocation {
  check(t);
  return checked(ADAPTERS[t.framework].invocation([t], ctx));
}

/**
 * Run these tests (in this order; the victim last) in ONE process, selecting
 * exactly them; null when the framework cannot: each test gets its own
 * process anyway, or some test would not share the victim's process.
 * Frameworks that order tests themselves (by file and definition) keep their
 * order, which is the report's order for tests that preceded the victim.
 */
export function suiteInvocation(tests: RerunTarget[], ctx: InvocationContext): Invocation | null {
  const victim = tests[tests.length - 1];
  if (!victim) return null;
  const adapter = ADAPTERS[victim.framework];
  if (!adapter.inSuite) return null;
  // Each test once, at its first place; the victim last even when it also appeared earlier.
  const byId = new Map<string, RerunTarget>();
  for (const t of tests)
    if (t.testId !== victim.testId && !byId.has(t.testId)) byId.set(t.testId, t);
  const ordered = [...byId.values(), victim];
  for (const t of ordered) {
    if (t.framework !== victim.framework || !adapter.sharesProcess(t, victim)) return null;
    check(t);
  }
  return checked(adapter.invocation(ordered, ctx));
}

/**
 * Whether two tests share a process in a normal run of this framework (jest,
 * vitest, node:test: same file; go: same package; pytest, mocha: same run;
 * nextest, ctest: never), so that `a` can pollute `b`.
 */
export function sharesProcess(a: RerunTarget, b: RerunTarget): boolean {
  return a.framework === b.framework && ADAPTERS[a.framework].sharesProcess(a, b);
}

const PLACEHOLDER = /\{(file|name|pattern|suite|junit)\}/g;
const HAS_PLACEHOLDER = /\{(?:file|name|pattern|suite|junit)\}/;

/**
 * User template (`--rerun-command '["npx","vitest","run","{file}","-t","{pattern}"]'`):
 * placeholders {file} {name} {pattern} {suite} {junit} replaced inside each
 * argv element (never split, never shell-parsed). {pattern} = the anchored,
 * escaped selector of the test's framework (a regex for most; pytest's node
 * id, Surefire's `Cls#m`, a nextest filterset). Result is 'junit' when the
 * template uses {junit}, else 'exit-code'. Throws an Error with a clear
 * message for an empty template, a non-string element, or a placeholder that
 * has no value for this test (e.g. {file} unknown); also when a value would
 * make an element start with `-` (an option) or the program itself comes from
 * a placeholder.
 */
export function templateInvocation(
  template: string[],
  t: RerunTarget,
  ctx: InvocationContext,
): Invocation {
  if (!Array.isArray(template) || template.length === 0) {
    throw new Error('rerun-command is empty: give a JSON array such as ["npx","vitest","run"]');
  }
  template.forEach((el: unknown, i) => {
    if (typeof el !== 'string') {
      throw new Error(
        `rerun-command element ${i} is ${el === null ? 'null' : typeof el}, not a string`,
      );
    }
  });
  if (template[0]!.trim() === '') throw new Error('rerun-command has an empty program (element 0)');
  if (HAS_PLACEHOLDER.test(template[0]!)) {
    throw new Error('rerun-command element 0 is the program: it cannot use a placeholder');
  }
  check(t);
  const values: Record<string, () => string | undefined> = {
    file: () => (t.file ? pathArg(t.file) : undefined),
    name: () => t.name,
    suite: () => t.suite || undefined,
    pattern: () => patternFor(t),
    junit: () => ctx.junitPath,
  };
  const argv = template.map((el, i) => {
    const out = el.replace(PLACEHOLDER, (_m, key: string) => {
      const v = values[key]!();
      if (v === undefined) {
        throw new Error(
          `rerun-command element ${i} uses {${key}}, which test ${JSON.stringify(t.testId)} has no value for`,
        );
      }
      return v;
    });
    if (out.startsWith('-') && !el.startsWith('-')) {
      throw new Error(
        `rerun-command element ${i} would start with "-" for test ${JSON.stringify(t.testId)} and be read as an option; write it as --option=${el}`,
      );
    }
    return out;
  });
  const usesJunit = template.some((el) => el.includes('{junit}'));
  return checked({
    argv,
    result: usesJunit ? { format: 'junit', path: ctx.junitPath } : { format: 'exit-code' },
  });
}
