import { describe, expect, it } from 'vitest';
import { countdownText, remaining, shortTime } from './countdown.ts';

const NOW = Date.UTC(2026, 4, 1, 8, 0, 0);

describe('remaining', () => {
  it('splits 1 day 2 h 3 min 4 s', () => {
    const r = remaining(new Date(NOW + ((26 * 60 + 3) * 60 + 4) * 1000).toISOString(), NOW);
    expect(r).toEqual({ due: false, days: 1, hours: 2, minutes: 3, seconds: 4 });
    expect(countdownText(r, '天')).toBe('1 天 02:03:04');
  });

  it('is due at and after the moment', () => {
    expect(remaining(new Date(NOW).toISOString(), NOW).due).toBe(true);
    expect(remaining(new Date(NOW - 1000).toISOString(), NOW).due).toBe(true);
  });

  it('is due for a date it cannot read (never a negative or NaN clock)', () => {
    expect(remaining('not a date', NOW)).toEqual({ due: true, days: 0, hours: 0, minutes: 0, seconds: 0 });
  });

  it('shows no day part under 24 h', () => {
    expect(countdownText(remaining(new Date(NOW + 59_000).toISOString(), NOW), 'd')).toBe('00:00:59');
  });
});

describe('shortTime', () => {
  it('gives only the clock for today and the date otherwise', () => {
    const local = new Date(2026, 4, 1, 9, 5);
    expect(shortTime(local.toISOString(), new Date(2026, 4, 1, 20, 0).getTime())).toBe('09:05');
    expect(shortTime(local.toISOString(), new Date(2026, 4, 3, 20, 0).getTime())).toBe('5/1 09:05');
  });
});
