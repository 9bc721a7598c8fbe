import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createTestUser,
  insertDrone,
  insertFix,
  login,
  sessionFor,
  startHarness,
  type Harness,
} from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';

// Every test here signs in from 127.0.0.1: on a shared database, an address lock would lock out other test files.
const NO_ADDRESS_LOCK = { LOGIN_ADDR_DAILY_FAILURES: '10000000' };
let h: Harness;
let admin: string;
let adminId: string;
beforeAll(async () => {
  h = await startHarness({ env: NO_ADDRESS_LOCK });
  admin = await sessionFor(h, 'admin');
  adminId = (
    (await (await fetch(`${h.base}/api/v1/auth/me`, { headers: { cookie: admin } })).json()) as { user: { id: string } }
  ).user.id;
});
afterAll(async () => {
  await h?.close();
});

const api = async (method: string, path: string, cookie: string, body?: unknown) => {
  const res = await fetch(`${h.base}/api/v1${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
};

async function userOf(cookie: string): Promise<{ id: string; roles: string[] }> {
  return ((await api('GET', '/auth/me', cookie)).body as { user: { id: string; roles: string[] } }).user;
}

/** A live socket that records its close code. */
async function socket(cookie: string) {
  const ws = new WebSocket(`${h.base.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'resume', after: null }));
  return { ws, closed };
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe('user management', () => {
  it('creates a user with a generated password shown once, who can then sign in', async () => {
    const username = `new-${Date.now()}`;
    const created = await api('POST', '/users', admin, { username, roles: ['pilot'] });
    expect(created.status).toBe(201);
    const password = created.body.password as string;
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(created.body.user).toMatchObject({ username, roles: ['pilot'], disabled: false });
    expect(await login(h.base, username, password)).toMatch(/^lookout_session=/);
    const list = await api('GET', '/users', admin);
    expect((list.body.users as { username: string; password?: string }[]).find((u) => u.username === username)).toEqual(
      expect.not.objectContaining({ password: expect.anything() }),
    );
  });

  it('refuses bad input: a duplicate name (409), a made-up, repeated or missing role and a short password (400)', async () => {
    const u = await createTestUser(h.database, 'pilot');
    expect((await api('POST', '/users', admin, { username: u.username, roles: ['pilot'] })).status).toBe(409);
    for (const roles of [['superuser'], [], ['pilot', 'pilot'], 'pilot', null]) {
      expect({ roles, status: (await api('POST', '/users', admin, { username: 'x-role', roles })).status }).toEqual({
        roles,
        status: 400,
      });
    }
    expect((await api('POST', '/users', admin, { username: 'x-old', role: 'pilot' })).status).toBe(400);
    expect((await api('POST', '/users', admin, { username: 'x-pw', roles: ['pilot'], password: 'short' })).status).toBe(
      400,
    );
    expect((await api('POST', '/users/not-a-uuid/disable', admin)).status).toBe(400);
  });

  it('no self-escalation: an admin cannot change his own roles or disable himself; others cannot reach it', async () => {
    expect((await api('PUT', `/users/${adminId}/roles`, admin, { roles: ['pilot'] })).status).toBe(403);
    expect((await api('POST', `/users/${adminId}/disable`, admin)).status).toBe(403);
    expect((await userOf(admin)).roles).toEqual(['admin']);
    const commander = await sessionFor(h, 'commander');
    const me = await userOf(commander);
    expect((await api('PUT', `/users/${me.id}/roles`, commander, { roles: ['commander', 'admin'] })).status).toBe(403);
    expect((await api('POST', '/users', commander, { username: `esc-${Date.now()}`, roles: ['admin'] })).status).toBe(
      403,
    );
    expect((await userOf(commander)).roles).toEqual(['commander']);
  });

  it('gives a user several roles, stored in one order, and he may do what any of them may', async () => {
    const u = await createTestUser(h.database, 'officer');
    const cookie = await login(h.base, u.username, u.password);
    const { id } = await userOf(cookie);
    expect((await api('GET', '/board', cookie)).status).toBe(403);
    const set = await api('PUT', `/users/${id}/roles`, admin, { roles: ['commander', 'officer'] });
    expect(set.status).toBe(200);
    expect(set.body.user).toMatchObject({ roles: ['officer', 'commander'] });
    expect((await userOf(cookie)).roles).toEqual(['officer', 'commander']);
    expect((await api('GET', '/board', cookie)).status).toBe(200);
    expect((await api('PUT', `/users/${id}/roles`, admin, { roles: [] })).status).toBe(400);
    expect((await userOf(cookie)).roles).toEqual(['officer', 'commander']);
  });

  it('disabling a user ends his old session at once: 401 on HTTP and his live socket closed (4001)', async () => {
    const u = await createTestUser(h.database, 'officer');
    const cookie = await login(h.base, u.username, u.password);
    const { id } = await userOf(cookie);
    const live = await socket(cookie);
    const res = await api('POST', `/users/${id}/disable`, admin);
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBe(1);
    expect((await api('GET', '/auth/me', cookie)).status).toBe(401);
    expect(await within(live.closed, 2000)).toEqual({ code: 4001, reason: 'session ended' });
    // Disabled: the right password no longer signs in, and a new socket is refused.
    await expect(login(h.base, u.username, u.password)).rejects.toThrow(/401/);
    expect((await api('POST', `/users/${id}/enable`, admin)).status).toBe(200);
    expect(await login(h.base, u.username, u.password)).toMatch(/^lookout_session=/);
  });

  it('a password reset revokes every session and the old password', async () => {
    const u = await createTestUser(h.database, 'liaison');
    const a = await login(h.base, u.username, u.password);
    const b = await login(h.base, u.username, u.password);
    const { id } = await userOf(a);
    const res = await api('POST', `/users/${id}/password`, admin, {});
    expect(res.body.revoked).toBe(2);
    expect((await api('GET', '/auth/me', a)).status).toBe(401);
    expect((await api('GET', '/auth/me', b)).status).toBe(401);
    await expect(login(h.base, u.username, u.password)).rejects.toThrow(/401/);
    expect(await login(h.base, u.username, res.body.password as string)).toMatch(/^lookout_session=/);
  });

  it('lists a user’s sessions and revokes one of them', async () => {
    const u = await createTestUser(h.database, 'pilot');
    const a = await login(h.base, u.username, u.password);
    const b = await login(h.base, u.username, u.password);
    const { id } = await userOf(a);
    const sessions = (await api('GET', `/users/${id}/sessions`, admin)).body.sessions as {
      id: string;
      active: boolean;
    }[];
    expect(sessions.filter((s) => s.active)).toHaveLength(2);
    expect((await api('DELETE', `/users/${id}/sessions/${sessions[0]!.id}`, admin)).body.revoked).toBe(1);
    const alive = [(await api('GET', '/auth/me', a)).status, (await api('GET', '/auth/me', b)).status].sort();
    expect(alive).toEqual([200, 401]);
    expect((await api('DELETE', `/users/${id}/sessions`, admin)).body.revoked).toBe(1);
    expect((await api('GET', '/auth/me', a)).status).toBe(401);
    expect((await api('GET', '/auth/me', b)).status).toBe(401);
  });
});

