import { Router } from 'express';
import { requireRole } from '../auth/auth.middleware.ts';
import { auditQuery } from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

/** Mounted behind `requireSession`: the audit log, for admins only. */
export function auditRoutes(audit: AuditService): Router {
  const r = Router();
  const admin = requireRole('admin');
  r.get('/audit', admin, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await audit.page(auditQuery.parse(req.query)));
  });
  r.get('/audit.csv', admin, async (req, res) => {
    const { csv, rows, truncated } = await audit.csv(auditQuery.parse(req.query));
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-disposition', `attachment; filename="lookout-audit-${Date.now()}.csv"`);
    res.setHeader('x-audit-rows', String(rows));
    if (truncated) res.setHeader('x-audit-truncated', 'true');
    res.type('text/csv; charset=utf-8').send(csv);
  });
  return r;
}
