import type { ColumnTrack } from '@lookout/contracts';

/**
 * The replay's clock, pure: where a track is at time t, its short trail, what has happened up to t, and how the
 * playback time moves. Times are ms after the replay window's start (the server's shape).
 */

export type LonLat = [number, number];

/** Index of the last element ≤ t in an ascending array (-1 when t is before all). */
export function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** How many of the ascending times are ≤ t. */
export function countUpTo(times: readonly number[], t: number): number {
  return lastAtOrBefore(times, t) + 1;
}

export interface PositionOptions {
  /** Two fixes further apart than this are not joined: the track holds the earlier one (a gap, not a flight). */
  maxGapMs: number;
  /** After its last fix (or across a gap) a track stays shown this long, then disappears. */
  holdMs: number;
}

/**
 * The track's position at t: linear interpolation between the fixes around t, the earlier fix across a gap (for
 * `holdMs`), null before its first fix or once it has been silent longer than `holdMs`.
 */
export function positionAt(track: ColumnTrack, t: number, opts: PositionOptions): LonLat | null {
  const i = lastAtOrBefore(track.t, t);
  if (i < 0) return null;
  const t0 = track.t[i]!;
  const next = i + 1 < track.t.length ? track.t[i + 1]! : null;
  if (next !== null && next - t0 <= opts.maxGapMs && next > t0) {
    const f = (t - t0) / (next - t0);
    return [
      track.lon[i]! + (track.lon[i + 1]! - track.lon[i]!) * f,
      track.lat[i]! + (track.lat[i + 1]! - track.lat[i]!) * f,
    ];
  }
  if (t - t0 > opts.holdMs) return null;
  return [track.lon[i]!, track.lat[i]!];
}

/**
 * The last `trailMs` of the track up to t, ending at its position at t; at most `maxPoints` fixes (evenly thinned),
 * so a 2 Hz drone's trail costs the same at any speed. Empty when the track is not shown at t.
 */
export function trailAt(
  track: ColumnTrack,
  t: number,
  trailMs: number,
  opts: PositionOptions,
  maxPoints = 120,
): LonLat[] {
  const here = positionAt(track, t, opts);
  if (!here) return [];
  const end = lastAtOrBefore(track.t, t);
  let start = lastAtOrBefore(track.t, t - trailMs) + 1;
  // A gap inside the trail cuts it: only the flight since the last gap.
  for (let k = end; k > start; k--) {
    if (track.t[k]! - track.t[k - 1]! > opts.maxGapMs) {
      start = k;
      break;
    }
  }
  const n = end - start + 1;
  const step = n > maxPoints ? n / maxPoints : 1;
  const out: LonLat[] = [];
  for (let f = start; Math.round(f) <= end && out.length < maxPoints; f += step) {
    const k = Math.round(f);
    out.push([track.lon[k]!, track.lat[k]!]);
  }
  out.push(here);
  return out;
}

/** The items whose `t` is ≤ t (items sorted by t). */
export function upTo<T extends { t: number }>(items: readonly T[], t: number): T[] {
  let n = 0;
  while (n < items.length && items[n]!.t <= t) n++;
  return items.slice(0, n);
}

export const SPEEDS = [1, 10, 60] as const;
export type Speed = (typeof SPEEDS)[number];

/** The playback time after `realMs` of wall time at `speed`, stopped at the end of the window. */
export function advance(t: number, realMs: number, speed: number, durationMs: number): number {
  return Math.min(durationMs, Math.max(0, t + Math.max(0, realMs) * speed));
}

/** "h:mm:ss" of an offset in ms (negative offsets are clamped to 0). */
export function formatOffset(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Wall-clock "HH:MM:SS" (local time) of the window start plus an offset. */
export function formatClock(fromIso: string, ms: number): string {
  const d = new Date(Date.parse(fromIso) + ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((x) => String(x).padStart(2, '0')).join(':');
}
