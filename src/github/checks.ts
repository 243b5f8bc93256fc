/**
 * Writing the verdict to GitHub: a check run with annotations, or, where the token may not
 * (fork pull requests, no `checks: write`), workflow-command annotations. Never throws for an
 * HTTP answer: the caller picks the fallback from `ok`.
 */
import type { AnnotationProperties } from '@actions/core';
import type { Risk } from '../model/verdict.ts';
import type { Annotation } from '../report/annotations.ts';
import { annotationTitle, truncate } from '../report/escape.ts';
import type { Client } from './client.ts';

export type Conclusion = 'success' | 'neutral' | 'failure';

export interface CheckArgs {
  owner: string;
  repo: string;
  /** Check run name for a new run; an updated run keeps its own name. */
  name: string;
  headSha: string;
  /** Update this check run (e.g. the job's own, `job.check_run_id`) instead of creating one. */
  checkRunId?: number;
  conclusion: Conclusion;
  title: string;
  /** Markdown; cut to SUMMARY_MAX with a note if longer. */
  summary: string;
  annotations: Annotation[];
  /** Most annotations written (each 50 costs a request); default MAX_ANNOTATIONS. */
  maxAnnotations?: number;
}

export type CheckResult =
  | {
      ok: true;
      id: number;
      url: string;
      /** Annotations written. */
      annotations: number;
      /** Set when not every annotation could be written. */
      note?: string;
    }
  | { ok: false; status: number; message: string };

/** GitHub's limits for output.summary (UTF-16 code units) and annotations per request. */
export const SUMMARY_MAX = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;
/** 20 requests: a mass failure must not spend the hourly allowance on annotations. */
export const MAX_ANNOTATIONS = 1000;

export function conclusionFor(risk: Risk): Conclusion {
  return risk === 'HIGH' ? 'failure' : risk === 'MEDIUM' ? 'neutral' : 'success';
}

/** The summary within GitHub's limit; a cut one says so at its end. */
export function boundedSummary(summary: string, max = SUMMARY_MAX): string {
  return truncate(summary, max, '\n\n… (summary truncated at GitHub’s 65,535-character limit)');
}

/**
 * Creates (or updates) the check run with the first 50 annotations, then appends the rest 50
 * per PATCH. GitHub requires title and summary on every PATCH that carries annotations.
 */
export async function publishCheck(client: Client, args: CheckArgs): Promise<CheckResult> {
  const cap = args.maxAnnotations ?? MAX_ANNOTATIONS;
  const all = args.annotations.slice(0, cap);
  const dropped = args.annotations.length - all.length;
  const title = annotationTitle(args.title);
  const note = dropped > 0 ? `\n\n${dropped} more annotation(s) not written (limit ${cap}).` : '';
  const summary = boundedSummary(args.summary, SUMMARY_MAX - note.length) + note;
  const output = (annotations: Annotation[]) => ({ title, summary, annotations });
  const repo = { owner: args.owner, repo: args.repo };
  const batches: Annotation[][] = [];
  for (let i = 0; i < all.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(all.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  let id: number;
  let url: string;
  try {
    const first = output(batches[0] ?? []);
    const res =
      args.checkRunId !== undefined
        ? await client.rest.checks.update({
            ...repo,
            check_run_id: args.checkRunId,
            status: 'completed',
            conclusion: args.conclusion,
            output: first,
          })
        : await client.rest.checks.create({
            ...repo,
            name: args.name,
            head_sha: args.headSha,
            status: 'completed',
            conclusion: args.conclusion,
            output: first,
          });
    id = res.data.id;
    url = res.data.html_url ?? '';
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
  let written = batches[0]?.length ?? 0;
  for (const batch of batches.slice(1)) {
    try {
      await client.rest.checks.update({ ...repo, check_run_id: id, output: output(batch) });
    } catch (e) {
      // The check run exists and carries the verdict: report what is missing, not a failure.
      const f = failure(e);
      return {
        ok: true,
        id,
        url,
        annotations: written,
        note: `${all.length - written} annotation(s) not written: ${f.message}`,
      };
    }
    written += batch.length;
  }
  return { ok: true, id, url, annotations: written };
}

/** Status 0 for what did not get an HTTP answer (network, spent request budget). */
function failure(e: unknown): { status: number; message: string } {
  const status = (e as { status?: unknown } | null)?.status;
  return {
    status: typeof status === 'number' ? status : 0,
    message: e instanceof Error ? e.message : String(e),
  };
}

/** The @actions/core functions used, passed in so tests can watch them. */
export interface AnnotationCommands {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

const WJ = '\u2060';

/**
 * A workflow-command message that cannot read as a command. @actions/core percent-encodes CR,
 * LF and `%` in the data, so it cannot reach a new line; a WORD JOINER (zero width, escape.ts's
 * one inserted invisible) also breaks every `::` and the legacy `##[` form, which the runner
 * finds anywhere in a line, should the text ever be logged on its own.
 */
export function commandSafeMessage(s: string): string {
  return s.replace(/:(?=:)/g, `:${WJ}`).replace(/#(?=\[)/g, `#${WJ}`);
}

/** The workflow-command fallback: one `::error|warning|notice ...::` line per annotation. */
export function emitWorkflowAnnotations(anns: Annotation[], core: AnnotationCommands): void {
  for (const a of anns) {
    const props: AnnotationProperties = {
      title: a.title,
      file: a.path,
      startLine: a.start_line,
      endLine: a.end_line,
    };
    const message = commandSafeMessage(a.message);
    if (a.annotation_level === 'failure') core.error(message, props);
    else if (a.annotation_level === 'warning') core.warning(message, props);
    else core.notice(message, props);
  }
}
