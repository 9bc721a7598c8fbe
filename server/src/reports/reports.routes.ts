import type { Response, Router } from 'express';
import { allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { monthlyCsv } from './reports-csv.ts';
import { yearlyCsv } from './yearly-csv.ts';
import { monthlyQuery, monthlyReport, yearlyQuery, yearlyReport } from '@lookout/contracts';
import { raw } from '../http/contract.ts';
import type { ReportsService } from './reports.service.ts';

/** A report as a CSV download. The station may be Chinese: an ASCII file name plus the RFC 5987 UTF-8 one. */
function sendCsv(res: Response, report: { station: string }, span: string, csv: string): void {
  const name = `lookout-report-${span}.csv`;
  const utf8 = encodeURIComponent(`lookout-report-${report.station}-${span}.csv`);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${utf8}`);
  res.type('text/csv; charset=utf-8').send(csv);
}

/** The monthly and yearly reports per station, for commanders and admins. */
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
    sendCsv(res, report, report.month, monthlyCsv(report));
  });

  const yearly =
    '`?year=YYYY&month=1–12&station=…`: the year to date (Asia/Shanghai) to the end of the month, or to today in ' +
    'the running month, year on year, and the month against the month before and the same month last year';
  const yearlyJson = allow(COMMAND, {
    summary: "A station's yearly report",
    note: yearly,
    query: yearlyQuery,
    response: yearlyReport,
  });
  r.get('/reports/yearly', yearlyJson, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await reports.yearly(yearlyQuery.parse(req.query)));
  });
  const yearlyCsvRoute = allow(COMMAND, {
    summary: "A station's yearly report as CSV",
    note: 'the same report as CSV',
    query: yearlyQuery,
    response: raw('text/csv', 'A download (content-disposition: attachment)'),
  });
  r.get('/reports/yearly.csv', yearlyCsvRoute, async (req, res) => {
    const report = await reports.yearly(yearlyQuery.parse(req.query));
    sendCsv(res, report, `${report.month}-ytd`, yearlyCsv(report));
  });
  return r;
}
