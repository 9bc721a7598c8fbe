import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { insideRing, nearestOnRing, type LonLat } from './sector-geometry.ts';

// A 0.01° square near the demo IPP (about 975 m east–west, 1113 m north–south).
const ring: LonLat[] = [
  [120.07, 28.95],
  [120.08, 28.95],
  [120.08, 28.96],
  [120.07, 28.96],
  [120.07, 28.95],
];

describe('insideRing', () => {
  it('tells inside from outside', () => {
    expect(insideRing([120.075, 28.955], ring)).toBe(true);
    expect(insideRing([120.085, 28.955], ring)).toBe(false);
    expect(insideRing([120.075, 28.949], ring)).toBe(false);
  });
});

describe('nearestOnRing', () => {
  it('from the east, the nearest point is square across on the east edge', () => {
    const q = nearestOnRing([120.09, 28.955], ring);
    expect(q[0]).toBeCloseTo(120.08, 9);
    expect(q[1]).toBeCloseTo(28.955, 9);
  });

  it('beyond a corner, it is the corner, at the distance turf measures', () => {
    const p: LonLat = [120.085, 28.945];
    const q = nearestOnRing(p, ring);
    expect(q[0]).toBeCloseTo(120.08, 9);
    expect(q[1]).toBeCloseTo(28.95, 9);
    const d = turfDistance(p, q, { units: 'meters' });
    expect(d).toBeGreaterThan(700);
    expect(d).toBeLessThan(760);
  });
});
