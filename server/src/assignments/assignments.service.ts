import type { AssignmentStatus } from '@lookout/db';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import { toWgs84 } from '../coordinates/datum.ts';
import { AppError } from '../http/errors.ts';
import type { UnitsRepo } from '../units/units.repo.ts';
import type { AssignmentsRepo, AssignmentView } from './assignments.repo.ts';
import type { AssignmentStatusBody, CreateAssignmentBody } from './assignments.schemas.ts';

/** Which statuses each step may follow: forward only; standing down ends any live assignment. */
export const allowedFrom: Record<Exclude<AssignmentStatus, 'dispatched'>, AssignmentStatus[]> = {
  en_route: ['dispatched'],
  on_scene: ['dispatched', 'en_route'],
  found: ['dispatched', 'en_route', 'on_scene'],
  stood_down: ['dispatched', 'en_route', 'on_scene'],
};

export interface AssignmentsDeps {
  repo: AssignmentsRepo;
  access: CaseAccess;
  units: Pick<UnitsRepo, 'get'>;
}

export function createAssignmentsService(deps: AssignmentsDeps) {
  const { repo } = deps;
  return {
    async create(caseId: string, body: CreateAssignmentBody, by: SessionUser): Promise<AssignmentView> {
      const c = await deps.access.caseInScope(caseId, by);
      if (c.status !== 'open') throw new AppError('conflict', `Case ${caseId} is closed`);
      if (!(await deps.units.get(body.unitId))) throw new AppError('not_found', `No unit ${body.unitId}`);
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
      return repo.create({ caseId, unitId: body.unitId, kind: t.kind, ref, ...point, createdBy: by.id });
    },

    async listForCase(caseId: string): Promise<AssignmentView[]> {
      return repo.listForCase(caseId);
    },

    /** 出发 / 到达 / 找到 / 撤回: only the assigned officer (or a commander/admin); a retried key answers like the first. */
    async setStatus(id: string, body: AssignmentStatusBody, by: SessionUser): Promise<AssignmentView> {
      const a = await repo.get(id);
      if (!a) throw new AppError('not_found', `No assignment ${id}`);
      await deps.access.caseInScope(a.caseId, by);
      // Within the case, an officer moves only his own unit's assignment.
      const isCommand = by.role === 'commander' || by.role === 'admin';
      if (!isCommand && !(by.role === 'officer' && a.unitUserId === by.id)) {
        throw new AppError('forbidden', 'This assignment belongs to another unit');
      }
      const key = `assignment:${id}:${body.idempotencyKey}`;
      const { unitUserId: _, ...view } = a;
      if (await repo.keyUsed(a.caseId, key)) return view;
      if (a.status === body.status) return view;
      const from = allowedFrom[body.status];
      if (!from.includes(a.status)) {
        throw new AppError('conflict', `An assignment that is ${a.status} cannot become ${body.status}`);
      }
      await repo.setStatus(id, body.status, from, by.id, key);
      const { unitUserId: __, ...after } = (await repo.get(id))!;
      return after;
    },
  };
}

export type AssignmentsService = ReturnType<typeof createAssignmentsService>;
