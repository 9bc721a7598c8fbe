import { describe, expect, it } from 'vitest';
import { metresBetween } from './flight-pattern.ts';
import { makeDjiOsd, makeFix, makeSighting, type AircraftSample } from './readings.ts';

const sample = (over: Partial<AircraftSample> = {}): AircraftSample => ({
  position: [120.07, 28.95],
  homeMsl: 200,
  altRel: 60,
  heading: 270,
  speed: 7.5,
  vs: -0.3,
  bat: 64.4,
  at: new Date('2026-11-21T08:00:00.250Z'),
  ...over,
});

/** A fixed sequence instead of Math.random, so each case is reproducible. */
const seqRng = (...xs: number[]) => {
  let i = 0;
  return () => xs[i++ % xs.length]!;
};

describe('makeFix', () => {
  it('writes a v1 fix with MSL altitude from the take-off elevation and a uuid v7 id', () => {
    const f = makeFix(sample(), 12);
    expect(f).toMatchObject({
      v: 1,
      seq: 12,
      t: '2026-11-21T08:00:00.250Z',
      src: 'sim',
      lon: 120.07,
      lat: 28.95,
    });
    expect(f.altMsl).toBe(260);
    expect(f.bat).toBe(64);
    expect(f.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('makeSighting', () => {
  it('places the target 20–120 m off the aircraft with an uncertainty growing with that offset', () => {
    const near = makeSighting(sample(), seqRng(0, 0.5, 0.9, 0.5, 0.5));
    const far = makeSighting(sample(), seqRng(0.99, 0.5, 0.9, 0.5, 0.5));
    expect(metresBetween([120.07, 28.95], [near.lon, near.lat])).toBeCloseTo(20, 0);
    expect(metresBetween([120.07, 28.95], [far.lon, far.lat])).toBeCloseTo(119, 0);
    expect(far.uncM).toBeGreaterThan(near.uncM);
    expect(near).toMatchObject({ v: 1, kind: 'person', count: 1 });
  });

  it('reports a group with a head count', () => {
    const s = makeSighting(sample(), seqRng(0.5, 0.5, 0.1, 0.5, 0.99, 0));
    expect(s.kind).toBe('group');
    expect(s.count).toBeGreaterThanOrEqual(2);
    expect(s.conf).toBeGreaterThan(0);
    expect(s.conf).toBeLessThanOrEqual(1);
  });
});

describe('makeDjiOsd', () => {
  it('sends DJI heading in −180..180, ellipsoid height, and the time in ms', () => {
    const e = makeDjiOsd(sample(), 'demo-1', 10);
    expect(e.timestamp).toBe(Date.parse('2026-11-21T08:00:00.250Z'));
    expect(e.data.attitude_head).toBe(-90);
    expect(e.data.height).toBe(270);
    expect(e.data.elevation).toBe(60);
    expect(e.data.battery.capacity_percent).toBe(64);
    expect([e.data.longitude, e.data.latitude]).toEqual([120.07, 28.95]);
  });
});
