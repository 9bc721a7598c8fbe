import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { apiError } from '@lookout/contracts';
import { isSchema, responsesOf, type RouteContract } from './contract.ts';

/** What a JSON answer breaks of its route's contract, or nothing when it keeps it. */
export function contractBreach(contract: RouteContract, status: number, body: unknown): string | undefined {
  const declared = responsesOf(contract).get(status);
  const schema = declared ?? (status >= 400 ? apiError : undefined);
  if (!schema) return `status ${status} is not declared`;
  if (!isSchema(schema))
    return `status ${status} is declared as ${schema.kind === 'raw' ? schema.contentType : 'empty'}, not JSON`;
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Tests only (it costs a parse of every answer): `res.json` checks the body against the route's declared schema
 * for its status, and a body that breaks it is replaced by a 500 naming the breach, logged, so every route test
 * fails on an answer the web app would not read.
 */
export function checkResponses(contract: RouteContract, req: Request, res: Response): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    // The 500 below (and any later answer) goes out unchecked.
    res.json = json;
    const breach = contractBreach(contract, res.statusCode, body);
    if (!breach) return json(body);
    const message = `${req.method} ${req.originalUrl} answered ${res.statusCode} against its contract: ${breach}`;
    // The test logger is usually silent: the breach goes to stderr as well, next to the failing test.
    (req as { log?: Logger }).log?.error({ breach }, message);
    process.stderr.write(`${message}\n`);
    return res.status(500).json({ error: { code: 'response_contract', message } });
  };
}
