import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { roles, type Role } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { CLIENT_MESSAGE_TYPES, LIVE_EVENT_KINDS, SERVER_MESSAGE_TYPES } from '../live/live.connection.ts';
import { METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import type { Access } from './access.ts';
import { LIVE_PERMISSIONS } from './live-permissions.ts';
import { listRoutes, undeclaredRoutes, type RegisteredRoute } from './route-walker.ts';
import { appForDocs, permissionsDocFile, permissionsDocFor } from './write-permissions-doc.ts';

const AML_TOKEN = 'aml-service-token-0123456789';
const database = await openTestDatabase();
// The routes of the real app with every optional route registered (the AML push, the metrics token, the built
// web app), walked before the tests are collected so each route is a test of its own.
const routes: RegisteredRoute[] = listRoutes(appForDocs(database));
let h: Harness;
const cookies = new Map<string, string>();
/** Users holding several roles: each may call what any of his roles may. */
const ROLE_SETS: readonly (readonly Role[])[] = [
  ['liaison', 'pilot'],
  ['officer', 'commander'],
];

beforeAll(async () => {
  const webDist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Lookout</title>');
  // Served with the same options, so the server answers exactly the walked routes.
  h = await startHarness({
    env: { AML_SERVICE_TOKEN: AML_TOKEN, VIDEO_MEDIA: 'nginx-rtmp', VIDEO_HOOK_TOKEN: 'sweep-video-hook-token' },
    webDist,
    database,
  });
  for (const role of roles) cookies.set(role, await sessionFor(h, role));
  for (const set of ROLE_SETS) cookies.set(set.join('+'), await sessionFor(h, set));
}, 120_000);
afterAll(async () => {
  await h?.close();
  await database.close();
});

type Who = Role | 'none' | `${Role}+${Role}`;
const WHO: readonly Who[] = ['none', ...roles, ...ROLE_SETS.map((s) => s.join('+') as Who)];
const rolesOf = (who: Exclude<Who, 'none'>) => who.split('+') as Role[];
const label = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

function expected(access: Access, who: Who): 'allowed' | '401' | '403' {
  switch (access.kind) {
    case 'anyone':
      return 'allowed';
    case 'service_token':
    case 'dji_token':
      return '401';
    case 'roles':
      return who === 'none' ? '401' : rolesOf(who).some((r) => access.roles.includes(r)) ? 'allowed' : '403';
  }
}

/** A concrete path for a pattern: ids that exist nowhere, so no call changes anything. */
function concrete(pattern: string): string {
  return pattern
    .replace(/\{\*\w+\}/g, 'nothing.png')
    .replace(/:(\w+)/g, (_m, name: string) =>
      name === 'sessionId' ? '0123456789abcdef' : '00000000-0000-4000-8000-00000000dead',
    );
}

/**
 * Other spellings of a route's concrete path, each of which must reach no route: all upper case, `/API/V1`,
 * its last literal segment capitalised, percent-encoded or after a doubled slash, a trailing slash.
 */
function variants(pattern: string): Record<string, string> {
  const parts = concrete(pattern).split('/');
  const literal = pattern.split('/').map((p) => p !== '' && !p.startsWith(':') && !p.startsWith('{'));
  const last = literal.lastIndexOf(true);
  const at = (i: number, seg: string) => parts.map((p, j) => (j === i ? seg : p)).join('/');
  const seg = parts[last]!;
  const letter = seg.search(/[a-z]/);
  const out: Record<string, string> = {
    upper: concrete(pattern).toUpperCase(),
    doubleSlash: at(last, `/${seg}`),
  };
  // Under a final wildcard (`/basemap/{*file}`) a trailing slash is still the same route; so is any other path
  // under /basemap/ (an MBTiles tile's address with a slash after it is a name the static files' wildcard takes).
  if (!/\{\*\w+\}$/.test(pattern) && !pattern.startsWith('/api/v1/basemap/'))
    out.trailingSlash = `${concrete(pattern)}/`;
  if (pattern.startsWith('/api/v1/')) out.apiUpper = concrete(pattern).replace('/api/v1/', '/API/V1/');
  if (letter >= 0) {
    const ch = seg[letter]!;
    out.oneSegmentCapitalised = at(last, seg.slice(0, letter) + ch.toUpperCase() + seg.slice(letter + 1));
    out.percentEncoded = at(last, `${seg.slice(0, letter)}%${ch.charCodeAt(0).toString(16)}${seg.slice(letter + 1)}`);
  }
  return out;
}

async function call(method: string, p: string, who: Who, fresh = false): Promise<number> {
  const cookie = who === 'none' ? undefined : fresh ? await sessionFor(h, rolesOf(who)) : cookies.get(who);
  const res = await fetch(`${h.base}${p}`, {
    method,
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: '{}' }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the route walker on the real app', () => {
  it('finds the routes of every module, nested routers, the static mounts and the web app', () => {
    const names = routes.map(label);
    expect(names).toContain('GET /api/v1/health');
    expect(names).toContain('POST /api/v1/cases/:id/close');
    expect(names).toContain('DELETE /api/v1/tadpole/alerts/:id/groups/:groupId');
    expect(names).toContain('GET /api/v1/tadpole/deliveries/:id/kit');
    expect(names).toContain('POST /api/v1/tadpole/groups/:id/test');
    expect(names).toContain('POST /api/v1/tadpole/groups/import');
    expect(names).toContain('GET /api/v1/tadpole/group-people');
    expect(names).toContain('POST /api/v1/aml/caller-locations');
    expect(names).toContain('GET /metrics');
    expect(names).toContain('GET /l/:token');
    expect(names).toContain('GET /u/:token');
    expect(names).toContain('POST /api/v1/public/team/:token/positions');
    expect(names).toContain('POST /api/v1/units');
    expect(names).toContain('GET /api/v1/basemap/{*file}');
    expect(names).toContain('GET /{*any}');
    expect(routes.length).toBeGreaterThan(70);
  });

  it('every route declares its access, once', () => {
    expect(undeclaredRoutes(routes)).toEqual([]);
    const names = routes.map(label);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

describe('docs/permissions.md', () => {
  it('is the rendering of the walked routes (run write-permissions-doc.ts after a change)', () => {
    expect(readFileSync(permissionsDocFile, 'utf8')).toBe(permissionsDocFor(h.database));
  });

  it('has a row for every live message type and event kind, and none other', () => {
    const types = [
      ...CLIENT_MESSAGE_TYPES.map((t) => `client ${t}`),
      ...SERVER_MESSAGE_TYPES.filter((t) => t !== 'event').map((t) => `server ${t}`),
      ...LIVE_EVENT_KINDS.map((k) => `server event:${k}`),
    ];
    expect(LIVE_PERMISSIONS.map((e) => `${e.direction} ${e.type}`).sort()).toEqual(types.sort());
  });
});

describe('the sweep: every route as every role, as users of several roles and as nobody', () => {
  it.each(routes.map((r) => [label(r), r] as const))('%s', async (_name, route) => {
    const access = route.declaration!.access;
    const want: Record<string, string> = {};
    const got: Record<string, number> = {};
    for (const who of WHO) {
      want[who] = expected(access, who);
      got[who] = await call(route.method, concrete(route.path), who, route.path === '/api/v1/auth/logout');
    }
    const outcome = Object.fromEntries(
      Object.entries(got).map(([who, s]) => [who, s === 401 ? '401' : s === 403 ? '403' : 'allowed']),
    );
    expect({ outcome, statuses: got }).toMatchObject({ outcome: want });
  });
});

describe('the sweep: other spellings of every route reach no route', () => {
  const guarded = routes.filter((r) => r.declaration!.access.kind !== 'anyone');
  it.each(guarded.map((r) => [label(r), r] as const))('%s', async (_name, route) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    await Promise.all(
      Object.entries(variants(route.path)).flatMap(([kind, p]) =>
        WHO.map(async (who) => {
          const key = `${who} ${kind} ${p}`;
          // Denied roles must never get past 401/403/404; with strict, case-sensitive routing it is always 404.
          got[key] = await call(route.method, p, who);
          want[key] = 404;
        }),
      ),
    );
    expect(got).toEqual(want);
  });

  it('the variants of one route, for the record', () => {
    expect(variants('/api/v1/drones/:id/track')).toEqual({
      upper: '/API/V1/DRONES/00000000-0000-4000-8000-00000000DEAD/TRACK',
      apiUpper: '/API/V1/drones/00000000-0000-4000-8000-00000000dead/track',
      oneSegmentCapitalised: '/api/v1/drones/00000000-0000-4000-8000-00000000dead/Track',
      trailingSlash: '/api/v1/drones/00000000-0000-4000-8000-00000000dead/track/',
      doubleSlash: '/api/v1/drones/00000000-0000-4000-8000-00000000dead//track',
      percentEncoded: '/api/v1/drones/00000000-0000-4000-8000-00000000dead/%74rack',
    });
  });
});

describe('the live socket', () => {
  async function upgrade(p: string, who: Who): Promise<number> {
    const cookie = who === 'none' ? undefined : cookies.get(who);
    const ws = new WebSocket(`${h.base.replace('http', 'ws')}${p}`, { headers: cookie ? { cookie } : {} });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(0));
    });
    ws.terminate();
    return status;
  }

  it('refuses an upgrade without a session and opens for every role', async () => {
    const got: Record<string, number> = {};
    for (const who of WHO) got[who] = await upgrade('/api/v1/live', who);
    expect(got).toEqual({
      none: 401,
      pilot: 101,
      officer: 101,
      liaison: 101,
      commander: 101,
      admin: 101,
      'liaison+pilot': 101,
      'officer+commander': 101,
    });
  });

  it('opens on no other spelling of its path', async () => {
    const got: Record<string, number> = {};
    for (const p of ['/API/V1/LIVE', '/api/v1/Live', '/api/v1/live/', '/api/v1//live', '/api/v1/%6cive'])
      for (const who of ['none', 'admin'] as const) got[`${who} ${p}`] = await upgrade(p, who);
    expect(Object.values(got).every((s) => s === 404)).toBe(true);
  });
});

describe('tokens and counters', () => {
  it('the metrics token opens /metrics without a session; the AML token opens the AML push', async () => {
    const m = await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(m.status).toBe(200);
    const aml = await fetch(`${h.base}/api/v1/aml/caller-locations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AML_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(aml.status).toBe(400);
  });

  it('counts what a route refuses', async () => {
    await call('GET', '/api/v1/drones', 'liaison');
    const text = await (
      await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(text).toMatch(/lookout_access_denied_total\{route="GET \/api\/v1\/drones"\} [1-9]/);
  });
});
