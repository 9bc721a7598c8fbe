import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '@lookout/db';
import type { SessionUser } from '../auth/auth.repo.ts';
import { allow, ANYONE, MAP, only, rolesOrToken, serviceToken } from './access.ts';
import { configureAccess } from './access-check.ts';
import { errorBoundary, notFound } from './errors.ts';
import { createRouter } from './router.ts';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/**
 * Sessions by cookie value: `cookie: <role>[,<role>…]` signs in with those roles (the real lookup is
 * auth.service's).
 */
const sessionUser = (req: express.Request): Promise<SessionUser | undefined> => {
  const cookie = req.headers.cookie;
  if (!cookie) return Promise.resolve(undefined);
  const roles = cookie.split(',') as Role[];
  return Promise.resolve({ id: `u-${cookie}`, username: cookie, displayName: cookie, roles });
};

async function serve(build: (app: express.Express) => void) {
  const registry = new Registry();
  const denied = new Counter({ name: 'denied', help: 'denied', labelNames: ['route'] as const, registers: [registry] });
  const app = express();
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  configureAccess(app, { sessionUser, denied });
  build(app);
  app.use(notFound);
  app.use(errorBoundary(pino({ level: 'silent' })));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server!.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  return { get, denied: async () => (await denied.get()).values };
}

const drones = (app: express.Express) => {
  const api = createRouter();
  api.use(createRouter().get('/drones/:id/track', allow(MAP), (req, res) => res.json({ track: req.params.id })));
  app.use('/api/v1', api);
};

describe('allow() on a case-sensitive, strict router', () => {
  it('answers the declared path and nothing spelled otherwise', async () => {
    const { get } = await serve(drones);
    expect((await get('/api/v1/drones/d1/track', { cookie: 'pilot' })).status).toBe(200);
    for (const variant of [
      '/api/v1/drones/d1/Track',
      '/API/V1/DRONES/d1/TRACK',
      '/api/v1/Drones/d1/track',
      '/api/v1/drones/d1/track/',
      '/api/v1//drones/d1/track',
      '/api/v1/%64rones/d1/track',
      '/api/v1/drones/d1/%74rack',
    ])
      expect({ variant, status: (await get(variant, { cookie: 'liaison' })).status }).toEqual({ variant, status: 404 });
  });

  it('401 without a session, 403 and a counted denial for a wrong role, with the error body', async () => {
    const { get, denied } = await serve(drones);
    expect(await get('/api/v1/drones/d1/track')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
    expect(await get('/api/v1/drones/d1/track', { cookie: 'liaison' })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', message: 'This needs one of the roles: pilot, officer, commander, admin' } },
    });
    expect(await denied()).toEqual([
      expect.objectContaining({ labels: { route: 'GET /api/v1/drones/:id/track' }, value: 1 }),
    ]);
  });

  it('admits a user holding several roles when any one of them is admitted', async () => {
    const { get } = await serve((app) => {
      app.get('/command', allow(only('commander', 'admin')), (_q, s) => s.json({ ok: true }));
    });
    expect((await get('/command', { cookie: 'officer' })).status).toBe(403);
    expect((await get('/command', { cookie: 'liaison,pilot' })).status).toBe(403);
    expect((await get('/command', { cookie: 'officer,commander' })).status).toBe(200);
    const map = await serve(drones);
    expect((await map.get('/api/v1/drones/d1/track', { cookie: 'liaison' })).status).toBe(403);
    expect(await map.get('/api/v1/drones/d1/track', { cookie: 'liaison,officer' })).toMatchObject({
      status: 200,
      body: { track: 'd1' },
    });
  });

  it('a service-token route takes its bearer token only, never a session; an unset token opens nothing', async () => {
    const { get } = await serve((app) => {
      app.get('/aml', allow(serviceToken('AML_SERVICE_TOKEN', 'secret-aml')), (_q, s) => s.json({ ok: true }));
      app.get('/unset', allow(serviceToken('AML_SERVICE_TOKEN', undefined)), (_q, s) => s.json({ ok: true }));
    });
    expect((await get('/aml', { authorization: 'Bearer secret-aml' })).status).toBe(200);
    expect((await get('/aml', { authorization: 'Bearer secret-amm' })).status).toBe(401);
    expect((await get('/aml', { cookie: 'admin' })).status).toBe(401);
    expect((await get('/unset', { authorization: 'Bearer ' })).status).toBe(401);
  });

  it('a role route with a token: the token or a session of the role', async () => {
    const { get } = await serve((app) => {
      app.get('/metrics', allow(rolesOrToken(only('admin'), 'METRICS_TOKEN', 'secret-m')), (_q, s) => s.json({}));
    });
    expect((await get('/metrics', { authorization: 'Bearer secret-m' })).status).toBe(200);
    expect((await get('/metrics', { cookie: 'admin' })).status).toBe(200);
    expect((await get('/metrics', { cookie: 'pilot' })).status).toBe(403);
    expect((await get('/metrics', { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('records the matched route and its parameters for the audit trail, also when the handler fails', async () => {
    let seen: unknown;
    const { get } = await serve((app) => {
      app.use((req, res, next) => {
        res.on('finish', () => (seen = req.matchedRoute));
        next();
      });
      const api = createRouter();
      api.use(
        createRouter().get('/cases/:id', allow(ANYONE), () => {
          throw new Error('boom');
        }),
      );
      app.use('/api/v1', api);
    });
    expect((await get('/api/v1/cases/c%2042')).status).toBe(500);
    expect(seen).toEqual({ pattern: '/api/v1/cases/:id', params: { id: 'c 42' } });
  });
});
