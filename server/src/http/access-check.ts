import { hasRole } from '@lookout/contracts';
import { timingSafeEqual } from 'node:crypto';
import type { Application, Request } from 'express';
import type { Counter } from 'prom-client';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { BearerToken, Declaration } from './access.ts';
import { AppError } from '../errors.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /**
     * The route express matched, recorded by its `allow()`: after an error leaves a nested router express has
     * already restored `req.baseUrl` and `req.params`, so the audit trail reads them from here.
     */
    matchedRoute?: { pattern: string; params: Record<string, string> };
  }
}

export interface AccessContext {
  /** The signed-in user of a session cookie, if any (auth.middleware.ts). */
  sessionUser(req: Request): Promise<SessionUser | undefined>;
  /** The user of a DJI Pilot 2 token on the request (server/src/dji), if any. */
  djiTokenUser?(req: Request): Promise<SessionUser | undefined>;
  /** Requests refused for a wrong role or a wrong service token, per route. */
  denied: Counter<'route'>;
  /** Check every JSON answer against its route's contract (tests: it costs a parse per answer). */
  checkResponses?: boolean;
}

const contexts = new WeakMap<Application, AccessContext>();

/** What `allow()` needs to look up sessions and count denials on this app (createApp sets it once). */
export function configureAccess(app: Application, context: AccessContext): void {
  contexts.set(app, context);
}

function contextOf(req: Request): AccessContext {
  const context = contexts.get(req.app);
  if (!context) throw new Error('access: configureAccess(app, …) was not called for this app');
  return context;
}

/** Whether this app checks answers against their contracts (tests). */
export function checksResponses(req: Request): boolean {
  return contexts.get(req.app)?.checkResponses === true;
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Constant-time comparison with a configured token; an unset token matches nothing. */
export function tokenMatches(given: string | undefined, token: BearerToken): boolean {
  if (!given || !token.value) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token.value);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The matched route's pattern: a route's own path, or `<mount>/{*file}` for static files under a mount. */
function patternOf(req: Request): string {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  return routePath === undefined ? `${req.baseUrl}/{*file}` : `${req.baseUrl.replace(/\/$/, '')}${String(routePath)}`;
}

function stringParams(req: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.params ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') params[k] = v;
  }
  return params;
}

/** Enforces a route's declaration on a request; throws the AppError the client gets. */
export async function checkAccess(declaration: Declaration, req: Request): Promise<void> {
  const pattern = patternOf(req);
  // Static mounts pass every request on to their files (and the 404 after them): only routes are recorded.
  if (req.route) req.matchedRoute = { pattern, params: stringParams(req) };
  const { access } = declaration;
  const countDenied = () =>
    contextOf(req).denied.inc({ route: `${req.method === 'HEAD' ? 'GET' : req.method} ${pattern}` });
  switch (access.kind) {
    case 'anyone':
      return;
    case 'service_token':
      if (tokenMatches(bearer(req), access.token)) return;
      countDenied();
      throw new AppError('unauthorized', `This needs the service token (${access.token.name})`);
    case 'dji_token': {
      const user = await contextOf(req).djiTokenUser?.(req);
      if (!user) {
        countDenied();
        throw new AppError(
          'unauthorized',
          'This needs the X-Auth-Token of a Lookout pilot signed in on the Pilot 2 page',
        );
      }
      if (!hasRole(user, ...access.roles)) {
        countDenied();
        throw new AppError('forbidden', `This needs one of the roles: ${access.roles.join(', ')}`);
      }
      req.user = user;
      return;
    }
    case 'roles': {
      if (access.orToken && tokenMatches(bearer(req), access.orToken)) return;
      const user = req.user ?? (await contextOf(req).sessionUser(req));
      if (!user) {
        throw new AppError(
          'unauthorized',
          access.orToken ? `Sign in first, or send the ${access.orToken.name} bearer token` : 'Sign in first',
        );
      }
      req.user = user;
      if (!hasRole(user, ...access.roles)) {
        countDenied();
        throw new AppError('forbidden', `This needs one of the roles: ${access.roles.join(', ')}`);
      }
      return;
    }
  }
}
