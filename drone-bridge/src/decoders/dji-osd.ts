import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import type { DecodeOptions, DecodeResult, FixRecord } from './types.ts';
import { checkRanges, checkTime, parseJson, rejection, zodDetail, type Range } from './validate.ts';

/**
 * DJI Cloud API aircraft OSD (`thing/product/{device_sn}/osd`, pushed at 0.5 Hz), republished unchanged by
 * the DJI gateway to `lookout/v1/drones/{droneId}/dji/osd`. Envelope `{tid, bid, timestamp, gateway, data}`.
 *
 * Mapped fields (DJI Cloud API "Device properties", aircraft, pushMode 0):
 *   data.latitude / data.longitude      → lat / lon (WGS-84 degrees)
 *   data.height  (ellipsoid height, m)  → altMsl (ellipsoid ≈ MSL + geoid undulation; kept as is)
 *   data.elevation (above take-off, m)  → altRel
 *   data.attitude_head (−180..180°)     → hdg (0..360° from true north)
 *   data.horizontal_speed (m/s)         → gs
 *   data.vertical_speed (m/s, up +)     → vs
 *   data.battery.capacity_percent (%)   → bat
 *   envelope timestamp (epoch ms)       → t
 * The reading id is a UUID v5 of (droneId, tid — or the timestamp when tid is absent), so a redelivered or
 * resent envelope lands on the same row. An aircraft without a GPS fix reports 0,0: refused as out_of_range.
 */
export const MAX_DJI_BYTES = 64 * 1024;
/** Namespace for DJI reading ids (a random constant; changing it would break idempotency across versions). */
const DJI_NAMESPACE = '6f1d8f3e-5b7a-4c39-9a57-3c2f0e8d1b42';

const num = z.number().nullish();
const envelopeSchema = z.object({
  tid: z.string().min(1).max(128).nullish(),
  bid: z.string().max(128).nullish(),
  timestamp: z.number().int().positive(),
  gateway: z.string().max(128).nullish(),
  data: z.object({
    latitude: z.number(),
    longitude: z.number(),
    height: num,
    elevation: num,
    attitude_head: num,
    horizontal_speed: num,
    vertical_speed: num,
    battery: z.object({ capacity_percent: num }).nullish(),
  }),
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

export function djiReadingId(droneId: string, tidOrTimestamp: string): string {
  return uuidv5(`${droneId}|${tidOrTimestamp}`, DJI_NAMESPACE);
}

/** attitude_head −180..180 (0 = north, clockwise positive) → 0..360. */
export function djiHeading(attitudeHead: number): number {
  return ((attitudeHead % 360) + 360) % 360;
}

export function decodeDjiOsd(droneId: string, payload: Buffer, opts: DecodeOptions): DecodeResult {
  if (payload.length > MAX_DJI_BYTES) {
    return { records: [], rejections: [rejection('too_large', `${payload.length} bytes > ${MAX_DJI_BYTES}`)] };
  }
  const json = parseJson(payload);
  if (!json.ok) return { records: [], rejections: [rejection('not_json', json.detail)] };
  const parsed = envelopeSchema.safeParse(json.value);
  if (!parsed.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(parsed.error))] };
  const env = parsed.data;
  const d = env.data;
  const id = djiReadingId(droneId, env.tid ?? String(env.timestamp));
  const bad = checkRanges(d, ranges);
  if (bad) return { records: [], rejections: [rejection('out_of_range', bad, id)] };
  const bat = d.battery?.capacity_percent ?? null;
  if (bat !== null && !(bat >= 0 && bat <= 100)) {
    return {
      records: [],
      rejections: [rejection('out_of_range', `battery.capacity_percent ${bat} outside 0..100`, id)],
    };
  }
  if (d.latitude === 0 && d.longitude === 0)
    return { records: [], rejections: [rejection('out_of_range', 'no GPS fix (0,0)', id)] };
  const timeProblem = checkTime(env.timestamp, opts);
  if (timeProblem) return { records: [], rejections: [rejection(timeProblem.reason, timeProblem.detail, id)] };
  const fix: FixRecord = {
    kind: 'fix',
    droneId,
    readingId: id,
    droneSeq: null,
    t: env.timestamp,
    src: 'dji',
    lon: d.longitude,
    lat: d.latitude,
    altMsl: d.height ?? null,
    altRel: d.elevation ?? null,
    hdg: d.attitude_head == null ? null : djiHeading(d.attitude_head),
    gs: d.horizontal_speed ?? null,
    vs: d.vertical_speed ?? null,
    bat,
  };
  return { records: [fix], rejections: [] };
}
