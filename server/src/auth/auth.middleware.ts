import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { parseCookie } from 'cookie';
import { AppError } from '../errors.ts';
import type { SessionUser } from './auth.repo.ts';
import type { AuthService } from './auth.service.ts';

export const SESSION_COOKIE = 'lookout_session';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by a route's `allow()` when the route needs a session. */
    user?: SessionUser;
  }
}

export function sessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}

/** The user of the request's session cookie, if it is valid: what a route's `allow()` checks roles against. */
export function sessionUserOf(
  auth: Pick<AuthService, 'authenticate'>,
): (req: Request) => Promise<SessionUser | undefined> {
  return (req) => auth.authenticate(sessionToken(req));
}

/** The signed-in user of a request behind an `allow()` that needs a session. */
export function currentUser(req: Request): SessionUser {
  if (!req.user) throw new AppError('unauthorized', 'Sign in first');
  return req.user;
}
