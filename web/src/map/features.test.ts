import { describe, expect, it } from 'vitest';
import type { SightingFeature } from '../api-types.ts';
import type { DroneState } from '../live/store.ts';
import { droneFeatures, sightingFeatures } from './features.ts';

const NOW = 1_800_000_000_000;
const fmt = (ms: number) => `${Math.floor(ms / 1000)} 秒前`;
const unknownFix = { altMsl: null, altRel: null, hdg: null, gs: null, vs: null, bat: null, src: null };

function drone(over: Partial<DroneState> = {}, bat: number | null = 64): DroneState {
  return {
    id: 'd1',
    callsign: 'A1',
    lastT: NOW - 2000,
    latest: { ...unknownFix, t: new Date(NOW - 2000).toISOString(), lon: 120.07, lat: 28.95, hdg: 87, bat },
    ...over,
  };
}

describe('droneFeatures', () => {
  it('labels a fresh drone with callsign and battery', () => {
    const [f] = droneFeatures([drone()], NOW, 15, fmt);
    expect(f!.properties).toMatchObject({ label: 'A1 · 64%', stale: false, hdg: 87 });
    expect(f!.geometry.coordinates).toEqual([120.07, 28.95]);
  });

  it('marks a drone stale after staleAfterS and says how long ago', () => {
    const [f] = droneFeatures([drone({ lastT: NOW - 42_000 })], NOW, 15, fmt);
    expect(f!.properties.stale).toBe(true);
    expect(f!.properties.label).toBe('A1 · 64%\n42 秒前');
  });

  it('tags a drone by its telemetry source when the caller names one', () => {
    const mav = drone({
      source: 'mavlink',
      latest: { ...unknownFix, t: new Date(NOW).toISOString(), lon: 120, lat: 28.9, bat: 70 },
    });
    const tag = (src: string) => (src === 'mavlink' ? 'MAVLink' : undefined);
    expect(droneFeatures([mav], NOW, 15, fmt, tag)[0]!.properties.label).toBe('A1 · 70% · MAVLink');
    expect(droneFeatures([drone()], NOW, 15, fmt, tag)[0]!.properties.label).toBe('A1 · 64%');
  });

  it('leaves out the battery when unknown and drones that never reported', () => {
    const fs = droneFeatures([drone({}, null), drone({ id: 'd2', latest: null, lastT: null })], NOW, 15, fmt);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.properties.label).toBe('A1');
  });
});

describe('sightingFeatures', () => {
  it('labels kind, confidence and time', () => {
    const t = new Date(2026, 0, 1, 8, 14).toISOString();
    const s: SightingFeature = {
      type: 'Feature',
      id: 41,
      geometry: { type: 'Point', coordinates: [120.06, 28.94] },
      properties: {
        id: 41,
        seq: 5,
        droneId: 'd1',
        callsign: 'A1',
        t,
        uncM: 15,
        conf: 0.7,
        kind: 'person',
        count: 1,
        note: null,
        status: 'new',
        hasPhoto: false,
      },
    };
    const [f] = sightingFeatures([s], (k) => (k === 'person' ? '人员' : k));
    expect(f!.properties.label).toBe('人员 70% · 08:14');
    expect(f!.properties.uncM).toBe(15);
    expect(f!.id).toBe('41'); // the server's numeric id, keyed as a string
  });
});
