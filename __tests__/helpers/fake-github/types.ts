/** Public shapes of the fake GitHub server used by end-to-end tests. */

export interface FakeRun {
  id: number;
  name?: string;
  /** File name (`ci.yml`) or repository path (`.github/workflows/ci.yml`). */
  workflowFile: string;
  headBranch: string;
  headSha: string;
  event: string;
  status: 'completed' | 'in_progress';
  conclusion: string | null;
  /** ISO 8601 date-time. */
  createdAt: string;
  runAttempt?: number;
  pullRequests?: { number: number; headSha: string; baseSha: string }[];
}

export interface FakeArtifact {
  id: number;
  runId: number;
  name: string;
  expired?: boolean;
  /** zip bytes */
  zip: Buffer;
  /** size to claim in size_in_bytes (default zip.length) */
  claimedSize?: number;
}

export interface Fault {
  method?: string;
  /** Matched against the URL path (no query): a RegExp, or a string the path must contain. Absent: every path. */
  path?: RegExp | string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** how many times (default 1) */
  times?: number;
  /** serve the normal body (with `status`) cut short: full content-length, half the bytes, then a reset */
  truncate?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** OpenAPI operationId for REST calls; `twirp:<Method>` or `blob:<action>` for the other services. */
  operationId?: string;
  body?: unknown;
  /** Set when a fault rule answered this request. */
  fault?: boolean;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; text?: string };
  annotations: unknown[];
}

export interface FakeGitHub {
  /** http://127.0.0.1:PORT (GITHUB_API_URL) */
  apiUrl: string;
  /** http://github.localhost:PORT (GITHUB_SERVER_URL; @actions/artifact wants a *.localhost host) */
  serverUrl: string;
  /** ACTIONS_RESULTS_URL for @actions/artifact upload */
  resultsUrl: string;
  /** Origin of the second listener that plays blob storage (signed download and upload URLs). */
  blobUrl: string;
  /** ACTIONS_RUNTIME_TOKEN: unsigned JWT whose scp holds `Actions.Results:<runId>:<jobId>` (jobId default 1). */
  runtimeToken(runId: number, jobId?: number): string;
  owner: string;
  repo: string;
  addRun(run: FakeRun): void;
  addArtifact(a: FakeArtifact): void;
  setPullFiles(pull: number, files: string[]): void;
  setCompare(base: string, head: string, files: string[]): void;
  addJobs(runId: number, jobs: { id: number; name: string }[]): void;
  fault(f: Fault): void;
  requests: RecordedRequest[];
  /** Requests or responses that real GitHub (or its OpenAPI description) would not accept. */
  violations: string[];
  /** Answers whose status the description does not declare but that were served on purpose (faults, 404s). */
  injected: string[];
  checkRuns: CheckRunRecord[];
  /** Artifacts uploaded by the action through @actions/artifact, readable afterwards also via the REST listing of their run. */
  uploaded: FakeArtifact[];
  close(): Promise<void>;
}

export interface StartOptions {
  owner?: string;
  repo?: string;
  /** Token the REST API accepts (default `ghs_fake`). */
  token?: string;
}
