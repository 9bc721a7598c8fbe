import { describe, expect, it } from 'vitest';
import { bandForHeight, podOf } from './coverage-pod.ts';

describe('coverage bands and POD', () => {
  it('bands by height above ground: ≤ 60 m good, ≤ 120 m fair, above poor', () => {
    expect(bandForHeight(10)).toBe('good');
    expect(bandForHeight(60)).toBe('good');
    expect(bandForHeight(60.1)).toBe('fair');
    expect(bandForHeight(120)).toBe('fair');
    expect(bandForHeight(121)).toBe('poor');
  });

  it('weighs each band share by its planning POD', () => {
    expect(podOf({ good: 0, fair: 0, poor: 0, walk: 0 })).toBe(0);
    expect(podOf({ good: 1, fair: 0, poor: 0, walk: 0 })).toBeCloseTo(0.8);
    expect(podOf({ good: 0.5, fair: 0.25, poor: 0.25, walk: 0 })).toBeCloseTo(0.4 + 0.125 + 0.0625);
    expect(podOf({ good: 0, fair: 0, poor: 0, walk: 0.5 })).toBeCloseTo(0.3);
  });
});
