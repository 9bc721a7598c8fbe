import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { sessions, users, type Database, type Role } from '@lookout/db';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface AuthRepo {
  createSession(s: { tokenHash: string; userId: string; expiresAt: Date; remoteAddr: string | null }): Promise<void>;
  /** The user of a live session (not expired, not revoked, user not disabled). */
  findSessionUser(tokenHash: string, now: Date): Promise<SessionUser | undefined>;
  revokeSession(tokenHash: string, now: Date): Promise<void>;
  deleteExpired(now: Date): Promise<void>;
}

export function createAuthRepo(database: Database): AuthRepo {
  const { db } = database;
  return {
    async createSession(s) {
      await db.insert(sessions).values(s);
    },
    async findSessionUser(tokenHash, now) {
      const [row] = await db
        .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            eq(sessions.tokenHash, tokenHash),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, now),
            eq(users.disabled, false),
          ),
        );
      return row;
    },
    async revokeSession(tokenHash, now) {
      await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.tokenHash, tokenHash));
    },
    async deleteExpired(now) {
      await db
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, now), lt(sessions.revokedAt, new Date(now.getTime() - 86_400_000))));
    },
  };
}
