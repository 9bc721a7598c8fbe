import { describe, expect, it } from 'vitest';
import { planOutline, polygonAreaM2, polygonsOf, ringAreaM2, ringBounds } from './coverage-geometry.ts';

const R = 6378137;
const square = (w: number, s: number, d: number): [number, number][] => [
  [w, s],
  [w + d, s],
  [w + d, s + d],
  [w, s + d],
  [w, s],
];

describe('ringAreaM2', () => {
  it('gives a 1° cell on the equator the area of its spherical zone', () => {
    const expected = R * R * (Math.PI / 180) * Math.sin(Math.PI / 180);
    expect(ringAreaM2(square(0, 0, 1))).toBeCloseTo(expected, -3);
  });

  it('is the same whichever way the ring winds', () => {
    const ring = square(120, 28.9, 0.01);
    expect(ringAreaM2([...ring].reverse())).toBeCloseTo(ringAreaM2(ring), 3);
  });

  it('is 0 for a ring too short to enclose anything', () => {
    expect(
      ringAreaM2([
        [0, 0],
        [1, 1],
        [0, 0],
      ]),
    ).toBe(0);
  });
});

describe('polygonAreaM2', () => {
  it('takes the holes out of the outer ring', () => {
    const outer = square(120, 28.9, 0.02);
    const hole = square(120.005, 28.905, 0.01);
    expect(polygonAreaM2([outer, hole])).toBeCloseTo(ringAreaM2(outer) - ringAreaM2(hole), 3);
  });
});

describe('polygonsOf', () => {
  it('lists a MultiPolygon polygon by polygon and a Polygon as one', () => {
    const a = [square(0, 0, 1)];
    expect(polygonsOf({ type: 'MultiPolygon', coordinates: [a, a] } as never)).toHaveLength(2);
    expect(polygonsOf({ type: 'Polygon', coordinates: a } as never)).toEqual([a]);
  });

  it('has no polygons in a line', () => {
    expect(polygonsOf({ type: 'LineString', coordinates: [] } as never)).toEqual([]);
  });
});

describe('ringBounds', () => {
  it('spans the ring west–south to east–north', () => {
    expect(ringBounds(square(120, 28.9, 0.5))).toEqual([
      [120, 28.9],
      [120.5, 29.4],
    ]);
  });
});

describe('planOutline', () => {
  it('keeps the outer ring and drops the holes', () => {
    const outer = square(120, 28.9, 0.02);
    const p = planOutline([outer, square(120.005, 28.905, 0.01)]);
    expect(p).toEqual({ type: 'Polygon', coordinates: [outer] });
  });

  it('thins a long ring to the most vertices a plan takes, and closes it', () => {
    const n = 1200;
    const ring: [number, number][] = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      return [120 + 0.01 * Math.cos(a), 28.9 + 0.01 * Math.sin(a)];
    });
    ring.push(ring[0]!);
    const out = planOutline([ring], 500).coordinates[0]!;
    expect(out.length - 1).toBeLessThanOrEqual(500);
    expect(out[0]).toEqual(out[out.length - 1]);
    expect(ringAreaM2(out)).toBeGreaterThan(0.99 * ringAreaM2(ring));
  });
});
