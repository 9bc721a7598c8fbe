import {
  hasRole,
  type Assignment,
  type AssignmentStatusBody,
  type CreateAssignmentBody,
  type DispatchResult,
  type TeamLink,
} from '@lookout/contracts';
import type { AssignmentStatus } from '@lookout/db';
import type { SessionUser } from '../auth/auth.repo.ts';
import { actsAsPilotOnly, commands } from '../auth/capabilities.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import { toWgs84 } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import { checkTapTime } from '../units/tap-time.ts';
import type { UnitsRepo } from '../units/units.repo.ts';
import type { AssignmentsRepo, AssignmentTarget } from './assignments.repo.ts';

/** Which statuses each step may follow: forward only; standing down ends any live assignment. */
export const allowedFrom: Record<Exclude<AssignmentStatus, 'dispatched'>, AssignmentStatus[]> = {
  en_route: ['dispatched'],
  on_scene: ['dispatched', 'en_route'],
  found: ['dispatched', 'en_route', 'on_scene'],
  stood_down: ['dispatched', 'en_route', 'on_scene'],
};

/**
 * What a dispatch did: a new assignment; the unit was already out on this case and got the new target (one
 * assignment per unit and case, the change recorded as `assignment_retargeted`); or already on its way there.
 */

const sameTarget = (a: Assignment['target'], b: AssignmentTarget) =>
  a.kind === b.kind && a.ref === b.ref && Math.abs(a.lon - b.lon) < 1e-9 && Math.abs(a.lat - b.lat) < 1e-9;

/** Gives a new assignment of an outside team its guidance link (team-links), sent by SMS. */
export type IssueTeamLink = (a: Assignment, by: SessionUser, requestBase: string) => Promise<TeamLink>;

export interface AssignmentsDeps {
  repo: AssignmentsRepo;
  access: CaseAccess;
  units: Pick<UnitsRepo, 'get'>;
  /** Absent: an outside team is dispatched without a link (tests of dispatch alone). */
  issueTeamLink?: IssueTeamLink;
  now?: () => Date;
}

export function createAssignmentsService(deps: AssignmentsDeps) {
  const { repo } = deps;

  /** Move an assignment one step, once per idempotency key; forward only (`allowedFrom`). */
  async function applyStatus(
    a: Assignment,
    body: AssignmentStatusBody,
    actorId: string | null,
    teamLinkId?: string,
  ): Promise<Assignment> {
    const receivedAt = deps.now?.() ?? new Date();
    const tappedAt = body.tappedAt ? checkTapTime('tappedAt', body.tappedAt, receivedAt) : receivedAt;
    const key = `assignment:${a.id}:${body.idempotencyKey}`;
    if (await repo.keyUsed(a.caseId, key)) return a;
    if (a.status === body.status) return a;
    const from = allowedFrom[body.status];
    if (!from.includes(a.status)) {
      throw new AppError('conflict', `An assignment that is ${a.status} cannot become ${body.status}`);
    }
    await repo.setStatus(a.id, body.status, from, actorId, key, { tappedAt, receivedAt }, teamLinkId);
    const { unitUserId: _, ...after } = (await repo.get(a.id))!;
    return after;
  }

  return {
    async create(
      caseId: string,
      body: CreateAssignmentBody,
      by: SessionUser,
      /** The address the dispatcher's browser used, for a team link when PUBLIC_URL is not set. */
      requestBase = '',
    ): Promise<DispatchResult> {
      const c = await deps.access.caseInScope(caseId, by);
      if (c.status !== 'open') throw new AppError('conflict', `Case ${caseId} is closed`);
      const unit = await deps.units.get(body.unitId);
      if (!unit) throw new AppError('not_found', `No unit ${body.unitId}`);
      const t = body.target;
      let point: { lon: number; lat: number } | undefined;
      let ref: string | null = null;
      if (t.kind === 'point') {
        const [lon, lat] = toWgs84([t.lon, t.lat], t.datum);
        point = { lon, lat };
      } else {
        ref = String(t.ref);
        point = await repo.targetPoint(caseId, t.kind, t.ref);
        if (!point) throw new AppError('not_found', `No ${t.kind} ${t.ref} for case ${caseId}`);
      }
      const target: AssignmentTarget = { kind: t.kind, ref, ...point };
      // A pilot's dispatch is his hand-off of what he saw to the ground (同步给地面).
      const handOff = actsAsPilotOnly(by);
      // Twice at most: an assignment that ends between the look and the move leaves room for a new one.
      for (let attempt = 0; attempt < 2; attempt++) {
        const live = await repo.activeFor(caseId, body.unitId);
        if (live) {
          if (sameTarget(live.target, target)) return { ...live, outcome: 'already_en_route' };
          if (await repo.retarget(live.id, target, by.id, handOff)) {
            const { unitUserId: _, ...after } = (await repo.get(live.id))!;
            return { ...after, outcome: 'retargeted' };
          }
          continue;
        }
        const created = await repo.create({ caseId, unitId: body.unitId, ...target, createdBy: by.id, handOff });
        if (!created) continue;
        // An outside team has no app: its new assignment reaches it as a guidance link (a retarget keeps the link,
        // whose page reads the new target).
        if (unit.userId === null && deps.issueTeamLink) {
          return { ...created, outcome: 'dispatched', teamLink: await deps.issueTeamLink(created, by, requestBase) };
        }
        return { ...created, outcome: 'dispatched' };
      }
      throw new AppError('conflict', `Unit ${body.unitId} changed while being dispatched; try again`);
    },

    async listForCase(caseId: string): Promise<Assignment[]> {
      return repo.listForCase(caseId);
    },

    /** 出发 / 到达 / 找到 / 撤回: only the assigned officer (or a commander/admin); a retried key answers like the first. */
    async setStatus(id: string, body: AssignmentStatusBody, by: SessionUser): Promise<Assignment> {
      const a = await repo.get(id);
      if (!a) throw new AppError('not_found', `No assignment ${id}`);
      await deps.access.caseInScope(a.caseId, by);
      // Within the case, an officer moves only his own unit's assignment.
      if (!commands(by) && !(hasRole(by, 'officer') && a.unitUserId === by.id)) {
        throw new AppError('forbidden', 'This assignment belongs to another unit');
      }
      const { unitUserId: _, ...view } = a;
      return applyStatus(view, body, by.id);
    },

    /** The same steps from an outside team's guidance link (checked by team-links): no user, the link recorded. */
    async setStatusFromTeamLink(id: string, body: AssignmentStatusBody, teamLinkId: string): Promise<Assignment> {
      const a = await repo.get(id);
      if (!a) throw new AppError('not_found', `No assignment ${id}`);
      const { unitUserId: _, ...view } = a;
      return applyStatus(view, body, null, teamLinkId);
    },

    get: async (id: string): Promise<Assignment | undefined> => {
      const a = await repo.get(id);
      if (!a) return undefined;
      const { unitUserId: _, ...view } = a;
      return view;
    },
  };
}

export type AssignmentsService = ReturnType<typeof createAssignmentsService>;
