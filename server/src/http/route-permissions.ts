import type { Express, RequestHandler } from 'express';
import type { Counter } from 'prom-client';
import { roles, type Role } from '@lookout/db';
import { AppError } from './errors.ts';

/**
 * The written permission table (issue 6): who may call each HTTP route and receive each live-socket message.
 * `docs/permissions.md` is rendered from this file (route-permissions.test.ts keeps them equal), the route sweep
 * (route-permissions.db.test.ts) calls every registered route as every role and as nobody, and
 * `enforceRoutePermissions` applies the role lists to every request behind the session check, so a route's own
 * guard and this table can only disagree by the route being stricter — which the sweep reports.
 */
export type Access =
  /** No session needed: the public pages and their APIs, health, login. */
  | { kind: 'anyone' }
  /** A machine's bearer token, never a session (the call centre's AML push). */
  | { kind: 'service_token' }
  /** A session of one of these roles; `alsoToken` names a bearer token that works instead. */
  | { kind: 'roles'; roles: readonly Role[]; alsoToken?: string };

export interface RoutePermission {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: Access;
  /** Finer rules applied by the service (which rows), shown in the docs. */
  note?: string;
  /** Registered only with some configuration (built web app, AML token). */
  optional?: boolean;
}

const anyone: Access = { kind: 'anyone' };
const only = (...r: Role[]): Access => ({ kind: 'roles', roles: r });
const ALL = only(...roles);
/** Everyone who may see drone, sighting and officer positions: not liaisons. */
const MAP = only('pilot', 'officer', 'commander', 'admin');
const STAFF = only('officer', 'commander', 'admin');
const COMMAND = only('commander', 'admin');
const ADMIN = only('admin');
const TADPOLE = only('liaison', 'officer', 'commander', 'admin');
const CASE_FILE_ROLES = only('liaison', 'commander', 'admin');

const OFFICER_CASES = 'officers: only cases they opened or are assigned to (403 otherwise)';
const CASE_FILE = 'service: commander, admin, or the liaison who created the alert; every read and refusal audited';

