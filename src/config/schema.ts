import * as z from 'zod';
import { DEFAULT_CONFIG, type Config } from '../assess/config.ts';
import { formatIssue, valueAt } from './issues.ts';
import { parseYaml } from './yaml.ts';

/** What a key accepts, in words; errors say "must be <allowed>", and the docs list it. */
const allowedValues = z.registry<{ allowed: string }>();

/**
 * A number key. Every check gets the same message, so `changed: three` and
 * `changed: -1` both read "must be a number greater than 0": the user needs
 * the rule, not which of zod's checks tripped. z.number() already refuses
 * NaN and Infinity (YAML's .nan and .inf).
 */
function numberKey(
  allowed: string,
  checks: (n: z.ZodNumber, error: { error: string }) => z.ZodNumber,
  description: string,
) {
  const error = { error: `must be ${allowed}` };
  return checks(z.number(error), error)
    .optional()
    .describe(description)
    .register(allowedValues, { allowed });
}

const probability = (description: string) =>
  numberKey('a number greater than 0 and less than 1', (n, e) => n.gt(0, e).lt(1, e), description);
const ratio = (description: string) =>
  numberKey('a number greater than 0', (n, e) => n.gt(0, e), description);
const count = (description: string) =>
  numberKey('an integer of at least 0', (n, e) => n.int(e).min(0, e), description);
const integerIn = (min: number, max: number, description: string) =>
  numberKey(
    `an integer from ${min} to ${max}`,
    (n, e) => n.int(e).min(min, e).max(max, e),
    description,
  );

/** A nested mapping; strict, so a misspelt key is an error instead of being silently ignored. */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, `must be a mapping with keys ${Object.keys(shape).join(', ')}`);
}
const group = <Shape extends z.ZodRawShape>(shape: Shape) => section(shape).optional();

/**
 * The config file: every key optional, merged over DEFAULT_CONFIG. A
 * likelihood ratio multiplies the odds that a failure is a real regression:
 * above 1 points to a regression, below 1 to flakiness.
 */
export const configSchema = section({
  prior: probability(
    'Prior probability (pi0) that a failing test is a real regression, before any evidence is weighed.',
  ),
  regressionThreshold: probability(
    'P(regression) at or above which a failure is judged REGRESSION.',
  ),
  inconclusiveThreshold: probability(
    'P(regression) below which a failure is judged FLAKY-LIKELY; from here up to regressionThreshold it is INCONCLUSIVE. Must be less than regressionThreshold.',
  ),
  inconclusiveHighThreshold: probability(
    'INCONCLUSIVE failures at or above this P(regression) grade the commit HIGH even outside the changed code. Must lie between inconclusiveThreshold and regressionThreshold (either end included).',
  ),
  likelihood: group({
    changed: ratio("Likelihood ratio when the commit changed the test's file or module."),
    untouched: ratio(
      'Likelihood ratio when the change is known and touches neither the test nor anything it imports.',
    ),
    dependencyChange: ratio(
      'Likelihood ratio when lock files, build files or CI config changed, so any test may be affected.',
    ),
    rerunCap: numberKey(
      'a number of at least 1',
      (n, e) => n.min(1, e),
      'Upper bound on the likelihood ratio from failing reruns: reruns in one environment are correlated, so K failures are not K independent proofs.',
    ),
    newSignature: ratio(
      'Likelihood ratio when the failure signature was never seen on the history branch (counted only with at least history.minRunsForNew runs of history).',
    ),
    knownSignature: ratio(
      'Likelihood ratio when the same failure signature already failed this test on the history branch.',
    ),
    baseFails: ratio(
      'Likelihood ratio when the test also fails the same way in reruns on the base commit: not this change.',
    ),
    basePasses: ratio(
      'Likelihood ratio when the test passes every rerun on the base commit and fails on the head.',
    ),
    brokenBefore: ratio(
      'Likelihood ratio when the test was already failing on the latest history runs: broken before this change.',
    ),
    intermittentShare: numberKey(
      'a number from 0 to 1',
      (n, e) => n.min(0, e).max(1, e),
      'Share of regressions that make a test fail only sometimes; 0 treats any pass on the same commit as proof of flakiness.',
    ),
    flakyFailureRate: probability(
      'Typical failure rate of a flaky test that fails: a test whose own history shows far fewer failures is less likely to be failing by chance now.',
    ),
    flakyPriorRuns: ratio(
      "Weight, in runs, of likelihood.flakyFailureRate against the test's own history.",
    ),
    message: group({
      network: ratio(
        'Likelihood ratio for a network failure message (connection refused or reset, DNS, socket timeouts).',
      ),
      infrastructure: ratio(
        'Likelihood ratio for an infrastructure failure message (runner lost, disk full, OOM-killed, Docker unavailable).',
      ),
      assertion: ratio('Likelihood ratio for a plain assertion failure message.'),
      nullDereference: ratio(
        'Likelihood ratio for a null or undefined dereference (NullPointerException, "Cannot read properties of undefined", ...).',
      ),
    }),
  }),
  reruns: group({
    isolated: integerIn(1, 100, 'Isolated reruns of each failing test (K_iso).'),
    inSuite: integerIn(
      0,
      100,
      'Reruns of the failing tests inside the whole suite, to expose order dependence (K_suite; 0 = not run).',
    ),
  }),
  massFailure: group({
    count: count(
      'More failing tests than max(count, fraction x suite size) is a mass failure: the commit is graded HIGH without judging tests one by one.',
    ),
    fraction: numberKey(
      'a number greater than 0 and at most 1',
      (n, e) => n.gt(0, e).max(1, e),
      'Fraction of the suite in the mass-failure bound max(count, fraction x suite size).',
    ),
  }),
  history: group({
    runs: integerIn(
      1,
      1000,
      'History window: the last `runs` runs of the history branch, or the last `days` days, whichever covers more.',
    ),
    days: integerIn(1, 365, 'History window in days; see history.runs.'),
    minRunsForNew: count(
      'Runs of history needed before a never-seen failure signature counts as new (likelihood.newSignature).',
    ),
  }),
  orderDependenceAlpha: probability(
    'Significance level of the one-sided Fisher exact test for order dependence.',
  ),
});

