/** When the caller page posts a fix: the first at once, then every 30 s, and at once on a large move. */

export const POST_EVERY_MS = 30000;
/** A move counts as large past this many metres, or past the fix's own accuracy when that is worse. */
export const LARGE_MOVE_M = 50;

export interface FixLike {
  lat: number;
  lon: number;
  accuracy: number;
  /** `position.timestamp` (ms). */
  t: number;
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceM(a: FixLike, b: FixLike): number {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) * Math.sin(dLat / 2) +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether `fix` should be posted, given the last one posted (null = none yet) and when that was (page clock).
 * A fix the browser simply repeats (same timestamp) is never posted twice.
 */
export function shouldPost(last: FixLike | null, lastPostedAt: number, fix: FixLike, now: number): boolean {
  if (!last) return true;
  if (fix.t === last.t) return false;
  if (distanceM(last, fix) >= Math.max(LARGE_MOVE_M, fix.accuracy)) return true;
  return now - lastPostedAt >= POST_EVERY_MS;
}
