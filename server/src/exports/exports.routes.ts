import type { Router } from 'express';
import type { Database } from '@lookout/db';
import type { AuditRepo } from '../audit/audit.repo.ts';
import { currentUser } from '../auth/auth.middleware.ts';
import type { CasesService } from '../cases/cases.service.ts';
import { allow, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { createExportsRepo } from './exports.repo.ts';
import { caseIdParam as idParam, type ExportFormat } from '@lookout/contracts';
import { raw } from '../http/contract.ts';
import { createExportsService, EXPORT_TYPES, type ExportsService } from './exports.service.ts';

/** Route path (under /api/v1) → format. */
export const EXPORT_ROUTES: readonly [string, ExportFormat][] = [
  ['/cases/:id/export.geojson', 'geojson'],
  ['/cases/:id/tracks.gpx', 'gpx'],
  ['/cases/:id/tracks.kml', 'kml'],
  ['/cases/:id/timeline.csv', 'timeline_csv'],
];

export function exportsRoutes(exports: ExportsService): Router {
  const r = createRouter();
  for (const [path, format] of EXPORT_ROUTES) {
    const staff = allow(STAFF, {
      summary: `The case as a ${EXPORT_TYPES[format].ext} file`,
      note: 'officers: only cases they opened or are assigned to (403 otherwise); audited (case_export)',
      params: idParam,
      response: raw(EXPORT_TYPES[format].contentType.split(';')[0]!, 'A download (content-disposition: attachment)'),
    });
    r.get(path, staff, async (req, res) => {
      const { id } = idParam.parse(req.params);
      const file = await exports.export(format, id, currentUser(req), req.ip ?? null);
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
      res.setHeader('cache-control', 'no-store');
      res.send(file.body);
    });
  }
  return r;
}

/** exports, wired once (app.ts mounts the result behind the session). */
export function exportsModule(deps: { database: Database; cases: CasesService; audit: AuditRepo }): Router {
  return exportsRoutes(
    createExportsService({ cases: deps.cases, repo: createExportsRepo(deps.database), audit: deps.audit }),
  );
}
