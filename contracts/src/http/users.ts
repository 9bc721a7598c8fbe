import { z } from 'zod';
import { roleSet } from './role-set.ts';

export const userIdParam = z.object({ id: z.uuid() });
export const sessionParams = z.object({ id: z.uuid(), sessionId: z.string().regex(/^[0-9a-f]{16}$/) });

export const createUserBody = z.object({
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore'),
  displayName: z.string().trim().min(1).max(100).optional(),
  roles: roleSet,
  /** Leave out to have one generated (shown once). */
  password: z.string().min(10).max(256).optional(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

/** PUT /users/:id/roles: the whole set, replacing the old one. */
export const rolesBody = z.object({ roles: roleSet });
/** A user's station (reports, server/src/reports); null = the home station (STATION_NAME). */
export const stationBody = z.object({ station: z.string().trim().min(1).max(64).nullable() });
export const resetPasswordBody = z.object({ password: z.string().min(10).max(256).optional() }).default({});

/** A user as admins see him: his station, whether he is disabled or locked out, his open sessions. */
export const adminUser = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: roleSet,
    station: z.string().nullable(),
    disabled: z.boolean(),
    createdAt: z.string(),
    activeSessions: z.number(),
    /** Failed sign-ins hold him back until then, from at least one address. */
    locked: z.object({ until: z.string(), failures: z.number() }).nullable(),
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof adminUser>;

export const userListResponse = z.object({ users: z.array(adminUser) });
/** Roles, station, unlock. */
export const userResponse = z.object({ user: adminUser });
/** POST /users: a generated password is shown this once. */
export const createdUserResponse = z.object({ user: adminUser, password: z.string().optional() });
/** Disable and enable: with the sessions revoked. */
export const userSessionsRevoked = z.object({ user: adminUser, revoked: z.number() });
/** POST /users/:id/password: a generated password is shown this once; every session is revoked. */
export const passwordResetResponse = z.object({
  user: adminUser,
  password: z.string().optional(),
  revoked: z.number(),
});

export const sessionInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  remoteAddr: z.string().nullable(),
  active: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;
export const sessionListResponse = z.object({ sessions: z.array(sessionInfo) });
export const revokedSessions = z.object({ revoked: z.number() });
