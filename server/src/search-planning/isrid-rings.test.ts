import distance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { isridRings, ringPolygons, terrainsFor } from './isrid-rings.ts';

describe('ISRID rings', () => {
  it('gives the urban 1–3-year-old rings in metres', () => {
    const set = isridRings('child_1_3', 'urban');
    expect(set?.rings).toEqual([
      { percent: 25, radiusM: 100 },
      { percent: 50, radiusM: 300 },
      { percent: 75, radiusM: 500 },
      { percent: 95, radiusM: 700 },
    ]);
  });

  it('has no row for a terrain the source does not list', () => {
    expect(isridRings('child_13_15', 'urban')).toBeUndefined();
    expect(isridRings('nobody', 'urban')).toBeUndefined();
  });

  it('lists the terrains of a category', () => {
    expect(terrainsFor('hiker')).toEqual(['temperate_mountain', 'temperate_flat', 'dry_mountain', 'dry_flat']);
  });

  it('draws each ring at its radius from the IPP (turf distance as the oracle)', () => {
    const ipp: [number, number] = [120.07, 28.95];
    const rings = ringPolygons(ipp, isridRings('hiker', 'temperate_mountain')!);
    expect(rings.features.map((f) => f.properties.percent)).toEqual([95, 75, 50, 25]);
    for (const f of rings.features) {
      for (const vertex of f.geometry.coordinates[0]!.slice(0, 10)) {
        const km = distance(ipp, vertex as [number, number], { units: 'kilometers' });
        expect(km * 1000).toBeCloseTo(f.properties.radiusM, -1);
      }
    }
  });

  it('keeps every quantile row increasing', () => {
    for (const category of ['child_1_3', 'child_4_6', 'dementia', 'hiker']) {
      for (const terrain of terrainsFor(category)) {
        const radii = isridRings(category, terrain)!.rings.map((r) => r.radiusM);
        expect([...radii].sort((a, b) => a - b)).toEqual(radii);
      }
    }
  });
});
