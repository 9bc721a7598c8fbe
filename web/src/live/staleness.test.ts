import { describe, expect, it } from 'vitest';
import { ageText, isStale } from './staleness.ts';

describe('ageText', () => {
  it('says now under a second', () => {
    expect(ageText(400)).toEqual({ key: 'age.now', count: 0 });
  });
  it('counts whole seconds under a minute', () => {
    expect(ageText(42_900)).toEqual({ key: 'age.seconds', count: 42 });
  });
  it('switches to minutes, hours and days', () => {
    expect(ageText(61_000)).toEqual({ key: 'age.minutes', count: 1 });
    expect(ageText(3 * 3600_000 + 5)).toEqual({ key: 'age.hours', count: 3 });
    expect(ageText(50 * 3600_000)).toEqual({ key: 'age.days', count: 2 });
  });
  it('treats clock skew (negative age) as now', () => {
    expect(ageText(-5000)).toEqual({ key: 'age.now', count: 0 });
  });
});

describe('isStale', () => {
  it('is fresh at exactly the limit and stale just past it', () => {
    expect(isStale(0, 15_000, 15)).toBe(false);
    expect(isStale(0, 15_001, 15)).toBe(true);
  });
  it('is stale when the drone never reported', () => {
    expect(isStale(null, 0, 15)).toBe(true);
  });
});
