/**
 * Check-run routes. Annotations are appended on every call, as GitHub does;
 * limits the description only mentions in prose are checked here.
 */
import {
  type Handler,
  type RestReply,
  type RouteContext,
  int,
  json,
  notFound,
} from './route-types.ts';
import { checkRun, ghError, type CheckRunState } from './shapes.ts';
import { nextId } from './state.ts';

interface Annotation {
  title?: string;
  message?: string;
  raw_details?: string;
}

interface CheckBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  details_url?: string;
  external_id?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: Annotation[] };
}

const MAX_TITLE = 255;
const MAX_DETAILS_BYTES = 64 * 1024;

/** Problems GitHub documents outside the schema; the request is refused when any. */
function proseLimits(b: CheckBody, creating: boolean): string[] {
  const problems: string[] = [];
  if ((b.output?.title?.length ?? 0) > MAX_TITLE)
    problems.push(`output.title is ${b.output?.title?.length} characters, over ${MAX_TITLE}`);
  for (const [i, a] of (b.output?.annotations ?? []).entries()) {
    if ((a.title?.length ?? 0) > MAX_TITLE)
      problems.push(`annotation ${i} title is over ${MAX_TITLE} characters`);
    for (const field of ['message', 'raw_details'] as const) {
      if (Buffer.byteLength(a[field] ?? '') > MAX_DETAILS_BYTES)
        problems.push(`annotation ${i} ${field} is over 64 KB`);
    }
  }
  // The update schema says this itself; create only says it in prose.
  if (creating && (b.status === 'completed' || b.completed_at) && !b.conclusion)
    problems.push('a completed check run needs a conclusion');
  return problems;
}

function refuse(c: RouteContext, problems: string[]): RestReply | undefined {
  if (problems.length === 0) return undefined;
  for (const p of problems) c.violate(`check run: ${p}`);
  return {
    status: 422,
    body: {
      ...ghError('Validation Failed'),
      errors: problems.map((message) => ({ code: 'invalid', message })),
    },
    undeclaredOk: true,
  };
}

function apply(c: CheckRunState, b: CheckBody): void {
  if (b.name !== undefined) c.name = b.name;
  if (b.details_url !== undefined) c.detailsUrl = b.details_url;
  if (b.external_id !== undefined) c.externalId = b.external_id;
  if (b.started_at !== undefined) c.startedAt = b.started_at;
  if (b.status !== undefined) c.status = b.status;
  if (b.conclusion !== undefined) {
    // A conclusion completes the run, whatever status says.
    c.conclusion = b.conclusion;
    c.status = 'completed';
  }
  if (c.status === 'completed')
    c.completedAt =
      b.completed_at ?? c.completedAt ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (b.output) {
    const { annotations = [], ...text } = b.output;
    c.output = { ...c.output, ...text };
    c.annotations.push(...annotations);
  }
}

const create: Handler = (c) => {
  const b = c.body as CheckBody;
  const refused = refuse(c, proseLimits(b, true));
  if (refused) return refused;
  const run: CheckRunState = {
    id: nextId(c.state),
    name: '',
    headSha: b.head_sha ?? '',
    status: 'queued',
    startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    annotations: [],
  };
  apply(run, b);
  c.state.checkRuns.push(run);
  return json(201, checkRun(c.site, run));
};

const find = (c: RouteContext) =>
  c.state.checkRuns.find((r) => r.id === int(c.params.check_run_id));

const update: Handler = (c) => {
  const run = find(c);
  if (!run) return notFound();
  const b = c.body as CheckBody;
  const refused = refuse(c, proseLimits(b, false));
  if (refused) return refused;
  apply(run, b);
  return json(200, checkRun(c.site, run));
};

const get: Handler = (c) => {
  const run = find(c);
  return run ? json(200, checkRun(c.site, run)) : notFound();
};

export const checkRoutes: Record<string, Handler> = {
  'checks/create': create,
  'checks/update': update,
  'checks/get': get,
};
