/** Pieces every service of the fake shares. */
import { createHmac, randomBytes } from 'node:crypto';
import type { Site } from './shapes.ts';
import type { State } from './state.ts';

export interface Signer {
  sign(purpose: string): string;
  verify(purpose: string, sig: string | null): boolean;
}

/** SAS-like signatures: only URLs this server handed out are served. */
export function signer(): Signer {
  const secret = randomBytes(16);
  const sign = (purpose: string) =>
    createHmac('sha256', secret).update(purpose).digest('base64url');
  return { sign, verify: (purpose, sig) => sig !== null && sig === sign(purpose) };
}

export interface Env {
  site: Site;
  state: State;
  signer: Signer;
  /** Origin of the blob-storage listener (differs from the API's, as on GitHub). */
  blobOrigin: string;
  violate(message: string): void;
}