export const ROUTE_PERMISSIONS: readonly RoutePermission[] = [
  // System and sign-in
  { method: 'GET', path: '/api/v1/health', access: anyone },
  { method: 'POST', path: '/api/v1/auth/login', access: anyone, note: 'locked after repeated failures (429)' },
  { method: 'POST', path: '/api/v1/auth/logout', access: ALL },
  { method: 'GET', path: '/api/v1/auth/me', access: ALL },
  { method: 'GET', path: '/api/v1/config', access: ALL },
  { method: 'GET', path: '/metrics', access: { kind: 'roles', roles: ['admin'], alsoToken: 'METRICS_TOKEN' } },
  { method: 'GET', path: '/api/v1/basemap/{*file}', access: ALL, note: 'static tiles' },
  // Drones and sightings (issue 1–3): positions are never for liaisons
  { method: 'GET', path: '/api/v1/drones', access: MAP },
  { method: 'POST', path: '/api/v1/drones', access: ADMIN },
  { method: 'POST', path: '/api/v1/drones/:id/disable', access: ADMIN, note: 'the broker refuses its next connect' },
  {
    method: 'POST',
    path: '/api/v1/drones/:id/reset-credentials',
    access: ADMIN,
    note: 'a new MQTT password, shown once; the old one stops working',
  },
  { method: 'GET', path: '/api/v1/drones/:id/track', access: MAP },
  { method: 'GET', path: '/api/v1/tracks', access: MAP },
  { method: 'GET', path: '/api/v1/sightings', access: MAP },
  { method: 'PATCH', path: '/api/v1/sightings/:id', access: only('pilot', 'commander', 'admin') },
  { method: 'GET', path: '/api/v1/sightings/:id/photo', access: MAP },
  // Cases (issue 4)
  { method: 'POST', path: '/api/v1/cases', access: STAFF },
  {
    method: 'GET',
    path: '/api/v1/cases',
    access: STAFF,
    note:
      'officers: their own cases (opened by them or their unit assigned) in full, the other open cases in brief ' +
      '(no phone, no description); phone numbers in it are audited',
  },
  {
    method: 'GET',
    path: '/api/v1/cases/:id',
    access: STAFF,
    note: `${OFFICER_CASES}; a caller's phone read is audited`,
  },
  { method: 'POST', path: '/api/v1/cases/:id/acknowledge', access: COMMAND },
  { method: 'POST', path: '/api/v1/cases/:id/close', access: COMMAND },
  {
    method: 'POST',
    path: '/api/v1/cases/:id/clock-corrections',
    access: COMMAND,
    note: 'a `clock_corrected` event with its reason; the original events stay',
  },
  { method: 'GET', path: '/api/v1/cases/:id/rings', access: STAFF },
  { method: 'GET', path: '/api/v1/cases/:id/matches', access: STAFF, note: OFFICER_CASES },
  // Exports (issue 6): each one audited as a read of the case
  ...['export.geojson', 'tracks.gpx', 'tracks.kml', 'timeline.csv'].map((file): RoutePermission => ({
    method: 'GET',
    path: `/api/v1/cases/:id/${file}`,
    access: STAFF,
    note: `${OFFICER_CASES}; audited (case_export)`,
  })),
  {
    method: 'GET',
    path: '/api/v1/cases/:id/replay',
    access: COMMAND,
    note: 'the whole incident: tracks, fixes, sightings, matches, alerts, events; audited (case_replay)',
  },
  { method: 'POST', path: '/api/v1/matches/:id/confirm', access: COMMAND },
  { method: 'POST', path: '/api/v1/cases/:id/caller-locations', access: STAFF },
  { method: 'POST', path: '/api/v1/aml/caller-locations', access: { kind: 'service_token' }, optional: true },
  { method: 'POST', path: '/api/v1/cases/:id/location-links', access: STAFF },
  { method: 'POST', path: '/api/v1/location-links/:id/revoke', access: STAFF },
  { method: 'POST', path: '/api/v1/public/locate/:token', access: anyone, note: 'the caller page; rate-limited' },
  { method: 'GET', path: '/l/:token', access: anyone, note: 'the caller location page' },
  { method: 'GET', path: '/api/v1/units', access: COMMAND },
  { method: 'POST', path: '/api/v1/cases/:id/assignments', access: COMMAND },
  { method: 'POST', path: '/api/v1/assignments/:id/status', access: STAFF, note: 'officers: their own unit only' },
  { method: 'GET', path: '/api/v1/me/assignment', access: only('officer') },
  { method: 'POST', path: '/api/v1/me/positions', access: only('officer') },
  // Tadpole (issue 5): recorded as built
  { method: 'POST', path: '/api/v1/tadpole/alerts', access: TADPOLE },
  { method: 'GET', path: '/api/v1/tadpole/alerts', access: TADPOLE },
  { method: 'GET', path: '/api/v1/tadpole/alerts/:id', access: TADPOLE },
  { method: 'PATCH', path: '/api/v1/tadpole/alerts/:id', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/alerts/:id/photos', access: TADPOLE },
  { method: 'GET', path: '/api/v1/tadpole/photos/:id', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/alerts/:id/verify', access: STAFF },
  { method: 'POST', path: '/api/v1/tadpole/alerts/:id/groups', access: TADPOLE },
  { method: 'DELETE', path: '/api/v1/tadpole/alerts/:id/groups/:groupId', access: TADPOLE },
  { method: 'GET', path: '/api/v1/tadpole/alerts/:id/case-file', access: CASE_FILE_ROLES, note: CASE_FILE },
  { method: 'PATCH', path: '/api/v1/tadpole/alerts/:id/case-file', access: CASE_FILE_ROLES, note: CASE_FILE },
  { method: 'GET', path: '/api/v1/tadpole/alerts/:id/tips', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/tips/:id/mark', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/alerts/:id/found', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/alerts/:id/guardian-verification', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/alerts/:id/handover', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/alerts/:id/retract', access: STAFF },
  { method: 'GET', path: '/api/v1/tadpole/alerts/:id/cap.xml', access: TADPOLE },
  { method: 'GET', path: '/api/v1/tadpole/alerts/:id/export.geojson', access: TADPOLE },
  { method: 'GET', path: '/api/v1/tadpole/alerts/:id/clocks', access: TADPOLE },
  { method: 'GET', path: '/api/v1/tadpole/clocks', access: STAFF },
  { method: 'GET', path: '/api/v1/tadpole/groups', access: only('liaison', 'commander', 'admin') },
  { method: 'GET', path: '/api/v1/tadpole/groups/:id', access: only('liaison', 'commander', 'admin') },
  { method: 'POST', path: '/api/v1/tadpole/groups', access: COMMAND },
  { method: 'PATCH', path: '/api/v1/tadpole/groups/:id', access: COMMAND },
  { method: 'DELETE', path: '/api/v1/tadpole/groups/:id', access: COMMAND },
  { method: 'GET', path: '/api/v1/tadpole/deliveries', access: TADPOLE },
  { method: 'POST', path: '/api/v1/tadpole/deliveries/:id/ack', access: only('liaison', 'commander', 'admin') },
  { method: 'GET', path: '/api/v1/tadpole/deliveries/:id/kit', access: only('liaison', 'commander', 'admin') },
  { method: 'POST', path: '/api/v1/tadpole/deliveries/:id/retry', access: COMMAND },
  { method: 'GET', path: '/api/v1/public/alerts/:token', access: anyone, note: 'the public card' },
  { method: 'POST', path: '/api/v1/public/alerts/:token/tips', access: anyone, note: 'tips; rate-limited' },
  {
    method: 'PUT',
    path: '/api/v1/public/alerts/:token/tips/:tipId/photo',
    access: anyone,
    note: 'needs the tip upload token',
  },
  { method: 'GET', path: '/p/:token', access: anyone, note: 'expiring photo link' },
  { method: 'GET', path: '/t/:token', access: anyone, note: 'the public card page' },
  // Access and audit (issue 6)
  { method: 'GET', path: '/api/v1/users', access: ADMIN },
  { method: 'POST', path: '/api/v1/users', access: ADMIN },
  { method: 'POST', path: '/api/v1/users/:id/disable', access: ADMIN, note: 'not himself; revokes every session' },
  { method: 'POST', path: '/api/v1/users/:id/enable', access: ADMIN, note: 'not himself' },
  { method: 'PUT', path: '/api/v1/users/:id/role', access: ADMIN, note: 'not his own role; live sockets resume' },
  {
    method: 'PUT',
    path: '/api/v1/users/:id/station',
    access: ADMIN,
    note: 'the station of the cases he opens (reports); null = STATION_NAME',
  },
  { method: 'POST', path: '/api/v1/users/:id/password', access: ADMIN, note: 'revokes every session' },
  { method: 'GET', path: '/api/v1/users/:id/sessions', access: ADMIN },
  { method: 'DELETE', path: '/api/v1/users/:id/sessions', access: ADMIN },
  { method: 'DELETE', path: '/api/v1/users/:id/sessions/:sessionId', access: ADMIN },
  { method: 'GET', path: '/api/v1/audit', access: ADMIN },
  { method: 'GET', path: '/api/v1/audit.csv', access: ADMIN },
  // Commander board (issue 6)
  {
    method: 'GET',
    path: '/api/v1/board',
    access: COMMAND,
    note: 'every open case of every kind, with its clocks; `?cases=<id>,…` only those (at most 50)',
  },
  // Monthly reports per station (issue 6)
  {
    method: 'GET',
    path: '/api/v1/reports/monthly',
    access: COMMAND,
    note: '`?month=YYYY-MM&station=…`: cases opened in the month (Asia/Shanghai), intervals against targets',
  },
  { method: 'GET', path: '/api/v1/reports/monthly.csv', access: COMMAND, note: 'the same report as CSV' },
  // The built web app (absent in tests)
  {
    method: 'GET',
    path: '/{*any}',
    access: anyone,
    note: 'the web app (index.html for client routes)',
    optional: true,
  },
];

export type LiveAudience = 'all' | 'own_cases' | 'list_steps' | 'none';

export interface LivePermission {
  direction: 'client' | 'server';
  type: string;
  /** What each role receives (server messages) or may send (client messages). */
  roles: Record<Role, LiveAudience>;
  note?: string;
}

const liveAll: Record<Role, LiveAudience> = {
  pilot: 'all',
  officer: 'all',
  liaison: 'all',
  commander: 'all',
  admin: 'all',
};
const liveMap: Record<Role, LiveAudience> = { ...liveAll, liaison: 'none' };
const liveCase: Record<Role, LiveAudience> = { ...liveMap, officer: 'own_cases' };

/** Live socket (`/api/v1/live`): the upgrade needs a session (401 without); then per message type. */
export const LIVE_PERMISSIONS: readonly LivePermission[] = [
  { direction: 'client', type: 'resume', roles: liveAll },
  { direction: 'client', type: 'pong', roles: liveAll },
  { direction: 'server', type: 'snapshot', roles: liveAll, note: 'liaisons: without drones and sightings' },
  { direction: 'server', type: 'positions', roles: liveMap, note: 'drone fixes and officers’ unit positions' },
  { direction: 'server', type: 'event:sighting', roles: liveMap },
  {
    direction: 'server',
    type: 'event:case_event',
    roles: { ...liveAll, officer: 'list_steps' },
    note: 'officers: every step of their own cases, of the others only opened/acknowledged/closed',
  },
  { direction: 'server', type: 'event:caller_location', roles: liveCase },
  { direction: 'server', type: 'event:match', roles: liveCase },
  { direction: 'server', type: 'event:assignment', roles: liveCase },
  { direction: 'server', type: 'ping', roles: liveAll },
  { direction: 'server', type: 'error', roles: liveAll },
];

/** Does `pattern` (express syntax: `:param`, a final `{*rest}`) match this concrete path? */
export function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (/^\{\*\w+\}$/.test(part)) return s.length > i;
    const seg = s[i];
    if (seg === undefined) return false;
    if (part.startsWith(':')) continue;
    if (part !== seg) return false;
  }
  return s.length === p.length;
}

/** The `:param` values of a concrete path under a pattern it matches (decoded; undecodable ones as given). */
export function paramsOf(pattern: string, path: string): Record<string, string> {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const out: Record<string, string> = {};
  p.forEach((part, i) => {
    if (!part.startsWith(':') || s[i] === undefined) return;
    try {
      out[part.slice(1)] = decodeURIComponent(s[i]);
    } catch {
      out[part.slice(1)] = s[i];
    }
  });
  return out;
}

export function permissionFor(
  method: string,
  path: string,
  table: readonly RoutePermission[] = ROUTE_PERMISSIONS,
): RoutePermission | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  // Literal paths win over patterns (`/tadpole/clocks` before `/tadpole/alerts/:id`-like shapes).
  const hits = table.filter((e) => e.method === m && pathMatches(e.path, path));
  return hits.sort((a, b) => (a.path.match(/[:*]/g)?.length ?? 0) - (b.path.match(/[:*]/g)?.length ?? 0))[0];
}

