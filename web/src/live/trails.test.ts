import { describe, expect, it } from 'vitest';
import type { TrailPoint } from './telemetry-buffer.ts';
import { mergeTrail, trailSegments, trimTrail, TRAIL_WINDOW_MS } from './trails.ts';

const NOW = 1_800_000_000_000;
const ago = (s: number, lon = 120 - s / 10_000): TrailPoint => [lon, 28.95, NOW - s * 1000];

describe('trimTrail', () => {
  it('drops points older than ten minutes', () => {
    const t = trimTrail([ago(700), ago(601), ago(600), ago(10)], NOW);
    expect(t.map((p) => (NOW - p[2]) / 1000)).toEqual([600, 10]);
  });
});

describe('mergeTrail', () => {
  it('appends newer points and trims the old ones', () => {
    const merged = mergeTrail([ago(700), ago(30)], [ago(20), ago(10)], NOW);
    expect(merged.map((p) => (NOW - p[2]) / 1000)).toEqual([30, 20, 10]);
  });

  it('sorts late points in and drops exact duplicates', () => {
    const merged = mergeTrail([ago(30), ago(10)], [ago(20), ago(10)], NOW);
    expect(merged.map((p) => (NOW - p[2]) / 1000)).toEqual([30, 20, 10]);
  });
});

describe('trailSegments', () => {
  it('returns nothing for fewer than two points', () => {
    expect(trailSegments('a', [ago(5)], NOW)).toEqual([]);
  });

  it('splits a ten-minute trail into age buckets that fade and join without gaps', () => {
    const pts = Array.from({ length: 60 }, (_, i) => ago(590 - i * 10));
    const segs = trailSegments('a', pts, NOW, TRAIL_WINDOW_MS, 4);
    expect(segs.map((s) => s.properties.age)).toEqual([1, 2 / 3, 1 / 3, 0]);
    for (let i = 1; i < segs.length; i++) {
      expect(segs[i]!.geometry.coordinates[0]).toEqual(segs[i - 1]!.geometry.coordinates.at(-1));
    }
    const total = segs.reduce((n, s) => n + s.geometry.coordinates.length, 0) - (segs.length - 1);
    expect(total).toBe(60);
  });

  it('leaves out points beyond the window', () => {
    const segs = trailSegments('a', [ago(900), ago(800), ago(20), ago(10)], NOW);
    expect(segs).toHaveLength(1);
    expect(segs[0]!.geometry.coordinates).toHaveLength(2);
    expect(segs[0]!.properties.age).toBe(0);
  });
});
