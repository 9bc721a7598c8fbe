import type { Position } from '../api-types.ts';

/** One point of a trail: lon, lat, time in ms since the epoch. */
export type TrailPoint = [lon: number, lat: number, t: number];

export interface Drained {
  /** The newest position of each drone that reported since the last drain. */
  latest: Map<string, Position>;
  /** Every point received since the last drain, per drone, oldest first, duplicates (same time) removed. */
  points: Map<string, TrailPoint[]>;
}

/**
 * Buffers live positions between map updates. Bursts (a resume replay, a backlog after a reconnect) are
 * coalesced per drone: the drone layer only ever sees the newest fix of each drone, while the trail still
 * gets every point. The socket controller pushes; a timer drains a few times per second.
 */
export class TelemetryBuffer {
  #latest = new Map<string, Position>();
  #points = new Map<string, Map<number, TrailPoint>>();

  get size(): number {
    return this.#latest.size;
  }

  push(positions: readonly Position[]): void {
    for (const p of positions) {
      const t = Date.parse(p.t);
      if (!Number.isFinite(t) || !Number.isFinite(p.lon) || !Number.isFinite(p.lat)) continue;
      const prev = this.#latest.get(p.droneId);
      if (!prev || Date.parse(prev.t) < t || (Date.parse(prev.t) === t && prev.seq < p.seq)) {
        this.#latest.set(p.droneId, p);
      }
      let pts = this.#points.get(p.droneId);
      if (!pts) this.#points.set(p.droneId, (pts = new Map()));
      pts.set(t, [p.lon, p.lat, t]);
    }
  }

  drain(): Drained {
    const latest = this.#latest;
    const points = new Map<string, TrailPoint[]>();
    for (const [id, pts] of this.#points)
      points.set(
        id,
        [...pts.values()].sort((a, b) => a[2] - b[2]),
      );
    this.#latest = new Map();
    this.#points = new Map();
    return { latest, points };
  }
}
