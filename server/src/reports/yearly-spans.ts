import { currentMonth } from '../tadpole/clocks/clocks.service.ts';

const SHANGHAI_MS = 8 * 3_600_000;

/** Days [firstDate, lastDate] of the station (Asia/Shanghai), and the instants [from, to) they span. */
export interface DaySpan {
  from: Date;
  to: Date;
  firstDate: string;
  lastDate: string;
}

export interface YearlySpans {
  year: number;
  month: number;
  /** The chosen month is the running one: every span ends on today's day of its month. */
  partial: boolean;
  spans: {
    yearToDate: DaySpan;
    yearToDateLastYear: DaySpan;
    month: DaySpan;
    previousMonth: DaySpan;
    monthLastYear: DaySpan;
  };
  /** What the report reads: from January 1st of last year to the end of the year to date. */
  all: { from: Date; to: Date };
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** Midnight starting the local day (Date.UTC carries day 32 into the next month). */
const midnight = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day) - SHANGHAI_MS);

/**
 * Months `fromMonth`…`toMonth` of a year, the last one through `throughDay` (null = whole): a day past the end of a
 * shorter month is its last day, so February 29th last year is February 28th.
 */
function daySpan(year: number, fromMonth: number, toMonth: number, throughDay: number | null): DaySpan {
  const last = Math.min(throughDay ?? 31, lastDayOf(year, toMonth));
  return {
    from: midnight(year, fromMonth, 1),
    to: midnight(year, toMonth, last + 1),
    firstDate: `${year}-${pad(fromMonth)}-01`,
    lastDate: `${year}-${pad(toMonth)}-${pad(last)}`,
  };
}

/** The year and month a query asks for: this year and month by default, December of a past year. */
export function yearAndMonth(q: { year?: number; month?: number }, now: Date): { year: number; month: number } {
  const [y, m] = currentMonth(now).split('-').map(Number) as [number, number];
  const year = q.year ?? y;
  return { year, month: q.month ?? (year === y ? m : 12) };
}

/**
 * The spans of a yearly report in station time (UTC+8, no daylight saving). A finished month is compared whole
 * (March with the whole of February); the running month only through today's day in every span, so a week of
 * this month is never set against a whole month.
 */
export function yearlySpans(year: number, month: number, now: Date): YearlySpans {
  const partial = currentMonth(now) === `${year}-${pad(month)}`;
  const through = partial ? new Date(now.getTime() + SHANGHAI_MS).getUTCDate() : null;
  const [py, pm] = month === 1 ? [year - 1, 12] : [year, month - 1];
  const yearToDate = daySpan(year, 1, month, through);
  return {
    year,
    month,
    partial,
    spans: {
      yearToDate,
      yearToDateLastYear: daySpan(year - 1, 1, month, through),
      month: daySpan(year, month, month, through),
      previousMonth: daySpan(py, pm, pm, through),
      monthLastYear: daySpan(year - 1, month, month, through),
    },
    all: { from: midnight(year - 1, 1, 1), to: yearToDate.to },
  };
}
