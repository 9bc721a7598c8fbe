import { useSyncExternalStore } from 'react';
import type { Drone, Fix, SightingFeature, TrackFeature } from '../api-types.ts';
import type { ConnState } from './connection.ts';
import type { Drained, TrailPoint } from './telemetry-buffer.ts';
import { mergeTrail, TRAIL_WINDOW_MS, trimTrail } from './trails.ts';

export interface DroneState {
  id: string;
  callsign: string;
  /** Where its telemetry comes from (from the snapshot; positions do not repeat it). */
  source?: Drone['source'] | undefined;
  latest: Fix | null;
  /** Time of the latest fix (ms), null when the drone never reported. */
  lastT: number | null;
}

export type Topic = 'drones' | 'trails' | 'sightings' | 'conn' | 'config';

/**
 * The live picture, outside React. The socket controller writes into it in batches; map layers subscribe and
 * push the data into their sources; React components that need a few values subscribe through `useTopic`.
 * Nothing here is a MapLibre object.
 */
export class LiveStore {
  drones = new Map<string, DroneState>();
  trails = new Map<string, TrailPoint[]>();
  sightings = new Map<string, SightingFeature>();
  conn: ConnState = { status: 'connecting', since: Date.now(), everOpen: false };
  lastMessageAt: number | null = null;
  lastSeq: number | null = null;
  staleAfterS = 15;

  #versions: Record<Topic, number> = { drones: 0, trails: 0, sightings: 0, conn: 0, config: 0 };
  #listeners = new Map<Topic, Set<() => void>>();

  version(topic: Topic): number {
    return this.#versions[topic];
  }

  subscribe(topic: Topic, fn: () => void): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  emit(topic: Topic): void {
    this.#versions[topic]++;
    for (const fn of this.#listeners.get(topic) ?? []) fn();
  }

  setDrones(list: readonly Drone[]): void {
    for (const d of list) {
      const prev = this.drones.get(d.id);
      const t = d.latest ? Date.parse(d.latest.t) : null;
      const keepPrev = prev?.lastT != null && (t === null || prev.lastT > t);
      this.drones.set(d.id, {
        id: d.id,
        callsign: d.callsign,
        source: d.source,
        latest: keepPrev ? prev.latest : d.latest,
        lastT: keepPrev ? prev.lastT : t,
      });
      if (d.latest && t !== null) {
        this.trails.set(d.id, mergeTrail(this.trails.get(d.id) ?? [], [[d.latest.lon, d.latest.lat, t]], Date.now()));
      }
    }
    this.emit('drones');
    this.emit('trails');
  }

  setTracks(tracks: readonly TrackFeature[]): void {
    const now = Date.now();
    for (const f of tracks) {
      const pts: TrailPoint[] = [];
      f.geometry.coordinates.forEach(([lon, lat], i) => {
        const t = Date.parse(f.properties.times[i] ?? '');
        if (Number.isFinite(t)) pts.push([lon, lat, t]);
      });
      pts.sort((a, b) => a[2] - b[2]);
      this.trails.set(f.properties.droneId, mergeTrail(this.trails.get(f.properties.droneId) ?? [], pts, now));
      if (!this.drones.has(f.properties.droneId)) {
        this.drones.set(f.properties.droneId, {
          id: f.properties.droneId,
          callsign: f.properties.callsign,
          latest: null,
          lastT: null,
        });
      }
    }
    this.emit('trails');
  }

  upsertSightings(features: readonly SightingFeature[]): void {
    for (const f of features) this.sightings.set(String(f.properties.id), f);
    if (features.length > 0) this.emit('sightings');
  }

  /** Applies one drained buffer. Returns ids of drones the store had never heard of (their callsign is unknown). */
  applyPositions(d: Drained, now = Date.now()): string[] {
    const unknown: string[] = [];
    for (const [id, p] of d.latest) {
      const t = Date.parse(p.t);
      const prev = this.drones.get(id);
      if (!prev) unknown.push(id);
      if (prev?.lastT != null && prev.lastT > t) continue;
      this.drones.set(id, {
        id,
        callsign: prev?.callsign ?? id.slice(0, 8),
        source: prev?.source,
        latest: {
          t: p.t,
          lon: p.lon,
          lat: p.lat,
          altMsl: p.altMsl,
          altRel: p.altRel,
          hdg: p.hdg,
          gs: p.gs,
          vs: p.vs,
          bat: p.bat,
          src: null,
        },
        lastT: t,
      });
    }
    for (const [id, pts] of d.points) this.trails.set(id, mergeTrail(this.trails.get(id) ?? [], pts, now));
    if (d.latest.size > 0) this.emit('drones');
    if (d.points.size > 0) this.emit('trails');
    return unknown;
  }

  trimTrails(now = Date.now()): void {
    let changed = false;
    for (const [id, pts] of this.trails) {
      const trimmed = trimTrail(pts, now, TRAIL_WINDOW_MS);
      if (trimmed.length !== pts.length) {
        changed = true;
        this.trails.set(id, trimmed);
      }
    }
    if (changed) this.emit('trails');
  }

  setConn(status: ConnState['status']): void {
    if (this.conn.status === status) return;
    this.conn = { ...this.conn, status, since: Date.now(), everOpen: this.conn.everOpen || status === 'open' };
    this.emit('conn');
  }

  /** The browser's `online`/`offline` events: part of the one connection state (connection.ts). */
  setBrowserOnline(online: boolean): void {
    const offline = this.conn.browserOfflineSince != null;
    if (online !== offline) return;
    this.conn = { ...this.conn, browserOfflineSince: online ? null : Date.now() };
    this.emit('conn');
  }

  noteMessage(seq: number | undefined): void {
    this.lastMessageAt = Date.now();
    if (typeof seq === 'number' && (this.lastSeq === null || seq > this.lastSeq)) this.lastSeq = seq;
    this.emit('conn');
  }

  reset(): void {
    this.drones.clear();
    this.trails.clear();
    this.sightings.clear();
    this.lastSeq = null;
    this.lastMessageAt = null;
    this.conn = {
      status: 'connecting',
      since: Date.now(),
      everOpen: false,
      browserOfflineSince: this.conn.browserOfflineSince,
    };
    for (const t of Object.keys(this.#versions) as Topic[]) this.emit(t);
  }
}

export const liveStore = new LiveStore();

/** Re-renders a component when a topic changes; the component then reads what it needs from the store. */
export function useTopic(topic: Topic, store: LiveStore = liveStore): number {
  return useSyncExternalStore(
    (fn) => store.subscribe(topic, fn),
    () => store.version(topic),
  );
}
