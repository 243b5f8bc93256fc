/**
 * Annotations at each failing test's file and line, for the check run and (capped) for
 * workflow commands. Pure: the GitHub calls are in src/github/checks.ts.
 *
 * The level follows the gate: `failure` for what makes the commit HIGH, `warning` for what
 * needs a look, `notice` for noise. Titles and messages are plain text in both sinks (GitHub
 * does not render Markdown there), so escape.ts's annotation helpers apply, not the Markdown
 * ones.
 */
import { DEFAULT_CONFIG, type Config } from '../assess/config.ts';
import type { FailureVerdict, Risk, Verdict } from '../model/verdict.ts';
import { annotationMessage, annotationTitle, truncate } from './escape.ts';
import { evidenceWords, formatPercent, sortFailures } from './words.ts';

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

/** A check-run annotation, field names as the REST API takes them. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
}

/** The thresholds that decide which INCONCLUSIVE failures make the commit HIGH. */
export type LevelConfig = Pick<Config, 'inconclusiveThreshold' | 'inconclusiveHighThreshold'>;

export interface AnnotationOptions {
  /** The thresholds the verdict was computed with (default: DEFAULT_CONFIG's). */
  config?: LevelConfig;
  /**
   * The checkout's absolute path (GITHUB_WORKSPACE): report files under it are made
   * repo-relative. Other absolute paths are dropped.
   */
  workspace?: string;
}

/** Workflow-command annotations shown per step and level; more are dropped by the runner. */
export const WORKFLOW_COMMAND_LIMIT_PER_LEVEL = 10;

const LEVEL_RANK: Record<AnnotationLevel, number> = { failure: 0, warning: 1, notice: 2 };

/** A test's full name in a message is bounded: a 100 KB name must not push out the verdict. */
const NAME_MAX = 1000;
const POLLUTERS_MAX = 5;

/**
 * Mirrors the INCONCLUSIVE branches of commitRisk (src/assess/risk.ts) that give HIGH, from what
 * the verdict keeps: in changed code at the INCONCLUSIVE band (evidence.changed is true exactly
 * when the change reaches the test), at or above inconclusiveHighThreshold, a new test failing
 * every isolated rerun, a crash or resource failure that reproduced (no pass anywhere and a
 * later attempt failed). A verdict whose risk is not HIGH has no such failure.
 */
export function makesHigh(f: FailureVerdict, risk: Risk, cfg: LevelConfig): boolean {
  if (risk !== 'HIGH') return false;
  const p = f.pRegression;
  const e = f.evidence;
  if (e.changed === true && p >= cfg.inconclusiveThreshold) return true;
  if (p >= cfg.inconclusiveHighThreshold) return true;
  if (f.newTest && e.isolated.failed > 0 && e.isolated.passed === 0 && e.sameCommit.passed === 0) {
    return true;
  }
  const passes = e.sameCommit.passed + e.isolated.passed + e.inSuite.passed;
  const laterFails = e.sameCommit.failed - 1 + e.isolated.failed + e.inSuite.failed;
  return (f.category === 'crash' || f.category === 'resource') && passes === 0 && laterFails > 0;
}

export function levelFor(f: FailureVerdict, risk: Risk, cfg: LevelConfig): AnnotationLevel {
  switch (f.class) {
    case 'REGRESSION':
      return 'failure';
    case 'INCONCLUSIVE':
      return makesHigh(f, risk, cfg) ? 'failure' : 'warning';
    case 'FLAKY':
    case 'FLAKY-LIKELY':
      return 'notice';
    default:
      // ORDER-DEPENDENT, BROKEN-BEFORE, and a class newer than this code: worth a look.
      return 'warning';
  }
}

/**
 * A report's file as an annotation path: repo-relative, `/`-separated, no `.` or empty segments.
 * Null for anything GitHub could place outside the repository or not place at all: an absolute
 * path not under `workspace`, a drive letter, a `..` segment, control characters.
 */
export function annotationPath(file: string, workspace?: string): string | null {
  let p = file.replace(/\\/g, '/');
  if (workspace) {
    const root = workspace.replace(/\\/g, '/').replace(/\/+$/, '') + '/';
    if (p.startsWith(root)) p = p.slice(root.length);
  }
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || /[\p{Cc}]/u.test(p)) return null;
  const segments = p.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return null;
  return segments.join('/');
}

/** A positive whole line number, else 1 (the file's top). */
function lineOf(line: number | undefined): number {
  return line !== undefined && Number.isSafeInteger(line) && line >= 1 ? line : 1;
}

function fullName(f: FailureVerdict): string {
  return f.suite ? `${f.suite} › ${f.name}` : f.name;
}

function titleOf(f: FailureVerdict): string {
  return annotationTitle(`${f.class} (P(regression) ${formatPercent(f.pRegression)}): ${f.name}`);
}

/** What the verdict says first (short, always kept), the failure's own message last. */
function messageOf(f: FailureVerdict): string {
  const lines = [
    `flakegate: ${f.class}, P(regression) ${formatPercent(f.pRegression)}, ${f.category}`,
    `Test: ${truncate(fullName(f), NAME_MAX)}`,
    `Evidence: ${evidenceWords(f.evidence, f.newTest)}`,
  ];
  if (f.polluters && f.polluters.length > 0) {
    const shown = f.polluters.slice(0, POLLUTERS_MAX).map((t) => truncate(t, 200));
    const more = f.polluters.length - shown.length;
    lines.push(`Fails after: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`);
  }
  lines.push(`Next: ${f.next}`);
  if (f.message) lines.push('', f.message);
  return annotationMessage(lines.join('\n'));
}

/**
 * One annotation per failure with a usable file, most severe level first. Within a level the
 * summary's order (class, then P(regression), then id), so a cut keeps the most alarming.
 */
export function annotationsFor(v: Verdict, opts: AnnotationOptions = {}): Annotation[] {
  const cfg = opts.config ?? DEFAULT_CONFIG;
  const out: Annotation[] = [];
  for (const f of sortFailures(v.failures)) {
    if (!f.file) continue;
    const path = annotationPath(f.file, opts.workspace);
    if (path === null) continue;
    const line = lineOf(f.line);
    out.push({
      path,
      start_line: line,
      end_line: line,
      annotation_level: levelFor(f, v.risk, cfg),
      title: titleOf(f),
      message: messageOf(f),
    });
  }
  // Array.prototype.sort is stable: the summary's order survives within each level.
  return out.sort((a, b) => LEVEL_RANK[a.annotation_level] - LEVEL_RANK[b.annotation_level]);
}

/**
 * The annotations the runner will show as workflow commands (the fallback when no check run
 * can be written): the first WORKFLOW_COMMAND_LIMIT_PER_LEVEL of each level. 3 x 10 stays
 * under the 50 per job too.
 */
export function workflowCommandAnnotations(v: Verdict, opts: AnnotationOptions = {}): Annotation[] {
  const seen: Record<AnnotationLevel, number> = { failure: 0, warning: 0, notice: 0 };
  return annotationsFor(v, opts).filter(
    (a) => ++seen[a.annotation_level] <= WORKFLOW_COMMAND_LIMIT_PER_LEVEL,
  );
}
