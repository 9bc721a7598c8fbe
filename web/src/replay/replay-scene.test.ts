import { describe, expect, it } from 'vitest';
import type { ColumnTrack } from '@lookout/contracts';
import { DRONE_OPTS, movingAt } from './replay-scene.ts';

const track = (over: Partial<ColumnTrack>): ColumnTrack => ({
  id: 'd-1',
  callsign: '鹰眼-1',
  t: [0, 500, 1000, 1500],
  lon: [120, 120.0001, 120.0002, 120.0002],
  lat: [28.9, 28.9, 28.9, 28.9],
  ...over,
});
const hdgAt = (tr: ColumnTrack, t: number) => movingAt([tr], t, DRONE_OPTS, 'drone').points[0]!.properties!.hdg;

describe('movingAt: where a drone symbol points', () => {
  it('uses the heading the drone reported with its last fix', () => {
    expect(hdgAt(track({ hdg: [10, 20, 30, 275] }), 1500)).toBe(275);
    expect(hdgAt(track({ hdg: [10, 20, 30, 275] }), 1200)).toBe(30);
  });

  it('without a heading, keeps the direction of travel while hovering or paused on a fix (never north)', () => {
    // Flew east, then hovered on the last two fixes; paused exactly on a fix.
    expect(hdgAt(track({}), 1500)).toBeCloseTo(90, 0);
    expect(hdgAt(track({}), 1000)).toBeCloseTo(90, 0);
  });

  it('falls back to the travel direction where the heading is unknown (-1)', () => {
    expect(hdgAt(track({ hdg: [-1, -1, -1, -1] }), 1500)).toBeCloseTo(90, 0);
  });
});
