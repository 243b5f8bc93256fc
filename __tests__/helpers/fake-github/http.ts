/** Small HTTP plumbing shared by the listeners. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON value, or raw bytes (Buffer) sent as they are. */
  body?: unknown;
}

export class TooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new TooLarge(`body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Bytes and content-type a reply goes out with. */
export function encode(reply: Reply): { bytes: Buffer; contentType?: string } {
  if (reply.body === undefined) return { bytes: Buffer.alloc(0) };
  if (Buffer.isBuffer(reply.body)) return { bytes: reply.body };
  return {
    bytes: Buffer.from(JSON.stringify(reply.body)),
    contentType: 'application/json; charset=utf-8',
  };
}

/**
 * Writes a reply. With `truncate`, declares the full length, sends half and
 * resets the connection: what a dropped download looks like to a client.
 */
export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  bytes: Buffer,
  truncate = false,
): void {
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  if (!truncate) {
    res.end(bytes);
    return;
  }
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}
