import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parseCookie } from 'cookie';
import type { Role } from '@lookout/db';
import { AppError } from '../http/errors.ts';
import type { SessionUser } from './auth.repo.ts';
import type { AuthService } from './auth.service.ts';

export const SESSION_COOKIE = 'lookout_session';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `requireSession`. */
    user?: SessionUser;
  }
}

export function sessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}

export function requireSession(auth: AuthService): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = await auth.authenticate(sessionToken(req));
    if (!user) throw new AppError('unauthorized', 'Sign in first');
    req.user = user;
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) throw new AppError('unauthorized', 'Sign in first');
    if (!roles.includes(req.user.role)) {
      throw new AppError('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
    }
    next();
  };
}

/** The signed-in user of a request behind `requireSession`. */
export function currentUser(req: Request): SessionUser {
  if (!req.user) throw new AppError('unauthorized', 'Sign in first');
  return req.user;
}
