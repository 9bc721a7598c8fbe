import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { Counter } from 'prom-client';
import { AppError } from '../errors.ts';

/** Deeper than any body Lookout takes (a GeoJSON MultiPolygon inside a feature is 7 levels). */
export const MAX_JSON_DEPTH = 32;

export type JsonProblem = 'nul' | 'json_depth';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const LOWER_U = 0x75;
const ZERO = 0x30;

/**
 * One pass over raw JSON text, before it is parsed: is there a NUL in a string (escaped as `\u0000`, or raw), and
 * do arrays and objects nest deeper than `maxDepth`? A loop with a counter, so no input can overflow the stack.
 * PostgreSQL text cannot hold NUL ("invalid byte sequence 0x00"), and validators and serialisers recurse per
 * level. The text need not be valid JSON: the parser that runs afterwards decides that.
 */
export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return 'nul';
    if (inString) {
      if (c === BACKSLASH) {
        if (
          text.charCodeAt(i + 1) === LOWER_U &&
          text.charCodeAt(i + 2) === ZERO &&
          text.charCodeAt(i + 3) === ZERO &&
          text.charCodeAt(i + 4) === ZERO &&
          text.charCodeAt(i + 5) === ZERO
        )
          return 'nul';
        i++; // the escaped character never ends the string
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return 'json_depth';
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return null;
}

function problemError(problem: JsonProblem, maxDepth: number): AppError {
  return problem === 'nul'
    ? new AppError('bad_request', 'Text must not contain the NUL character (\\u0000)', { reason: 'nul' })
    : new AppError('bad_request', `JSON nested deeper than ${maxDepth} levels`, { reason: 'json_depth', maxDepth });
}

function decode(buf: Buffer, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(buf);
  } catch {
    return buf.toString('utf8');
  }
}

/**
 * express.json with the scan above run on the raw body first: a NUL or a too-deep body is a counted 400
 * `bad_request` (details.reason `nul` / `json_depth`) before anything parses or validates it.
 */
export function jsonBody(options: { limit: string; rejected: Counter<'reason'>; maxDepth?: number }): RequestHandler {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return express.json({
    limit: options.limit,
    verify(_req: IncomingMessage, _res, buf: Buffer, encoding: string) {
      const problem = scanJson(decode(buf, encoding), maxDepth);
      if (problem) {
        options.rejected.inc({ reason: problem });
        // body-parser passes an error that carries its own status (400) on as it is.
        throw problemError(problem, maxDepth);
      }
    },
  });
}

/** `%00` anywhere in the path or query string (`?q=%00`): a counted 400 before any route decodes it. */
export function nulFreeUrl(rejected: Counter<'reason'>): RequestHandler {
  return (req, _res, next) => {
    if (/%00/.test(req.url)) {
      rejected.inc({ reason: 'nul' });
      throw new AppError('bad_request', 'The URL must not contain the NUL character (%00)', { reason: 'nul' });
    }
    next();
  };
}
