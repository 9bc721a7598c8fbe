import { idempotencyKey } from '../shared/idempotency-key.ts';
import type { LonLat } from './guidance.ts';
import { getOutbox } from './outbox.ts';
import { loadTrack, saveTrack } from './stored-track.ts';
import { appendTrackFix } from './way-back.ts';

export interface OwnPosition {
  lon: number;
  lat: number;
  accuracy: number | null;
  /** ms */
  t: number;
}

/** Queue a position for upload at most this often, or sooner after this many metres. */
export const UPLOAD_EVERY_MS = 10_000;
export const UPLOAD_AFTER_M = 20;

function metres(a: OwnPosition, b: OwnPosition): number {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

type Listener = (p: OwnPosition | null, error: GeolocationPositionError | null) => void;

/**
 * The officer's own position from `watchPosition` (high accuracy), outside React: listeners get every fix; the
 * outbox gets one every 10 s or 20 m, each with its own idempotency key. The way he walked is kept on the phone
 * (`track`, oldest first, in localStorage across reloads) for 原路返回, which needs no network.
 */
export class PositionTracker {
  latest: OwnPosition | null = null;
  track: readonly LonLat[] = typeof localStorage === 'undefined' ? [] : loadTrack(localStorage);
  error: GeolocationPositionError | null = null;
  #watch: number | null = null;
  #lastQueued: OwnPosition | null = null;
  #listeners = new Set<Listener>();

  start(): void {
    if (this.#watch !== null || !('geolocation' in navigator)) return;
    this.#watch = navigator.geolocation.watchPosition(
      (p) =>
        this.#onFix({
          lon: p.coords.longitude,
          lat: p.coords.latitude,
          accuracy: p.coords.accuracy || null,
          t: p.timestamp || Date.now(),
        }),
      (e) => {
        this.error = e;
        for (const fn of this.#listeners) fn(this.latest, e);
      },
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 30_000 },
    );
  }

  stop(): void {
    if (this.#watch !== null) navigator.geolocation.clearWatch(this.#watch);
    this.#watch = null;
  }

  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #onFix(p: OwnPosition): void {
    this.latest = p;
    this.error = null;
    const track = appendTrackFix(this.track, p);
    if (track !== this.track) {
      this.track = track;
      saveTrack(localStorage, track);
    }
    const last = this.#lastQueued;
    if (!last || p.t - last.t >= UPLOAD_EVERY_MS || metres(last, p) >= UPLOAD_AFTER_M) {
      this.#lastQueued = p;
      getOutbox().add({
        kind: 'position',
        key: idempotencyKey(),
        lon: p.lon,
        lat: p.lat,
        accuracy: p.accuracy !== null ? Math.min(Math.max(p.accuracy, 0.1), 50_000) : null,
        t: new Date(p.t).toISOString(),
      });
    }
    for (const fn of this.#listeners) fn(p, null);
  }
}
