/** What REST handlers get and give back. */
import type { Reply } from './http.ts';
import { ghError, type Site } from './shapes.ts';
import type { State } from './state.ts';

export interface RouteContext {
  site: Site;
  state: State;
  /** Full request URL (on the API origin). */
  url: URL;
  /** Decoded path parameters of the matched operation. */
  params: Record<string, string>;
  /** Parsed JSON body, undefined when none. */
  body: unknown;
  /** Signed, unauthenticated blob URL serving an artifact's zip. */
  downloadUrl(artifactId: number): string;
  /** Records something real GitHub would reject. */
  violate(message: string): void;
}

export interface RestReply extends Reply {
  /** GitHub really answers this way although its description omits the status (e.g. 404). */
  undeclaredOk?: boolean;
}

export type Handler = (c: RouteContext) => RestReply;

export const notFound = (): RestReply => ({
  status: 404,
  body: ghError('Not Found'),
  undeclaredOk: true,
});

export const json = (status: number, body: unknown, link?: string): RestReply => ({
  status,
  body,
  ...(link ? { headers: { link } } : {}),
});

export const int = (s: string | undefined): number => (s && /^\d+$/.test(s) ? Number(s) : NaN);
