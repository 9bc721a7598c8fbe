import type { FeatureCollection, TrackFeature } from '@lookout/contracts';

export type { FeatureCollection };
import type { TrackPoint } from './drones.repo.ts';

/**
 * One drone's fixes (oldest first) as an RFC 7946 LineString with the fix times alongside, one per vertex.
 * A LineString needs two positions: a single fix is repeated so the track still draws as a dot.
 */
export function trackFeature(
  droneId: string,
  callsign: string,
  points: readonly TrackPoint[],
): TrackFeature | undefined {
  if (points.length === 0) return undefined;
  const coordinates = points.map((p) => [p.lon, p.lat] as [number, number]);
  const times = points.map((p) => p.t);
  if (points.length === 1) {
    coordinates.push(coordinates[0]!);
    times.push(times[0]!);
  }
  return { type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: { droneId, callsign, times } };
}

/** Fixes sorted by drone then time → one LineString per drone. */
export function tracksCollection(
  points: readonly (TrackPoint & { callsign: string })[],
): FeatureCollection<TrackFeature> {
  const byDrone = new Map<string, (TrackPoint & { callsign: string })[]>();
  for (const p of points) {
    const list = byDrone.get(p.droneId);
    if (list) list.push(p);
    else byDrone.set(p.droneId, [p]);
  }
  const features: TrackFeature[] = [];
  for (const [droneId, list] of byDrone) {
    const f = trackFeature(droneId, list[0]!.callsign, list);
    if (f) features.push(f);
  }
  return { type: 'FeatureCollection', features };
}
