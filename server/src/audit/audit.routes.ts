import type { Router } from 'express';
import { ADMIN, allow } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { auditPage, auditQuery } from '@lookout/contracts';
import { raw } from '../http/contract.ts';
import type { AuditService } from './audit.service.ts';

/** The audit log, for admins only. */
export function auditRoutes(audit: AuditService): Router {
  const r = createRouter();
  const page = allow(ADMIN, { summary: 'A page of the audit log', query: auditQuery, response: auditPage });
  r.get('/audit', page, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await audit.page(auditQuery.parse(req.query)));
  });
  const csv = allow(ADMIN, {
    summary: 'The audit log as CSV',
    query: auditQuery,
    response: raw('text/csv', 'The rows (spreadsheet formulas defused); x-audit-rows, x-audit-truncated'),
  });
  r.get('/audit.csv', csv, async (req, res) => {
    const { csv, rows, truncated } = await audit.csv(auditQuery.parse(req.query));
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-disposition', `attachment; filename="lookout-audit-${Date.now()}.csv"`);
    res.setHeader('x-audit-rows', String(rows));
    if (truncated) res.setHeader('x-audit-truncated', 'true');
    res.type('text/csv; charset=utf-8').send(csv);
  });
  return r;
}
