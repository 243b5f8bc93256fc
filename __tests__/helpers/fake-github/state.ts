/** What the fake knows about the repository: runs, artifacts, diffs, check runs. */
import type { CheckRunState } from './shapes.ts';
import type { FakeArtifact, FakeRun } from './types.ts';

export interface Job {
  id: number;
  name: string;
}

export interface State {
  runs: Map<number, FakeRun>;
  /** Workflow file name (no folder) -> numeric workflow id. */
  workflowIds: Map<string, number>;
  /** Both added and uploaded artifacts, in the order they appeared. */
  artifacts: FakeArtifact[];
  artifactCreatedAt: Map<number, string>;
  pullFiles: Map<number, string[]>;
  /** `base...head` -> changed files. */
  compares: Map<string, string[]>;
  jobs: Map<number, Job[]>;
  checkRuns: CheckRunState[];
  uploaded: FakeArtifact[];
  lastId: number;
}

export function newState(): State {
  return {
    runs: new Map(),
    workflowIds: new Map(),
    artifacts: [],
    artifactCreatedAt: new Map(),
    pullFiles: new Map(),
    compares: new Map(),
    jobs: new Map(),
    checkRuns: [],
    uploaded: [],
    lastId: 1000,
  };
}

export const workflowFileName = (file: string) => file.split('/').pop() ?? file;

/** A fresh id above every id the test has handed in (ids share one space, like GitHub's). */
export function nextId(state: State): number {
  state.lastId += 1;
  return state.lastId;
}

function noteId(state: State, id: number) {
  if (id > state.lastId) state.lastId = id;
}

export function addRun(state: State, run: FakeRun): void {
  const file = workflowFileName(run.workflowFile);
  if (!state.workflowIds.has(file)) state.workflowIds.set(file, 161_000 + state.workflowIds.size);
  state.runs.set(run.id, { ...run });
  noteId(state, run.id);
}

export function addArtifact(state: State, a: FakeArtifact, createdAt?: string): void {
  if (state.artifacts.some((x) => x.id === a.id)) throw new Error(`artifact id ${a.id} used twice`);
  state.artifacts.push(a);
  const run = state.runs.get(a.runId);
  state.artifactCreatedAt.set(a.id, createdAt ?? run?.createdAt ?? new Date().toISOString());
  noteId(state, a.id);
}

export function addJobs(state: State, runId: number, jobs: Job[]): void {
  const list = state.jobs.get(runId) ?? [];
  list.push(...jobs.map((j) => ({ id: j.id, name: j.name })));
  state.jobs.set(runId, list);
  for (const j of jobs) noteId(state, j.id);
}

/** A run the fake can answer about: added, or holding artifacts or jobs. */
export const runKnown = (state: State, runId: number) =>
  state.runs.has(runId) || state.jobs.has(runId) || state.artifacts.some((a) => a.runId === runId);
