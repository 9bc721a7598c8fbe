import type { RequestHandler } from 'express';
import type { LevelWithSilent } from 'pino';

/** A request slower than this is logged whatever its status. */
export const SLOW_REQUEST_MS = 1_000;

/**
 * The level of a request's one log line: failures of ours (5xx, or an error) at `error`, slow requests at `warn`,
 * refusals (4xx) at `info`, everything else at `debug` — so at the default level the log shows what needs a
 * look, not every tile and poll.
 */
export function requestLogLevel(status: number, ms: number, err?: unknown): LevelWithSilent {
  if (err || status >= 500) return 'error';
  if (ms > SLOW_REQUEST_MS) return 'warn';
  if (status >= 400) return 'info';
  return 'debug';
}

const startedAt = new WeakMap<object, number>();

/** Notes when the request came in, for `requestLogLevel` once the response is sent. */
export const requestStart: RequestHandler = (_req, res, next) => {
  startedAt.set(res, performance.now());
  next();
};

/** Milliseconds since `requestStart` saw this response's request. */
export function elapsedMs(res: object): number {
  const t0 = startedAt.get(res);
  return t0 === undefined ? 0 : performance.now() - t0;
}
