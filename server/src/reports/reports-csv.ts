import { toCsv } from '../audit/csv.ts';
import type { MonthlyReport } from './reports.service.ts';

export const REPORT_CSV_HEADER = [
  'station',
  'month',
  'section',
  'item',
  'kinds',
  'n',
  'median_s',
  'p90_s',
  'target_s',
  'within_target',
  'within_target_pct',
  'value',
] as const;

/**
 * The monthly report as one CSV table: a row per count, per interval and per tadpole figure. Every text cell goes
 * through the audit CSV's formula guard (a station name typed by an admin could start with `=`).
 */
export function monthlyCsv(r: MonthlyReport): string {
  const rows: unknown[][] = [];
  const count = (section: string, item: string, value: number) =>
    rows.push([r.station, r.month, section, item, '', '', '', '', '', '', '', value]);
  count('cases', 'total', r.cases.total);
  for (const [k, v] of Object.entries(r.cases.byKind)) count('cases_by_kind', k, v);
  for (const [k, v] of Object.entries(r.cases.byOutcome)) count('cases_by_outcome', k, v);
  for (const i of r.intervals) {
    rows.push([
      r.station,
      r.month,
      'interval',
      `${i.key} (${i.from} → ${i.to})`,
      i.kinds.join(' '),
      i.n,
      i.medianS,
      i.p90S,
      i.targetS,
      i.withinTarget,
      i.withinShare === null ? null : Math.round(i.withinShare * 1000) / 10,
      '',
    ]);
  }
  for (const [k, v] of Object.entries(r.tadpole)) count('tadpole', k, v);
  for (const d of r.perDay)
    for (const [k, v] of Object.entries(d.byKind)) if (v) count('cases_per_day', `${d.date} ${k}`, v);
  return toCsv(REPORT_CSV_HEADER, rows);
}
