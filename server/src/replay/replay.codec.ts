import type { ColumnTrack } from './replay.repo.ts';

/**
 * A track as the replay API sends it: every column delta-encoded integers, the first value absolute and each next
 * one the difference to the previous — `t` in ms, `lon`/`lat` in microdegrees (1e-6°, the 6 decimals the repo
 * rounds to). A 2 Hz drone's deltas are `500` and a few digits of µdeg: about a third of the JSON of the decimal
 * degrees, and integers that parse faster. A drone's `hdg` (whole degrees, -1 when unknown) goes as it is.
 */
export interface WireTrack {
  id: string;
  callsign: string;
  t: number[];
  lon: number[];
  lat: number[];
  hdg?: number[];
}

const delta = (values: number[], scale: number): number[] => {
  const out = new Array<number>(values.length);
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i]! * scale);
    out[i] = v - prev;
    prev = v;
  }
  return out;
};

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

const undelta = (values: number[], scale: number): number[] => {
  const out = new Array<number>(values.length);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i]!;
    out[i] = acc / scale;
  }
  return out;
};

/** The inverse (the web app has its own copy, web/src/replay/replay-codec.ts; this one is for the tests). */
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
