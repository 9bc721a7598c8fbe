import type {
  Assignment,
  CallerLocationFeature,
  CaseBrief,
  CaseDrone,
  CaseDetail,
  CaseEvent,
  CaseView,
  ClockCorrectionBody,
  CloseCaseBody,
  Match,
  OpenCaseBody,
  RingsCollection,
} from '@lookout/contracts';
import { estimateCallerBattery, hasRole } from '@lookout/contracts';
import type { Feature, Polygon } from 'geojson';
import type { SessionUser } from '../auth/auth.repo.ts';
import { commands, isStaff } from '../auth/capabilities.ts';
import { pointToWgs84 } from '../coordinates/point-input.ts';
import type { FeatureCollection } from '../drones/drones.geojson.ts';
import { AppError } from '../errors.ts';
import { isridRings, ringPolygons, type RingProperties } from '../search-planning/isrid-rings.ts';
import type { CaseAccess } from './case-access.ts';
import type { CasesRepo } from './cases.repo.ts';
import { stepTimes, targets, type StepTimesMap } from '../board/case-clocks.ts';

export function caseBrief(c: CaseView): CaseBrief {
  const { id, kind, status, title, subjectCategory, subjectCount, createdAt, acknowledgedAt, closedAt, step, ipp } = c;
  return {
    id,
    kind,
    status,
    title,
    subjectCategory,
    subjectCount,
    createdAt,
    acknowledgedAt,
    closedAt,
    step,
    ipp,
    brief: true,
  };
}

/** The steps whose time a correction may set, per kind: the report, each clock's step, the close. */
export function correctableSteps(kind: CaseView['kind']): string[] {
  return ['reported', ...targets[kind].map((t) => t.step), 'closed'];
}

/** A correction may be this far ahead of the server's clock (a browser clock a little fast), no more. */
const FUTURE_SKEW_MS = 5_000;

export interface CasesDeps {
  repo: CasesRepo;
  access: CaseAccess;
  callerLocations: { list(caseId: string): Promise<FeatureCollection<CallerLocationFeature>> };
  matches: { list(caseId: string): Promise<Match[]> };
  assignments: { listForCase(caseId: string): Promise<Assignment[]> };
  drones: { list(caseId: string): Promise<CaseDrone[]> };
  now?: () => Date;
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

  /** The case as `user` may read it (case-access.ts: the same scope every write of the case uses). */
  const readable = (id: string, user: SessionUser): Promise<CaseView> => deps.access.caseInScope(id, user);

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

    /**
     * Commanders and admins: every case. Officers: the cases they opened or their unit is assigned to, in full,
     * and the other open cases in brief (no phone, no description); closed cases not theirs are left out.
     */
    async list(status: 'open' | 'closed' | 'all', user: SessionUser): Promise<{ cases: (CaseView | CaseBrief)[] }> {
      const all = await repo.list(status);
      if (commands(user) || !hasRole(user, 'officer')) return { cases: all };
      const mine = await repo.officerCaseIds(user.id);
      const cases: (CaseView | CaseBrief)[] = [];
      for (const c of all) {
        if (mine.has(c.id)) cases.push(c);
        else if (c.status === 'open') cases.push(caseBrief(c));
      }
      return { cases };
    },

    /**
     * A clock correction (commander, admin): a new `clock_corrected` event with the reason; the step's time the
     * clocks read is this one from now on (case-clocks.ts: the last correction of a step wins).
     */
    async correctClock(
      id: string,
      body: ClockCorrectionBody,
      by: SessionUser,
    ): Promise<{ correction: CaseEvent; times: StepTimesMap }> {
      const c = await readable(id, by);
      const steps = correctableSteps(c.kind);
      if (!steps.includes(body.step)) {
        throw new AppError(
          'bad_request',
          `Unknown step "${body.step}" for a ${c.kind} case (one of ${steps.join(', ')})`,
        );
      }
      const at = new Date(body.at);
      if (at.getTime() > (deps.now?.() ?? new Date()).getTime() + FUTURE_SKEW_MS) {
        throw new AppError('bad_request', 'A correction cannot be in the future');
      }
      const correction = await repo.correctClock(id, by.id, {
        step: body.step,
        at: at.toISOString(),
        reason: body.reason,
      });
      return { correction, times: stepTimes(await repo.events(id)) };
    },

    async detail(id: string, user: SessionUser): Promise<CaseDetail> {
      const c = await readable(id, user);
      const [events, callerLocations, matches, assignments, drones] = await Promise.all([
        repo.events(id),
        deps.callerLocations.list(id),
        deps.matches.list(id),
        deps.assignments.listForCase(id),
        deps.drones.list(id),
      ]);
      const callerBattery = estimateCallerBattery(
        callerLocations.features.map((f) => ({ t: f.properties.t, battery: f.properties.battery })),
      );
      // A pilot flies for the case: he needs where to look, not whom to call.
      const shown = isStaff(user) ? c : { ...c, reporterPhone: null };
      return { case: shown, events, callerLocations, callerBattery, matches, assignments, rings: ringsOf(c), drones };
    },

    /** The commander has seen the new case: the 2-minute clock stops. Once only (409 after). */
    async acknowledge(id: string, by: SessionUser): Promise<{ case: CaseView }> {
      await readable(id, by);
      if (!(await repo.acknowledge(id, by.id))) throw new AppError('conflict', `Case ${id} is already acknowledged`);
      return { case: (await repo.get(id))! };
    },

    /** Close an open case with its outcome (409 when already closed); units still out are stood down. */
    async close(id: string, body: CloseCaseBody, by: SessionUser): Promise<{ case: CaseView }> {
      await readable(id, by);
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

    async matches(id: string, user: SessionUser): Promise<{ matches: Match[] }> {
      await readable(id, user);
      return { matches: await deps.matches.list(id) };
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
