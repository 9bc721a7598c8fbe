import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { mslFromEllipsoid } from '../dji/geoid.ts';
import { gimbalPitchOf } from './dji-gimbal.ts';
import { laserTargetOf } from './dji-laser.ts';
import type { DecodeOptions, DecodeResult, FixRecord } from './types.ts';
import { checkRanges, checkTime, parseJson, rejection, zodDetail, type Range } from './validate.ts';

/**
 * DJI Cloud API aircraft OSD (`thing/product/{device_sn}/osd`, pushed at 0.5 Hz). Envelope
 * `{tid, bid, timestamp, gateway, data}`. Reached two ways: on DJI's own topic from a gateway of the pilot's
 * topology (dji/dji-decode.ts), and republished unchanged by a Lookout drone to `lookout/v1/drones/{id}/dji/osd`.
 *
 * Mapped fields (Cloud-API-Doc, aircraft properties, pushMode 0):
 *   data.latitude / data.longitude      → lat / lon (WGS-84 degrees)
 *   data.height  (ellipsoid height, m)  → altEllipsoid as reported, and altMsl through the EGM96 geoid
 *   data.elevation (above take-off, m)  → altRel
 *   data.attitude_head (−180..180°)     → hdg (0..360° from true north)
 *   data.horizontal_speed (m/s)         → gs
 *   data.vertical_speed (m/s, up +)     → vs
 *   data.battery.capacity_percent (%)   → bat
 *   envelope timestamp (epoch ms)       → t
 *   data["52-0-0"].measure_target_*     → laser (the rangefinder's target, dji-laser.ts)
 *   data["81-0-0"].gimbal_pitch (°)     → gimbalPitch (the first camera payload's, dji-gimbal.ts)
 * The reading id is a UUID v5 of (device, timestamp): DJI's own examples leave `tid` as a placeholder, so two
 * readings with one tid are still two readings, and a redelivered envelope lands on the same row.
 * An aircraft at 0,0 has no position (the documented example: in its dock, no GPS): not a fix, and not an error.
 */
export const MAX_DJI_BYTES = 64 * 1024;
/** Namespace for DJI reading ids (a random constant; changing it would break idempotency across versions). */
const DJI_NAMESPACE = '6f1d8f3e-5b7a-4c39-9a57-3c2f0e8d1b42';

const num = z.number().nullish();
export const aircraftOsdSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  height: num,
  elevation: num,
  attitude_head: num,
  horizontal_speed: num,
  vertical_speed: num,
  battery: z.object({ capacity_percent: num }).nullish(),
});

const envelopeSchema = z.object({
  tid: z.string().max(128).nullish(),
  bid: z.string().max(128).nullish(),
  timestamp: z.number().int().positive(),
  gateway: z.string().max(128).nullish(),
  data: aircraftOsdSchema,
});

const ranges: readonly Range[] = [
  ['latitude', -90, 90],
  ['longitude', -180, 180],
  ['height', -1_000, 12_000],
  ['elevation', -2_000, 12_000],
  ['attitude_head', -180, 180],
  ['horizontal_speed', 0, 200],
  ['vertical_speed', -100, 100],
];

/** A reading id unique per (device, what) — `what` is the envelope timestamp, plus an item for event lists. */
export function djiReadingId(device: string, what: string): string {
  return uuidv5(`${device}|${what}`, DJI_NAMESPACE);
}

/** attitude_head −180..180 (0 = north, clockwise positive) → 0..360. */
export function djiHeading(attitudeHead: number): number {
  return ((attitudeHead % 360) + 360) % 360;
}

/** One aircraft OSD `data` object at envelope time `t` → a fix of `droneId` (or nothing at 0,0, or a rejection). */
export function aircraftFix(droneId: string, t: number, data: unknown, opts: DecodeOptions): DecodeResult {
  const parsed = aircraftOsdSchema.safeParse(data);
  if (!parsed.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(parsed.error))] };
  const d = parsed.data;
  const id = djiReadingId(droneId, String(t));
  const bad = checkRanges(d, ranges);
  if (bad) return { records: [], rejections: [rejection('out_of_range', bad, id)] };
  const bat = d.battery?.capacity_percent ?? null;
  if (bat !== null && !(bat >= 0 && bat <= 100)) {
    return {
      records: [],
      rejections: [rejection('out_of_range', `battery.capacity_percent ${bat} outside 0..100`, id)],
    };
  }
  if (d.latitude === 0 && d.longitude === 0) return { records: [], rejections: [] };
  const timeProblem = checkTime(t, opts);
  if (timeProblem) return { records: [], rejections: [rejection(timeProblem.reason, timeProblem.detail, id)] };
  const heightEllipsoid = d.height ?? null;
  const fix: FixRecord = {
    kind: 'fix',
    droneId,
    readingId: id,
    droneSeq: null,
    t,
    src: 'dji',
    lon: d.longitude,
    lat: d.latitude,
    altMsl: heightEllipsoid === null ? null : mslFromEllipsoid(d.latitude, d.longitude, heightEllipsoid),
    altEllipsoid: heightEllipsoid,
    altRel: d.elevation ?? null,
    hdg: d.attitude_head == null ? null : djiHeading(d.attitude_head),
    gs: d.horizontal_speed ?? null,
    vs: d.vertical_speed ?? null,
    bat,
    laser: laserTargetOf(data),
    gimbalPitch: gimbalPitchOf(data),
  };
  return { records: [fix], rejections: [] };
}

/** The republished envelope on `lookout/v1/drones/{droneId}/dji/osd`. */
export function decodeDjiOsd(droneId: string, payload: Buffer, opts: DecodeOptions): DecodeResult {
  if (payload.length > MAX_DJI_BYTES) {
    return { records: [], rejections: [rejection('too_large', `${payload.length} bytes > ${MAX_DJI_BYTES}`)] };
  }
  const json = parseJson(payload);
  if (!json.ok) return { records: [], rejections: [rejection('not_json', json.detail)] };
  const parsed = envelopeSchema.safeParse(json.value);
  if (!parsed.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(parsed.error))] };
  // The raw data, not the parsed one: the schema drops the payload objects (laser, gimbal) it does not list.
  return aircraftFix(droneId, parsed.data.timestamp, (json.value as { data: unknown }).data, opts);
}
