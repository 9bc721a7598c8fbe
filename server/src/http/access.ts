import type { NextFunction, Request, Response } from 'express';
import { roles, type Role } from '@lookout/db';
import { checkAccess, checksResponses } from './access-check.ts';
import type { RouteContract } from './contract.ts';
import { checkResponses } from './response-check.ts';

/**
 * Who may call a route, declared once on the route itself with what it takes and answers
 * (`router.get('/drones', allow(MAP, { response: droneListResponse }), handler)`), in the
 * manner of immich's `@Authenticated({ permission })`. The declaration is enforced by the route express matched,
 * read back by the route walker (route-walker.ts) and rendered into `docs/permissions.md` (permissions-doc.ts).
 */

/** A bearer token from the configuration: its variable name (for the docs) and its value (unset = no such token). */
export interface BearerToken {
  name: string;
  value: string | undefined;
}

export type Access =
  /** No session needed: the public pages and their APIs, health, login, the web app. */
  | { kind: 'anyone' }
  /** A machine's bearer token, never a session (the call centre's AML push). */
  | { kind: 'service_token'; token: BearerToken }
  /** A session of one of these roles; `orToken` is a bearer token that works instead (`/metrics`). */
  | { kind: 'roles'; roles: readonly Role[]; orToken?: BearerToken }
  /**
   * DJI Pilot 2's own requests: the `X-Auth-Token` header (or `?x-auth-token=`) Lookout's Pilot 2 page gave DJI's
   * `api` component, never a session; the token's user must hold one of these roles.
   */
  | { kind: 'dji_token'; roles: readonly Role[] };

export interface Declaration {
  access: Access;
  /** Finer rules applied by the service (which rows), shown in the docs. */
  note?: string;
  /** What the route takes and answers (contract.ts); every route of the app has one (openapi.db.test.ts). */
  contract?: RouteContract;
}

export const ANYONE: Access = { kind: 'anyone' };
type RoleAccess = Extract<Access, { kind: 'roles' }>;

export const only = (...r: Role[]): RoleAccess => ({ kind: 'roles', roles: r });
/** Any signed-in user. */
export const ALL = only(...roles);
/** Everyone who may see drone, sighting and officer positions: not liaisons. */
export const MAP = only('pilot', 'officer', 'commander', 'admin');
export const STAFF = only('officer', 'commander', 'admin');
export const COMMAND = only('commander', 'admin');
export const ADMIN = only('admin');
export const TADPOLE = only('liaison', 'officer', 'commander', 'admin');
/** Liaisons and the commanders above them (community groups, forward kits, tadpole case files). */
export const LIAISON_DESK = only('liaison', 'commander', 'admin');

/** DJI Pilot 2 with the token of a pilot (or an admin) signed in on Lookout's Pilot 2 page. */
export const DJI_PILOT_TOKEN: Access = { kind: 'dji_token', roles: ['pilot', 'admin'] };

export const serviceToken = (name: string, value: string | undefined): Access => ({
  kind: 'service_token',
  token: { name, value },
});
export const rolesOrToken = (r: RoleAccess, name: string, value: string | undefined): Access => ({
  kind: 'roles',
  roles: r.roles,
  orToken: { name, value },
});

const DECLARATION = Symbol('lookout.access');

/** Generic in the route's parameters, so it sits in any route's handler list without changing their type. */
export interface DeclaredHandler {
  <P>(req: Request<P>, res: Response, next: NextFunction): Promise<void>;
  readonly [DECLARATION]: Declaration;
}

/**
 * The first handler of every route: enforces `access` against the request (401 without a needed session or
 * token, 403 and a counted denial for a wrong role) and carries the declaration, with the route's contract, for
 * the route walker; under test it checks the route's JSON answers against the contract (response-check.ts).
 */
export function allow(access: Access, contract?: RouteContract): DeclaredHandler {
  const declaration: Declaration = {
    access,
    ...(contract?.note ? { note: contract.note } : {}),
    ...(contract ? { contract } : {}),
  };
  const handler = async <P>(req: Request<P>, res: Response, next: NextFunction): Promise<void> => {
    const request = req as unknown as Request;
    if (contract && checksResponses(request)) checkResponses(contract, request, res);
    await checkAccess(declaration, request);
    next();
  };
  return Object.assign(handler, { [DECLARATION]: declaration });
}

/** The declaration an `allow()` handler carries, if `fn` is one. */
export function declarationOf(fn: unknown): Declaration | undefined {
  if (typeof fn !== 'function') return undefined;
  return (fn as Partial<DeclaredHandler>)[DECLARATION];
}
