import type {
  AttachDroneBody,
  AttachDroneResult,
  MarkSightingBody,
  PilotCasesResponse,
  SightingFeature,
} from '@lookout/contracts';
import { hasRole } from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { actsAsPilotOnly, commands } from '../auth/capabilities.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import type { CasesRepo } from '../cases/cases.repo.ts';
import { caseBrief } from '../cases/cases.service.ts';
import { toWgs84 } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import { cleanPhoto } from '../tadpole/photos/photo-image.ts';
import type { CaseDronesRepo } from './case-drones.repo.ts';
import type { MarkedSightingsRepo } from './marked-sightings.repo.ts';

export interface PilotDeps {
  caseDrones: CaseDronesRepo;
  marked: MarkedSightingsRepo;
  access: CaseAccess;
  cases: Pick<CasesRepo, 'get' | 'list'>;
}

/**
 * The pilot's side of a case: drones attached to cases (each attachment a step of the case), the pilot's cases,
 * sightings marked on his map for a case, with their photo. The hand-off to the ground is a dispatch
 * (assignments.service.ts), allowed to a pilot within the same case scope.
 */
export function createPilotService(deps: PilotDeps) {
  const { caseDrones } = deps;

  async function openCase(caseId: string, by: SessionUser) {
    // A pilot joins an open case with his drone: the case is not in his scope until then.
    const c = hasRole(by, 'pilot') ? await deps.cases.get(caseId) : await deps.access.caseInScope(caseId, by);
    if (!c) throw new AppError('not_found', `No case ${caseId}`);
    if (c.status !== 'open') throw new AppError('conflict', `Case ${caseId} is closed`);
    return c;
  }

  return {
    async attach(
      caseId: string,
      body: AttachDroneBody,
      by: SessionUser,
    ): Promise<AttachDroneResult & { created: boolean }> {
      await openCase(caseId, by);
      const drone = await caseDrones.drone(body.droneId);
      if (!drone) throw new AppError('not_found', `No drone ${body.droneId}`);
      if (drone.disabled) throw new AppError('conflict', `Drone ${body.droneId} is disabled`);
      let pilotId: string | null = body.pilotId ?? null;
      if (actsAsPilotOnly(by)) {
        if (pilotId && pilotId !== by.id) throw new AppError('forbidden', 'A pilot attaches a drone he flies himself');
        pilotId = by.id;
      } else if (pilotId && !(await caseDrones.isPilot(pilotId))) {
        throw new AppError('bad_request', `User ${pilotId} is not an enabled pilot`);
      }
      const attached = await caseDrones.attach({ caseId, droneId: body.droneId, pilotId, by: by.id });
      if (attached) return { drone: attached, outcome: 'attached', created: true };
      const existing = await caseDrones.find(caseId, body.droneId);
      if (!existing) throw new AppError('conflict', `Drone ${body.droneId} changed while being attached; try again`);
      if (actsAsPilotOnly(by) && existing.pilotId !== by.id) {
        throw new AppError('conflict', `Drone ${body.droneId} is flown for this case by another pilot`);
      }
      return { drone: existing, outcome: 'already_attached', created: false };
    },

    async detach(caseId: string, droneId: string, by: SessionUser): Promise<void> {
      const existing = await caseDrones.find(caseId, droneId);
      if (!actsAsPilotOnly(by)) await deps.access.caseInScope(caseId, by);
      if (!existing) throw new AppError('not_found', `Drone ${droneId} is not attached to case ${caseId}`);
      if (actsAsPilotOnly(by) && existing.pilotId !== by.id) {
        throw new AppError('forbidden', 'A pilot detaches only the drones he flies for the case');
      }
      if (!(await caseDrones.detach(caseId, droneId, by.id))) {
        throw new AppError('not_found', `Drone ${droneId} is not attached to case ${caseId}`);
      }
    },

    async pilotCases(by: SessionUser): Promise<PilotCasesResponse> {
      const [mine, open] = await Promise.all([caseDrones.forPilot(by.id), deps.cases.list('open')]);
      const openById = new Map(open.map((c) => [c.id, c]));
      const attached: PilotCasesResponse['attached'] = [];
      for (const d of mine) {
        const c = openById.get(d.caseId);
        if (!c) continue;
        const { caseId: _, ...drone } = d;
        const entry = attached.find((a) => a.case.id === c.id);
        if (entry) entry.drones.push(drone);
        else attached.push({ case: caseBrief(c), drones: [drone] });
      }
      const joined = new Set(attached.map((a) => a.case.id));
      return { attached, open: open.filter((c) => !joined.has(c.id)).map(caseBrief) };
    },

    async mark(body: MarkSightingBody, by: SessionUser): Promise<{ sighting: SightingFeature; created: boolean }> {
      const c = await deps.access.caseInScope(body.caseId, by);
      if (c.status !== 'open') throw new AppError('conflict', `Case ${body.caseId} is closed`);
      const attachment = await caseDrones.find(body.caseId, body.droneId);
      if (!attachment) {
        throw new AppError('conflict', `Drone ${body.droneId} is not attached to case ${body.caseId}`, {
          reason: 'drone_not_attached',
        });
      }
      if (!commands(by) && attachment.pilotId !== by.id) {
        throw new AppError('forbidden', `Drone ${body.droneId} is flown for this case by another pilot`);
      }
      const [lon, lat] = toWgs84([body.lon, body.lat], body.datum);
      return deps.marked.insert({
        caseId: body.caseId,
        droneId: body.droneId,
        readingId: body.readingId,
        lon,
        lat,
        kind: body.kind,
        count: body.count ?? null,
        note: body.note || null,
        uncM: body.uncM ?? null,
        markedBy: by.id,
      });
    },

    /** The photo of a sighting marked for a case in the user's scope, once; re-encoded without EXIF/GPS. */
    async photo(id: number, bytes: Buffer, by: SessionUser): Promise<{ id: number; width: number; height: number }> {
      const owner = await deps.marked.owner(id);
      if (!owner) throw new AppError('not_found', `No sighting ${id}`);
      if (!owner.caseId) {
        if (!commands(by)) throw new AppError('forbidden', `Sighting ${id} belongs to no case of yours`);
      } else {
        await deps.access.caseInScope(owner.caseId, by);
      }
      if (owner.hasPhoto) throw new AppError('conflict', `Sighting ${id} has a photo already`);
      const clean = await cleanPhoto(bytes);
      if (!(await deps.marked.setPhoto(id, clean.bytes))) {
        throw new AppError('conflict', `Sighting ${id} has a photo already`);
      }
      return { id, width: clean.width, height: clean.height };
    },
  };
}

export type PilotService = ReturnType<typeof createPilotService>;