describe('a role change while connected', () => {
  it('closes the socket (4002); resumed as a liaison it no longer receives drone positions', async () => {
    const u = await createTestUser(h.database, 'officer');
    const cookie = await login(h.base, u.username, u.password);
    const { id } = await userOf(cookie);
    const drone = await insertDrone(h.database);
    const before = await socket(cookie);
    expect((await api('PUT', `/users/${id}/roles`, admin, { roles: ['liaison'] })).status).toBe(200);
    expect(await within(before.closed, 2000)).toEqual({ code: 4002, reason: 'roles changed; resume' });
    // Same cookie: the session lives on, under the new role.
    expect((await userOf(cookie)).roles).toEqual(['liaison']);
    expect((await api('GET', '/drones', cookie)).status).toBe(403);
    const asLiaison = await liveClient(h, cookie);
    const commander = await liveClient(h, await sessionFor(h, 'commander'));
    const snapshot = await asLiaison.waitFor((m) => m.type === 'snapshot');
    expect(snapshot.type === 'snapshot' && snapshot.drones).toEqual([]);
    await commander.waitFor((m) => m.type === 'snapshot');
    await insertFix(h.database, drone.id, { t: new Date(), lon: 120.01, lat: 28.9 });
    await commander.waitFor((m) => m.type === 'positions' && m.positions.some((p) => p.droneId === drone.id));
    await new Promise((r) => setTimeout(r, 300));
    expect(asLiaison.messages.filter((m) => m.type === 'positions')).toEqual([]);
    asLiaison.close();
    commander.close();
  });

  it('a socket of another server notices on its periodic re-check', async () => {
    const other = await startHarness({
      database: h.database,
      env: { ...NO_ADDRESS_LOCK, LIVE_SESSION_RECHECK_S: '0.2' },
    });
    try {
      const u = await createTestUser(h.database, 'pilot');
      const cookie = await login(other.base, u.username, u.password);
      const { id } = await userOf(cookie);
      const ws = new WebSocket(`${other.base.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      await new Promise((resolve) => ws.once('open', resolve));
      // Disabled through the first server: the second learns it from the database.
      expect((await api('POST', `/users/${id}/disable`, admin)).status).toBe(200);
      expect(await within(closed, 3000)).toBe(4001);
    } finally {
      await other.close();
    }
  });
});
