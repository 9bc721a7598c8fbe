import type { LonLat } from './guidance.ts';
import type { KeyValueStore } from './offline-queue.ts';

/** The phone's own track survives a reload without network (the officer view works offline). */
export const TRACK_STORAGE_KEY = 'lookout.officer.track';
/** A track older than a long shift belongs to an earlier search, not to the way back from this one. */
export const TRACK_KEPT_MS = 12 * 3_600_000;

interface Stored {
  savedAt: number;
  points: LonLat[];
}

const isLonLat = (p: unknown): p is LonLat =>
  Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));

/** The track stored by `saveTrack`, or none when it is missing, unreadable or too old. */
export function loadTrack(store: KeyValueStore, nowMs = Date.now()): LonLat[] {
  try {
    const s = JSON.parse(store.getItem(TRACK_STORAGE_KEY) ?? 'null') as Partial<Stored> | null;
    if (!s || typeof s.savedAt !== 'number' || nowMs - s.savedAt > TRACK_KEPT_MS || !Array.isArray(s.points)) return [];
    return s.points.every(isLonLat) ? s.points : [];
  } catch {
    return [];
  }
}

/** Store the track; a full storage only costs the track after a reload, never a fix. */
export function saveTrack(store: KeyValueStore, points: readonly LonLat[], nowMs = Date.now()): void {
  try {
    store.setItem(TRACK_STORAGE_KEY, JSON.stringify({ savedAt: nowMs, points }));
  } catch {
    // Quota exceeded: the in-memory track still guides until the page reloads.
  }
}
