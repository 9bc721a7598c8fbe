import type { CreateUnitBody, MyAssignmentResponse, PositionsBody, UnitView } from '@lookout/contracts';
import { maskPhone } from '../audit/mask-phone.ts';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { AssignmentsRepo } from '../assignments/assignments.repo.ts';
import type { CasesRepo } from '../cases/cases.repo.ts';
import { AppError } from '../errors.ts';
import { tapTimeProblem } from './tap-time.ts';
import type { UnitRow, UnitsRepo } from './units.repo.ts';

/** A drone whose last fix is older than this is no beacon. */
export const BEACON_MAX_AGE_S = 300;

export interface UnitsDeps {
  repo: UnitsRepo;
  assignments: Pick<AssignmentsRepo, 'currentForUnit'>;
  cases: Pick<CasesRepo, 'get'>;
  now?: () => Date;
}

/** A unit as every view shows it: an outside team's phone masked (personal data, like the caller's). */
function unitFields(u: UnitRow): Pick<UnitView, 'id' | 'callsign' | 'userId' | 'agency' | 'phoneMasked' | 'members'> {
  return {
    id: u.id,
    callsign: u.callsign,
    userId: u.userId,
    agency: u.agency,
    phoneMasked: u.phone === null ? null : maskPhone(u.phone),
    members: u.members,
  };
}

export function createUnitsService(deps: UnitsDeps) {
  const { repo } = deps;
  const unitOf = (user: SessionUser) => repo.ensureForUser(user.id, user.displayName || user.username);

  /**
   * Store a unit's positions at the time of each fix (a queue resent after an outage keeps them where they were;
   * `received_at` keeps the arrival); repeated keys are skipped, so a resent queue is harmless. A fix time the
   * phone's clock cannot have meant refuses the batch with a 400 naming each bad fix.
   */
  async function addPositionsFor(unitId: string, body: PositionsBody): Promise<{ stored: number; duplicates: number }> {
    const receivedAt = deps.now?.() ?? new Date();
    const refused = body.positions.flatMap((p, index) => {
      const problem = tapTimeProblem(new Date(p.t), receivedAt);
      return problem ? [{ index, idempotencyKey: p.idempotencyKey, t: p.t, problem }] : [];
    });
    if (refused.length) {
      throw new AppError('bad_request', `${refused.length} position(s) with a time ${refused[0]!.problem}`, {
        field: 't',
        receivedAt: receivedAt.toISOString(),
        refused,
      });
    }
    const fresh = await repo.insertPositions(
      unitId,
      body.positions.map((p) => ({
        lon: p.lon,
        lat: p.lat,
        accuracyM: p.accuracy ?? null,
        t: new Date(p.t),
        idempotencyKey: p.idempotencyKey,
      })),
    );
    return { stored: body.positions.length, duplicates: body.positions.length - fresh };
  }

  return {
    unitOf,
    addPositionsFor,

    /** An outside team (fire rescue, a volunteer rescue team, a grid worker): a unit reached by its phone. */
    async createTeam(body: CreateUnitBody, by: SessionUser): Promise<UnitView> {
      const unit = await repo.createTeam({
        callsign: body.callsign,
        agency: body.agency,
        phone: body.phone.replace(/[\s-]/g, ''),
        members: body.members ?? null,
        createdBy: by.id,
      });
      return { ...unitFields(unit), position: null, assignment: null };
    },

    async list(): Promise<{ units: UnitView[] }> {
      await repo.ensureForAllOfficers();
      const units = await repo.list();
      return {
        units: await Promise.all(
          units.map(async (u) => ({
            ...unitFields(u),
            position: u.position
              ? { t: u.position.t, lon: u.position.lon, lat: u.position.lat, accuracyM: u.position.accuracyM }
              : null,
            assignment: (await deps.assignments.currentForUnit(u.id)) ?? null,
          })),
        ),
      };
    },

    /** The officer's own positions (see `addPositionsFor`). */
    async addPositions(user: SessionUser, body: PositionsBody): Promise<{ stored: number; duplicates: number }> {
      return addPositionsFor((await unitOf(user)).id, body);
    },

    /** The officer view: his assignment, its case, and the nearest live drone to the target as a beacon. */
    async myAssignment(user: SessionUser): Promise<MyAssignmentResponse> {
      const unit = await unitOf(user);
      const assignment = (await deps.assignments.currentForUnit(unit.id)) ?? null;
      const c = assignment ? ((await deps.cases.get(assignment.caseId)) ?? null) : null;
      const near = assignment ? assignment.target : await repo.latestPosition(unit.id);
      const nearestDrone = near ? ((await repo.nearestDrone(near.lon, near.lat, BEACON_MAX_AGE_S)) ?? null) : null;
      return { unit: { id: unit.id, callsign: unit.callsign }, assignment, case: c, nearestDrone };
    },
  };
}

export type UnitsService = ReturnType<typeof createUnitsService>;
