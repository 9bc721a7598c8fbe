import type { Role } from '@lookout/db';
import { AppError } from '../http/errors.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import type { UsersRepo } from './users.repo.ts';

export interface Account {
  username: string;
  password: string;
  role: Role;
}

/** Fixed demo accounts, seeded only on the embedded default (DEMO). */
export const demoAccounts: readonly (Account & { displayName: string })[] = [
  { username: 'pilot', password: 'lookout-pilot', role: 'pilot', displayName: '飞手 Pilot' },
  { username: 'officer', password: 'lookout-officer', role: 'officer', displayName: '民警 Officer' },
  { username: 'liaison', password: 'lookout-liaison', role: 'liaison', displayName: '联络员 Liaison' },
  { username: 'commander', password: 'lookout-commander', role: 'commander', displayName: '指挥长 Commander' },
];

export interface SeedResult {
  /** Set only when the first admin was created with a generated password: print it once. */
  generatedAdmin: Account | undefined;
  /** Demo accounts that exist and still carry their demo password. */
  demo: Account[];
}

export function createUsersService(repo: UsersRepo) {
  return {
    /**
     * On a database with no users create `admin` (password from LOOKOUT_ADMIN_PASSWORD or generated); with
     * `demo`, also make sure the demo accounts exist.
     */
    async seed(options: { adminPassword: string | undefined; demo: boolean }): Promise<SeedResult> {
      let generatedAdmin: Account | undefined;
      if ((await repo.count()) === 0) {
        const password = options.adminPassword ?? generatePassword();
        const created = await repo.insert({
          username: 'admin',
          displayName: '管理员 Admin',
          role: 'admin',
          passwordHash: await hashPassword(password),
        });
        if (created && !options.adminPassword) generatedAdmin = { username: 'admin', password, role: 'admin' };
      }
      const demo: Account[] = [];
      if (options.demo) {
        for (const a of demoAccounts) {
          const existing = await repo.findByUsername(a.username);
          if (!existing) {
            await repo.insert({
              username: a.username,
              displayName: a.displayName,
              role: a.role,
              passwordHash: await hashPassword(a.password),
            });
            demo.push({ username: a.username, password: a.password, role: a.role });
          } else if (existing.role === a.role && (await verifyPassword(existing.passwordHash, a.password))) {
            demo.push({ username: a.username, password: a.password, role: a.role });
          }
        }
      }
      return { generatedAdmin, demo };
    },

    async createUser(input: { username: string; role: Role; password?: string | undefined; displayName?: string }) {
      const password = input.password ?? generatePassword();
      const created = await repo.insert({
        username: input.username,
        displayName: input.displayName ?? input.username,
        role: input.role,
        passwordHash: await hashPassword(password),
      });
      if (!created) throw new AppError('conflict', `User ${input.username} already exists`);
      return { username: input.username, password, role: input.role } satisfies Account;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
