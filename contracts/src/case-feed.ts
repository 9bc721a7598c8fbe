import { z } from 'zod';
import { assignmentStatuses, callerLocationSources, datums, matchStatuses, targetKinds } from './enums.ts';
import { pointGeometry } from './geojson.ts';

/** One row of a case's event log. */
export const caseEvent = z
  .object({
    seq: z.number(),
    type: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CaseEvent' });
export type CaseEvent = z.infer<typeof caseEvent>;

/** A caller's fix, stored in WGS-84; the coordinates and datum as received are kept alongside. */
export const callerLocationFeature = z
  .object({
    type: z.literal('Feature'),
    id: z.number(),
    geometry: pointGeometry,
    properties: z.object({
      id: z.number(),
      seq: z.number(),
      caseId: z.string(),
      source: z.enum(callerLocationSources),
      datumReceived: z.enum(datums),
      lonReceived: z.number(),
      latReceived: z.number(),
      accuracyM: z.number(),
      t: z.string(),
      battery: z.number().nullable(),
      receivedAt: z.string(),
    }),
  })
  .meta({ id: 'CallerLocationFeature' });
export type CallerLocationFeature = z.infer<typeof callerLocationFeature>;
export type CallerLocationProps = CallerLocationFeature['properties'];

/** A scored (caller location, sighting) pair of one case. */
export const match = z
  .object({
    id: z.number(),
    seq: z.number(),
    caseId: z.string(),
    callerLocationId: z.number(),
    sightingId: z.number(),
    distanceM: z.number(),
    /** Minutes between the caller's fix and the sighting (absolute). */
    minutesApart: z.number(),
    score: z.number(),
    status: z.enum(matchStatuses),
    reason: z.object({ zh: z.string(), en: z.string() }),
    sighting: z.object({
      lon: z.number(),
      lat: z.number(),
      t: z.string(),
      uncM: z.number().nullable(),
      conf: z.number().nullable(),
      kind: z.string(),
      count: z.number().nullable(),
      droneId: z.string(),
      callsign: z.string(),
    }),
    callerLocation: z.object({
      lon: z.number(),
      lat: z.number(),
      t: z.string(),
      accuracyM: z.number(),
      source: z.enum(callerLocationSources),
    }),
  })
  .meta({ id: 'Match' });
export type Match = z.infer<typeof match>;

/** A unit's assignment on a case: where it is sent, and how far it has got. */
export const assignment = z
  .object({
    id: z.string(),
    caseId: z.string(),
    unitId: z.string(),
    unitCallsign: z.string(),
    status: z.enum(assignmentStatuses),
    target: z.object({ kind: z.enum(targetKinds), ref: z.string().nullable(), lon: z.number(), lat: z.number() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Assignment' });
export type Assignment = z.infer<typeof assignment>;

/** An officer's unit position on the live feed; `seq` is `unit_positions.id`. */
export const unitPosition = z.object({
  unitId: z.string(),
  seq: z.number(),
  t: z.string(),
  lon: z.number(),
  lat: z.number(),
  accuracyM: z.number().nullable(),
});
export type UnitPosition = z.infer<typeof unitPosition>;