/**
 * Behind `requireSession`: a role the table does not list for the route gets 403, whatever the route's own guard
 * says. Paths without an entry pass on (the 404 handler; the sweep makes sure every real route has one).
 */
export function enforceRoutePermissions(denied: Counter<'route'>): RequestHandler {
  return (req, _res, next) => {
    const entry = permissionFor(req.method, `${req.baseUrl}${req.path}`);
    if (entry?.access.kind === 'roles') {
      if (!req.user) throw new AppError('unauthorized', 'Sign in first');
      if (!entry.access.roles.includes(req.user.role)) {
        denied.inc({ route: `${entry.method} ${entry.path}` });
        throw new AppError('forbidden', `This needs one of the roles: ${entry.access.roles.join(', ')}`);
      }
    }
    next();
  };
}

export interface RegisteredRoute {
  method: string;
  path: string;
  /** `route` for app.get/post/…; `mount` for middleware mounted on a path of its own (static files). */
  kind: 'route' | 'mount';
}

interface LayerLike {
  route?: { path?: unknown; methods?: Record<string, boolean> };
  handle?: { stack?: unknown };
  rawPath?: unknown;
  slash?: boolean;
  name?: string;
}

function joinPaths(prefix: string, path: string): string {
  if (path === '/' || path === '') return prefix || '/';
  return `${prefix.replace(/\/$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

function layerPaths(layer: LayerLike, where: string): string[] {
  const raw = layer.rawPath;
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.map((p) => {
    if (typeof p !== 'string') throw new Error(`route walker: ${where} has a non-string path (${String(p)})`);
    return p;
  });
}

/**
 * Every route registered on an express 5 app (router 2.x): walks `app.router.stack`, descending into nested
 * routers through `layer.handle.stack` with their mount paths (`layer.rawPath`). Throws on what it cannot read
 * (a RegExp path, a router without `rawPath`) rather than skipping it silently.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const root = (app as unknown as { router?: { stack?: unknown } }).router?.stack;
  if (!Array.isArray(root)) throw new Error('route walker: app.router.stack not found (not express 5?)');
  const out: RegisteredRoute[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const methods = Object.entries(layer.route.methods ?? {})
          .filter(([m, on]) => on && m !== '_all')
          .map(([m]) => m.toUpperCase());
        for (const path of layerPaths({ rawPath: layer.route.path }, 'a route'))
          for (const method of methods) out.push({ method, path: joinPaths(prefix, path), kind: 'route' });
        continue;
      }
      const nested = layer.handle?.stack;
      if (Array.isArray(nested)) {
        for (const path of layerPaths(layer, `router ${layer.name ?? '?'}`))
          walk(nested as LayerLike[], joinPaths(prefix, path));
        continue;
      }
      // Plain middleware passes requests on to the routes above, except static files served under a mount path.
      if (layer.name === 'serveStatic') {
        for (const path of layerPaths(layer, `middleware ${layer.name ?? '?'}`))
          out.push({ method: 'GET', path: joinPaths(prefix, path), kind: 'mount' });
      }
    }
  };
  walk(root as LayerLike[], '');
  return out;
}

/** A mount point is covered by a table entry `<mount>/{*file}`. */
export function entryFor(route: RegisteredRoute): RoutePermission | undefined {
  const path = route.kind === 'mount' ? `${route.path}/{*file}` : route.path;
  return ROUTE_PERMISSIONS.find((e) => e.method === route.method && e.path === path);
}

const roleHeader = ['pilot', 'officer', 'liaison', 'commander', 'admin'] as const satisfies readonly Role[];

function cell(access: Access, role: Role | 'none'): string {
  if (access.kind === 'anyone') return '✓';
  if (access.kind === 'service_token') return role === 'none' ? '401' : '401';
  if (role === 'none') return access.alsoToken ? `401 (✓ with ${access.alsoToken})` : '401';
  return access.roles.includes(role) ? '✓' : '403';
}

const liveCell: Record<LiveAudience, string> = {
  all: '✓',
  own_cases: 'own cases',
  list_steps: 'list steps',
  none: '—',
};

/** docs/permissions.md, rendered from the tables above. */
export function renderPermissionsMarkdown(): string {
  const lines = [
    '# Lookout permission table',
    '',
    '<!-- Generated from server/src/http/route-permissions.ts by `npx tsx server/src/http/write-permissions-doc.ts`;',
    '     route-permissions.test.ts fails when this file and the table differ. Do not edit by hand. -->',
    '',
    'Roles: `pilot` 飞手, `officer` 民警, `liaison` 联络员, `commander` 指挥长, `admin` 管理员; "no session" is a',
    'request without a valid session cookie. ✓ = allowed; 401 = sign in first; 403 = wrong role. The server enforces',
    'the role columns on every request behind the session check (`enforceRoutePermissions`), and the route sweep',
    '(`server/src/http/route-permissions.db.test.ts`) calls every registered route as each role and as nobody.',
    'Rows marked *optional* exist only with some configuration (built web app, `AML_SERVICE_TOKEN`).',
    '',
    '## HTTP routes',
    '',
    `| method | path | no session | ${roleHeader.join(' | ')} | notes |`,
    `|---|---|---|${roleHeader.map(() => '---').join('|')}|---|`,
  ];
  for (const e of ROUTE_PERMISSIONS) {
    const note = [
      e.access.kind === 'service_token' ? 'Bearer AML_SERVICE_TOKEN only' : '',
      e.note ?? '',
      e.optional ? '*optional*' : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `| ${e.method} | \`${e.path}\` | ${cell(e.access, 'none')} | ${roleHeader.map((r) => cell(e.access, r)).join(' | ')} | ${note.replace(/\|/g, '\\|')} |`,
    );
  }
  lines.push(
    '',
    '## Live socket `/api/v1/live`',
    '',
    'The upgrade needs a session (401 without; 403 from another origin). A disabled user, a revoked session or an',
    'expired one closes the socket with code 4001; a role change closes it with 4002 so the client resumes under',
    'the new role. Each server re-checks its sockets’ sessions every `LIVE_SESSION_RECHECK_S` (default 10 s) and',
    'at once for changes made through it.',
    '',
    `| direction | message | ${roleHeader.join(' | ')} | notes |`,
    `|---|---|${roleHeader.map(() => '---').join('|')}|---|`,
  );
  for (const e of LIVE_PERMISSIONS) {
    lines.push(
      `| ${e.direction} | \`${e.type}\` | ${roleHeader.map((r) => liveCell[e.roles[r]]).join(' | ')} | ${e.note ?? ''} |`,
    );
  }
  lines.push(
    '',
    '## Audit',
    '',
    'Every non-GET request (method, route pattern, status, actor, remote address, target ids; never bodies or',
    'tokens), every read of a tadpole case file (and each refusal), every read of a caller’s phone number',
    '(`GET /api/v1/cases/:id`, and the case list) and every locked-out login go to `audit_log`; admins read it',
    'at `GET /api/v1/audit` and export it as CSV (`GET /api/v1/audit.csv`, spreadsheet formulas defused).',
    '',
  );
  return lines.join('\n');
}
