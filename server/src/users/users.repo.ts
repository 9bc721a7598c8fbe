import { count, eq } from 'drizzle-orm';
import { users, type Database, type Role } from '@lookout/db';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  passwordHash: string;
}

export interface UsersRepo {
  count(): Promise<number>;
  findByUsername(username: string): Promise<UserRow | undefined>;
  /** Insert unless the username exists; returns whether a row was created. */
  insert(user: { username: string; displayName: string; role: Role; passwordHash: string }): Promise<boolean>;
}

export function createUsersRepo(database: Database): UsersRepo {
  const { db } = database;
  return {
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
          role: users.role,
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
