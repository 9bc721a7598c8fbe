import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import type { LonLat } from './guidance.ts';
import { appendTrackFix, TRACK_MAX_POINTS, wayBack, wayBackGuidance } from './way-back.ts';

const START: LonLat = [120.07, 28.95];
/** Metres per degree of latitude on turf's sphere. */
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;
/** The point `d` metres from `from` on `bearing` (degrees), flat over the few hundred metres of these tests. */
const go = (from: LonLat, d: number, bearing: number): LonLat => {
  const b = (bearing * Math.PI) / 180;
  const lat = from[1] + (d * Math.cos(b)) / M_PER_DEG;
  return [from[0] + (d * Math.sin(b)) / (M_PER_DEG * Math.cos((from[1] * Math.PI) / 180)), lat];
};
const m = (a: LonLat, b: LonLat) => turfDistance(a, b, { units: 'meters' });

/** An L-shaped walk: 200 m north in 20 m steps, then 100 m east. */
function lWalk(): LonLat[] {
  const track: LonLat[] = [START];
  for (let i = 0; i < 10; i++) track.push(go(track.at(-1)!, 20, 0));
  for (let i = 0; i < 5; i++) track.push(go(track.at(-1)!, 20, 90));
  return track;
}

describe('appendTrackFix', () => {
  it('adds a fix that moved at least 10 m', () => {
    const t = appendTrackFix([START], { lon: go(START, 12, 0)[0], lat: go(START, 12, 0)[1], accuracy: 5 });
    expect(t).toHaveLength(2);
  });

  it('keeps the same track for jitter, a poor fix or a broken one', () => {
    const track = [START] as const;
    const near = go(START, 4, 45);
    const far = go(START, 40, 45);
    expect(appendTrackFix(track, { lon: near[0], lat: near[1], accuracy: 5 })).toBe(track);
    expect(appendTrackFix(track, { lon: far[0], lat: far[1], accuracy: 80 })).toBe(track);
    expect(appendTrackFix(track, { lon: Number.NaN, lat: far[1], accuracy: 5 })).toBe(track);
  });

  it('takes a fix of unknown accuracy, and starts a track from nothing', () => {
    expect(appendTrackFix([], { lon: START[0], lat: START[1], accuracy: null })).toEqual([START]);
  });

  it('drops the oldest points past the cap', () => {
    let track: readonly LonLat[] = Array.from({ length: TRACK_MAX_POINTS }, (_, i) => go(START, i * 20, 0));
    const next = go(track.at(-1)!, 20, 0);
    track = appendTrackFix(track, { lon: next[0], lat: next[1], accuracy: 5 });
    expect(track).toHaveLength(TRACK_MAX_POINTS);
    expect(track.at(-1)).toEqual(next);
  });
});

describe('wayBack', () => {
  it('has nothing to guide along without two points', () => {
    expect(wayBack([], START)).toBeNull();
    expect(wayBack([START], START)).toBeNull();
  });

  it('from the end of the track: 300 m back, aiming 30 m back along the last leg', () => {
    const track = lWalk();
    const w = wayBack(track, track.at(-1)!)!;
    expect(w.remainingM).toBeCloseTo(300, 0);
    expect(w.offTrackM).toBeCloseTo(0, 3);
    expect(w.arrived).toBe(false);
    // 30 m back along the eastward leg: 70 m east of the corner.
    expect(m(w.waypoint, go(track[10]!, 70, 90))).toBeLessThan(0.5);
    expect(w.path[0]).toEqual(track.at(-1));
    expect(w.path.at(-1)).toEqual(START);
  });

  it('follows the bend: 10 m before the corner, the waypoint is 20 m down the northward leg', () => {
    const track = lWalk();
    const me = go(track[10]!, 10, 90);
    const w = wayBack(track, me)!;
    expect(w.remainingM).toBeCloseTo(210, 0);
    expect(m(w.waypoint, go(track[10]!, 20, 180))).toBeLessThan(0.5);
  });

  it('brings an officer who strayed back to the track first', () => {
    const track = lWalk();
    const onTrack = go(START, 100, 0);
    const me = go(onTrack, 60, 270);
    const w = wayBack(track, me)!;
    expect(w.offTrackM).toBeCloseTo(60, 0);
    expect(m(w.waypoint, onTrack)).toBeLessThan(0.5);
    expect(w.remainingM).toBeCloseTo(160, 0);
  });

  it('a little off the track still aims ahead along it', () => {
    const track = lWalk();
    const onTrack = go(START, 100, 0);
    const me = go(onTrack, 10, 270);
    const w = wayBack(track, me)!;
    // 30 m of look-ahead: 10 to the track, 20 along it.
    expect(m(w.waypoint, go(START, 80, 0))).toBeLessThan(0.5);
  });

  it('says arrived within 15 m of the start', () => {
    const track = lWalk();
    const w = wayBack(track, go(START, 8, 0))!;
    expect(w.arrived).toBe(true);
    expect(w.waypoint).toEqual(START);
  });

  it('cuts a loop short where the track crosses itself', () => {
    // North 100 m, east 60, south 60, west 60 (back over the northward leg at 40 m), then on west 40.
    const track: LonLat[] = [START];
    for (const [dist, bearing] of [
      [100, 0],
      [60, 90],
      [60, 180],
      [60, 270],
      [40, 270],
    ] as const) {
      for (let i = 0; i < dist / 20; i++) track.push(go(track.at(-1)!, 20, bearing));
    }
    const crossing = go(START, 40, 0);
    const w = wayBack(track, crossing)!;
    expect(w.remainingM).toBeCloseTo(40, 0);
  });
});

describe('wayBackGuidance', () => {
  it('points at the waypoint and counts the whole way back at 3 km/h', () => {
    const track = lWalk();
    const me = track.at(-1)!;
    const g = wayBackGuidance(wayBack(track, me)!, me);
    // The waypoint is due west along the last leg; 300 m at 50 m a minute, rounded up.
    expect(g.bearingDeg).toBeCloseTo(270, 0);
    expect(g.distanceM).toBeCloseTo(300, 0);
    expect(g.etaMin).toBe(Math.ceil(g.distanceM / 50));
    expect([6, 7]).toContain(g.etaMin);
  });

  it('says nothing more to walk once arrived', () => {
    const track = lWalk();
    expect(wayBackGuidance(wayBack(track, START)!, START).etaMin).toBe(0);
  });
});
