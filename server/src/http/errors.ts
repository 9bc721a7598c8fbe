import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { ApiError } from '@lookout/contracts';
import { AppError } from '../errors.ts';

function body(code: string, message: string, details: unknown, requestId: string | undefined): ApiError {
  return {
    error: { code, message, ...(details === undefined ? {} : { details }), ...(requestId ? { requestId } : {}) },
  };
}

/** Body-parser errors carry `type` and `status`; only these few are the client's fault. */
function bodyParserError(err: unknown): { status: number; type: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { type?: unknown; status?: unknown };
  if (typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, type: e.type };
  }
  return undefined;
}

/**
 * The one error boundary: zod errors are 400 with their issues, an AppError has its own status, anything else is
 * a 500 with a fixed message and the request id, logged (never a stack trace to the client).
 */
export function errorBoundary(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const requestId = req.id as string | undefined;
    if (err instanceof ZodError) {
      res.status(400).json(body('bad_request', 'Invalid request', err.issues, requestId));
      return;
    }
    if (err instanceof AppError) {
      const retry = (err.details as { retryAfterS?: unknown } | undefined)?.retryAfterS;
      if (typeof retry === 'number') res.setHeader('retry-after', String(retry));
      res.status(err.status).json(body(err.code, err.message, err.details, requestId));
      return;
    }
    const bp = bodyParserError(err);
    if (bp) {
      if (bp.type === 'entity.too.large') {
        res.status(413).json(body('payload_too_large', 'Request body too large', undefined, requestId));
      } else if (bp.type === 'entity.parse.failed') {
        res.status(400).json(body('bad_request', 'Invalid JSON body', undefined, requestId));
      } else {
        res.status(bp.status).json(body('bad_request', `Unreadable request body (${bp.type})`, undefined, requestId));
      }
      return;
    }
    log.error({ err, requestId, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json(body('internal', 'Internal server error', undefined, requestId));
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route ${req.method} ${req.path}`));
};
