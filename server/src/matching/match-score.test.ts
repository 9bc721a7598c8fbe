import { describe, expect, it } from 'vitest';
import { matchReason, matchScore, matchSpreadM, searchRadiusM, walkingSpeedMps } from './match-score.ts';

const base = {
  distanceM: 120,
  callerAccuracyM: 80,
  sightingUncertaintyM: 15,
  minutesApart: 4,
  sightingConfidence: 0.7,
  walkingSpeedMps: walkingSpeedMps.hiker,
};

describe('match scoring', () => {
  it('ranks the hikers seen 120 m from a ±80 m fix 4 minutes later high', () => {
    expect(matchScore(base)).toBeGreaterThan(0.5);
  });

  it('falls as the distance grows', () => {
    expect(matchScore({ ...base, distanceM: 600 })).toBeLessThan(matchScore(base));
    expect(matchScore({ ...base, distanceM: 3000 })).toBeLessThan(0.01);
  });

  it('forgives distance when more time has passed (the person walks)', () => {
    const far = { ...base, distanceM: 1500 };
    expect(matchScore({ ...far, minutesApart: 60 })).toBeGreaterThan(matchScore({ ...far, minutesApart: 4 }));
  });

  it('lets a toddler walk less far than a hiker in the same time', () => {
    const input = { ...base, minutesApart: 30 };
    expect(matchSpreadM({ ...input, walkingSpeedMps: walkingSpeedMps.child_1_3 })).toBeLessThan(
      matchSpreadM({ ...input, walkingSpeedMps: walkingSpeedMps.hiker }),
    );
  });

  it('weights by the drone confidence', () => {
    expect(matchScore({ ...base, sightingConfidence: 0.9 })).toBeGreaterThan(
      matchScore({ ...base, sightingConfidence: 0.2 }),
    );
  });

  it('searches three spreads out', () => {
    expect(searchRadiusM(base)).toBeCloseTo(3 * matchSpreadM(base), 6);
  });

  it('says why in Chinese and English', () => {
    expect(matchReason(base, 'zh-CN')).toBe('相距 120 米，定位精度 ±80 米，间隔 4 分钟');
    expect(matchReason(base, 'en')).toBe('120 m apart, fix ±80 m, 4 min between');
  });
});
