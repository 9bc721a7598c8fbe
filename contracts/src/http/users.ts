import { z } from 'zod';
import { roles } from '../enums.ts';

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
  role: z.enum(roles),
  /** Leave out to have one generated (shown once). */
  password: z.string().min(10).max(256).optional(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const roleBody = z.object({ role: z.enum(roles) });
/** A user's station (reports, server/src/reports); null = the home station (STATION_NAME). */
export const stationBody = z.object({ station: z.string().trim().min(1).max(64).nullable() });
export const resetPasswordBody = z.object({ password: z.string().min(10).max(256).optional() }).default({});
