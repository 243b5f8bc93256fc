/**
 * Checks requests and responses against GitHub's own OpenAPI description
 * (@octokit/openapi, the dereferenced api.github.com file). The file is
 * ~70 MB, so it is parsed once per process and each validator is compiled
 * the first time an operation needs it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface ResponseSpec {
  content?: Record<string, { schema?: Schema }>;
  headers?: Record<string, { required?: boolean }>;
}

interface OperationSpec {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, ResponseSpec>;
}

interface Spec {
  openapi: string;
  paths: Record<string, Record<string, OperationSpec>>;
}

interface Template {
  path: string;
  segments: string[];
  literals: number;
  methods: Record<string, OperationSpec>;
}

export interface OperationMatch {
  operationId: string;
  template: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
  spec: OperationSpec;
}

export type MatchResult =
  | { kind: 'operation'; match: OperationMatch }
  | { kind: 'no-path' }
  | { kind: 'no-method'; template: string };

interface Loaded {
  byLength: Map<number, Template[]>;
  ajv: Ajv;
  /** OpenAPI 3.0 schemas say `nullable: true`; JSON Schema says `type: 'null'`. */
  translateNullable: boolean;
  validators: Map<string, ValidateFunction>;
}

let loaded: Loaded | undefined;

const isObject = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the description (once) and indexes its paths; later calls are free. */
export function loadSpec(): void {
  if (loaded) return;
  const file = createRequire(import.meta.url).resolve(
    '@octokit/openapi/generated/api.github.com.deref.json',
  );
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  let ajv: Ajv;
  let translateNullable: boolean;
  if (spec.openapi.startsWith('3.0.')) {
    ajv = new Ajv({ strict: false, allErrors: true });
    translateNullable = true;
  } else if (spec.openapi.startsWith('3.1.')) {
    ajv = new Ajv2020({ strict: false, allErrors: true }) as unknown as Ajv;
    translateNullable = false;
  } else {
    throw new Error(`unsupported OpenAPI version ${spec.openapi}`);
  }
  addFormats.default(ajv);
  // Formats OpenAPI names but JSON Schema does not define: accept, the type still applies.
  for (const name of ['int32', 'int64', 'double', 'float', 'timestamp', 'binary']) {
    if (!ajv.formats[name]) ajv.addFormat(name, true);
  }
  const byLength = new Map<number, Template[]>();
  for (const [path, methods] of Object.entries(spec.paths)) {
    const segments = path.split('/');
    const template: Template = {
      path,
      segments,
      literals: segments.filter((s) => !s.startsWith('{')).length,
      methods,
    };
    const list = byLength.get(segments.length) ?? [];
    list.push(template);
    byLength.set(segments.length, list);
  }
  // Most literal segments first: /actions/runs/{run_id} beats /{a}/{b}/{c}.
  for (const list of byLength.values()) list.sort((a, b) => b.literals - a.literals);
  loaded = { byLength, ajv, translateNullable, validators: new Map() };
}

function state(): Loaded {
  loadSpec();
  return loaded as Loaded;
}

export function matchOperation(method: string, pathname: string): MatchResult {
  const { byLength } = state();
  let parts: string[];
  try {
    parts = pathname.split('/').map((p) => decodeURIComponent(p));
  } catch {
    return { kind: 'no-path' };
  }
  let pathOnly: string | undefined;
  for (const t of byLength.get(parts.length) ?? []) {
    const params: Record<string, string> = {};
    const fits = t.segments.every((seg, i) => {
      const part = parts[i] ?? '';
      if (seg.startsWith('{')) {
        params[seg.slice(1, -1)] = part;
        return part !== '';
      }
      return seg === part;
    });
    if (!fits) continue;
    const spec = t.methods[method.toLowerCase()];
    if (spec)
      return {
        kind: 'operation',
        match: { operationId: spec.operationId, template: t.path, params, spec },
      };
    pathOnly ??= t.path;
  }
  return pathOnly ? { kind: 'no-method', template: pathOnly } : { kind: 'no-path' };
}

function toJsonSchema(s: unknown): unknown {
  if (!isObject(s)) return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable' || k === 'example' || k === 'examples' || k === 'description') continue;
    if (k === 'properties' && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, toJsonSchema(ps)]));
    } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && isObject(v)) {
      out[k] = toJsonSchema(v);
    } else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map(toJsonSchema);
    } else {
      out[k] = v;
    }
  }
  return s.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function validator(key: string, schema: Schema): ValidateFunction {
  const st = state();
  let v = st.validators.get(key);
  if (!v) {
    v = st.ajv.compile((st.translateNullable ? toJsonSchema(schema) : schema) as Schema);
    st.validators.set(key, v);
  }
  return v;
}

function describe(v: ValidateFunction, where: string): string {
  const errs = (v.errors ?? [])
    .slice(0, 4)
    .map((e) => `${where}${e.instancePath} ${e.message ?? 'is invalid'}`);
  return errs.join('; ') || `${where} is invalid`;
}

