import { describe, expect, it } from 'vitest';
import type { MatchCandidate } from './matching.repo.ts';
import { MATCH_MAX_RADIUS_M, scoreCandidates } from './matching.service.ts';

const candidate = (c: Partial<MatchCandidate>): MatchCandidate => ({
  caseId: 'c',
  callerLocationId: 1,
  sightingId: 2,
  subjectCategory: 'hiker',
  callerAccuracyM: 80,
  sightingUncM: 15,
  sightingConf: 0.8,
  distanceM: 120,
  minutesApart: 4,
  ...c,
});

describe('scoreCandidates', () => {
  it('keeps the story pair (120 m, ±80 m, 4 min) with a high score', () => {
    const [m] = scoreCandidates([candidate({})]);
    expect(m!.score).toBeGreaterThan(0.7);
    expect(m).toMatchObject({ distanceM: 120, minutesApart: 4 });
  });

  it('scores nearer sightings higher', () => {
    const [near, far] = scoreCandidates([candidate({ distanceM: 50 }), candidate({ distanceM: 600 })]);
    expect(near!.score).toBeGreaterThan(far!.score);
  });

  it('drops a pair beyond its own search radius: 3 km one minute apart', () => {
    expect(scoreCandidates([candidate({ distanceM: 3_000, minutesApart: 1 })])).toEqual([]);
  });

  it('lets the radius grow with time, but never past the cap', () => {
    expect(scoreCandidates([candidate({ distanceM: 3_000, minutesApart: 90 })])).toHaveLength(1);
    expect(scoreCandidates([candidate({ distanceM: MATCH_MAX_RADIUS_M + 1, minutesApart: 360 })])).toEqual([]);
  });

  it('walks a toddler slower than a hiker', () => {
    const input = { distanceM: 1_500, minutesApart: 30 };
    const [hiker] = scoreCandidates([candidate({ ...input, subjectCategory: 'hiker' })]);
    const [toddler] = scoreCandidates([candidate({ ...input, subjectCategory: 'child_1_3' })]);
    expect(hiker!.score).toBeGreaterThan(toddler?.score ?? 0);
  });
});
