import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { point, polygon } from '@turf/helpers';
import { describe, expect, it } from 'vitest';
import { offsetLonLat, footprint } from './footprint.ts';
import { lawnmower, samplePath, swathWidthM } from './lawnmower.ts';

const fov = { hfovDeg: 71.6, vfovDeg: 56.7 };

/** A square `sideM` wide whose south-west corner is at lon/lat. */
function square(lon: number, lat: number, sideM: number): number[][] {
  const ne = offsetLonLat(lon, lat, sideM, sideM);
  return [[lon, lat], [ne[0], lat], ne, [lon, ne[1]], [lon, lat]];
}

/** The share of a grid of points inside `ring` that fall inside any of the footprints (turf as the oracle). */
function coveredShare(ring: number[][], footprints: [number, number][][], n = 60): number {
  const [w, s] = ring[0] as [number, number];
  const [e, nn] = ring[2] as [number, number];
  const polys = footprints.map((f) => polygon([f]));
  let inside = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = point([w + ((i + 0.5) / n) * (e - w), s + ((j + 0.5) / n) * (nn - s)]);
      if (polys.some((f) => booleanPointInPolygon(p, f))) inside++;
    }
  }
  return inside / (n * n);
}

describe('lawnmower plan', () => {
  it('covers at least 95 % of a square when flown through the footprint', () => {
    const area0 = square(120.07, 28.95, 600);
    const plan = lawnmower({ area: [area0], altitudeM: 60, hfovDeg: fov.hfovDeg, overlap: 0.2, speedMs: 8 });
    const footprints = samplePath(plan.coordinates, 10)
      .map((p) => footprint({ lon: p.lon, lat: p.lat, heightM: 60, headingDeg: p.hdg }, fov))
      .filter((f): f is [number, number][] => f !== null);
    expect(coveredShare(area0, footprints)).toBeGreaterThanOrEqual(0.95);
  });

  it('spaces passes by the swath less the overlap and flies them back and forth', () => {
    const area0 = square(120.07, 28.95, 500);
    const plan = lawnmower({ area: [area0], altitudeM: 80, hfovDeg: 70, overlap: 0.25, speedMs: 10 });
    expect(plan.spacingM).toBeCloseTo(swathWidthM(80, 70) * 0.75, 6);
    expect(plan.passes).toBe(Math.ceil(500 / plan.spacingM));
    expect(plan.coordinates).toHaveLength(plan.passes * 2);
    // Boustrophedon: consecutive passes run opposite ways.
    const [a, b, c, d] = plan.coordinates;
    const dir1 = [b![0] - a![0], b![1] - a![1]];
    const dir2 = [d![0] - c![0], d![1] - c![1]];
    expect(dir1[0]! * dir2[0]! + dir1[1]! * dir2[1]!).toBeLessThan(0);
    expect(plan.minutes).toBeCloseTo(plan.lengthM / 10 / 60, 6);
  });

  it('runs its passes along the long axis of a long rectangle, inside it', () => {
    const [lon, lat] = [120.07, 28.95];
    const ne = offsetLonLat(lon, lat, 300, 1500); // 1.5 km east–west, 300 m north–south
    const rect = [[lon, lat], [ne[0], lat], ne, [lon, ne[1]], [lon, lat]];
    const plan = lawnmower({ area: [rect], altitudeM: 50, hfovDeg: 70, overlap: 0.2, speedMs: 8 });
    expect(Math.abs(plan.axisDeg - 90)).toBeLessThanOrEqual(1);
    // Every turn point on the rectangle (within a few centimetres): the passes are cut to it.
    for (const [x, y] of plan.coordinates) {
      expect(x).toBeGreaterThanOrEqual(lon - 1e-6);
      expect(x).toBeLessThanOrEqual(ne[0] + 1e-6);
      expect(y).toBeGreaterThanOrEqual(lat - 1e-6);
      expect(y).toBeLessThanOrEqual(ne[1] + 1e-6);
    }
    expect(Math.min(...plan.coordinates.map((c) => c[0]))).toBeCloseTo(lon, 6);
    expect(Math.max(...plan.coordinates.map((c) => c[0]))).toBeCloseTo(ne[0], 6);
  });

  it('rejects a field of view of 0 or 180 degrees', () => {
    const area0 = square(120.07, 28.95, 100);
    expect(() => lawnmower({ area: [area0], altitudeM: 50, hfovDeg: 0, overlap: 0.2, speedMs: 8 })).toThrow(RangeError);
    expect(() => lawnmower({ area: [area0], altitudeM: 50, hfovDeg: 180, overlap: 0.2, speedMs: 8 })).toThrow(
      RangeError,
    );
  });
});
