import turfDistance from '@turf/distance';
import { DEFAULT_WALK_KMH, guidance, type Guidance, type LonLat } from './guidance.ts';

/**
 * 原路返回: guidance back along the officer's own recorded track, oldest point = where he set out. There is no
 * trail data offline, but the way he came is known to be walkable. Pure functions; turf measures the distances.
 */

export interface TrackFix {
  lon: number;
  lat: number;
  accuracy: number | null;
}

/** A fix less accurate than this would put a kink in the track that was never walked. */
export const TRACK_MAX_ACCURACY_M = 50;
/** GPS wanders a few metres while standing still: a new track point only after this far. */
export const TRACK_STEP_M = 10;
/** About 50 km of track at the step: a long day on foot; older points are dropped first. */
export const TRACK_MAX_POINTS = 5000;
/** Guide to a point this far ahead along the track, so the arrow follows its bends without jittering. */
export const WAY_BACK_LOOKAHEAD_M = 30;
/** Within this of the start the way back is done. */
export const WAY_BACK_ARRIVED_M = 15;

const metres = (a: LonLat, b: LonLat): number => turfDistance(a, b, { units: 'meters' });

/** The track with `fix` added, or the same array when the fix is too poor or too close to the last point. */
export function appendTrackFix(track: readonly LonLat[], fix: TrackFix): readonly LonLat[] {
  if (!Number.isFinite(fix.lon) || !Number.isFinite(fix.lat)) return track;
  if (fix.accuracy !== null && fix.accuracy > TRACK_MAX_ACCURACY_M) return track;
  const p: LonLat = [fix.lon, fix.lat];
  const last = track.at(-1);
  if (last && metres(last, p) < TRACK_STEP_M) return track;
  const next = [...track, p];
  return next.length > TRACK_MAX_POINTS ? next.slice(next.length - TRACK_MAX_POINTS) : next;
}

/**
 * The point of segment a→b nearest to p, as the fraction u along it: a local flat projection around p, which is
 * exact enough over the tens of metres between track points.
 */
function nearestOnSegment(p: LonLat, a: LonLat, b: LonLat): { u: number; point: LonLat } {
  const kx = Math.cos((p[1] * Math.PI) / 180);
  const ax = (a[0] - p[0]) * kx;
  const ay = a[1] - p[1];
  const dx = (b[0] - a[0]) * kx;
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return { u, point: [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u] };
}

export interface WayBack {
  /** Where to walk now: a point on the track ahead towards the start (or the track itself when off it). */
  waypoint: LonLat;
  /** Metres to the start: to the track, then along it. */
  remainingM: number;
  /** How far the officer stands from his track. */
  offTrackM: number;
  /** The way still to walk, from the nearest point of the track back to the start (for the map). */
  path: LonLat[];
  /** Back at the start. */
  arrived: boolean;
}

/** Guidance back along `track` (oldest first) from `me`; null without a track of two points. */
export function wayBack(track: readonly LonLat[], me: LonLat, lookaheadM = WAY_BACK_LOOKAHEAD_M): WayBack | null {
  if (track.length < 2) return null;
  // The nearest point of the track; on a tie the one nearer the start, so a loop walked twice is cut short.
  let best = { seg: 0, point: track[0]!, d: Number.POSITIVE_INFINITY };
  for (let i = 0; i < track.length - 1; i++) {
    const { point } = nearestOnSegment(me, track[i]!, track[i + 1]!);
    const d = metres(me, point);
    if (d < best.d - 0.01) best = { seg: i, point, d };
  }
  // Back from the nearest point: to the segment's start, then every point before it.
  const path: LonLat[] = [best.point, ...track.slice(0, best.seg + 1).reverse()];
  let along = 0;
  for (let i = 0; i < path.length - 1; i++) along += metres(path[i]!, path[i + 1]!);
  const remainingM = best.d + along;
  const start = track[0]!;
  if (remainingM <= WAY_BACK_ARRIVED_M) {
    return { waypoint: start, remainingM, offTrackM: best.d, path: [start], arrived: true };
  }
  if (best.d >= lookaheadM) return { waypoint: best.point, remainingM, offTrackM: best.d, path, arrived: false };
  let left = lookaheadM - best.d;
  let waypoint = start;
  for (let i = 0; i < path.length - 1; i++) {
    const a = path[i]!;
    const b = path[i + 1]!;
    const len = metres(a, b);
    if (len >= left) {
      const f = len === 0 ? 0 : left / len;
      waypoint = [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
      break;
    }
    left -= len;
  }
  return { waypoint, remainingM, offTrackM: best.d, path, arrived: false };
}

/** The card's numbers on the way back: the arrow to the waypoint, the distance and time to the start. */
export function wayBackGuidance(back: WayBack, me: LonLat, walkKmh = DEFAULT_WALK_KMH): Guidance {
  const { bearingDeg } = guidance(me, back.waypoint);
  const etaMin = back.arrived ? 0 : Math.ceil(back.remainingM / ((walkKmh * 1000) / 60));
  return { bearingDeg, distanceM: back.remainingM, etaMin, climbM: null, climbMin: 0 };
}
