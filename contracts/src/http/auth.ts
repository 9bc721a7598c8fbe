import { z } from 'zod';
import { roleSet } from './role-set.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBody>;

/** The signed-in user (GET /auth/me, POST /auth/login). */
export const sessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** What he may do is the union of these roles' rights. */
  roles: roleSet,
});
export type SessionUser = z.infer<typeof sessionUser>;

/** POST /auth/login, GET /auth/me. */
export const sessionResponse = z.object({ user: sessionUser });
export type SessionResponse = z.infer<typeof sessionResponse>;
