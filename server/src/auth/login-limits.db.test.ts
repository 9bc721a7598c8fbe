import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@lookout/contracts';
import { createTestUser, METRICS_TOKEN, startHarness, type Harness } from '../testing/harness.ts';

// The client address comes from X-Forwarded-For; each test takes fresh documentation addresses (RFC 3849) so
// test files sharing a real database never meet. A small daily cap per address keeps the cap test short.
const ADDRESS_CAP = 12;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ trustProxy: true, env: { LOGIN_ADDR_DAILY_FAILURES: String(ADDRESS_CAP) } });
});
afterAll(async () => {
  await h?.close();
});

const address = () => `2001:db8:${randomBytes(2).toString('hex')}::${randomBytes(2).toString('hex')}`;

const attempt = (username: string, password: string, from: string, base = h.base) =>
  fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ username, password }),
  });

// Other test files on a shared real database fail logins from the loopback address all day; a session here comes
// from an address of its own so the address cap of this file's harness never meets them.
async function sessionFor(role: Role): Promise<string> {
  const u = await createTestUser(h.database, role);
  const res = await attempt(u.username, u.password, address());
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function statusesOf(n: number, username: string, password: string, from: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await attempt(username, password, from)).status);
  return out;
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await h.database.query<{ action: string }>(
    `select action from audit_log where target_id = $1 order by id`,
    [targetId],
  );
  return rows.map((r) => r.action);
}

describe('failed logins per (username, address)', () => {
  it('answers 5 failures at once, then holds the pair back 1 s, 2 s … with 429 and Retry-After', async () => {
    const u = await createTestUser(h.database, 'pilot');
    const from = address();
    expect(await statusesOf(5, u.username, 'bad', from)).toEqual([401, 401, 401, 401, 401]);
    const held = await attempt(u.username, u.password, from);
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('1');
    expect(await held.json()).toMatchObject({ error: { code: 'rate_limited', details: { scope: 'user_addr' } } });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await attempt(u.username, 'bad', from)).status).toBe(401);
    const longer = await attempt(u.username, 'bad', from);
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');
    expect(await auditActions(u.username.toLowerCase())).toEqual(['login_throttled', 'login_throttled']);
  });

  it("never holds up a user's login from his known address for failures from other addresses", async () => {
    const commander = await createTestUser(h.database, 'commander');
    const home = address();
    expect((await attempt(commander.username, commander.password, home)).status).toBe(200);
    // A stranger tries the commander's name from elsewhere until he is held back.
    const stranger = address();
    const tries = await statusesOf(8, commander.username, 'guess', stranger);
    expect(tries.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(tries.at(-1)).toBe(429);
    expect((await attempt(commander.username, commander.password, home)).status).toBe(200);
  });

  it('a good login resets the pair (the username is matched without case)', async () => {
    const u = await createTestUser(h.database, 'officer');
    const from = address();
    expect(await statusesOf(4, u.username.toUpperCase(), 'bad', from)).toEqual([401, 401, 401, 401]);
    expect((await attempt(u.username, u.password, from)).status).toBe(200);
    expect(await statusesOf(4, u.username, 'bad', from)).toEqual([401, 401, 401, 401]);
    expect((await attempt(u.username, u.password, from)).status).toBe(200);
  });

  it('keeps the counts in the database: another server on it holds the pair back too', async () => {
    const u = await createTestUser(h.database, 'officer');
    const from = address();
    await statusesOf(5, u.username, 'bad', from);
    const other = await startHarness({ database: h.database, trustProxy: true });
    try {
      expect((await attempt(u.username, u.password, from, other.base)).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('the daily cap per address', () => {
  it(
    'refuses an address after its failures over many names, except for users known at it; audited once',
    { timeout: 180_000 },
    async () => {
      const known = await createTestUser(h.database, 'officer');
      const newcomer = await createTestUser(h.database, 'pilot');
      const from = address();
      expect((await attempt(known.username, known.password, from)).status).toBe(200);
      for (let i = 0; i < ADDRESS_CAP; i++) expect((await attempt(`nobody-${i}`, 'x', from)).status).toBe(401);
      const capped = await attempt(newcomer.username, newcomer.password, from);
      expect(capped.status).toBe(429);
      expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(80_000);
      expect(await capped.json()).toMatchObject({ error: { code: 'rate_limited', details: { scope: 'addr' } } });
      // The officer who works from this address still gets in; another address is not affected.
      expect((await attempt(known.username, known.password, from)).status).toBe(200);
      expect((await attempt(newcomer.username, newcomer.password, address())).status).toBe(200);
      expect(await auditActions(from)).toEqual(['login_address_capped']);
      const metrics = await (
        await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      expect(metrics).toMatch(/lookout_login_locked_attempts_total\{scope="addr"\} [1-9]/);
      expect(metrics).toMatch(/lookout_login_lockouts_total\{scope="addr"\} [1-9]/);
    },
  );
});

describe('admin unlock', () => {
  it(
    'shows a held-back user in GET /users and lets him in again after POST /users/:id/unlock (audited)',
    { timeout: 180_000 },
    async () => {
      const u = await createTestUser(h.database, 'commander');
      const from = address();
      const admin = await sessionFor('admin');
      // 5 failures (1 s), then one after each delay ran out: 2 s, 4 s, then 8 s to look at.
      await statusesOf(5, u.username, 'bad', from);
      for (const waitS of [1, 2, 4]) {
        await new Promise((r) => setTimeout(r, waitS * 1000 + 100));
        expect((await attempt(u.username, 'bad', from)).status).toBe(401);
      }
      const list = async () => {
        const res = await fetch(`${h.base}/api/v1/users`, { headers: { cookie: admin } });
        const body = (await res.json()) as {
          users: { id: string; username: string; locked: { until: string; failures: number } | null }[];
        };
        return body.users.find((x) => x.username === u.username)!;
      };
      const before = await list();
      expect(before.locked).toMatchObject({ failures: 8 });
      expect(Date.parse(before.locked!.until)).toBeGreaterThan(Date.now());

      const officer = await sessionFor('officer');
      const refused = await fetch(`${h.base}/api/v1/users/${before.id}/unlock`, {
        method: 'POST',
        headers: { cookie: officer },
      });
      expect(refused.status).toBe(403);

      const res = await fetch(`${h.base}/api/v1/users/${before.id}/unlock`, {
        method: 'POST',
        headers: { cookie: admin },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { locked: unknown } }).user.locked).toBeNull();
      expect((await list()).locked).toBeNull();
      expect((await attempt(u.username, u.password, from)).status).toBe(200);
      expect(await auditActions(before.id)).toContain('login_unlock');
      expect(await auditActions(u.username.toLowerCase())).toContain('login_throttled');
    },
  );

  it('answers an unknown user id with 404 and a bad id with 400', async () => {
    const admin = await sessionFor('admin');
    const unknown = await fetch(`${h.base}/api/v1/users/00000000-0000-4000-8000-000000000000/unlock`, {
      method: 'POST',
      headers: { cookie: admin },
    });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${h.base}/api/v1/users/not-a-uuid/unlock`, { method: 'POST', headers: { cookie: admin } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request' } });
  });
});
