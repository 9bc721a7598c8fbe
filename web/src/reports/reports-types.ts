/** GET /api/v1/reports/monthly (server/src/reports/reports.service.ts). */
import type { CaseKind } from '@lookout/contracts';

export interface IntervalFigure {
  key: string;
  from: string;
  to: string;
  kinds: CaseKind[];
  n: number;
  medianS: number | null;
  meanS: number | null;
  p90S: number | null;
  targetS: number | null;
  withinTarget: number | null;
  withinShare: number | null;
}

export interface MonthlyReport {
  month: string;
  station: string;
  stations: string[];
  timeZone: 'Asia/Shanghai';
  from: string;
  to: string;
  generatedAt: string;
  cases: { total: number; byKind: Record<CaseKind, number>; byOutcome: Record<string, number> };
  intervals: IntervalFigure[];
  tadpole: {
    cases: number;
    alerts: number;
    groupsReached: number;
    membersReached: number;
    tips: number;
    usefulTips: number;
  };
  perDay: { date: string; byKind: Record<CaseKind, number> }[];
}
