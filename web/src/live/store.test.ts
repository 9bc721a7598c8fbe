import { describe, expect, it } from 'vitest';
import type { Drone, Position } from '../api-types.ts';
import { LiveStore } from './store.ts';
import { TelemetryBuffer } from './telemetry-buffer.ts';

const NOW = Date.now();
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const unknownFix = { altMsl: null, altRel: null, hdg: null, gs: null, vs: null, bat: null };

function position(droneId: string, seq: number, msAgo: number, lon = 120.07): Position {
  return { ...unknownFix, droneId, seq, t: iso(msAgo), lon, lat: 28.95, hdg: 90, bat: 70 };
}

function drone(id: string, msAgo: number | null): Drone {
  return {
    id,
    callsign: id.toUpperCase(),
    source: 'lookout',
    serial: null,
    mavlink: null,
    createdAt: iso(3_600_000),
    lastSeen: msAgo === null ? null : iso(msAgo),
    online: msAgo !== null,
    latest: msAgo === null ? null : { ...unknownFix, src: null, t: iso(msAgo), lon: 120.06, lat: 28.94, bat: 80 },
  };
}

function drained(...ps: Position[]) {
  const b = new TelemetryBuffer();
  b.push(ps);
  return b.drain();
}

describe('LiveStore', () => {
  it('moves a known drone to its newest fix and extends its trail', () => {
    const s = new LiveStore();
    s.setDrones([drone('a1', 5000)]);
    const unknown = s.applyPositions(drained(position('a1', 1, 2000, 120.071), position('a1', 2, 1000, 120.072)), NOW);
    expect(unknown).toEqual([]);
    expect(s.drones.get('a1')?.latest?.lon).toBe(120.072);
    expect(s.drones.get('a1')?.callsign).toBe('A1');
    expect(s.trails.get('a1')?.map((p) => p[0])).toEqual([120.06, 120.071, 120.072]);
  });

  it('reports drones it has never heard of so their callsigns can be fetched', () => {
    const s = new LiveStore();
    expect(s.applyPositions(drained(position('new', 1, 1000)), NOW)).toEqual(['new']);
    expect(s.drones.get('new')?.latest).not.toBeNull();
  });

  it('keeps a newer live fix when an older drone list arrives (a slow HTTP answer)', () => {
    const s = new LiveStore();
    s.applyPositions(drained(position('a1', 9, 1000, 120.08)), NOW);
    s.setDrones([drone('a1', 60_000)]);
    expect(s.drones.get('a1')?.latest?.lon).toBe(120.08);
    expect(s.drones.get('a1')?.callsign).toBe('A1');
  });

  it('notifies subscribers of the topics that changed', () => {
    const s = new LiveStore();
    const seen: string[] = [];
    s.subscribe('drones', () => seen.push('drones'));
    s.subscribe('trails', () => seen.push('trails'));
    s.subscribe('sightings', () => seen.push('sightings'));
    s.applyPositions(drained(position('a1', 1, 1000)), NOW);
    expect(seen).toEqual(['drones', 'trails']);
  });

  it('tracks the highest seq it has seen for the resume', () => {
    const s = new LiveStore();
    s.noteMessage(10);
    s.noteMessage(7);
    s.noteMessage(undefined);
    expect(s.lastSeq).toBe(10);
  });
});
