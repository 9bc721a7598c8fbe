import { z } from 'zod';
import { sightingKinds } from './enums.ts';

/**
 * Lookout v1 JSON over MQTT (drone → bridge on `lookout/v1/drones/{droneId}/telemetry|sightings|status`, bridge →
 * drone on `…/acks`). WGS-84 degrees, metres, degrees from true north, m/s (vs positive up), percent. Unknown
 * fields are ignored: additive optional fields stay v1, a breaking change is a new `v2` topic. Ranges and times
 * are judged by the bridge's decoders (drone-bridge/src/decoders), which reject with a reason rather than throw.
 */

/** The reading id, made once per reading and reused on every retry. Any RFC 4122 layout; publishers make v7. */
export const readingId = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'not a uuid');

/** ISO 8601 with a zone (Z or ±hh:mm); local times without a zone are ambiguous and refused. */
export const isoTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, 'not an ISO 8601 time with zone')
  .refine((s) => Number.isFinite(Date.parse(s)), 'not a real date');

/** A measurement the publisher may leave out or send as null. z.number() already refuses NaN and ±Infinity. */
export const optionalNumber = z.number().nullish();

/** The most fixes one telemetry batch may carry. */
export const MAX_FIXES_PER_BATCH = 1000;

/** One fix on `telemetry`. Required: `v, id, t, lon, lat`; `seq` is the drone's own counter, used to spot gaps. */
export const telemetryFix = z.object({
  v: z.literal(1),
  id: readingId,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullish(),
  t: isoTime,
  src: z.string().max(16).nullish(),
  lon: z.number(),
  lat: z.number(),
  altMsl: optionalNumber,
  altRel: optionalNumber,
  hdg: optionalNumber,
  /** The camera gimbal's pitch in degrees: −90 straight down, 0 level (optional; the coverage footprint uses it). */
  gimbalPitch: optionalNumber,
  gs: optionalNumber,
  vs: optionalNumber,
  bat: optionalNumber,
});
export type TelemetryFix = z.infer<typeof telemetryFix>;

/** Several fixes in one message, `{"v":1,"fixes":[…]}`; each fix is judged on its own. */
export const telemetryBatch = z.object({
  v: z.literal(1),
  fixes: z.array(z.unknown()).min(1).max(MAX_FIXES_PER_BATCH),
});
export type TelemetryBatch = z.infer<typeof telemetryBatch>;

/** A sighting on `sightings`; `photo` is an optional base64 JPEG (at most 2 MB). `kind` defaults to a person. */
export const sightingMessage = z.object({
  v: z.literal(1),
  id: readingId,
  t: isoTime,
  lon: z.number(),
  lat: z.number(),
  uncM: optionalNumber,
  conf: optionalNumber,
  kind: z.enum(sightingKinds).nullish(),
  count: z.number().int().nullish(),
  note: z.string().max(2000).nullish(),
  photo: z.string().nullish(),
});
export type SightingMessage = z.infer<typeof sightingMessage>;

/** The retained `status` (also the Last Will, `{"online":false}`). */
export const statusMessage = z.object({ v: z.literal(1).optional(), online: z.boolean(), t: isoTime.optional() });
export type StatusMessage = z.infer<typeof statusMessage>;

/**
 * What the bridge publishes on a drone's `acks` after a commit: the ids now stored (the drone may forget them), and
 * the ids refused for good with the reason (resending them would not help).
 */
export const droneAcks = z.object({
  v: z.literal(1),
  ids: z.array(z.string()),
  rejected: z.array(z.object({ id: z.string(), reason: z.string() })).optional(),
});
export type DroneAcksMessage = z.infer<typeof droneAcks>;
