import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { distanceM, shouldPost, type FixLike } from './fix-policy.ts';

const fix = (lat: number, lon: number, t: number, accuracy = 20): FixLike => ({ lat, lon, t, accuracy });

describe('distanceM', () => {
  it('agrees with turf within a centimetre per 100 m', () => {
    const a = fix(28.95, 120.07, 0);
    const b = fix(28.951, 120.0712, 0);
    const turf = turfDistance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
    expect(Math.abs(distanceM(a, b) - turf)).toBeLessThan(0.01 * (turf / 100) + 0.01);
  });
});

describe('shouldPost', () => {
  const first = fix(28.95, 120.07, 1000);
  it('posts the first fix at once', () => expect(shouldPost(null, 0, first, 0)).toBe(true));
  it('does not post the same reading twice', () => expect(shouldPost(first, 0, { ...first }, 60_000)).toBe(false));
  it('waits 30 s for a small move', () => {
    const near = fix(28.9501, 120.07, 2000);
    expect(shouldPost(first, 0, near, 29_000)).toBe(false);
    expect(shouldPost(first, 0, near, 30_000)).toBe(true);
  });
  it('posts a large move at once', () => expect(shouldPost(first, 0, fix(28.9507, 120.07, 2000), 1000)).toBe(true));
  it('does not call a move large when it is within the fix’s own accuracy', () =>
    expect(shouldPost(first, 0, fix(28.9507, 120.07, 2000, 150), 1000)).toBe(false));
});
