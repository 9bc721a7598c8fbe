import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, startHarness, type Harness } from '../testing/harness.ts';

// Only the hashing load is measured here: no address cap. The flood and the known user come from addresses of
// their own (X-Forwarded-For behind a trusted proxy), so the failures counted in a shared database never hold
// back other test files' logins from 127.0.0.1.
const NO_ADDRESS_CAP = { LOGIN_ADDR_DAILY_FAILURES: '1000000', LOGIN_ADDR_MAX_FAILURES: '100000' };
const FLOOD_FROM = `198.18.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;
const KNOWN_FROM = `198.19.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;
const FLOOD = 48;
const ROUNDS = 2;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ trustProxy: true, env: NO_ADDRESS_CAP });
});
afterAll(async () => {
  await h?.close();
});

/** One request on its own connection (no keep-alive: on a loaded machine a reused idle socket may be closed). */
function call(method: 'GET' | 'POST', path: string, body?: unknown, from?: string): Promise<{ status: number }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = data ? { 'content-type': 'application/json' } : {};
  if (from) headers['x-forwarded-for'] = from;
  return new Promise((resolve, reject) => {
    const req = request(`${h.base}${path}`, { method, agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
const login = (username: string, password: string, from = KNOWN_FROM) =>
  call('POST', '/api/v1/auth/login', { username, password }, from);
const health = () => call('GET', '/api/v1/health');

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

describe('login under a flood of wrong passwords', () => {
  it('keeps health and a known user’s login responsive while 48 wrong logins hash at once', async () => {
    const good = await createTestUser(h.database, 'commander');
    // The commander has signed in from here before (a known address).
    expect((await login(good.username, good.password)).status).toBe(200);

    const idleHealth: number[] = [];
    for (let i = 0; i < 5; i++) idleHealth.push((await timed(health)).ms);
    const idleLogin = (await timed(() => login(good.username, good.password))).ms;

    const floodHealth: number[] = [];
    const floodLogin: number[] = [];
    const floodTotal: number[] = [];
    const statuses = new Map<number, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      let done = false;
      const flood = Promise.all(
        Array.from({ length: FLOOD }, async () => {
          // A refused or dropped connection counts as status 0 (the server must not drop any).
          const status = await login(`flood-${randomUUID().slice(0, 12)}`, 'wrong-password', FLOOD_FROM).then(
            (res) => res.status,
            () => 0,
          );
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
      ).finally(() => {
        done = true;
        floodTotal.push(performance.now() - t0);
      });
      const healthProbe = (async () => {
        while (!done) floodHealth.push((await timed(health)).ms);
      })();
      const loginProbe = (async () => {
        await new Promise((r) => setTimeout(r, 50));
        const good1 = await timed(() => login(good.username, good.password));
        expect(good1.value.status).toBe(200);
        floodLogin.push(good1.ms);
      })();
      await Promise.all([flood, healthProbe, loginProbe]);
      process.stdout.write(
        `login flood round ${round + 1}: ${Math.round(floodTotal.at(-1)!)} ms for ${FLOOD} wrong logins, ` +
          `a known login ${Math.round(floodLogin.at(-1)!)} ms, health median ${Math.round(median(floodHealth))} ms\n`,
      );
    }

    const figures = {
      health_idle_ms: median(idleHealth),
      health_flood_median_ms: median(floodHealth),
      health_flood_max_ms: Math.max(...floodHealth),
      login_idle_ms: idleLogin,
      login_flood_median_ms: median(floodLogin),
      flood_total_median_ms: median(floodTotal),
      flood_statuses: [...statuses].map(([s, n]) => `${s}x${n}`).join('/'),
    };
    process.stdout.write(
      `bench:login target=${h.database.kind} ` +
        Object.entries(figures)
          .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v) : v}`)
          .join(' ') +
        '\n',
    );
    expect(statuses.get(0) ?? 0).toBe(0);
    expect(figures.health_flood_median_ms).toBeLessThan(500);
    // A known login waits for the hashes in progress, not behind the flood's 48 (first in, first out it would end
    // with the flood, or be shed with 503). Bounded against the flood in the same run: other processes on the
    // machine slow both alike (unloaded: ~0.3 s idle, 1–2 s in the flood; at load 20 on 2 cores: 8–14 s of 50–80 s).
    expect(figures.login_flood_median_ms).toBeLessThan(figures.flood_total_median_ms / 2);
  }, 240_000);
});
