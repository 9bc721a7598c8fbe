import type { PeriodComparison } from '@lookout/contracts';
import { comparePeriods } from './report-change.ts';
import { periodFigures, shanghaiDate, type PeriodFigures } from './report-figures.ts';
import type { ReportCaseRow } from './reports.repo.ts';
import type { DaySpan, YearlySpans } from './yearly-spans.ts';

export interface ReportPeriod extends PeriodFigures {
  from: string;
  to: string;
  firstDate: string;
  lastDate: string;
}

export interface YearlyFigures {
  periods: {
    yearToDate: ReportPeriod;
    yearToDateLastYear: ReportPeriod;
    month: ReportPeriod;
    previousMonth: ReportPeriod;
    monthLastYear: ReportPeriod;
  };
  yearOnYear: PeriodComparison;
  monthOnMonth: PeriodComparison;
  monthYearOnYear: PeriodComparison;
  perMonth: { month: number; thisYear: number | null; lastYear: number }[];
}

/** The yearly report's figures from the cases of its whole span (January 1st last year to the end of this span). */
export function yearlyFigures(rows: readonly ReportCaseRow[], yearly: YearlySpans, now: Date): YearlyFigures {
  const { spans } = yearly;
  const period = (s: DaySpan): ReportPeriod => {
    const inside = rows.filter((r) => {
      const t = Date.parse(r.createdAt);
      return t >= s.from.getTime() && t < s.to.getTime();
    });
    return {
      from: s.from.toISOString(),
      to: s.to.toISOString(),
      firstDate: s.firstDate,
      lastDate: s.lastDate,
      ...periodFigures(inside, now),
    };
  };
  const periods = {
    yearToDate: period(spans.yearToDate),
    yearToDateLastYear: period(spans.yearToDateLastYear),
    month: period(spans.month),
    previousMonth: period(spans.previousMonth),
    monthLastYear: period(spans.monthLastYear),
  };

  const perMonthOf = (year: number) => {
    const counts = new Array<number>(12).fill(0);
    for (const r of rows) {
      const date = shanghaiDate(r.createdAt);
      if (Number(date.slice(0, 4)) === year && date <= spans.yearToDate.lastDate)
        counts[Number(date.slice(5, 7)) - 1]! += 1;
    }
    return counts;
  };
  const thisYear = perMonthOf(yearly.year);
  const lastYear = perMonthOf(yearly.year - 1);

  return {
    periods,
    yearOnYear: comparePeriods(periods.yearToDate, periods.yearToDateLastYear),
    monthOnMonth: comparePeriods(periods.month, periods.previousMonth),
    monthYearOnYear: comparePeriods(periods.month, periods.monthLastYear),
    perMonth: thisYear.map((n, i) => ({
      month: i + 1,
      thisYear: i + 1 <= yearly.month ? n : null,
      lastYear: lastYear[i]!,
    })),
  };
}
