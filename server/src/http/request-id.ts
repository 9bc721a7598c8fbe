import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE = /^[A-Za-z0-9._:-]{1,64}$/;

/** Reuse a sane incoming `x-request-id` (from a proxy) or make one; every response carries it. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}