/** Turns a query/path string into the type one schema alternative wants, or undefined. */
function coerce(raw: string, schema: Schema): unknown {
  switch (schema.type) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'array':
      return raw.split(',');
    default:
      return raw;
  }
}

/** `created` takes search qualifiers (`>=2026-01-01`, `a..b`, `*`) although described as a date-time. */
const DATE_SIDE = /^(\*|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)$/;
const dateQualifier = (raw: string) =>
  raw.includes('..')
    ? raw.split('..').every((side) => DATE_SIDE.test(side))
    : DATE_SIDE.test(raw.replace(/^[<>]=?/, ''));

function paramProblem(m: OperationMatch, p: Parameter, raw: string): string | undefined {
  if (p.in === 'query' && p.name === 'created' && dateQualifier(raw)) return undefined;
  const schema = p.schema ?? {};
  const alternatives = (schema.oneOf ?? schema.anyOf ?? [schema]) as Schema[];
  let last: string | undefined;
  for (const [i, alt] of alternatives.entries()) {
    const value = coerce(raw, alt);
    if (value === undefined) {
      last = `${p.in} parameter ${p.name}=${JSON.stringify(raw)} is not ${String(alt.type)}`;
      continue;
    }
    const v = validator(`${m.operationId}|param|${p.in}|${p.name}|${i}`, alt);
    if (v(value)) return undefined;
    last = describe(v, `${p.in} parameter ${p.name}`);
  }
  return last;
}

export interface RequestCheck {
  /** Path and query parameter problems (GitHub mostly ignores these and answers anyway). */
  params: string[];
  /** Body problems (GitHub refuses these with 422). */
  body: string[];
}

/**
 * What is wrong with a request for `m`: unknown or mistyped query
 * parameters, bad path parameters, a body that does not fit. `body` is the
 * parsed JSON body, undefined when none was sent.
 */
export function requestProblems(
  m: OperationMatch,
  query: URLSearchParams,
  body: unknown,
): RequestCheck {
  const out: RequestCheck = { params: [], body: [] };
  const params = m.spec.parameters ?? [];
  for (const p of params) {
    if (p.in === 'path') {
      const problem = paramProblem(m, p, m.params[p.name] ?? '');
      if (problem) out.params.push(problem);
    } else if (p.in === 'query') {
      const raw = query.get(p.name);
      if (raw === null) {
        if (p.required) out.params.push(`missing required query parameter ${p.name}`);
        continue;
      }
      const problem = paramProblem(m, p, raw);
      if (problem) out.params.push(problem);
    }
  }
  const known = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) out.params.push(`unknown query parameter ${JSON.stringify(name)}`);
  }
  const rb = m.spec.requestBody;
  if (body === undefined) {
    if (rb?.required) out.body.push('missing request body');
  } else if (!rb) {
    // GitHub ignores it; a client bug all the same.
    out.params.push('request body sent to an operation that takes none');
  } else {
    const schema = rb.content['application/json']?.schema;
    if (!schema) out.body.push('request body is not accepted as application/json');
    else {
      const v = validator(`${m.operationId}|body`, schema);
      if (!v(body)) out.body.push(describe(v, 'body'));
    }
  }
  return out;
}

export interface ResponseCheck {
  /** The description lists this status for the operation. */
  declared: boolean;
  problems: string[];
}

/**
 * Checks a response about to be sent. `body` is the decoded JSON (undefined
 * for an empty body); `headers` have lower-case names.
 */
export function responseProblems(
  m: OperationMatch,
  status: number,
  contentType: string | undefined,
  body: unknown,
  headers: Record<string, string>,
): ResponseCheck {
  const responses = m.spec.responses;
  const spec =
    responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
  if (!spec) return { declared: false, problems: [] };
  const problems: string[] = [];
  const what = `${m.operationId} ${status} response`;
  for (const [name, h] of Object.entries(spec.headers ?? {})) {
    const needed =
      h.required || (status >= 300 && status < 400 && name.toLowerCase() === 'location');
    if (needed && headers[name.toLowerCase()] === undefined)
      problems.push(`${what} lacks header ${name}`);
  }
  if (!spec.content) {
    if (body !== undefined) problems.push(`${what} has a body but declares none`);
    return { declared: true, problems };
  }
  const media = (contentType ?? '').split(';')[0]?.trim() ?? '';
  const schema = spec.content[media]?.schema;
  if (!(media in spec.content)) {
    problems.push(
      `${what} has content-type ${JSON.stringify(media)}, declared: ${Object.keys(spec.content).join(', ')}`,
    );
  } else if (schema) {
    const v = validator(`${m.operationId}|res|${status}|${media}`, schema);
    if (!v(body)) problems.push(describe(v, what));
  }
  return { declared: true, problems };
}
