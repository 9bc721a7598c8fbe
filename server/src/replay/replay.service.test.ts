import { describe, expect, it } from 'vitest';
import { areaOf } from './replay.service.ts';

describe('areaOf', () => {
  it('is null without points', () => {
    expect(areaOf([], 5000)).toBeNull();
  });

  it('widens the bbox by the margin in metres on every side (longitude by the cosine of latitude)', () => {
    const [w, s, e, n] = areaOf(
      [
        [120, 28.9],
        [120.1, 29],
      ],
      5000,
    )!;
    expect(s).toBeCloseTo(28.9 - 5000 / 111_320, 9);
    expect(n).toBeCloseTo(29 + 5000 / 111_320, 9);
    const dLon = 5000 / (111_320 * Math.cos((29 * Math.PI) / 180));
    expect(w).toBeCloseTo(120 - dLon, 9);
    expect(e).toBeCloseTo(120.1 + dLon, 9);
  });

  it('stays inside the world', () => {
    expect(areaOf([[179.99, 89.99]], 50_000)).toEqual([expect.any(Number), expect.any(Number), 180, 90]);
  });
});
