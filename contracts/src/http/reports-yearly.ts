import { z } from 'zod';
import { caseKinds, type CaseKind } from '../enums.ts';
import { monthlyReport, STATION_MAX } from './reports.ts';

/** `YYYY`, 2000–2100. */
const yearParam = z
  .string()
  .regex(/^\d{4}$/, 'year must be YYYY')
  .refine((y) => Number(y) >= 2000 && Number(y) <= 2100, 'year must be between 2000 and 2100')
  .transform(Number);

/** A month of the year, `1`–`12` (`01`–`09` too). */
const monthOfYearParam = z
  .string()
  .regex(/^(0?[1-9]|1[0-2])$/, 'month must be 1–12')
  .transform(Number);

export const yearlyQuery = z.object({
  /** Absent = this year (Asia/Shanghai). */
  year: yearParam.optional(),
  /** The month the year-to-date runs to; absent = this month in this year, December in a past one. */
  month: monthOfYearParam.optional(),
  station: z.string().trim().min(1).max(STATION_MAX).optional(),
});
export type YearlyQuery = z.infer<typeof yearlyQuery>;

/** A figure against its base: the difference, and the difference over the base (null when the base is 0 or none). */
export const figureChange = z.object({
  current: z.number().nullable(),
  base: z.number().nullable(),
  delta: z.number().nullable(),
  relative: z.number().nullable(),
});
export type FigureChange = z.infer<typeof figureChange>;

const changeByKind = z.object(
  Object.fromEntries(caseKinds.map((k) => [k, figureChange])) as Record<CaseKind, typeof figureChange>,
);

/** Two periods compared: case counts and each interval's n, median, mean and share within target. */
export const periodComparison = z.object({
  cases: z.object({ total: figureChange, byKind: changeByKind, byOutcome: z.record(z.string(), figureChange) }),
  intervals: z.array(
    z.object({
      key: z.string(),
      n: figureChange,
      medianS: figureChange,
      meanS: figureChange,
      withinShare: figureChange,
    }),
  ),
});
export type PeriodComparison = z.infer<typeof periodComparison>;

/** The figures of one span of days (Asia/Shanghai): [from, to) as instants, first and last date included. */
export const reportPeriod = monthlyReport.pick({ cases: true, intervals: true, tadpole: true }).extend({
  from: z.string(),
  to: z.string(),
  firstDate: z.string(),
  lastDate: z.string(),
});
export type ReportPeriod = z.infer<typeof reportPeriod>;

/**
 * GET /reports/yearly: a station's year to date with the same span last year (year on year), and the month with
 * the month before (month on month) and the same month last year. While the month runs, every span ends on the
 * same day of its month (today); a finished month is compared whole.
 */
export const yearlyReport = z.object({
  year: z.number(),
  month: z.string(),
  station: z.string(),
  stations: z.array(z.string()),
  timeZone: z.literal('Asia/Shanghai'),
  generatedAt: z.string(),
  /** The month is still running: the spans end today, not at the month's end. */
  partial: z.boolean(),
  periods: z.object({
    yearToDate: reportPeriod,
    yearToDateLastYear: reportPeriod,
    month: reportPeriod,
    previousMonth: reportPeriod,
    monthLastYear: reportPeriod,
  }),
  yearOnYear: periodComparison,
  monthOnMonth: periodComparison,
  monthYearOnYear: periodComparison,
  /** Cases opened per month, this year (null after the chosen month) and the whole of last year. */
  perMonth: z.array(z.object({ month: z.number(), thisYear: z.number().nullable(), lastYear: z.number() })),
});
export type YearlyReportView = z.infer<typeof yearlyReport>;
