import { z } from 'zod';
import { boardSteps, caseKinds, type CaseKind } from '../enums.ts';

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

const reportSteps = [...boardSteps, 'first_tip', 'first_useful_tip'] as const;
const byKind = z.object(Object.fromEntries(caseKinds.map((k) => [k, z.number()])) as Record<CaseKind, z.ZodNumber>);

/** One interval of a report (median, mean and 90th percentile against its target). */
export const reportInterval = z.object({
  key: z.string(),
  from: z.enum(reportSteps),
  to: z.enum(reportSteps),
  kinds: z.array(z.enum(caseKinds)),
  n: z.number(),
  medianS: z.number().nullable(),
  meanS: z.number().nullable(),
  p90S: z.number().nullable(),
  targetS: z.number().nullable(),
  withinTarget: z.number().nullable(),
  withinShare: z.number().nullable(),
});

/** GET /reports/monthly: the cases one station opened in one month (Asia/Shanghai). */
export const monthlyReport = z.object({
  month: z.string(),
  station: z.string(),
  stations: z.array(z.string()),
  timeZone: z.literal('Asia/Shanghai'),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  cases: z.object({ total: z.number(), byKind, byOutcome: z.record(z.string(), z.number()) }),
  intervals: z.array(reportInterval),
  tadpole: z.object({
    cases: z.number(),
    alerts: z.number(),
    groupsReached: z.number(),
    membersReached: z.number(),
    tips: z.number(),
    usefulTips: z.number(),
  }),
  perDay: z.array(z.object({ date: z.string(), byKind })),
});
export type MonthlyReportView = z.infer<typeof monthlyReport>;
