import { currentMonth, monthRange } from '../tadpole/clocks/clocks.service.ts';
import { monthFigures, type MonthFigures } from './report-figures.ts';
import type { ReportsRepo } from './reports.repo.ts';
import { yearlyFigures, type YearlyFigures } from './yearly-figures.ts';
import { yearAndMonth, yearlySpans } from './yearly-spans.ts';
import type { MonthlyQuery, YearlyQuery } from '@lookout/contracts';

export interface MonthlyReport extends MonthFigures {
  month: string;
  station: string;
  /** Stations to choose from (users' and cases' stations and the home station). */
  stations: string[];
  /** Month boundaries: Asia/Shanghai (UTC+8) midnights, as instants. */
  timeZone: 'Asia/Shanghai';
  from: string;
  to: string;
  generatedAt: string;
}

export interface YearlyReport extends YearlyFigures {
  year: number;
  /** The month the year to date runs to, `YYYY-MM`. */
  month: string;
  station: string;
  stations: string[];
  timeZone: 'Asia/Shanghai';
  generatedAt: string;
  partial: boolean;
}

/** The stations to choose from, with the asked one even when nothing names it yet. */
const withStation = (stations: string[], station: string) =>
  stations.includes(station) ? stations : [...stations, station].sort();

/** The dates of a month, `YYYY-MM-01` … last day. */
export function monthDays(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export function createReportsService(deps: { repo: ReportsRepo; homeStation: string; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    /** Cases opened in the month (Asia/Shanghai) at the station, with their intervals against the targets. */
    async monthly(q: MonthlyQuery): Promise<MonthlyReport> {
      const at = now();
      const month = q.month ?? currentMonth(at);
      const station = q.station ?? deps.homeStation;
      const { from, to } = monthRange(month);
      const [rows, stations] = await Promise.all([
        deps.repo.casesOpened(from, to, station, deps.homeStation),
        deps.repo.stations(deps.homeStation),
      ]);
      return {
        month,
        station,
        stations: withStation(stations, station),
        timeZone: 'Asia/Shanghai',
        from: from.toISOString(),
        to: to.toISOString(),
        generatedAt: at.toISOString(),
        ...monthFigures(rows, monthDays(month), at),
      };
    },

    /**
     * The year to date (Asia/Shanghai) at the station against the same span last year, and its last month
     * against the month before and the same month last year.
     */
    async yearly(q: YearlyQuery): Promise<YearlyReport> {
      const at = now();
      const { year, month } = yearAndMonth(q, at);
      const station = q.station ?? deps.homeStation;
      const spans = yearlySpans(year, month, at);
      const [rows, stations] = await Promise.all([
        deps.repo.casesOpened(spans.all.from, spans.all.to, station, deps.homeStation),
        deps.repo.stations(deps.homeStation),
      ]);
      return {
        year,
        month: `${year}-${String(month).padStart(2, '0')}`,
        station,
        stations: withStation(stations, station),
        timeZone: 'Asia/Shanghai',
        generatedAt: at.toISOString(),
        partial: spans.partial,
        ...yearlyFigures(rows, spans, at),
      };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
