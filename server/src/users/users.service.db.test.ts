import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { verifyPassword } from './passwords.ts';
import { createUsersRepo } from './users.repo.ts';
import { createUsersService } from './users.service.ts';

// The first-admin rule needs a database without users: the private PGlite copy. A shared PostgreSQL
// (DATABASE_URL) holds other test files' users, so there only the rest is checked.
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('seed', () => {
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'creates admin with a generated password once, then the demo accounts',
    async () => {
      const repo = createUsersRepo(database);
      const users = createUsersService(repo);
      const first = await users.seed({ adminPassword: undefined, demo: true });
      expect(first.generatedAdmin?.username).toBe('admin');
      expect(first.generatedAdmin?.password).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(
        await verifyPassword((await repo.findByUsername('admin'))!.passwordHash, first.generatedAdmin!.password),
      ).toBe(true);
      expect(first.demo.map((a) => `${a.username} / ${a.password} / ${a.roles.join(',')}`)).toEqual([
        'pilot / lookout-pilot / pilot',
        'officer / lookout-officer / officer',
        'liaison / lookout-liaison / liaison',
        'commander / lookout-commander / commander',
        'duty / lookout-duty / officer,commander',
      ]);

      const second = await users.seed({ adminPassword: undefined, demo: true });
      expect(second.generatedAdmin).toBeUndefined();
      expect(second.demo).toHaveLength(5);
    },
  );

  it('refuses a second user with the same name', async () => {
    const users = createUsersService(createUsersRepo(database));
    const username = `dup-${randomUUID().slice(0, 8)}`;
    await users.createUser({ username, roles: ['officer'] });
    await expect(users.createUser({ username, roles: ['officer'] })).rejects.toMatchObject({ code: 'conflict' });
  });
});