// Compile-time guard: the schema has exactly the keys and types of Config.
type DeepRequired<T> = { [K in keyof T]-?: DeepRequired<NonNullable<T[K]>> };
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesConfig: Same<DeepRequired<z.output<typeof configSchema>>, Config> = true;
void schemaMatchesConfig;

/**
 * Threshold pairs that must stay ordered: [lower, upper, strictly]. The high
 * threshold may equal either end: equal to inconclusiveThreshold, every
 * INCONCLUSIVE failure makes the commit HIGH; equal to regressionThreshold, none does.
 */
type Threshold = 'regressionThreshold' | 'inconclusiveThreshold' | 'inconclusiveHighThreshold';
const ORDERED: readonly [Threshold, Threshold, boolean][] = [
  ['inconclusiveThreshold', 'regressionThreshold', true],
  ['inconclusiveThreshold', 'inconclusiveHighThreshold', false],
  ['inconclusiveHighThreshold', 'regressionThreshold', false],
];

/**
 * Checked on the merged config, since one key set in the file can clash with
 * another's default. Names the key the file set, as that is what to edit.
 */
function orderErrors(config: Config, given: z.output<typeof configSchema>, source: string) {
  return ORDERED.filter(([lower, upper, strict]) =>
    strict ? !(config[lower] < config[upper]) : !(config[lower] <= config[upper]),
  ).map(([lower, upper, strict]) => {
    const [key, other, relation] =
      given[lower] !== undefined
        ? [lower, upper, strict ? 'less than' : 'at most']
        : [upper, lower, strict ? 'greater than' : 'at least'];
    const otherValue = `${given[other] !== undefined ? 'is set to' : 'defaults to'} ${config[other]}`;
    return `${source}: ${key}: must be ${relation} ${other}, which ${otherValue} (got ${config[key]})`;
  });
}

/** Validated plain data (e.g. from YAML) merged over the defaults. Errors name source, key and value. */
export function validateConfig(
  data: unknown,
  source: string,
): { config: Config } | { errors: string[] } {
  const result = configSchema.safeParse(data);
  if (!result.success) {
    return { errors: result.error.issues.flatMap((issue) => formatIssue(issue, data, source)) };
  }
  const config = mergeInto(structuredClone(DEFAULT_CONFIG), result.data);
  const errors = orderErrors(config, result.data, source);
  return errors.length > 0 ? { errors } : { config };
}

/** The text of a config file (YAML) as a Config. An empty file means the defaults. */
export function parseConfig(
  text: string,
  source: string,
): { config: Config } | { errors: string[] } {
  const parsed = parseYaml(text, source);
  if ('errors' in parsed) return parsed;
  return validateConfig(parsed.data ?? {}, source);
}

/** Copies the keys of `over` into `target`, recursing into mappings present in both. */
function mergeInto<T extends object>(target: T, over: object): T {
  const out = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isMapping(current) && isMapping(value) ? mergeInto(current, value) : value;
  }
  return target;
}

function isMapping(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ConfigKey {
  /** Dotted path, e.g. `likelihood.message.network`. */
  key: string;
  default: unknown;
  description: string;
  /** The values accepted, in words, e.g. "an integer from 1 to 100". */
  allowed: string;
}

/** Every leaf key of the config with its default, description and allowed values (for generated docs). */
export function configKeys(): ConfigKey[] {
  return leaves(configSchema, []);
}

function leaves(schema: z.ZodType, path: string[]): ConfigKey[] {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      leaves(child, [...path, key]),
    );
  }
  return [
    {
      key: path.join('.'),
      default: valueAt(DEFAULT_CONFIG, path),
      description: schema.description ?? '',
      allowed: allowedValues.get(schema)?.allowed ?? '',
    },
  ];
}
