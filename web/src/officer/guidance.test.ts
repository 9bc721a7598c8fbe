import { describe, expect, it } from 'vitest';
import { arrowRotation, compassPoint, distanceText, etaText, guidance, headingFromOrientation } from './guidance.ts';

describe('guidance', () => {
  it('gives a due-north target a bearing of 0 and the metres between them', () => {
    // 0.001° of latitude ≈ 111.2 m anywhere.
    const g = guidance([120.07, 28.95], [120.07, 28.951]);
    expect(g.bearingDeg).toBeCloseTo(0, 6);
    expect(g.distanceM).toBeGreaterThan(110.5);
    expect(g.distanceM).toBeLessThan(111.5);
  });
  it('gives bearings in 0..360 (a target to the west is 270, not −90)', () => {
    expect(guidance([120.07, 28.95], [120.06, 28.95]).bearingDeg).toBeCloseTo(270, 1);
  });
  it('walks 3 km/h: 1 km is 20 minutes, and a part of a minute counts as one', () => {
    expect(guidance([0, 0], [0, 0.008993]).etaMin).toBe(20); // ≈ 1000 m
    expect(guidance([0, 0], [0, 0.00085]).etaMin).toBe(2); // ≈ 94.5 m → 1.9 min → 2
  });
  it('says zero minutes within 10 m', () => expect(guidance([0, 0], [0, 0.00005]).etaMin).toBe(0));
  it('adds a minute for every 10 m of climb (Naismith)', () => {
    const g = guidance([0, 0], [0, 0.008993], undefined, { fromM: 320, toM: 650 });
    expect(g.climbM).toBe(330);
    expect(g.climbMin).toBe(33);
    expect(g.etaMin).toBe(53);
  });
  it('adds nothing for the way down, and says the descent', () => {
    const g = guidance([0, 0], [0, 0.008993], undefined, { fromM: 650, toM: 320 });
    expect(g.climbM).toBe(-330);
    expect(g.etaMin).toBe(20);
  });
  it('knows no climb without heights', () => expect(guidance([0, 0], [0, 0.008993]).climbM).toBeNull());
});

describe('texts', () => {
  it('writes metres below a kilometre and kilometres above', () => {
    expect(distanceText(349.6, 'zh-CN')).toBe('350 米');
    expect(distanceText(1234, 'zh-CN')).toBe('1.2 公里');
    expect(distanceText(15_400, 'en')).toBe('15 km');
  });
  it('writes walking times in hours and minutes', () => {
    expect(etaText(12, 'zh-CN')).toBe('约 12 分钟');
    expect(etaText(65, 'zh-CN')).toBe('约 1 小时 5 分钟');
    expect(etaText(0, 'en')).toBe('here');
  });
  it('names compass points', () => {
    expect([0, 44, 46, 180, 350].map(compassPoint)).toEqual(['N', 'NE', 'NE', 'S', 'N']);
  });
});

describe('arrowRotation', () => {
  it('turns the arrow by the bearing less the phone’s heading', () => expect(arrowRotation(90, 120)).toBe(330));
  it('uses the map bearing without a compass', () => expect(arrowRotation(90, null, 0)).toBe(90));
});

describe('headingFromOrientation', () => {
  it('reads iOS compass headings as they are', () =>
    expect(headingFromOrientation({ alpha: 10, webkitCompassHeading: 45 })).toBe(45));
  it('turns an absolute alpha (counter-clockwise) into a heading', () =>
    expect(headingFromOrientation({ alpha: 90, absolute: true })).toBe(270));
  it('refuses a relative alpha', () => expect(headingFromOrientation({ alpha: 90, absolute: false })).toBeNull());
  it('adds the screen rotation', () => expect(headingFromOrientation({ alpha: 0, absolute: true }, 90)).toBe(90));
});
