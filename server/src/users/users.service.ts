import { canonicalRoles, type Role } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { Throttle } from '../auth/login-limits.repo.ts';
import type { UserView, UsersRepo } from './users.repo.ts';
import type { AdminUser, CreateUserBody } from '@lookout/contracts';

export interface Account {
  username: string;
  password: string;
  roles: Role[];
}

const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean =>
  canonicalRoles(a).join() === canonicalRoles(b).join();

/** Fixed demo accounts, seeded only on the embedded default (DEMO). */
export const demoAccounts: readonly (Account & { displayName: string })[] = [
  { username: 'pilot', password: 'lookout-pilot', roles: ['pilot'], displayName: '飞手 Pilot' },
  { username: 'officer', password: 'lookout-officer', roles: ['officer'], displayName: '民警 Officer' },
  { username: 'liaison', password: 'lookout-liaison', roles: ['liaison'], displayName: '联络员 Liaison' },
  { username: 'commander', password: 'lookout-commander', roles: ['commander'], displayName: '指挥长 Commander' },
  // The duty officer of a small station: on the ground and running the case.
  { username: 'duty', password: 'lookout-duty', roles: ['officer', 'commander'], displayName: '值班民警 Duty officer' },
];

export interface SeedResult {
  /** Set only when the first admin was created with a generated password: print it once. */
  generatedAdmin: Account | undefined;
  /** Demo accounts that exist and still carry their demo password. */
  demo: Account[];
}

/**
 * What user management needs from the sessions: revoke them, tell live sockets a user changed, see who is held
 * back by failed logins and let them in again.
 */
export interface SessionControl {
  revokeSessions(userId: string): Promise<number>;
  events: { changed(userId: string): void };
  throttled(usernames: string[]): Promise<Map<string, Throttle>>;
  unlock(user: { id: string; username: string }, by: SessionUser, remoteAddr: string | undefined): Promise<unknown>;
}

/** A user as the admin sees it: `locked` while failed logins hold the name back from some address. */
export type AdminUserView = AdminUser;

/** What else ends when an account is disabled (a pilot's DJI broker credentials and tokens). */
export interface UserHooks {
  onDisabled?: (userId: string) => Promise<void>;
}

export function createUsersService(repo: UsersRepo, sessions?: SessionControl, hooks: UserHooks = {}) {
  const now = () => new Date();
  const control = () => {
    if (!sessions) throw new Error('user management needs the session control');
    return sessions;
  };
  async function withLocks(list: UserView[]): Promise<AdminUserView[]> {
    const locks = sessions ? await sessions.throttled(list.map((u) => u.username)) : new Map<string, Throttle>();
    return list.map((u) => {
      const lock = locks.get(u.username.toLowerCase());
      return { ...u, locked: lock ? { until: lock.until.toISOString(), failures: lock.failures } : null };
    });
  }
  async function must(id: string): Promise<AdminUserView> {
    const u = await repo.get(id, now());
    if (!u) throw new AppError('not_found', `No user ${id}`);
    return (await withLocks([u]))[0]!;
  }
  function notSelf(id: string, by: SessionUser, what: string): void {
    if (id === by.id) throw new AppError('forbidden', `An admin cannot ${what} his own account; ask another admin`);
  }

  return {
    list: async () => withLocks(await repo.list(now())),
    get: must,

    /** Clear the failed-login counts of a user from every address (audited by the session control). */
    async unlock(id: string, by: SessionUser, remoteAddr: string | undefined): Promise<{ user: AdminUserView }> {
      const user = await must(id);
      await control().unlock(user, by, remoteAddr);
      return { user: await must(id) };
    },

    /** A new account; a generated password is returned once. */
    async create(body: CreateUserBody): Promise<{ user: AdminUserView; password?: string }> {
      const account = await this.createUser(body);
      const user = (await repo.findByUsername(account.username))!;
      return { user: await must(user.id), ...(body.password ? {} : { password: account.password }) };
    },

    /** Disable an account: every session of it ends at once (HTTP and live socket). */
    async setDisabled(
      id: string,
      disabled: boolean,
      by: SessionUser,
    ): Promise<{ user: AdminUserView; revoked: number }> {
      notSelf(id, by, disabled ? 'disable' : 'enable');
      await must(id);
      await repo.update(id, { disabled });
      const revoked = disabled ? await control().revokeSessions(id) : 0;
      if (disabled) await hooks.onDisabled?.(id);
      return { user: await must(id), revoked };
    },

    /** A new set of roles; open live sockets of the user close so they resume under it. */
    async setRoles(id: string, roles: readonly Role[], by: SessionUser): Promise<{ user: AdminUserView }> {
      notSelf(id, by, 'change the roles of');
      await must(id);
      await repo.update(id, { roles: canonicalRoles(roles) });
      control().events.changed(id);
      return { user: await must(id) };
    },

    /** The station the user works at (cases he opens belong to it); null = the home station. */
    async setStation(id: string, station: string | null): Promise<{ user: AdminUserView }> {
      await must(id);
      await repo.update(id, { station });
      return { user: await must(id) };
    },

    /** Set (or generate) a password and end every session of the account. */
    async resetPassword(
      id: string,
      password: string | undefined,
    ): Promise<{ user: AdminUserView; password?: string; revoked: number }> {
      await must(id);
      const next = password ?? generatePassword();
      await repo.update(id, { passwordHash: await hashPassword(next) });
      const revoked = await control().revokeSessions(id);
      return { user: await must(id), revoked, ...(password ? {} : { password: next }) };
    },

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
          roles: ['admin'],
          passwordHash: await hashPassword(password),
        });
        if (created && !options.adminPassword) generatedAdmin = { username: 'admin', password, roles: ['admin'] };
      }
      const demo: Account[] = [];
      if (options.demo) {
        for (const a of demoAccounts) {
          const existing = await repo.findByUsername(a.username);
          if (!existing) {
            await repo.insert({
              username: a.username,
              displayName: a.displayName,
              roles: a.roles,
              passwordHash: await hashPassword(a.password),
            });
            demo.push({ username: a.username, password: a.password, roles: a.roles });
          } else if (sameRoles(existing.roles, a.roles) && (await verifyPassword(existing.passwordHash, a.password))) {
            demo.push({ username: a.username, password: a.password, roles: a.roles });
          }
        }
      }
      return { generatedAdmin, demo };
    },

    async createUser(input: {
      username: string;
      roles: readonly Role[];
      password?: string | undefined;
      displayName?: string;
    }) {
      const password = input.password ?? generatePassword();
      const created = await repo.insert({
        username: input.username,
        displayName: input.displayName ?? input.username,
        roles: canonicalRoles(input.roles),
        passwordHash: await hashPassword(password),
      });
      if (!created) throw new AppError('conflict', `User ${input.username} already exists`);
      return { username: input.username, password, roles: canonicalRoles(input.roles) } satisfies Account;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
