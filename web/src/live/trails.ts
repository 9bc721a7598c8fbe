import type { TrailPoint } from './telemetry-buffer.ts';

export const TRAIL_WINDOW_MS = 10 * 60_000;

/** Drops points older than `windowMs` before `now`. Input and output are sorted by time. */
export function trimTrail(points: readonly TrailPoint[], now: number, windowMs = TRAIL_WINDOW_MS): TrailPoint[] {
  const cutoff = now - windowMs;
  let i = 0;
  while (i < points.length && points[i]![2] < cutoff) i++;
  return points.slice(i);
}

/** Merges new points into a sorted trail (dropping exact-time duplicates) and trims it to the window. */
export function mergeTrail(
  trail: readonly TrailPoint[],
  added: readonly TrailPoint[],
  now: number,
  windowMs = TRAIL_WINDOW_MS,
): TrailPoint[] {
  if (added.length === 0) return trimTrail(trail, now, windowMs);
  const last = trail.at(-1);
  let merged: TrailPoint[];
  if (!last || added[0]![2] > last[2]) {
    merged = [...trail, ...added]; // the usual case: new points are newer than the trail
  } else {
    const byTime = new Map<number, TrailPoint>();
    for (const p of trail) byTime.set(p[2], p);
    for (const p of added) byTime.set(p[2], p);
    merged = [...byTime.values()].sort((a, b) => a[2] - b[2]);
  }
  return trimTrail(merged, now, windowMs);
}

export interface TrailSegment {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  properties: { droneId: string; /** 0 = newest … 1 = at the edge of the window */ age: number };
}

/**
 * Cuts a trail into `buckets` pieces by age so each piece can be drawn with its own opacity (the tail fades).
 * Consecutive pieces share their joint point, so the line has no gaps. Points older than the window are dropped.
 */
export function trailSegments(
  droneId: string,
  points: readonly TrailPoint[],
  now: number,
  windowMs = TRAIL_WINDOW_MS,
  buckets = 8,
): TrailSegment[] {
  const pts = trimTrail(points, now, windowMs);
  const out: TrailSegment[] = [];
  if (pts.length < 2) return out;
  const bucketOf = (t: number): number =>
    Math.min(buckets - 1, Math.max(0, Math.floor(((now - t) / windowMs) * buckets)));
  let current: [number, number][] = [[pts[0]![0], pts[0]![1]]];
  // A segment between two points belongs to the bucket of its newer end.
  let currentBucket = bucketOf(pts[1]![2]);
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i]!;
    const b = bucketOf(p[2]);
    if (b !== currentBucket) {
      out.push(segment(droneId, current, currentBucket, buckets));
      current = [current.at(-1)!];
      currentBucket = b;
    }
    current.push([p[0], p[1]]);
  }
  out.push(segment(droneId, current, currentBucket, buckets));
  return out;
}

function segment(droneId: string, coordinates: [number, number][], bucket: number, buckets: number): TrailSegment {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates },
    properties: { droneId, age: buckets === 1 ? 0 : bucket / (buckets - 1) },
  };
}
