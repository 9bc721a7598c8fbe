import { randomUUID } from 'node:crypto';
import { hasRole, type SightingKind, type VideoSnapshotResult } from '@lookout/contracts';
import type { SessionUser } from '../../auth/auth.repo.ts';
import { commands } from '../../auth/capabilities.ts';
import type { CaseAccess } from '../../cases/case-access.ts';
import { AppError } from '../../errors.ts';
import type { CaseDronesRepo } from '../../pilot/case-drones.repo.ts';
import type { MarkedSightingsRepo } from '../../pilot/marked-sightings.repo.ts';
import { cleanPhoto } from '../../tadpole/photos/photo-image.ts';
import type { SnapshotRepo } from './snapshot.repo.ts';
import { snapshotPoint } from './snapshot-position.ts';

export interface SnapshotDeps {
  repo: SnapshotRepo;
  access: Pick<CaseAccess, 'caseInScope'>;
  caseDrones: Pick<CaseDronesRepo, 'find'>;
  marked: Pick<MarkedSightingsRepo, 'insert' | 'setPhoto'>;
  officerMayRead: (caseId: string, userId: string) => Promise<boolean>;
  refused: (reason: string) => void;
  now?: () => Date;
}

/**
 * A picture taken from a drone's live video becomes a sighting of the case: placed at the laser rangefinder's
 * target when the aircraft reports a valid, fresh one, else at the aircraft with a wider radius; stored like a
 * sighting marked on the pilot's map (its event, the live doorbell, matching), with the picture re-encoded
 * without metadata as its photo.
 */
export function createSnapshotService(deps: SnapshotDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async snapshot(
      droneId: string,
      caseId: string,
      input: { bytes: Buffer; kind: SightingKind; note: string | undefined },
      by: SessionUser,
    ): Promise<VideoSnapshotResult> {
      const c = await deps.access.caseInScope(caseId, by);
      if (c.status !== 'open') throw new AppError('conflict', `Case ${caseId} is closed`);
      const attachment = await deps.caseDrones.find(caseId, droneId);
      if (!attachment) {
        throw new AppError('conflict', `Drone ${droneId} is not attached to case ${caseId}`, {
          reason: 'drone_not_attached',
        });
      }
      // Commanders and the case's officers take pictures from any of its drones; a pilot from the one he flies.
      const mayTake =
        commands(by) ||
        attachment.pilotId === by.id ||
        (hasRole(by, 'officer') && (await deps.officerMayRead(caseId, by.id)));
      if (!mayTake) {
        deps.refused('out_of_scope');
        throw new AppError('forbidden', `Drone ${droneId} is flown for this case by another pilot`);
      }
      let photo: Buffer;
      try {
        photo = (await cleanPhoto(input.bytes)).bytes;
      } catch (err) {
        deps.refused('not_image');
        throw err;
      }
      const at = now();
      const point = snapshotPoint(await deps.repo.laser(droneId), await deps.repo.fix(droneId), at);
      if (!point) {
        throw new AppError(
          'conflict',
          `Drone ${droneId} has reported no position in the last minutes: the picture cannot be placed on the map`,
          { reason: 'no_position' },
        );
      }
      const note = input.note?.trim() || `video snapshot (${point.detail})`;
      const { sighting } = await deps.marked.insert({
        caseId,
        droneId,
        readingId: randomUUID(),
        lon: point.lon,
        lat: point.lat,
        kind: input.kind,
        count: null,
        note,
        uncM: point.uncM,
        markedBy: by.id,
      });
      await deps.marked.setPhoto(sighting.id, photo);
      return {
        sighting: { ...sighting, properties: { ...sighting.properties, hasPhoto: true } },
        position: point.position,
      };
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
