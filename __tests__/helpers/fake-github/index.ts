/** Fake GitHub for end-to-end tests; see server.ts. */
export { startFakeGitHub } from './server.ts';
export { badGateway, notAccessible, rateLimited, secondaryRateLimit, truncated } from './faults.ts';
export type {
  CheckRunRecord,
  FakeArtifact,
  FakeGitHub,
  FakeRun,
  Fault,
  RecordedRequest,
  StartOptions,
} from './types.ts';
