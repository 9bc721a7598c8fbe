import { describe, expect, it } from 'vitest';
import { formatDms } from '../src/geo/dms.ts';
import { coordTexts, dms } from './coords.ts';

describe('dms', () => {
  it('agrees with the main app’s formatter', () => {
    for (const v of [28.9508888, 120.0700001, 0.0000139, 59.9999999, 103.123456]) {
      expect(dms(v) + 'N').toBe(formatDms(v, 'lat', 1));
    }
  });
  it('carries rounded seconds into minutes', () => expect(dms(28.9999999)).toBe('29°00′00.0″'));
});

describe('coordTexts', () => {
  it('labels the hemispheres in Chinese', () => {
    expect(coordTexts(28.95, 120.07, 'zh-CN')).toEqual({
      latDms: '北纬 28°57′00.0″',
      lonDms: '东经 120°04′12.0″',
      decimal: '28.950000, 120.070000',
    });
  });
  it('uses letters in English, south and west too', () => {
    const c = coordTexts(-33.5, -70.25, 'en');
    expect([c.latDms, c.lonDms]).toEqual(['33°30′00.0″S', '70°15′00.0″W']);
  });
});
