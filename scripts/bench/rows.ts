/**
 * The rows of `npm run bench`, in table order. A row is a child script run as
 * `node <script> HISTORY_DIR ...args` that prints one ChildResult line (see
 * measure.ts). To add a row, add an entry here; `--only` picks rows by id.
 */
import { existsSync } from 'node:fs';

export interface RowTarget {
  /** Median time at most this multiple of the streaming floor's. */
  maxVsFloor: number;
  /** Peak RSS of every repetition below this, MiB. */
  maxRssMB: number;
}

export interface RowSpec {
  id: string;
  label: string;
  script: URL;
  args?: string[];
  /** Why the row cannot run right now (shown in its place), or undefined. */
  unavailable?: () => string | undefined;
  target?: RowTarget;
  /** 'api': a row of the API-cost table (row-api.ts), with its own columns and no floor. */
  kind?: 'api';
}

/** The row every "vs streaming floor" ratio divides by. */
export const STREAMING_FLOOR = 'floor-saxes';

const LOAD_MODULE = new URL('../../src/ingest/load.ts', import.meta.url);
const needsLoad = (): string | undefined =>
  existsSync(LOAD_MODULE) ? undefined : 'not available (src/ingest/load.ts missing)';
const ACTION_BUNDLE = new URL('../../dist/action.js', import.meta.url);
const needsAction = (): string | undefined =>
  existsSync(ACTION_BUNDLE) ? undefined : 'not available (dist/action.js missing: npm run build)';

/** REST requests of one `assess` step of the action, cold and at steady state, per history depth. */
const API_ROWS: RowSpec[] = [10, 50, 100].flatMap((depth) =>
  (['cold', 'steady'] as const).map((mode) => ({
    id: `api-${mode}-${depth}`,
    label: `assess, ${depth} runs deep, ${mode === 'cold' ? 'cold' : 'steady state'}`,
    script: new URL('./row-api.ts', import.meta.url),
    args: ['--depth', String(depth), '--mode', mode],
    unavailable: needsAction,
    kind: 'api' as const,
  })),
);

export const ROWS: RowSpec[] = [
  {
    id: STREAMING_FLOOR,
    label: 'floor: saxes, count only',
    script: new URL('./floor-saxes.ts', import.meta.url),
  },
  {
    id: 'floor-fxp',
    label: 'floor: fast-xml-parser',
    script: new URL('./floor-fxp.ts', import.meta.url),
  },
  {
    id: 'flakegate-ingest',
    label: 'flakegate ingest (full records)',
    script: new URL('./row-flakegate.ts', import.meta.url),
    unavailable: needsLoad,
    target: { maxVsFloor: 1.5, maxRssMB: 256 },
  },
  {
    id: 'flakegate-ingest-1',
    label: 'flakegate ingest, 1 thread',
    script: new URL('./row-flakegate.ts', import.meta.url),
    args: ['--concurrency', '1'],
    unavailable: needsLoad,
    target: { maxVsFloor: 1.5, maxRssMB: 256 },
  },
  {
    id: 'flakegate-history',
    label: 'flakegate history fold',
    script: new URL('./row-history.ts', import.meta.url),
    unavailable: needsLoad,
  },
  {
    id: 'flakegate-assess',
    label: 'flakegate assess (head + history)',
    script: new URL('./row-assess.ts', import.meta.url),
    unavailable: needsLoad,
    target: { maxVsFloor: 1.7, maxRssMB: 512 },
  },
  ...API_ROWS,
];

/** Not a table row: an empty child, to show the fixed cost in every peak RSS. */
export const BASELINE_SCRIPT = new URL('./baseline.ts', import.meta.url);
