import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

// Every test here signs in from 127.0.0.1: on a shared database, an address lock would lock out other test files.
const NO_ADDRESS_LOCK = { LOGIN_ADDR_DAILY_FAILURES: '10000000' };
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: NO_ADDRESS_LOCK });
});
afterAll(async () => {
  await h?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${h.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('login', () => {
  it('signs in with the right password and sets an httpOnly SameSite=Lax cookie', async () => {
    const u = await createTestUser(h.database, 'officer');
    const res = await post('/api/v1/auth/login', u);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { username: string; roles: string[] } };
    expect(body.user).toMatchObject({ username: u.username, roles: ['officer'] });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lookout_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await fetch(`${h.base}/api/v1/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(u.username);
  });

  it('refuses a wrong password with 401 invalid_credentials', async () => {
    const u = await createTestUser(h.database, 'pilot');
    const res = await post('/api/v1/auth/login', { username: u.username, password: 'wrong' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  it('refuses an unknown user the same way', async () => {
    const res = await post('/api/v1/auth/login', { username: 'nobody-here', password: 'x' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  // Growing delays, the address cap, known addresses and the admin unlock: login-limits.db.test.ts.

  it('ends the session on logout', async () => {
    const cookie = await sessionFor(h, 'liaison');
    const out = await fetch(`${h.base}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await fetch(`${h.base}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('every route but login and health needs a session', () => {
  const routes: [string, string][] = [
    ['POST', '/api/v1/auth/logout'],
    ['GET', '/api/v1/auth/me'],
    ['GET', '/api/v1/config'],
    ['GET', '/api/v1/drones'],
    ['POST', '/api/v1/drones'],
    ['GET', '/api/v1/drones/d-abc/track'],
    ['GET', '/api/v1/tracks'],
    ['GET', '/api/v1/sightings'],
    ['PATCH', '/api/v1/sightings/1'],
    ['GET', '/api/v1/sightings/1/photo'],
    ['GET', '/metrics'],
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/audit'],
  ];
  it.each(routes)('%s %s → 401 with the error shape and a request id', async (method, path) => {
    const res = await fetch(`${h.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie: 'lookout_session=forged' },
      ...(method === 'GET' ? {} : { body: '{}' }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(typeof body.error.message).toBe('string');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('health answers without a session, 503 when the broker is down', async () => {
    const ok = await fetch(`${h.base}/api/v1/health`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ db: 'ok', mqtt: 'ok' });
    h.mqtt.up = false;
    try {
      const down = await fetch(`${h.base}/api/v1/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ db: 'ok', mqtt: 'down' });
    } finally {
      h.mqtt.up = true;
    }
  });
});

describe('forged and dead session cookies', () => {
  const me = (cookie: string) => fetch(`${h.base}/api/v1/auth/me`, { headers: { cookie } });

  it.each([
    ['a random token of the right shape', `lookout_session=${'A'.repeat(43)}`],
    ['an over-long token', `lookout_session=${'x'.repeat(5000)}`],
    ['an empty token', 'lookout_session='],
    ['a garbled cookie header', 'lookout_session=%E0%A4%A;;=='],
    ['a token hash instead of the token', `lookout_session=${'0'.repeat(64)}`],
  ])('%s → 401', async (_name, cookie) => {
    const res = await me(cookie);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('a session past its expiry → 401', async () => {
    const cookie = await sessionFor(h, 'pilot');
    await h.database.query(
      `update sessions set expires_at = now() - interval '1 second'
        where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [cookie.split('=')[1]!],
    );
    expect((await me(cookie)).status).toBe(401);
  });

  it('a live socket with a forged cookie is refused at the upgrade', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${h.base.replace('http', 'ws')}/api/v1/live`, {
      headers: { cookie: `lookout_session=${'B'.repeat(43)}` },
    });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });
});

describe('bad input', () => {
  it('answers wrong types with 400 and the zod issues', async () => {
    const res = await post('/api/v1/auth/login', { username: 42, password: ['x'] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string[] }[] } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.map((d) => d.path[0]).sort()).toEqual(['password', 'username']);
  });

  it('answers invalid JSON with 400', async () => {
    const res = await post('/api/v1/auth/login', '{"username":');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('answers a huge body with 413', async () => {
    const res = await post('/api/v1/auth/login', { username: 'a', password: 'x'.repeat(200_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('echoes a sane incoming request id', async () => {
    const res = await fetch(`${h.base}/api/v1/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it('answers an unknown API path with 404 for a signed-in user', async () => {
    const cookie = await sessionFor(h, 'officer');
    const res = await fetch(`${h.base}/api/v1/nothing-here`, { headers: { cookie } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('metrics', () => {
  it('serves Prometheus text to the metrics token', async () => {
    const res = await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('lookout_http_requests_total');
  });

  it('serves it to an admin session and refuses other roles with 403', async () => {
    expect((await fetch(`${h.base}/metrics`, { headers: { cookie: await sessionFor(h, 'admin') } })).status).toBe(200);
    expect((await fetch(`${h.base}/metrics`, { headers: { cookie: await sessionFor(h, 'commander') } })).status).toBe(
      403,
    );
    expect((await fetch(`${h.base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});
