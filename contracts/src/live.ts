import { z } from 'zod';
import { assignment, callerLocationFeature, caseEvent, match, unitPosition } from './case-feed.ts';
import { drone, position } from './drones.ts';
import { featureCollection } from './geojson.ts';
import { sightingFeature } from './sightings.ts';

/**
 * The live socket, `/api/v1/live`. The client sends `resume` with the last seq it saw (and the cases it follows);
 * the server answers with a snapshot, then events and batched positions, and pings. Every server message carries
 * the seq it brings the client up to.
 */

export const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('resume'),
    after: z.number().int().nonnegative().nullable(),
    cases: z.array(z.string().max(64)).max(100).optional(),
  }),
  z.object({ type: z.literal('pong') }).loose(),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** The events of a case the socket carries: its log, caller fixes, matches and assignments. */
export const caseFeedEvent = z.discriminatedUnion('kind', [
  caseEvent.extend({ kind: z.literal('case_event'), caseId: z.string() }),
  z.object({ kind: z.literal('caller_location'), caseId: z.string(), feature: callerLocationFeature }),
  z.object({ kind: z.literal('match'), caseId: z.string(), match }),
  z.object({ kind: z.literal('assignment'), caseId: z.string(), assignment }),
]);
export type CaseFeedEvent = z.infer<typeof caseFeedEvent>;

export const sightingLiveEvent = z.object({ kind: z.literal('sighting'), sighting: sightingFeature });

/**
 * A case's covered ground grew (a coverage pass added to it): the client reloads `GET /cases/{id}/coverage`. At
 * most one every few seconds per case; the message carries no coverage itself.
 */
export const coverageChangedEvent = z.object({ kind: z.literal('coverage_changed'), caseId: z.string() });

export const liveEvent = z.discriminatedUnion('kind', [
  sightingLiveEvent,
  ...caseFeedEvent.options,
  coverageChangedEvent,
]);
export type LiveEvent = z.infer<typeof liveEvent>;

export const serverMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    seq: z.number(),
    drones: z.array(drone),
    sightings: featureCollection(sightingFeature),
  }),
  z.object({
    type: z.literal('positions'),
    seq: z.number(),
    positions: z.array(position),
    units: z.array(unitPosition).optional(),
  }),
  z.object({ type: z.literal('event'), seq: z.number(), event: liveEvent }),
  z.object({ type: z.literal('ping'), seq: z.number() }),
  z.object({ type: z.literal('error'), seq: z.number(), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;
