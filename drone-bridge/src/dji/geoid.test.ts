import { describe, expect, it } from 'vitest';
import { mslFromEllipsoid } from './geoid.ts';

describe('mslFromEllipsoid', () => {
  it('puts MSL about 8.8 m below the ellipsoid height in the demo area', () => {
    expect(mslFromEllipsoid(28.95, 120.07, 100)).toBeCloseTo(91.2, 1);
  });

  it('adds the height back where the geoid is below the ellipsoid (Indian Ocean low, about −100 m)', () => {
    expect(mslFromEllipsoid(5, 78, 0)).toBeGreaterThan(90);
  });
});
