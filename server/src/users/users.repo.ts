import { asc, count, eq, sql } from 'drizzle-orm';
import type { AdminUser } from '@lookout/contracts';
import { sessions, users, type Database, type Role } from '@lookout/db';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  passwordHash: string;
}

/** A user as the list shows him, before his lockout is looked up (users.service.ts adds it). */
export type UserView = Omit<AdminUser, 'locked'>;

export interface UsersRepo {
  count(): Promise<number>;
  findByUsername(username: string): Promise<UserRow | undefined>;
  /** Insert unless the username exists; returns whether a row was created. */
  insert(user: { username: string; displayName: string; roles: Role[]; passwordHash: string }): Promise<boolean>;
  list(now: Date): Promise<UserView[]>;
  get(id: string, now: Date): Promise<UserView | undefined>;
  /** Change some fields; false when there is no such user. */
  update(
    id: string,
    set: { roles?: Role[]; station?: string | null; disabled?: boolean; passwordHash?: string },
  ): Promise<boolean>;
}

export function createUsersRepo(database: Database): UsersRepo {
  const { db } = database;
  const view = (now: Date) =>
    db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        roles: users.roles,
        station: users.station,
        disabled: users.disabled,
        createdAt: users.createdAt,
        activeSessions: sql<number>`(select count(*) from ${sessions} s
          where s.user_id = ${users.id} and s.revoked_at is null and s.expires_at > ${now.toISOString()}::timestamptz)`,
      })
      .from(users);
  const toView = (r: Awaited<ReturnType<ReturnType<typeof view>['execute']>>[number]): UserView => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    activeSessions: Number(r.activeSessions),
  });
  return {
    async list(now) {
      return (await view(now).orderBy(asc(users.username))).map(toView);
    },
    async get(id, now) {
      const [row] = await view(now).where(eq(users.id, id));
      return row ? toView(row) : undefined;
    },
    async update(id, set) {
      const rows = await db.update(users).set(set).where(eq(users.id, id)).returning({ id: users.id });
      return rows.length > 0;
    },
    async count() {
      const [row] = await db.select({ n: count() }).from(users);
      return row?.n ?? 0;
    },
    async findByUsername(username) {
      const [row] = await db
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          roles: users.roles,
          disabled: users.disabled,
          passwordHash: users.passwordHash,
        })
        .from(users)
        .where(eq(users.username, username));
      return row;
    },
    async insert(user) {
      const rows = await db
        .insert(users)
        .values(user)
        .onConflictDoNothing({ target: users.username })
        .returning({ id: users.id });
      return rows.length > 0;
    },
  };
}
