import { gunzipSync } from 'node:zlib';
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

const mediaType = (header: unknown): string | undefined =>
  typeof header === 'string' ? header.split(';')[0]!.trim().toLowerCase() : undefined;

const isJsonBody = (body: unknown): body is Buffer | string => Buffer.isBuffer(body) || typeof body === 'string';

function matchesType(declared: string, sent: string): boolean {
  const [type, subtype] = declared.toLowerCase().split('/');
  const [sentType, sentSubtype] = sent.split('/');
  return (type === '*' || type === sentType) && (subtype === '*' || subtype === sentSubtype);
}

/**
 * What the Content-Type of an answer not sent by `res.json` breaks of its contract: a raw answer must carry its
 * declared media type (wildcards as declared), a JSON one `application/json`. Statuses the contract does not
 * declare (errors, redirects, 304) are not judged here.
 */
export function contentTypeBreach(contract: RouteContract, status: number, contentType: unknown): string | undefined {
  const declared = responsesOf(contract).get(status);
  if (!declared || status === 204 || status === 304) return undefined;
  const sent = mediaType(contentType);
  if (isSchema(declared))
    return sent === 'application/json' ? undefined : `status ${status} is JSON, sent as ${sent ?? 'no type'}`;
  if (declared.kind === 'empty') return undefined;
  if (!sent) return `status ${status} is declared as ${declared.contentType}, sent with no type`;
  return matchesType(declared.contentType, sent)
    ? undefined
    : `status ${status} is declared as ${declared.contentType}, sent as ${sent}`;
}

/**
 * Tests only (it costs a parse of every answer): `res.json` checks the body against the route's declared schema
 * for its status, and a body that breaks it is replaced by a 500 naming the breach, logged, so every route test
 * fails on an answer the web app would not read. JSON sent as text or bytes (replay, gzipped or not) is parsed
 * and checked the same way; any other answer is held to its declared Content-Type (a breach turns its status into 500).
 */
export function checkResponses(contract: RouteContract, req: Request, res: Response): void {
  const report = (breach: string) => {
    const message = `${req.method} ${req.originalUrl} answered ${res.statusCode} against its contract: ${breach}`;
    // The test logger is usually silent: the breach goes to stderr as well, next to the failing test.
    (req as { log?: Logger }).log?.error({ breach }, message);
    process.stderr.write(`${message}\n`);
    return message;
  };
  let checked = false;
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    // The 500 below (and any later answer) goes out unchecked.
    res.json = json;
    checked = true;
    const breach = contractBreach(contract, res.statusCode, body);
    if (!breach) return json(body);
    const message = report(breach);
    return res.status(500).json({ error: { code: 'response_contract', message } });
  };
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (!checked && isJsonBody(body) && mediaType(res.getHeader('content-type')) === 'application/json') {
      checked = true;
      const gzipped = res.getHeader('content-encoding') === 'gzip';
      const text = gzipped && Buffer.isBuffer(body) ? gunzipSync(body).toString('utf8') : String(body);
      const breach = contractBreach(contract, res.statusCode, JSON.parse(text));
      if (breach) {
        const message = report(breach);
        res.removeHeader('content-encoding');
        return res.status(500).json({ error: { code: 'response_contract', message } });
      }
    }
    return send(body);
  };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (!checked) {
      checked = true;
      const breach = contentTypeBreach(contract, status, res.getHeader('content-type'));
      if (breach) {
        report(breach);
        return writeHead(500, ...rest);
      }
    }
    return writeHead(status, ...rest);
  }) as Response['writeHead'];
}
