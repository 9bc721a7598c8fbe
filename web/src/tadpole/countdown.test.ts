import { describe, expect, it } from 'vitest';
import { dateTime, durationWords, remaining, shortTime } from './countdown.ts';

const NOW = Date.UTC(2026, 4, 1, 8, 0, 0);

describe('remaining', () => {
  it('splits 1 day 2 h 3 min 4 s', () => {
    const r = remaining(new Date(NOW + ((26 * 60 + 3) * 60 + 4) * 1000).toISOString(), NOW);
    expect(r).toEqual({ due: false, days: 1, hours: 2, minutes: 3, seconds: 4 });
  });

  it('is due at and after the moment', () => {
    expect(remaining(new Date(NOW).toISOString(), NOW).due).toBe(true);
    expect(remaining(new Date(NOW - 1000).toISOString(), NOW).due).toBe(true);
  });

  it('is due for a date it cannot read (never a negative or NaN clock)', () => {
    expect(remaining('not a date', NOW)).toEqual({ due: true, days: 0, hours: 0, minutes: 0, seconds: 0 });
  });
});

describe('durationWords', () => {
  const at = (s: number) => remaining(new Date(NOW + s * 1000).toISOString(), NOW);
  it('says hours and minutes under two days, never a clock', () => {
    expect(durationWords(at(23 * 3600 + 59 * 60 + 56))).toEqual({ key: 'hm', d: 0, h: 23, m: 59 });
    expect(durationWords(at(26 * 3600 + 3 * 60 + 4))).toEqual({ key: 'hm', d: 0, h: 26, m: 3 });
  });

  it('says days and hours from two days on', () => {
    expect(durationWords(at((29 * 24 + 23) * 3600 + 5 * 60))).toEqual({ key: 'dh', d: 29, h: 23, m: 5 });
  });

  it('says minutes alone under an hour', () => {
    expect(durationWords(at(59))).toEqual({ key: 'm', d: 0, h: 0, m: 0 });
    expect(durationWords(at(42 * 60 + 10))).toEqual({ key: 'm', d: 0, h: 0, m: 42 });
  });
});

describe('dateTime', () => {
  it('always gives the date with the clock', () => {
    expect(dateTime(new Date(2026, 11, 4, 0, 7).toISOString())).toBe('12/4\u00a000:07');
  });
});

describe('shortTime', () => {
  it('gives only the clock for today and the date otherwise', () => {
    const local = new Date(2026, 4, 1, 9, 5);
    expect(shortTime(local.toISOString(), new Date(2026, 4, 1, 20, 0).getTime())).toBe('09:05');
    expect(shortTime(local.toISOString(), new Date(2026, 4, 3, 20, 0).getTime())).toBe('5/1 09:05');
  });
});
