import type { Feature, FeatureCollection as GeoFeatureCollection, Polygon } from 'geojson';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { AssignmentView } from '../assignments/assignments.repo.ts';
import type { CallerLocationFeature } from '../caller-locations/caller-locations.repo.ts';
import { pointToWgs84 } from '../coordinates/point-input.ts';
import type { FeatureCollection } from '../drones/drones.geojson.ts';
import { AppError } from '../http/errors.ts';
import type { MatchView } from '../matching/matching.repo.ts';
import { isridRings, ringPolygons, type RingProperties } from '../search-planning/isrid-rings.ts';
import type { CaseEventView, CaseView, CasesRepo } from './cases.repo.ts';
import type { CloseCaseBody, OpenCaseBody } from './cases.schemas.ts';

export type RingsCollection = GeoFeatureCollection<Polygon, RingProperties> & { source: string };

export interface CaseDetail {
  case: CaseView;
  events: CaseEventView[];
  callerLocations: FeatureCollection<CallerLocationFeature>;
  matches: MatchView[];
  assignments: AssignmentView[];
  rings: RingsCollection | null;
}

export interface CasesDeps {
  repo: CasesRepo;
  callerLocations: { list(caseId: string): Promise<FeatureCollection<CallerLocationFeature>> };
  matches: { list(caseId: string): Promise<MatchView[]> };
  assignments: { listForCase(caseId: string): Promise<AssignmentView[]> };
}

/** The ISRID rings around the IPP of a case, or null when it has no IPP or the table has no row for it. */
export function ringsOf(c: CaseView): RingsCollection | null {
  if (!c.ipp || !c.subjectCategory) return null;
  const set = isridRings(c.subjectCategory, c.terrain ?? 'temperate_mountain');
  if (!set) return null;
  const fc = ringPolygons([c.ipp.lon, c.ipp.lat], set);
  return { ...fc, features: fc.features as Feature<Polygon, RingProperties>[], source: set.source };
}

export function createCasesService(deps: CasesDeps) {
  const { repo } = deps;

  async function readable(id: string, user: SessionUser): Promise<CaseView> {
    const c = await repo.get(id);
    if (!c) throw new AppError('not_found', `No case ${id}`);
    if (user.role === 'officer' && !(await repo.officerMayRead(id, user.id))) {
      throw new AppError('forbidden', 'Officers see the cases they opened or are assigned to');
    }
    return c;
  }

  return {
    readable,

    async open(body: OpenCaseBody, by: SessionUser): Promise<CaseView> {
      return repo.open({
        kind: body.kind,
        title: body.title,
        description: body.description ?? null,
        reporterPhone: body.reporterPhone?.replace(/[\s-]/g, '') ?? null,
        subjectCount: body.subjectCount ?? null,
        subjectCategory: body.subjectCategory,
        terrain: body.terrain ?? null,
        ipp: body.ipp ? pointToWgs84(body.ipp) : null,
        createdBy: by.id,
      });
    },

    async list(status: 'open' | 'closed' | 'all'): Promise<{ cases: CaseView[] }> {
      return { cases: await repo.list(status) };
    },

    async detail(id: string, user: SessionUser): Promise<CaseDetail> {
      const c = await readable(id, user);
      const [events, callerLocations, matches, assignments] = await Promise.all([
        repo.events(id),
        deps.callerLocations.list(id),
        deps.matches.list(id),
        deps.assignments.listForCase(id),
      ]);
      return { case: c, events, callerLocations, matches, assignments, rings: ringsOf(c) };
    },

    /** The commander has seen the new case: the 2-minute clock stops. Once only (409 after). */
    async acknowledge(id: string, by: SessionUser): Promise<{ case: CaseView }> {
      const c = await repo.get(id);
      if (!c) throw new AppError('not_found', `No case ${id}`);
      if (!(await repo.acknowledge(id, by.id))) throw new AppError('conflict', `Case ${id} is already acknowledged`);
      return { case: (await repo.get(id))! };
    },

    /** Close an open case with its outcome (409 when already closed); units still out are stood down. */
    async close(id: string, body: CloseCaseBody, by: SessionUser): Promise<{ case: CaseView }> {
      const c = await repo.get(id);
      if (!c) throw new AppError('not_found', `No case ${id}`);
      if (!(await repo.close(id, by.id, body.outcome, body.note ?? null))) {
        throw new AppError('conflict', `Case ${id} is already closed`);
      }
      return { case: (await repo.get(id))! };
    },

    async rings(id: string): Promise<RingsCollection> {
      const c = await repo.get(id);
      if (!c) throw new AppError('not_found', `No case ${id}`);
      const rings = ringsOf(c);
      if (!rings) throw new AppError('not_found', `Case ${id} has no IPP or no ISRID row for its subject and terrain`);
      return rings;
    },

    async matches(id: string, user: SessionUser): Promise<{ matches: MatchView[] }> {
      await readable(id, user);
      return { matches: await deps.matches.list(id) };
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
