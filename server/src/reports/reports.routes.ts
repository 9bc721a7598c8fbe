import type { Router } from 'express';
import { allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { monthlyCsv } from './reports-csv.ts';
import { monthlyQuery } from '@lookout/contracts';
import type { ReportsService } from './reports.service.ts';

/** The monthly report per station, for commanders and admins. */
export function reportsRoutes(reports: ReportsService): Router {
  const r = createRouter();
  const monthly = '`?month=YYYY-MM&station=…`: cases opened in the month (Asia/Shanghai), intervals against targets';
  r.get('/reports/monthly', allow(COMMAND, monthly), async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await reports.monthly(monthlyQuery.parse(req.query)));
  });
  r.get('/reports/monthly.csv', allow(COMMAND, 'the same report as CSV'), async (req, res) => {
    const report = await reports.monthly(monthlyQuery.parse(req.query));
    res.setHeader('cache-control', 'no-store');
    // The station may be Chinese: an ASCII name plus the RFC 5987 UTF-8 one.
    const name = `lookout-report-${report.month}.csv`;
    const utf8 = encodeURIComponent(`lookout-report-${report.station}-${report.month}.csv`);
    res.setHeader('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${utf8}`);
    res.type('text/csv; charset=utf-8').send(monthlyCsv(report));
  });
  return r;
}
