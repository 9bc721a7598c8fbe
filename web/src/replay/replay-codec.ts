import type { ColumnTrack } from './replay-clock.ts';

/**
 * A track as GET /cases/:id/replay sends it (server/src/replay/replay.codec.ts): delta-encoded integers, the first
 * value absolute — `t` in ms, `lon`/`lat` in microdegrees.
 */
export type WireTrack = ColumnTrack;

const undelta = (values: readonly number[], scale: number): number[] => {
  const out = new Array<number>(values.length);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i]!;
    out[i] = acc / scale;
  }
  return out;
};

/** The track in ms and degrees, decoded once when the replay loads. */
export function decodeTrack(w: WireTrack): ColumnTrack {
  return {
    id: w.id,
    callsign: w.callsign,
    t: undelta(w.t, 1),
    lon: undelta(w.lon, 1e6),
    lat: undelta(w.lat, 1e6),
    ...(w.hdg ? { hdg: w.hdg } : {}),
  };
}
