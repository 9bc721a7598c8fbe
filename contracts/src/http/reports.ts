import { z } from 'zod';

/** `YYYY-MM`, months 01–12. */
export const monthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM (01–12)')
  .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, 'month must be between 2000 and 2100');

export const STATION_MAX = 64;

export const monthlyQuery = z.object({
  month: monthParam.optional(),
  /** A station name as stored on users and cases; absent = the home station (STATION_NAME). */
  station: z.string().trim().min(1).max(STATION_MAX).optional(),
});
export type MonthlyQuery = z.infer<typeof monthlyQuery>;
