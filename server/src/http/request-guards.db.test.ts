import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { call, openCase } from '../testing/case-factories.ts';
import {
  createTestUser,
  login,
  METRICS_TOKEN,
  sessionFor,
  startHarness,
  TEST_SECRETS_KEY,
  type Harness,
} from '../testing/harness.ts';
import { createAlert, lonelySpot, type CreatedAlert } from '../tadpole/testing/tadpole-fixtures.ts';
import { createApp } from './app.ts';
import { listRoutes, type RegisteredRoute } from './route-walker.ts';

/**
 * The guards in front of every route, through the real app on a real database: a NUL in any text and JSON nested
 * thousands of levels deep are a 400 at every route (they used to reach PostgreSQL — "invalid byte sequence 0x00" —
 * or overflow the stack: 500), and a write from another origin, or with a form or text body, is refused at every
 * route before it changes anything.
 */
const AML_TOKEN = 'aml-service-token-0123456789';
const FOREIGN = 'http://127.0.0.1:18998';
let h: Harness;
let routes: RegisteredRoute[];
let admin = '';
let liaison = '';
let caseId = '';
let alert: CreatedAlert;

beforeAll(async () => {
  h = await startHarness({ env: { AML_SERVICE_TOKEN: AML_TOKEN } });
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
  admin = await sessionFor(h, 'admin');
  liaison = await sessionFor(h, 'liaison');
  caseId = await openCase(h, admin);
  alert = await createAlert(h, liaison, lonelySpot());
  expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${alert.id}/verify`, { cookie: admin })).status).toBe(200);
}, 180_000);
afterAll(async () => {
  await h?.close();
});

/** A concrete path: the real case and alert where a route names one, ids that exist nowhere elsewhere. */
function concrete(pattern: string): string {
  return pattern
    .replace(/\{\*\w+\}/g, 'nothing.png')
    .replace('/cases/:id', `/cases/${caseId}`)
    .replace('/tadpole/alerts/:id', `/tadpole/alerts/${alert.id}`)
    .replace('/public/alerts/:token', `/public/alerts/${alert.token}`)
    .replace(/:(\w+)/g, (_m, name: string) =>
      name === 'sessionId' ? '0123456789abcdef' : name === 'tipId' ? '1' : '00000000-0000-4000-8000-00000000dead',
    );
}

const writes = () => routes.filter((r) => r.method !== 'GET');
const label = (r: RegisteredRoute) => `${r.method} ${r.path}`;
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

async function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${h.base}${path}`, {
    method,
    redirect: 'manual',
    headers: { cookie: admin, authorization: `Bearer ${AML_TOKEN}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  type ErrorJson = { error?: { code?: string; details?: { reason?: string } } } | null;
  const text = await res.text();
  let json: ErrorJson = null;
  try {
    json = JSON.parse(text) as ErrorJson;
  } catch {
    // not JSON
  }
  return { status: res.status, code: json?.error?.code, reason: json?.error?.details?.reason };
}

describe('NUL and deep JSON: 400 at every route, never 500', () => {
  it('the probe: a NUL in a case title is a 400 and opens no case', async () => {
    const title = `nul-${Date.now()}\u0000x`;
    const res = await call(h, 'POST', '/api/v1/cases', {
      cookie: admin,
      body: {
        kind: 'lost_person',
        title,
        subjectCategory: 'hiker',
        subjectCount: 1,
        terrain: 'temperate_mountain',
        ipp: { lon: 120.07, lat: 28.95, datum: 'wgs84' },
      },
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request', details: { reason: 'nul' } } },
    });
  });

  it('the probe: a NUL in a public tip (no account needed) is a 400', async () => {
    const res = await call(h, 'POST', `/api/v1/public/alerts/${alert.token}/tips`, {
      body: { idempotencyKey: `nul-tip-${Date.now()}`, text: '在超市\u0000门口' },
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request', details: { reason: 'nul' } } },
    });
  });

  it('the probe: a case file nested 5,000 levels deep is a 400', async () => {
    const res = await send(
      'PATCH',
      `/api/v1/tadpole/alerts/${alert.id}/case-file`,
      { cookie: liaison, 'content-type': 'application/json' },
      `{"data":${deep(5000)}}`,
    );
    expect(res).toMatchObject({ status: 400, code: 'bad_request', reason: 'json_depth' });
  });

  it('a NUL in a query string is a 400 (audit filter)', async () => {
    const res = await send('GET', '/api/v1/audit?actor=a%00b', {});
    expect(res).toMatchObject({ status: 400, code: 'bad_request', reason: 'nul' });
  });

  it('every route that takes a body answers both with 400', async () => {
    expect(writes().length).toBeGreaterThan(40);
    const got: Record<string, string> = {};
    for (const r of writes()) {
      const path = concrete(r.path);
      const nul = await send(
        r.method,
        path,
        { 'content-type': 'application/json' },
        JSON.stringify({ title: 'x\u0000', text: 'y\u0000', note: 'z\u0000', reason: 'withdrawn' }),
      );
      const depth = await send(r.method, path, { 'content-type': 'application/json' }, deep(5000));
      got[label(r)] = `${nul.status} ${nul.reason} / ${depth.status} ${depth.reason}`;
    }
    const want = Object.fromEntries(writes().map((r) => [label(r), '400 nul / 400 json_depth']));
    expect(got).toEqual(want);
  });

  it('every GET route answers a NUL in its query with 400', async () => {
    const got: Record<string, number> = {};
    for (const r of routes.filter((x) => x.method === 'GET')) {
      got[label(r)] = (await send('GET', `${concrete(r.path)}?q=%00&status=%00`, {})).status;
    }
    expect(Object.entries(got).filter(([, s]) => s !== 400)).toEqual([]);
  });
});

describe('cross-origin writes: refused at every route before they change anything', () => {
  it('another origin with a text/plain body (the probe’s curl) is a 403 at every write route', async () => {
    const got: Record<string, string> = {};
    for (const r of writes()) {
      const res = await send(r.method, concrete(r.path), { origin: FOREIGN, 'content-type': 'text/plain' }, 'a=b');
      got[label(r)] = `${res.status} ${res.code}`;
    }
    expect(got).toEqual(Object.fromEntries(writes().map((r) => [label(r), '403 cross_origin'])));
  });

  it('a form or text body without Origin is a 415 at every write route', async () => {
    const got: Record<string, string> = {};
    for (const r of writes()) {
      const res = await send(
        r.method,
        concrete(r.path),
        { 'content-type': 'application/x-www-form-urlencoded' },
        'a=b',
      );
      got[label(r)] = `${res.status} ${res.code}`;
    }
    expect(got).toEqual(Object.fromEntries(writes().map((r) => [label(r), '415 unsupported_media_type'])));
  });

  it('the alert stays out and the user stays enabled after cross-origin retract and disable', async () => {
    const victim = await createTestUser(h.database, 'officer');
    const [row] = await h.database.query<{ id: string }>('select id from users where username = $1', [victim.username]);
    const retract = await send(
      'POST',
      `/api/v1/tadpole/alerts/${alert.id}/retract`,
      { origin: FOREIGN, 'content-type': 'text/plain' },
      'a=b',
    );
    expect(retract.status).toBe(403);
    const disable = await send('POST', `/api/v1/users/${row!.id}/disable`, {
      origin: FOREIGN,
      'sec-fetch-site': 'same-site',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(disable.status).toBe(403);
    const state = await call(h, 'GET', `/api/v1/tadpole/alerts/${alert.id}`, { cookie: admin });
    expect(state.body.alert.status).not.toBe('retracted');
    // The victim can still sign in: the disable never happened.
    await expect(login(h.base, victim.username, victim.password)).resolves.toMatch(/=/);
  });

  it('our own origin, and a client without Origin, still work: JSON bodies and empty POSTs', async () => {
    const victim = await createTestUser(h.database, 'officer');
    const [row] = await h.database.query<{ id: string }>('select id from users where username = $1', [victim.username]);
    // fetch sends content-length: 0 for an empty POST, as the web app's `request('POST', …)` does.
    const own = await send('POST', `/api/v1/users/${row!.id}/disable`, {
      origin: h.base,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
    const curl = await send('POST', `/api/v1/users/${row!.id}/enable`, {});
    expect(curl.status).toBe(200);
    const json = await send(
      'PUT',
      `/api/v1/users/${row!.id}/station`,
      { origin: h.base, 'content-type': 'application/json' },
      JSON.stringify({ station: '花川派出所' }),
    );
    expect(json.status).toBe(200);
  });

  it('counts what it refuses', async () => {
    await send('POST', '/api/v1/auth/logout', { origin: FOREIGN });
    await send('GET', '/api/v1/audit?actor=%00', {});
    const text = await (
      await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(text).toMatch(/lookout_http_rejected_total\{reason="cross_origin"\} [1-9]/);
    expect(text).toMatch(/lookout_http_rejected_total\{reason="nul"\} [1-9]/);
  });
});
