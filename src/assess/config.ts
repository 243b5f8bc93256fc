/**
 * The engine's thresholds and priors, with the defaults of risk-model.md
 * (and the changes this implementation makes to it, each explained where it
 * is used). Read from `.github/flakegate.yml` by the edge (src/config/).
 */
export interface Config {
  /** pi0: prior probability that a failure is a real regression. */
  prior: number;
  /** P(regression) at or above which a failure is REGRESSION. */
  regressionThreshold: number;
  /** P(regression) below which a failure is FLAKY-LIKELY (else INCONCLUSIVE). */
  inconclusiveThreshold: number;
  /**
   * INCONCLUSIVE failures at or above this P(regression) make the commit HIGH
   * even outside the changed code (see risk.ts for why).
   */
  inconclusiveHighThreshold: number;
  likelihood: {
    /** The test's file or module changed. */
    changed: number;
    /** The change is known and touches neither the test nor anything it imports. */
    untouched: number;
    /** Lock files, build files or CI config changed: every test may be affected. */
    dependencyChange: number;
    /** Cap on the rerun likelihood ratio: reruns in one environment are correlated. */
    rerunCap: number;
    /** The failure signature was never seen on the history branch (with enough history). */
    newSignature: number;
    /** The same signature already failed this test on the history branch. */
    knownSignature: number;
    /** The test fails the same way on the base commit (reruns there): not this change. */
    baseFails: number;
    /** The test passes every rerun on the base commit and fails on the head. */
    basePasses: number;
    /** The test has been failing on the latest history runs: broken before this change. */
    brokenBefore: number;
    /** Share of regressions that make a test fail only sometimes (intermittent). */
    intermittentShare: number;
    /**
     * Typical failure rate of a flaky test that fails, and the weight (in runs)
     * of that prior: a test whose own history shows far fewer failures than
     * this is less likely to be failing by chance now.
     */
    flakyFailureRate: number;
    flakyPriorRuns: number;
    message: {
      network: number;
      infrastructure: number;
      assertion: number;
      nullDereference: number;
    };
  };
  reruns: {
    /** K_iso: isolated reruns per failing test. */
    isolated: number;
    /** K_suite: in-suite reruns (0 = not run). */
    inSuite: number;
  };
  /** More failing tests than max(count, fraction x suite) is a mass failure: HIGH. */
  massFailure: { count: number; fraction: number };
  /** History window: the last `runs` runs, or `days` days, whichever covers more. */
  history: { runs: number; days: number; minRunsForNew: number };
  /** One-sided Fisher exact test level for order dependence. */
  orderDependenceAlpha: number;
}

export const DEFAULT_CONFIG: Config = {
  prior: 0.16,
  regressionThreshold: 0.8,
  inconclusiveThreshold: 0.2,
  inconclusiveHighThreshold: 0.25,
  likelihood: {
    changed: 3,
    untouched: 0.1,
    dependencyChange: 2,
    rerunCap: 1000,
    newSignature: 2,
    knownSignature: 0.5,
    baseFails: 0.05,
    basePasses: 10,
    brokenBefore: 0.05,
    intermittentShare: 0.3,
    flakyFailureRate: 0.05,
    flakyPriorRuns: 15,
    message: {
      network: 0.02,
      infrastructure: 0.1,
      assertion: 0.37,
      nullDereference: 2.8,
    },
  },
  reruns: { isolated: 5, inSuite: 0 },
  massFailure: { count: 10, fraction: 0.02 },
  history: { runs: 50, days: 14, minRunsForNew: 20 },
  orderDependenceAlpha: 0.05,
};
