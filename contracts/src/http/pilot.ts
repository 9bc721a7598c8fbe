import { z } from 'zod';
import { datums, sightingKinds } from '../enums.ts';
import { caseBriefView, caseDrone } from './cases.ts';

const droneId = z.string().trim().min(1).max(64);

/** POST /cases/:id/drones: a pilot attaches his drone (he flies it); a commander may name the pilot. */
export const attachDroneBody = z.object({ droneId, pilotId: z.uuid().optional() });
export type AttachDroneBody = z.infer<typeof attachDroneBody>;
export const attachDroneResult = z.object({
  drone: caseDrone,
  outcome: z.enum(['attached', 'already_attached']),
});
export type AttachDroneResult = z.infer<typeof attachDroneResult>;
export const caseDroneParams = z.object({ id: z.uuid(), droneId });

/** GET /pilot/cases: the cases the pilot flies for, with their drones, and the other open cases he may join. */
export const pilotCasesResponse = z.object({
  attached: z.array(z.object({ case: caseBriefView, drones: z.array(caseDrone) })),
  open: z.array(caseBriefView),
});
export type PilotCasesResponse = z.infer<typeof pilotCasesResponse>;

/**
 * POST /sightings: a sighting marked on the pilot's map for a case, by a drone attached to it. `readingId` is made
 * by the client once per sighting, so a retry after a lost answer stores it once.
 */
export const markSightingBody = z.object({
  caseId: z.uuid(),
  droneId,
  readingId: z.uuid(),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  datum: z.enum(datums),
  kind: z.enum(sightingKinds),
  count: z.number().int().min(1).max(1000).optional(),
  note: z.string().trim().max(500).optional(),
  /** Uncertainty of the marked point in metres (a tap on a map at the pilot's zoom). */
  uncM: z.number().positive().max(10_000).optional(),
});
export type MarkSightingBody = z.infer<typeof markSightingBody>;

/** PUT /sightings/:id/photo. */
export const sightingPhotoUploaded = z.object({ id: z.number(), width: z.number(), height: z.number() });
