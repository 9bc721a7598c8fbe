import { currentMonth, monthRange } from '../tadpole/clocks/clocks.service.ts';
import { monthFigures, type MonthFigures } from './report-figures.ts';
import type { ReportsRepo } from './reports.repo.ts';
import type { MonthlyQuery } from '@lookout/contracts';

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
        deps.repo.monthCases(from, to, station, deps.homeStation),
        deps.repo.stations(deps.homeStation),
      ]);
      return {
        month,
        station,
        stations: stations.includes(station) ? stations : [...stations, station].sort(),
        timeZone: 'Asia/Shanghai',
        from: from.toISOString(),
        to: to.toISOString(),
        generatedAt: at.toISOString(),
        ...monthFigures(rows, monthDays(month), at),
      };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
