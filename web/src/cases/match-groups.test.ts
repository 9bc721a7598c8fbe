import { describe, expect, it } from 'vitest';
import type { CaseDetail, Match } from './case-types.ts';
import { groupMatches, targetOptions } from './match-groups.ts';

function match(id: number, score: number, sightingId: number, status: Match['status'] = 'proposed'): Match {
  return {
    id,
    seq: id,
    caseId: 'c',
    callerLocationId: 1,
    sightingId,
    distanceM: Math.round((1 - score) * 2000),
    minutesApart: 5,
    score,
    status,
    reason: { zh: '', en: '' },
    sighting: {
      lon: 0,
      lat: 0,
      t: '',
      uncM: 15,
      conf: 0.7,
      kind: 'person',
      count: 1,
      droneId: 'd',
      callsign: '鹰眼-1',
    },
    callerLocation: { lon: 0, lat: 0, t: '', accuracyM: 80, source: 'manual' },
  };
}

const fixes: CaseDetail['callerLocations'] = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 7,
      geometry: { type: 'Point', coordinates: [120, 28] },
      properties: {
        id: 7,
        seq: 7,
        caseId: 'c',
        source: 'manual',
        datumReceived: 'wgs84',
        lonReceived: 120,
        latReceived: 28,
        accuracyM: 80,
        t: '2026-01-01T00:00:00Z',
        battery: null,
        receivedAt: '2026-01-01T00:00:00Z',
      },
    },
  ],
};

describe('groupMatches', () => {
  it('ranks by score, best first, and shows every match before a confirmation', () => {
    const g = groupMatches([match(30, 0.2, 3), match(10, 0.9, 1), match(20, 0.5, 2)]);
    expect(g.shown.map((m) => [m.id, m.rank])).toEqual([
      [10, 1],
      [20, 2],
      [30, 3],
    ]);
    expect(g.weak).toEqual([]);
  });

  it('folds the other matches away once one is confirmed, keeping their ranks', () => {
    const g = groupMatches([match(10, 0.9, 1), match(20, 0.5, 2, 'confirmed'), match(30, 0.04, 3)]);
    expect(g.shown.map((m) => [m.id, m.rank])).toEqual([[20, 2]]);
    expect(g.weak.map((m) => [m.id, m.rank])).toEqual([
      [10, 1],
      [30, 3],
    ]);
  });
});

describe('targetOptions', () => {
  it('lists matches by rank, each sighting once under its best match, then the caller fixes', () => {
    const opts = targetOptions({
      matches: [match(11, 0.3, 5), match(12, 0.8, 5), match(13, 0.6, 6)],
      callerLocations: fixes,
    });
    expect(opts.map((o) => o.value)).toEqual([
      'match:12',
      'match:13',
      'match:11',
      'sighting:5',
      'sighting:6',
      'caller_location:7',
    ]);
    const s5 = opts.find((o) => o.value === 'sighting:5');
    expect(s5?.kind === 'sighting' && s5.match.rank).toBe(1);
  });

  it('puts the weak matches last and marks them once a match is confirmed', () => {
    const opts = targetOptions({ matches: [match(1, 0.9, 1), match(2, 0.4, 2, 'confirmed')], callerLocations: fixes });
    expect(opts.map((o) => [o.value, o.weak])).toEqual([
      ['match:2', false],
      ['match:1', true],
      ['sighting:2', false],
      ['sighting:1', true],
      ['caller_location:7', false],
    ]);
  });
});
