import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { accessCounters } from '../audit/access-metrics.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { hashPassword } from '../users/passwords.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createAuthRepo } from './auth.repo.ts';
import { createAuthService } from './auth.service.ts';
import { createLoginLocksRepo } from './login-locks.repo.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

function service(now: () => Date) {
  return createAuthService({
    authRepo: createAuthRepo(database),
    usersRepo: createUsersRepo(database),
    locksRepo: createLoginLocksRepo(database),
    audit: createAuditRepo(database),
    sessionTtlHours: 1,
    lockPolicy: { maxFailures: { user: 3, addr: 4 }, windowMs: 60_000, lockMs: 120_000 },
    counters: accessCounters(new Registry()),
    sessionRecheckMs: 10_000,
    now,
  });
}

// Documentation addresses (RFC 5737), unique per test: no other test file signs in from them.
const address = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;

describe('login locks', () => {
  it('locks an address after its failures over many usernames, for the lock period only', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const auth = service(() => new Date(t));
    const ip = address();
    for (let i = 0; i < 4; i++) {
      await expect(auth.login({ username: `nobody-${i}-${randomUUID()}`, password: 'x' }, ip)).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
      t += 1000;
    }
    await expect(auth.login({ username: `other-${randomUUID()}`, password: 'x' }, ip)).rejects.toMatchObject({
      code: 'rate_limited',
      details: { retryAfterS: 119 },
    });
    // Another address is not affected; after the lock the address may try again.
    await expect(auth.login({ username: `x-${randomUUID()}`, password: 'x' }, address())).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    t += 120_000;
    await expect(auth.login({ username: `y-${randomUUID()}`, password: 'x' }, ip)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('forgets failures older than the window', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const auth = service(() => new Date(t));
    const username = `u-${randomUUID().slice(0, 8)}`;
    await createUsersRepo(database).insert({
      username,
      displayName: username,
      role: 'pilot',
      passwordHash: await hashPassword('right-password'),
    });
    for (let i = 0; i < 2; i++)
      await expect(auth.login({ username, password: 'bad' }, address())).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    t += 61_000;
    for (let i = 0; i < 2; i++)
      await expect(auth.login({ username, password: 'bad' }, address())).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    expect((await auth.login({ username, password: 'right-password' }, address())).user.username).toBe(username);
  });
});
