import type { SessionInfo, SessionUser } from '@lookout/contracts';

export type { SessionUser };
import { and, desc, eq, gt, isNull, like, lt, or } from 'drizzle-orm';
import { sessions, users, type Database } from '@lookout/db';

export type { SessionInfo };

export interface AuthRepo {
  createSession(s: { tokenHash: string; userId: string; expiresAt: Date; remoteAddr: string | null }): Promise<void>;
  /** The user of a live session (not expired, not revoked, user not disabled). */
  findSessionUser(tokenHash: string, now: Date): Promise<SessionUser | undefined>;
  revokeSession(tokenHash: string, now: Date): Promise<void>;
  /** Sessions of a user, newest first; `id` is the first 16 hex digits of the token hash (not a credential). */
  listSessions(userId: string, now: Date): Promise<SessionInfo[]>;
  /** Revoke every live session of a user, or the one whose id is given; the number revoked. */
  revokeUserSessions(userId: string, now: Date, sessionId?: string): Promise<number>;
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
        .select({ id: users.id, username: users.username, displayName: users.displayName, roles: users.roles })
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
    async listSessions(userId, now) {
      const rows = await db
        .select()
        .from(sessions)
        .where(eq(sessions.userId, userId))
        .orderBy(desc(sessions.createdAt))
        .limit(200);
      return rows.map((r) => ({
        id: r.tokenHash.slice(0, 16),
        createdAt: r.createdAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
        revokedAt: r.revokedAt?.toISOString() ?? null,
        remoteAddr: r.remoteAddr,
        active: !r.revokedAt && r.expiresAt > now,
      }));
    },
    async revokeUserSessions(userId, now, sessionId) {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: now })
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, now),
            sessionId ? like(sessions.tokenHash, `${sessionId}%`) : undefined,
          ),
        )
        .returning({ tokenHash: sessions.tokenHash });
      return rows.length;
    },
    async deleteExpired(now) {
      await db
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, now), lt(sessions.revokedAt, new Date(now.getTime() - 86_400_000))));
    },
  };
}
