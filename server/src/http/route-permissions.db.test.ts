import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '@lookout/db';
import { loadConfig } from '../config.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { METRICS_TOKEN, sessionFor, startHarness, TEST_SECRETS_KEY, type Harness } from '../testing/harness.ts';
import { createApp } from './app.ts';
import { entryFor, listRoutes, ROUTE_PERMISSIONS, type RegisteredRoute } from './route-permissions.ts';

const AML_TOKEN = 'aml-service-token-0123456789';
let h: Harness;
let routes: RegisteredRoute[];
const cookies = new Map<Role, string>();

beforeAll(async () => {
  h = await startHarness({ env: { AML_SERVICE_TOKEN: AML_TOKEN } });
  // The same app the harness serves, built once more to read its router (createApp registers every route).
  const registry = new Registry();
  const { app } = createApp({
    database: h.database,
    config: loadConfig({
      METRICS_TOKEN,
      LOOKOUT_DATA_DIR: '/nonexistent-lookout-data',
      SECRETS_KEY: TEST_SECRETS_KEY,
      AML_SERVICE_TOKEN: AML_TOKEN,
    }),
    log: pino({ level: 'silent' }),
    registry,
    metrics: createMetrics(registry, { defaultMetrics: false }),
    mqttStatus: () => 'ok',
    brokerUrlFor: (host) => `mqtt://${host}:1883`,
    webDist: null,
  });
  routes = listRoutes(app);
  for (const role of roles) cookies.set(role, await sessionFor(h, role));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const label = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** A concrete path for a pattern: ids that exist nowhere, so no call changes anything. */
function concrete(pattern: string): string {
  return pattern
    .replace(/\{\*\w+\}/g, 'nothing.png')
    .replace(/:(\w+)/g, (_m, name: string) =>
      name === 'sessionId' ? '0123456789abcdef' : '00000000-0000-4000-8000-00000000dead',
    );
}

async function call(method: string, path: string, cookie: string | undefined): Promise<number> {
  const res = await fetch(`${h.base}${concrete(path)}`, {
    method,
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    ...(method === 'GET' ? {} : { body: '{}' }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the route walker on the real app', () => {
  it('finds the routes of every module, nested routers and the static mount included', () => {
    const names = routes.map(label);
    expect(names).toContain('GET /api/v1/health');
    expect(names).toContain('POST /api/v1/cases/:id/close');
    expect(names).toContain('DELETE /api/v1/tadpole/alerts/:id/groups/:groupId');
    expect(names).toContain('GET /api/v1/tadpole/deliveries/:id/kit');
    expect(names).toContain('POST /api/v1/aml/caller-locations');
    expect(names).toContain('GET /metrics');
    expect(names).toContain('GET /l/:token');
    expect(routes).toContainEqual({ method: 'GET', path: '/api/v1/basemap', kind: 'mount' });
    expect(routes.length).toBeGreaterThan(70);
  });
});

describe('every registered route has a row in the permission table', () => {
  it('no route is missing (a new route without an entry fails here)', () => {
    expect(routes.filter((r) => !entryFor(r)).map(label)).toEqual([]);
  });

  it('no row is stale (every row but the optional ones is a registered route)', () => {
    const registered = new Set(routes.map((r) => label({ method: r.method, path: entryFor(r)?.path ?? r.path })));
    expect(ROUTE_PERMISSIONS.filter((e) => !e.optional && !registered.has(label(e))).map(label)).toEqual([]);
  });
});

describe('the sweep: every route as every role and as nobody', () => {
  const rows = ROUTE_PERMISSIONS.filter((e) => e.path !== '/{*any}');
  it.each(rows.map((e) => [label(e), e] as const))('%s', async (_name, entry) => {
    const got: Record<string, number> = {};
    const want: Record<string, string> = {};
    for (const who of ['none', ...roles] as const) {
      const fresh = entry.path === '/api/v1/auth/logout' && who !== 'none';
      const cookie = who === 'none' ? undefined : fresh ? await sessionFor(h, who) : cookies.get(who);
      const status = await call(entry.method, entry.path, cookie);
      const a = entry.access;
      const expected =
        a.kind === 'anyone'
          ? 'allowed'
          : a.kind === 'service_token'
            ? '401'
            : who === 'none'
              ? '401'
              : a.roles.includes(who)
                ? 'allowed'
                : '403';
      want[who] = expected;
      got[who] = status;
    }
    const outcome = Object.fromEntries(
      Object.entries(got).map(([who, s]) => [who, s === 401 ? '401' : s === 403 ? '403' : 'allowed']),
    );
    expect({ outcome, statuses: got }).toMatchObject({ outcome: want });
  });

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

  it('counts what the table refuses', async () => {
    await call('GET', '/api/v1/drones', cookies.get('liaison'));
    const text = await (
      await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(text).toMatch(/lookout_access_denied_total\{route="GET \/api\/v1\/drones"\} [1-9]/);
  });
});

describe('probe: letter case variants as a liaison (before the fix)', () => {
  it.each([
    ['GET', '/api/v1/Drones'],
    ['GET', '/API/V1/TRACKS'],
    ['GET', '/api/v1/SIGHTINGS'],
    ['GET', '/api/v1/drones/00000000-0000-4000-8000-00000000dead/Track'],
    ['GET', '/API/V1/SIGHTINGS/1/photo'],
    ['GET', '/API/V1/CASES/00000000-0000-4000-8000-00000000dead/rings'],
    ['GET', '/api/v1/drones/'],
    ['GET', '/api/v1/%64rones'],
  ])('%s %s', async (method, path) => {
    const res = await fetch(`${h.base}${path}`, { method, headers: { cookie: cookies.get('liaison')! } });
    await res.arrayBuffer();
    expect([401, 403, 404]).toContain(res.status);
  });
});
