export type * from './report.ts';
export type * from './verdict.ts';
export { RISK_LEVELS } from './verdict.ts';
export type * from './assess-input.ts';
export {
  OUTCOME_ABSENT,
  OUTCOME_FAILED,
  OUTCOME_FLAKY,
  OUTCOME_PASSED,
  OUTCOME_SKIPPED,
} from './assess-input.ts';
export type { CompactReport } from './compact.ts';
export { CODE_FAILED, CODE_PASSED, CODE_SKIPPED } from './compact.ts';
export type * from './rerun.ts';
export { FRAMEWORKS } from './rerun.ts';
