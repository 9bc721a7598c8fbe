import { createHash, randomBytes } from 'node:crypto';
import type { Counter } from 'prom-client';
import type { AuditRepo } from '../audit/audit.repo.ts';
import { AppError } from '../errors.ts';
import { hashPassword, type PasswordGate } from '../users/passwords.ts';
import type { UsersRepo } from '../users/users.repo.ts';
import type { AuthRepo, SessionUser } from './auth.repo.ts';
import type { LoginBody } from '@lookout/contracts';
import type { LoginLimitsRepo, Throttle } from './login-limits.repo.ts';
import { SessionEvents } from './session-events.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginPolicy {
  /** Failures of one (username, address) pair answered without delay; each one after waits twice as long. */
  freeFailures: number;
  /** The longest delay, in seconds. */
  maxDelayS: number;
  /** Failures from one address in a day before the address is refused (not for users known at it). */
  addressDailyFailures: number;
}

export interface AuthServiceDeps {
  authRepo: AuthRepo;
  usersRepo: UsersRepo;
  limits: LoginLimitsRepo;
  passwords: PasswordGate;
  audit: AuditRepo;
  sessionTtlHours: number;
  loginPolicy: LoginPolicy;
  /** Attempts refused (held back or capped), and delays or caps started, by scope. */
  counters: { lockedAttempts: Counter<'scope'>; lockouts: Counter<'scope'> };
  /** How often a live socket re-checks its session (other servers' revocations). */
  sessionRecheckMs: number;
  now?: () => Date;
}

/** The delay after the n-th failure in a row of one (username, address) pair: 0, …, 0, 1 s, 2 s, 4 s … max. */
export function delayAfter(failures: number, policy: Pick<LoginPolicy, 'freeFailures' | 'maxDelayS'>): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(2 ** Math.min(failures - policy.freeFailures, 30), policy.maxDelayS);
}

export function createAuthService(deps: AuthServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const events = new SessionEvents();
  const policy = deps.loginPolicy;
  // Verifying against a real hash for unknown users keeps the answer time the same.
  const dummyHash = hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));

  function refuse(scope: 'user_addr' | 'addr', msLeft: number): never {
    deps.counters.lockedAttempts.inc({ scope });
    const retryAfterS = Math.max(1, Math.ceil(msLeft / 1000));
    throw new AppError(
      'rate_limited',
      scope === 'addr'
        ? 'Too many failed logins from this address today; try again later'
        : 'Too many failed logins for this name from this address; wait before trying again',
      { scope, retryAfterS, until: new Date(now().getTime() + msLeft).toISOString() },
    );
  }

  async function countFailure(username: string, address: string): Promise<void> {
    const { pairFailures, addressFailures } = await deps.limits.countFailure(username, address);
    const delayS = delayAfter(pairFailures, policy);
    if (delayS > 0) {
      await deps.limits.delayPair(username, address, delayS);
      deps.counters.lockouts.inc({ scope: 'user_addr' });
      await deps.audit.write({
        actorId: null,
        action: 'login_throttled',
        targetType: 'user',
        targetId: username.toLowerCase(),
        remoteAddr: address,
        detail: { failures: pairFailures, delayS },
      });
    }
    if (addressFailures === policy.addressDailyFailures) {
      deps.counters.lockouts.inc({ scope: 'addr' });
      await deps.audit.write({
        actorId: null,
        action: 'login_address_capped',
        targetType: 'address',
        targetId: address,
        remoteAddr: address,
        detail: { failures: addressFailures, perDay: policy.addressDailyFailures },
      });
    }
  }

  return {
    events,
    sessionRecheckMs: deps.sessionRecheckMs,

    async login(input: LoginBody, remoteAddr: string | undefined) {
      const at = now();
      const address = remoteAddr ?? '?';
      const username = input.username;
      const [user, held] = await Promise.all([
        deps.usersRepo.findByUsername(username),
        deps.limits.pairDelay(username, address),
      ]);
      if (held) refuse('user_addr', held.msLeft);
      // A user known at this address is never refused for what the address did under other names.
      const known = user ? await deps.limits.isKnown(user.id, address) : false;
      if (!known) {
        const capped = await deps.limits.addressCap(address);
        if (capped) refuse('addr', capped.msLeft);
      }
      const ok = await deps.passwords.verify(user?.passwordHash ?? (await dummyHash), input.password, known);
      if (!user || !ok || user.disabled) {
        await countFailure(username, address);
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      await Promise.all([deps.limits.clearPair(username, address), deps.limits.markKnown(user.id, address, at)]);
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
        roles: user.roles,
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
      await deps.limits.purgeExpired(now());
    },

    /** Users (by lower-case username) held back from some address now, with their failures over all addresses. */
    throttled(usernames: string[]): Promise<Map<string, Throttle>> {
      return deps.limits.throttled(usernames, now());
    },

    /** An admin lets a user try again from every address at once; audited. */
    async unlock(user: { id: string; username: string }, by: SessionUser, remoteAddr: string | undefined) {
      const cleared = await deps.limits.clearUsername(user.username);
      await deps.audit.write({
        actorId: by.id,
        action: 'login_unlock',
        targetType: 'user',
        targetId: user.id,
        remoteAddr: remoteAddr ?? null,
        detail: { username: user.username, clearedKeys: cleared },
      });
      return { cleared };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
