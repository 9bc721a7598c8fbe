import type { FigureChange, PeriodComparison } from '@lookout/contracts';
import { toCsv } from '../audit/csv.ts';
import type { ReportPeriod } from './yearly-figures.ts';
import type { YearlyReport } from './reports.service.ts';

export const YEARLY_CSV_HEADER = [
  'station',
  'comparison',
  'current_dates',
  'base_dates',
  'section',
  'item',
  'current',
  'base',
  'delta',
  'change_pct',
] as const;

const pct = (v: number | null, scale = 100) => (v === null ? null : Math.round(v * scale * 10) / 10);
const dates = (p: ReportPeriod) => `${p.firstDate}..${p.lastDate}`;

/**
 * The yearly report as one CSV table: a row per compared figure (counts, and each interval's n, median, mean and
 * share within target in %), then the cases per month this year and last. Text cells go through the audit
 * CSV's formula guard.
 */
export function yearlyCsv(r: YearlyReport): string {
  const rows: unknown[][] = [];
  const comparisons: [string, PeriodComparison, ReportPeriod, ReportPeriod][] = [
    ['year_on_year', r.yearOnYear, r.periods.yearToDate, r.periods.yearToDateLastYear],
    ['month_on_month', r.monthOnMonth, r.periods.month, r.periods.previousMonth],
    ['month_year_on_year', r.monthYearOnYear, r.periods.month, r.periods.monthLastYear],
  ];
  for (const [name, c, current, base] of comparisons) {
    const row = (section: string, item: string, f: FigureChange, scale = 1) =>
      rows.push([
        r.station,
        name,
        dates(current),
        dates(base),
        section,
        item,
        pct(f.current, scale),
        pct(f.base, scale),
        pct(f.delta, scale),
        pct(f.relative),
      ]);
    row('cases', 'total', c.cases.total);
    for (const [k, f] of Object.entries(c.cases.byKind)) row('cases_by_kind', k, f);
    for (const [k, f] of Object.entries(c.cases.byOutcome)) row('cases_by_outcome', k, f);
    for (const i of c.intervals) {
      row('interval', `${i.key} n`, i.n);
      row('interval', `${i.key} median_s`, i.medianS);
      row('interval', `${i.key} mean_s`, i.meanS);
      row('interval', `${i.key} within_target_pct`, i.withinShare, 100);
    }
  }
  for (const m of r.perMonth) {
    const month = String(m.month).padStart(2, '0');
    rows.push([
      r.station,
      'per_month',
      `${r.year}-${month}`,
      `${r.year - 1}-${month}`,
      'cases',
      'total',
      m.thisYear,
      m.lastYear,
      '',
      '',
    ]);
  }
  return toCsv(YEARLY_CSV_HEADER, rows);
}
