import { createHash, randomBytes } from 'node:crypto';
import type { Counter } from 'prom-client';
import type { AuditRepo } from '../audit/audit.repo.ts';
import { AppError } from '../http/errors.ts';
import { hashPassword, verifyPassword } from '../users/passwords.ts';
import type { UsersRepo } from '../users/users.repo.ts';
import type { AuthRepo, SessionUser } from './auth.repo.ts';
import type { LoginBody } from './auth.schemas.ts';
import type { LockPolicy, LockScope, LoginLocksRepo } from './login-locks.repo.ts';
import { SessionEvents } from './session-events.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthServiceDeps {
  authRepo: AuthRepo;
  usersRepo: UsersRepo;
  locksRepo: LoginLocksRepo;
  audit: AuditRepo;
  sessionTtlHours: number;
  lockPolicy: LockPolicy;
  /** Attempts refused because the account or address was locked, and locks started, by scope. */
  counters: { lockedAttempts: Counter<'scope'>; lockouts: Counter<'scope'> };
  /** How often a live socket re-checks its session (other servers' revocations). */
  sessionRecheckMs: number;
  now?: () => Date;
}

export function createAuthService(deps: AuthServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const events = new SessionEvents();
  // Verifying against a real hash for unknown users keeps the answer time the same.
  const dummyHash = hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));

  const keysOf = (username: string, remoteAddr: string | undefined): { scope: LockScope; key: string }[] => [
    { scope: 'user', key: username.toLowerCase() },
    { scope: 'addr', key: remoteAddr ?? '?' },
  ];

  async function refuseIfLocked(username: string, remoteAddr: string | undefined, at: Date): Promise<void> {
    const lock = await deps.locksRepo.activeLock(keysOf(username, remoteAddr), at);
    if (!lock) return;
    deps.counters.lockedAttempts.inc({ scope: lock.scope });
    await deps.audit.write({
      actorId: null,
      action: 'login_locked_attempt',
      targetType: lock.scope === 'user' ? 'user' : 'address',
      targetId: lock.scope === 'user' ? username.toLowerCase() : (remoteAddr ?? '?'),
      remoteAddr: remoteAddr ?? null,
      detail: { username: username.slice(0, 64), lockedUntil: lock.until.toISOString() },
    });
    const retryAfterS = Math.max(1, Math.ceil((lock.until.getTime() - at.getTime()) / 1000));
    throw new AppError('rate_limited', 'Too many failed logins; this account or address is locked for a while', {
      retryAfterS,
      lockedUntil: lock.until.toISOString(),
    });
  }

  async function countFailure(username: string, remoteAddr: string | undefined, at: Date): Promise<void> {
    for (const { scope, key } of keysOf(username, remoteAddr)) {
      const { failures, lockedNow } = await deps.locksRepo.fail(scope, key, at, deps.lockPolicy);
      if (!lockedNow) continue;
      deps.counters.lockouts.inc({ scope });
      await deps.audit.write({
        actorId: null,
        action: 'login_lockout',
        targetType: scope === 'user' ? 'user' : 'address',
        targetId: key,
        remoteAddr: remoteAddr ?? null,
        detail: { failures, lockMs: deps.lockPolicy.lockMs },
      });
    }
  }

  return {
    events,
    sessionRecheckMs: deps.sessionRecheckMs,

    async login(input: LoginBody, remoteAddr: string | undefined) {
      const at = now();
      await refuseIfLocked(input.username, remoteAddr, at);
      const user = await deps.usersRepo.findByUsername(input.username);
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
      if (!user || !ok || user.disabled) {
        await countFailure(input.username, remoteAddr, at);
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      await deps.locksRepo.clear('user', input.username.toLowerCase());
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(at.getTime() + deps.sessionTtlHours * 3_600_000);
      await deps.authRepo.createSession({
        tokenHash: hashToken(token),
        userId: user.id,
        expiresAt,
        remoteAddr: remoteAddr ?? null,
      });
      const sessionUser: SessionUser = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
      };
      return { user: sessionUser, token, expiresAt };
    },

    async logout(token: string) {
      await deps.authRepo.revokeSession(hashToken(token), now());
    },

    /** The user behind a session token, or undefined. */
    async authenticate(token: string | undefined): Promise<SessionUser | undefined> {
      if (!token || token.length > 128) return undefined;
      return deps.authRepo.findSessionUser(hashToken(token), now());
    },

    listSessions(userId: string) {
      return deps.authRepo.listSessions(userId, now());
    },

    /** Revoke a user's sessions (all, or one by id); open live sockets of the user re-check at once. */
    async revokeSessions(userId: string, sessionId?: string): Promise<number> {
      const n = await deps.authRepo.revokeUserSessions(userId, now(), sessionId);
      events.changed(userId);
      return n;
    },

    async purgeExpired() {
      await deps.authRepo.deleteExpired(now());
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
