import { z } from 'zod';
import { geometry, lonLatTuple } from './geojson.ts';

/** A track as columns: t[i] ms after the window start, lon[i], lat[i]; drones also hdg[i] (whole degrees, -1 unknown). */
export const columnTrack = z.object({
  id: z.string(),
  callsign: z.string(),
  t: z.array(z.number()),
  lon: z.array(z.number()),
  lat: z.array(z.number()),
  hdg: z.array(z.number()).optional(),
});
export type ColumnTrack = z.infer<typeof columnTrack>;

/**
 * A track as the replay API sends it: every column delta-encoded integers, the first value absolute and each next
 * one the difference to the previous — `t` in ms, `lon`/`lat` in microdegrees (1e-6°, the 6 decimals the server
 * rounds to). A 2 Hz drone's deltas are `500` and a few digits of µdeg: about a third of the JSON of the decimal
 * degrees, and integers that parse faster. A drone's `hdg` (whole degrees, -1 when unknown) goes as it is.
 */
export const wireTrack = z.object({
  id: z.string(),
  callsign: z.string(),
  t: z.array(z.number().int()),
  lon: z.array(z.number().int()),
  lat: z.array(z.number().int()),
  hdg: z.array(z.number()).optional(),
});
export type WireTrack = z.infer<typeof wireTrack>;

const delta = (values: readonly number[], scale: number): number[] => {
  const out = new Array<number>(values.length);
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i]! * scale);
    out[i] = v - prev;
    prev = v;
  }
  return out;
};

const undelta = (values: readonly number[], scale: number): number[] => {
  const out = new Array<number>(values.length);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i]!;
    out[i] = acc / scale;
  }
  return out;
};

/** The server's side: ms and degrees to integer deltas. */
export function encodeTrack(track: ColumnTrack): WireTrack {
  return {
    id: track.id,
    callsign: track.callsign,
    t: delta(track.t, 1),
    lon: delta(track.lon, 1e6),
    lat: delta(track.lat, 1e6),
    ...(track.hdg ? { hdg: track.hdg } : {}),
  };
}

/** The page's side: the track in ms and degrees, decoded once when the replay loads. */
export function decodeTrack(track: WireTrack): ColumnTrack {
  return {
    id: track.id,
    callsign: track.callsign,
    t: undelta(track.t, 1),
    lon: undelta(track.lon, 1e6),
    lat: undelta(track.lat, 1e6),
    ...(track.hdg ? { hdg: track.hdg } : {}),
  };
}

/* GET /api/v1/cases/:id/replay. Every `t` is ms after `window.from`. */

export const replayCaller = z.object({
  id: z.number(),
  t: z.number(),
  lon: z.number(),
  lat: z.number(),
  accuracyM: z.number(),
  source: z.string(),
});
export type ReplayCaller = z.infer<typeof replayCaller>;

export const replaySighting = z.object({
  id: z.number(),
  t: z.number(),
  lon: z.number(),
  lat: z.number(),
  uncM: z.number().nullable(),
  kind: z.string(),
  count: z.number().nullable(),
  status: z.string(),
  statusT: z.number().nullable(),
  drone: z.string(),
});
export type ReplaySighting = z.infer<typeof replaySighting>;

export const replayMatch = z.object({
  id: z.number(),
  callerLocationId: z.number(),
  sightingId: z.number(),
  score: z.number(),
  distanceM: z.number(),
  status: z.string(),
  t: z.number(),
  confirmedT: z.number().nullable(),
});
export type ReplayMatch = z.infer<typeof replayMatch>;

export const replayDelivery = z.object({
  id: z.number(),
  group: z.string(),
  channel: z.string(),
  status: z.string(),
  t: z.number(),
  sentT: z.number().nullable(),
  ackT: z.number().nullable(),
});
export type ReplayDelivery = z.infer<typeof replayDelivery>;

export const replayAlert = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  t: z.number(),
  lon: z.number(),
  lat: z.number(),
  maxRadiusM: z.number(),
  verifiedT: z.number().nullable(),
  /** The CAP messages with the area each one notified. */
  messages: z.array(z.object({ msgType: z.string(), t: z.number(), radiusM: z.number(), area: geometry })),
  deliveries: z.array(replayDelivery),
});
export type ReplayAlert = z.infer<typeof replayAlert>;

export const replayEvent = z.object({
  seq: z.number(),
  type: z.string(),
  t: z.number(),
  actor: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type ReplayEvent = z.infer<typeof replayEvent>;

/** [west, south, east, north] in degrees. */
export const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Bbox = z.infer<typeof bbox>;

/** The whole-incident replay, its tracks delta-encoded (`wireTrack`). */
export const replayResponse = z.object({
  case: z.object({
    id: z.string(),
    kind: z.string(),
    status: z.string(),
    title: z.string(),
    ipp: lonLatTuple.nullable(),
  }),
  /** From the first case event to the close (or now, for an open case). */
  window: z.object({ from: z.string(), to: z.string(), durationMs: z.number() }),
  area: z.object({ bbox, marginM: z.number() }).nullable(),
  drones: z.array(wireTrack),
  units: z.array(wireTrack),
  callers: z.array(replayCaller),
  sightings: z.array(replaySighting),
  matches: z.array(replayMatch),
  alerts: z.array(replayAlert),
  events: z.array(replayEvent),
});
export type ReplayResponse = z.infer<typeof replayResponse>;
