import { z } from 'zod';
import { accuracyM, idempotencyKey } from './caller-locations.ts';
import { assignment } from '../case-feed.ts';
import { caseView } from './cases.ts';

export const MAX_POSITIONS = 500;

/** Positions from the officer's phone (`watchPosition`, WGS-84), queued while offline and sent in batches. */
export const positionsBody = z.object({
  positions: z
    .array(
      z.object({
        lon: z.number().min(-180).max(180),
        lat: z.number().min(-90).max(90),
        accuracy: accuracyM.nullable().optional(),
        t: z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]),
        idempotencyKey,
      }),
    )
    .min(1)
    .max(MAX_POSITIONS),
});
export type PositionsBody = z.infer<typeof positionsBody>;

/** POST /units: an outside team without an account, reached through its guidance link. */
export const createUnitBody = z.object({
  callsign: z.string().trim().min(1).max(40),
  agency: z.string().trim().min(1).max(40),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number'),
  members: z.number().int().min(1).max(500).optional(),
});
export type CreateUnitBody = z.infer<typeof createUnitBody>;

/**
 * GET /units: each unit, its last position and its current assignment. An officer's unit has his account
 * (`userId`); an outside team has none, but its agency, its phone (masked) and its headcount.
 */
export const unitView = z.object({
  id: z.string(),
  callsign: z.string(),
  userId: z.string().nullable(),
  agency: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  members: z.number().nullable(),
  position: z.object({ t: z.string(), lon: z.number(), lat: z.number(), accuracyM: z.number().nullable() }).nullable(),
  assignment: assignment.nullable(),
});
export type UnitView = z.infer<typeof unitView>;
export const unitListResponse = z.object({ units: z.array(unitView) });

/** A live drone near the officer's target, as a beacon. */
export const nearestDrone = z.object({
  id: z.string(),
  callsign: z.string(),
  lon: z.number(),
  lat: z.number(),
  t: z.string(),
  distanceM: z.number(),
});
export type NearestDrone = z.infer<typeof nearestDrone>;

/** GET /me/assignment: the officer's unit, his assignment, its case, and the nearest live drone. */
export const myAssignmentResponse = z.object({
  unit: z.object({ id: z.string(), callsign: z.string() }),
  assignment: assignment.nullable(),
  case: caseView.nullable(),
  nearestDrone: nearestDrone.nullable(),
});
export type MyAssignmentResponse = z.infer<typeof myAssignmentResponse>;

/** POST /units/positions. */
export const positionsResponse = z.object({ stored: z.number(), duplicates: z.number() });
