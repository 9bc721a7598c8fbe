import { describe, expect, it } from 'vitest';
import { aircraftUncertaintyM, laserUncertaintyM, snapshotPoint, type LaserReading } from './snapshot-position.ts';

const now = new Date('2026-11-21T08:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const laser = (o: Partial<LaserReading> = {}): LaserReading => ({
  t: ago(2_000),
  lon: 120.0134,
  lat: 28.9012,
  distance: 300,
  errorState: 0,
  ...o,
});
const fix = { t: ago(1_000), lon: 120.01, lat: 28.9, altRel: 120 };

describe('snapshotPoint', () => {
  it('takes a valid, fresh laser target with a radius of a few metres', () => {
    expect(snapshotPoint(laser(), fix, now)).toMatchObject({ position: 'laser', lon: 120.0134, lat: 28.9012, uncM: 8 });
  });

  it('falls back to the aircraft on an error state, a stale reading or 0,0', () => {
    for (const l of [laser({ errorState: 2 }), laser({ t: ago(11_000) }), laser({ lon: 0, lat: 0 }), undefined]) {
      expect(snapshotPoint(l, fix, now)).toMatchObject({ position: 'aircraft', lon: 120.01, uncM: 120 });
    }
  });

  it('has no position without a recent fix', () => {
    expect(snapshotPoint(laser({ errorState: 3 }), undefined, now)).toBeUndefined();
    expect(snapshotPoint(undefined, { ...fix, t: ago(11 * 60_000) }, now)).toBeUndefined();
  });
});

describe('uncertainty', () => {
  it('grows with the laser range and the height, with a floor for the aircraft', () => {
    expect(laserUncertaintyM(null)).toBe(5);
    expect(laserUncertaintyM(1_000)).toBe(15);
    expect(aircraftUncertaintyM(null)).toBe(50);
    expect(aircraftUncertaintyM(30)).toBe(50);
    expect(aircraftUncertaintyM(400)).toBe(400);
  });
});
