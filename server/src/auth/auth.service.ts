import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../http/errors.ts';
import { hashPassword, verifyPassword } from '../users/passwords.ts';
import type { UsersRepo } from '../users/users.repo.ts';
import type { AuthRepo, SessionUser } from './auth.repo.ts';
import type { LoginBody } from './auth.schemas.ts';
import { LoginRateLimiter } from './login-rate-limit.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthServiceDeps {
  authRepo: AuthRepo;
  usersRepo: UsersRepo;
  sessionTtlHours: number;
  limiter?: LoginRateLimiter;
}

export function createAuthService(deps: AuthServiceDeps) {
  const limiter = deps.limiter ?? new LoginRateLimiter();
  // Verifying against a real hash for unknown users keeps the answer time the same.
  const dummyHash = hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));

  return {
    async login(input: LoginBody, remoteAddr: string | undefined) {
      const key = `${remoteAddr ?? '?'}|${input.username.toLowerCase()}`;
      const retryAfterS = limiter.retryAfterS(key);
      if (retryAfterS > 0) {
        throw new AppError('rate_limited', 'Too many failed logins; try again later', { retryAfterS });
      }
      const user = await deps.usersRepo.findByUsername(input.username);
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
      if (!user || !ok || user.disabled) {
        limiter.fail(key);
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      limiter.succeed(key);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + deps.sessionTtlHours * 3_600_000);
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
      await deps.authRepo.revokeSession(hashToken(token), new Date());
    },

    /** The user behind a session token, or undefined. */
    async authenticate(token: string | undefined): Promise<SessionUser | undefined> {
      if (!token || token.length > 128) return undefined;
      return deps.authRepo.findSessionUser(hashToken(token), new Date());
    },

    async purgeExpired() {
      await deps.authRepo.deleteExpired(new Date());
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
