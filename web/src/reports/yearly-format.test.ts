import { describe, expect, it } from 'vitest';
import { changeOf, recentYears, yearlyQueryString } from './yearly-format.ts';

const c = (current: number | null, base: number | null, delta: number | null, relative: number | null) => ({
  current,
  base,
  delta,
  relative,
});

describe('changeOf', () => {
  it('a rise and a fall as whole percentages, without the sign', () => {
    expect(changeOf(c(12, 10, 2, 0.2), 'relative')).toEqual({ tone: 'up', amount: '20' });
    expect(changeOf(c(1800, 3000, -1200, -0.4), 'relative')).toEqual({ tone: 'down', amount: '40' });
    expect(changeOf(c(2, 3, -1, -0.333), 'relative')).toEqual({ tone: 'down', amount: '33' });
  });

  it('one decimal under 10 %', () => {
    expect(changeOf(c(0, 0, 0, 0.056), 'relative')).toEqual({ tone: 'up', amount: '5.6' });
    expect(changeOf(c(0, 0, 0, -0.001), 'relative')).toEqual({ tone: 'down', amount: '0.1' });
  });

  it('no base is none, never 0 % or Infinity; no change is same', () => {
    expect(changeOf(c(5, 0, 5, null), 'relative')).toEqual({ tone: 'none', amount: '' });
    expect(changeOf(c(300, null, null, null), 'relative')).toEqual({ tone: 'none', amount: '' });
    expect(changeOf(c(3, 3, 0, 0), 'relative')).toEqual({ tone: 'same', amount: '' });
  });

  it('a share moves in percentage points', () => {
    expect(changeOf(c(1, 0.5, 0.5, 1), 'points')).toEqual({ tone: 'up', amount: '50' });
    expect(changeOf(c(0.75, 0.8, -0.05, -0.0625), 'points')).toEqual({ tone: 'down', amount: '5' });
    expect(changeOf(c(0.5, 0.5, 0.0001, 0.0002), 'points')).toEqual({ tone: 'same', amount: '' });
    expect(changeOf(c(1, null, null, null), 'points')).toEqual({ tone: 'none', amount: '' });
  });
});

describe('yearly query', () => {
  it('year, month and the station when one is chosen', () => {
    expect(yearlyQueryString(2026, 3, null)).toBe('year=2026&month=3');
    expect(yearlyQueryString(2026, 12, '城东派出所')).toBe(
      `year=2026&month=12&station=${encodeURIComponent('城东派出所')}`,
    );
    expect(recentYears(2026, 3)).toEqual([2026, 2025, 2024]);
  });
});
