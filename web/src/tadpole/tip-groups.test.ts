import { describe, expect, it } from 'vitest';
import { distanceM, groupTips, type TipPoint } from './tip-groups.ts';

/** A point `north` and `east` metres from 花都路 (about 23.4°N). */
function at(north: number, east: number): { lon: number; lat: number } {
  const lat0 = 23.4;
  return { lat: lat0 + north / 111_195, lon: 113.2 + east / (111_195 * Math.cos((lat0 * Math.PI) / 180)) };
}

function tip(id: number, north: number, east: number, minute: number): TipPoint {
  return { id, ...at(north, east), seenAt: new Date(Date.UTC(2026, 4, 1, 8, minute)).toISOString() };
}

describe('distanceM', () => {
  it('measures a known 1 km step within a metre', () => {
    const a = at(0, 0);
    const b = at(1000, 0);
    expect(distanceM([a.lon, a.lat], [b.lon, b.lat])).toBeCloseTo(1000, 0);
  });
});

describe('groupTips', () => {
  it('puts tips 100 m apart and 10 min apart in one group', () => {
    const groups = groupTips([tip(1, 0, 0, 0), tip(2, 100, 0, 10)]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.tips.map((t) => t.id)).toEqual([2, 1]);
    expect(groups[0]!.firstSeen).toBe(tip(1, 0, 0, 0).seenAt);
    expect(groups[0]!.spreadM).toBeCloseTo(50, 0);
  });

  it('keeps tips 2 km apart apart', () => {
    expect(groupTips([tip(1, 0, 0, 0), tip(2, 2000, 0, 0)])).toHaveLength(2);
  });

  it('keeps tips at one place but hours apart apart', () => {
    expect(groupTips([tip(1, 0, 0, 0), tip(2, 0, 0, 59 + 60)])).toHaveLength(2);
  });

  it('chains sightings along a street (single linkage)', () => {
    const groups = groupTips([tip(1, 0, 0, 0), tip(2, 0, 250, 5), tip(3, 0, 500, 10)]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.tips).toHaveLength(3);
  });

  it('lists the biggest group first', () => {
    const groups = groupTips([tip(1, 5000, 0, 0), tip(2, 0, 0, 1), tip(3, 50, 0, 2)]);
    expect(groups.map((g) => g.tips.length)).toEqual([2, 1]);
  });

  it('answers an empty list with no groups', () => {
    expect(groupTips([])).toEqual([]);
  });
});
