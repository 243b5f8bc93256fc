export type * from './report.ts';
export type * from './verdict.ts';
export { RISK_LEVELS } from './verdict.ts';
