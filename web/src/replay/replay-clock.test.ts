import { describe, expect, it } from 'vitest';
import type { ColumnTrack } from '@lookout/contracts';
import { advance, countUpTo, formatOffset, lastAtOrBefore, positionAt, trailAt, upTo } from './replay-clock.ts';

const opts = { maxGapMs: 10_000, holdMs: 30_000 };
const track: ColumnTrack = {
  id: 'd1',
  callsign: 'D1',
  t: [0, 1000, 2000, 60_000],
  lon: [120, 120.001, 120.002, 120.1],
  lat: [29, 29, 29.002, 29.1],
};

describe('lastAtOrBefore / countUpTo', () => {
  it('finds the last time at or before t', () => {
    expect(lastAtOrBefore(track.t, -1)).toBe(-1);
    expect(lastAtOrBefore(track.t, 0)).toBe(0);
    expect(lastAtOrBefore(track.t, 1500)).toBe(1);
    expect(lastAtOrBefore(track.t, 2000)).toBe(2);
    expect(lastAtOrBefore(track.t, 1e9)).toBe(3);
    expect(countUpTo([], 5)).toBe(0);
    expect(countUpTo([1, 2, 2, 3], 2)).toBe(3);
  });
});

describe('positionAt', () => {
  it('is null before the first fix', () => {
    expect(positionAt(track, -1, opts)).toBeNull();
  });
  it('interpolates between fixes', () => {
    const [lon, lat] = positionAt(track, 1500, opts)!;
    expect(lon).toBeCloseTo(120.0015, 9);
    expect(lat).toBeCloseTo(29.001, 9);
    expect(positionAt(track, 1000, opts)).toEqual([120.001, 29]);
  });
  it('holds the earlier fix across a gap for holdMs, then hides the track', () => {
    expect(positionAt(track, 20_000, opts)).toEqual([120.002, 29.002]);
    expect(positionAt(track, 32_001, opts)).toBeNull();
    expect(positionAt(track, 60_000, opts)).toEqual([120.1, 29.1]);
    expect(positionAt(track, 89_000, opts)).toEqual([120.1, 29.1]);
    expect(positionAt(track, 90_001, opts)).toBeNull();
  });
});

describe('trailAt', () => {
  it('is the fixes of the last trailMs ending at the interpolated position', () => {
    expect(trailAt(track, 1500, 5000, opts)).toEqual([[120, 29], [120.001, 29], positionAt(track, 1500, opts)]);
    expect(trailAt(track, 1500, 600, opts)).toEqual([[120.001, 29], positionAt(track, 1500, opts)]);
  });
  it('is cut at a gap and empty when the track is hidden', () => {
    expect(trailAt(track, 61_000, 120_000, opts)).toEqual([
      [120.1, 29.1],
      [120.1, 29.1],
    ]);
    expect(trailAt(track, -5, 5000, opts)).toEqual([]);
  });
  it('thins a long trail to maxPoints', () => {
    const n = 2000;
    const long: ColumnTrack = {
      id: 'x',
      callsign: 'X',
      t: Array.from({ length: n }, (_, i) => i * 500),
      lon: Array.from({ length: n }, (_, i) => i),
      lat: Array.from({ length: n }, () => 0),
    };
    const trail = trailAt(long, (n - 1) * 500, 1e9, opts, 50);
    expect(trail.length).toBeLessThanOrEqual(51);
    expect(trail[0]).toEqual([0, 0]);
    expect(trail.at(-1)).toEqual([n - 1, 0]);
  });
});

describe('upTo / advance / formatOffset', () => {
  it('keeps the items up to t', () => {
    const items = [{ t: 0 }, { t: 5 }, { t: 10 }];
    expect(upTo(items, 5)).toHaveLength(2);
    expect(upTo(items, -1)).toHaveLength(0);
  });
  it('advances at speed and stops at the end', () => {
    expect(advance(0, 100, 10, 10_000)).toBe(1000);
    expect(advance(9_990, 100, 60, 10_000)).toBe(10_000);
    expect(advance(500, -20, 1, 10_000)).toBe(500);
  });
  it('formats offsets', () => {
    expect(formatOffset(0)).toBe('0:00:00');
    expect(formatOffset(3 * 3600_000 + 61_500)).toBe('3:01:01');
    expect(formatOffset(-5)).toBe('0:00:00');
  });
});
