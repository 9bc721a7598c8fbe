import express, { type ErrorRequestHandler } from 'express';
import type { Counter } from 'prom-client';
import { AppError } from '../errors.ts';

/**
 * A raw image body up to `maxBytes` (`raw`, before the handler) and the error handler that turns an oversized one
 * into a counted 413 (`tooLarge`, used by the router after its routes).
 */
export function imageBody(maxBytes: number, rejected: Counter<'reason'>) {
  const raw = express.raw({ type: () => true, limit: maxBytes });
  const tooLarge: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
    if ((err as { type?: unknown }).type === 'entity.too.large') {
      rejected.inc({ reason: 'photo_too_large' });
      next(new AppError('payload_too_large', `Photos are limited to ${maxBytes} bytes`, { maxBytes }));
      return;
    }
    next(err);
  };
  return { raw, tooLarge };
}
