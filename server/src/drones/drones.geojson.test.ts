import { describe, expect, it } from 'vitest';
import { trackFeature, tracksCollection } from './drones.geojson.ts';

const p = (droneId: string, t: string, lon: number, lat: number) => ({
  droneId,
  t,
  lon,
  lat,
  callsign: droneId.toUpperCase(),
});

describe('trackFeature', () => {
  it('makes one LineString with a time per vertex', () => {
    const f = trackFeature('d-1', 'Hawk', [
      p('d-1', '2026-01-01T00:00:00.000Z', 120, 28.9),
      p('d-1', '2026-01-01T00:00:01.000Z', 120.001, 28.9),
    ]);
    expect(f).toEqual({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [120, 28.9],
          [120.001, 28.9],
        ],
      },
      properties: { droneId: 'd-1', callsign: 'Hawk', times: ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z'] },
    });
  });

  it('repeats a single fix so the LineString stays valid', () => {
    const f = trackFeature('d-1', 'Hawk', [p('d-1', '2026-01-01T00:00:00.000Z', 120, 28.9)]);
    expect(f?.geometry.coordinates).toHaveLength(2);
    expect(f?.properties.times).toHaveLength(2);
  });

  it('gives nothing for no fixes', () => {
    expect(trackFeature('d-1', 'Hawk', [])).toBeUndefined();
  });
});

describe('tracksCollection', () => {
  it('groups fixes into one feature per drone', () => {
    const fc = tracksCollection([
      p('a', '2026-01-01T00:00:00.000Z', 1, 1),
      p('a', '2026-01-01T00:00:01.000Z', 2, 1),
      p('b', '2026-01-01T00:00:00.000Z', 3, 1),
    ]);
    expect(fc.type).toBe('FeatureCollection');
    expect(
      fc.features.map((f) => [f.properties.droneId, f.properties.callsign, f.geometry.coordinates.length]),
    ).toEqual([
      ['a', 'A', 2],
      ['b', 'B', 2],
    ]);
  });
});
