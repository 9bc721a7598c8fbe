import type { Router } from 'express';
import { allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { monthlyCsv } from './reports-csv.ts';
import { monthlyQuery, monthlyReport } from '@lookout/contracts';
import { raw } from '../http/contract.ts';
import type { ReportsService } from './reports.service.ts';

/** The monthly report per station, for commanders and admins. */
export function reportsRoutes(reports: ReportsService): Router {
  const r = createRouter();
  const monthly = '`?month=YYYY-MM&station=…`: cases opened in the month (Asia/Shanghai), intervals against targets';
  const report = allow(COMMAND, {
    summary: "A station's monthly report",
    note: monthly,
    query: monthlyQuery,
    response: monthlyReport,
  });
  r.get('/reports/monthly', report, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await reports.monthly(monthlyQuery.parse(req.query)));
  });
  const csv = allow(COMMAND, {
    summary: "A station's monthly report as CSV",
    note: 'the same report as CSV',
    query: monthlyQuery,
    response: raw('text/csv', 'A download (content-disposition: attachment)'),
  });
  r.get('/reports/monthly.csv', csv, async (req, res) => {
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
