import type { AuditRepo } from '../audit/audit.repo.ts';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { CasesService } from '../cases/cases.service.ts';
import { caseGeoJson, type CaseExportData } from './case-export.ts';
import type { ExportsRepo } from './exports.repo.ts';
import { timelineCsv } from './timeline-csv.ts';
import { caseGpx, caseKml } from './tracks-xml.ts';
import type { ExportFormat } from '@lookout/contracts';

export interface ExportFile {
  body: string;
  contentType: string;
  filename: string;
}

export interface ExportsDeps {
  cases: Pick<CasesService, 'detail'>;
  repo: ExportsRepo;
  audit: Pick<AuditRepo, 'write'>;
  now?: () => Date;
}

/** Each export's media type and file extension. */
export const EXPORT_TYPES: Record<ExportFormat, { contentType: string; ext: string }> = {
  geojson: { contentType: 'application/geo+json; charset=utf-8', ext: 'geojson' },
  gpx: { contentType: 'application/gpx+xml; charset=utf-8', ext: 'gpx' },
  kml: { contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8', ext: 'kml' },
  timeline_csv: { contentType: 'text/csv; charset=utf-8', ext: 'csv' },
};

export function createExportsService(deps: ExportsDeps) {
  const now = deps.now ?? (() => new Date());

  /** One read of the case: the readable rule of the case detail (officers: their cases), then the rest. */
  async function load(id: string, user: SessionUser, withTracks: boolean): Promise<CaseExportData> {
    const detail = await deps.cases.detail(id, user);
    // A tadpole case's steps beyond its events: deliveries, 已转发, the tadpole clocks (the timeline CSV).
    const tadpole =
      !withTracks && detail.case.kind !== 'lost_person'
        ? { rows: await deps.repo.tadpoleRows(id), steps: await deps.repo.tadpoleSteps(id) }
        : undefined;
    const generatedAt = now().toISOString();
    const c = detail.case;
    const window = { from: c.createdAt, to: c.closedAt ?? generatedAt };
    const [from, to] = [new Date(window.from), new Date(window.to)];
    const [sightings, drones, units, sectors, coverage] = await Promise.all([
      deps.repo.sightings(id),
      withTracks ? deps.repo.droneTracks(from, to) : { tracks: [], truncated: false },
      withTracks ? deps.repo.unitTracks(id, from, to) : { tracks: [], truncated: false },
      withTracks ? deps.repo.sectors(id) : [],
      withTracks ? deps.repo.coverageByHour(id) : [],
    ]);
    const actorIds = [
      ...new Set(
        [c.createdBy, ...detail.events.map((e) => e.actorId), ...(tadpole?.rows ?? []).map((r) => r.actorId)].filter(
          (x): x is string => !!x,
        ),
      ),
    ];
    return {
      detail,
      sightings,
      tracks: [...drones.tracks, ...units.tracks],
      sectors,
      coverage,
      window,
      truncated: drones.truncated || units.truncated,
      names: await deps.repo.userNames(actorIds),
      generatedAt,
      ...(tadpole ? { tadpole } : {}),
    };
  }

  return {
    /** The export in one format; written to the audit log as a read of the case file. */
    async export(format: ExportFormat, id: string, user: SessionUser, remoteAddr: string | null): Promise<ExportFile> {
      const d = await load(id, user, format !== 'timeline_csv');
      const body =
        format === 'geojson'
          ? JSON.stringify(caseGeoJson(d))
          : format === 'gpx'
            ? caseGpx(d)
            : format === 'kml'
              ? caseKml(d)
              : timelineCsv(d);
      await deps.audit.write({
        actorId: user.id,
        action: 'case_export',
        targetType: 'case',
        targetId: id,
        remoteAddr,
        detail: { format, tracks: d.tracks.length, truncated: d.truncated },
      });
      const stamp = d.generatedAt.slice(0, 19).replace(/[-:]/g, '');
      const name = format === 'timeline_csv' ? 'timeline' : format === 'geojson' ? 'case' : 'tracks';
      return {
        body,
        contentType: EXPORT_TYPES[format].contentType,
        filename: `lookout-${name}-${id.slice(0, 8)}-${stamp}.${EXPORT_TYPES[format].ext}`,
      };
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
