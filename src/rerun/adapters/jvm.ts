/**
 * Maven (Surefire) and Gradle select by class and method name, not by the
 * display name a report may carry, and have no escape for their wildcards:
 * names they would misread are refused. Both write their reports under the
 * build directory, not to a path we choose, so the result is the exit status;
 * Gradle fails a filter that matches nothing, Surefire is told not to
 * (multi-module builds), so a Maven refusal must catch names that would not
 * match.
 */
import type { RerunTarget } from '../../model/index.ts';
import { type Adapter, type InvocationContext, groupBy, launcher, methodName } from './common.ts';

/** A (possibly nested, `$`) Java class name with its package. */
const JAVA_CLASS = /^[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u;
const JAVA_METHOD = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/**
 * The module a test file is in (`core/src/test/java/...` -> `core`), so a
 * multi-module build runs only that module; undefined at the root or unknown.
 */
export function moduleOf(t: RerunTarget): string | undefined {
  const m = t.file ? /^(\w[\w.-]*(?:\/\w[\w.-]*)*)\/src\/test\//.exec(t.file) : null;
  return m?.[1];
}

function refuseClass(t: RerunTarget): string | null {
  return JAVA_CLASS.test(t.suite) ? null : 'the classname is not a Java class name';
}

function refuseMaven(t: RerunTarget): string | null {
  const cls = refuseClass(t);
  if (cls) return cls;
  return JAVA_METHOD.test(methodName(t.name))
    ? null
    : 'the name is not a Java method name (a display name?); Surefire selects by method';
}

function refuseGradle(t: RerunTarget): string | null {
  const cls = refuseClass(t);
  if (cls) return cls;
  const method = methodName(t.name);
  if (method === '') return 'the name has no method part';
  // Gradle's --tests has no escape for its wildcard.
  return method.includes('*') ? 'the method name contains "*", a Gradle filter wildcard' : null;
}

/** Surefire's `-Dtest`: `Cls#m1+m2,Other#m3`. */
function surefirePattern(tests: RerunTarget[]): string {
  const byClass = groupBy(tests, (t) => t.suite);
  return [...byClass]
    .map(([cls, ts]) => `${cls}#${[...new Set(ts.map((t) => methodName(t.name)))].join('+')}`)
    .join(',');
}

const gradleFilter = (t: RerunTarget): string => `${t.suite}.${methodName(t.name)}`;

/** The one module all tests are in, when there is one. */
function commonModule(tests: RerunTarget[]): string | undefined {
  const mods = new Set(tests.map(moduleOf));
  return mods.size === 1 ? [...mods][0] : undefined;
}

function mavenInvocation(tests: RerunTarget[], ctx: InvocationContext) {
  const mod = commonModule(tests);
  return {
    argv: [
      launcher(ctx, 'mvnw', 'mvn'),
      '-B',
      '-q',
      ...(mod !== undefined ? ['-pl', mod] : []),
      'test',
      `-Dtest=${surefirePattern(tests)}`,
      '-Dsurefire.failIfNoSpecifiedTests=false',
      // A pom's flaky-test reruns would hide the outcome we are measuring.
      '-Dsurefire.rerunFailingTestsCount=0',
    ],
    result: { format: 'exit-code' as const },
  };
}

function gradleInvocation(tests: RerunTarget[], ctx: InvocationContext) {
  const mod = commonModule(tests);
  return {
    argv: [
      launcher(ctx, 'gradlew', 'gradle'),
      mod !== undefined ? `:${mod.replace(/\//g, ':')}:test` : 'test',
      // Without it a second identical run is UP-TO-DATE and runs nothing (Gradle 7.6+).
      '--rerun',
      ...tests.flatMap((t) => ['--tests', gradleFilter(t)]),
    ],
    result: { format: 'exit-code' as const },
  };
}

export const maven: Adapter = {
  refuse: refuseMaven,
  pattern: surefirePattern,
  invocation: mavenInvocation,
  // Surefire forks one JVM and reuses it for every class (forkCount=1, reuseForks=true).
  sharesProcess: (a, b) => moduleOf(a) === moduleOf(b),
  inSuite: true,
};

export const gradle: Adapter = {
  refuse: refuseGradle,
  pattern: (tests) => tests.map(gradleFilter).join(' '),
  invocation: gradleInvocation,
  // One test JVM per test task (forkEvery=0, maxParallelForks=1).
  sharesProcess: (a, b) => moduleOf(a) === moduleOf(b),
  inSuite: true,
};
