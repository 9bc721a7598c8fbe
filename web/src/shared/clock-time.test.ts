import { describe, expect, it } from 'vitest';
import { clockTime } from './clock-time.ts';

describe('clockTime', () => {
  it('reads ISO text and epoch milliseconds alike, zero-padded', () => {
    const d = new Date(2026, 10, 21, 8, 5);
    expect(clockTime(d.toISOString())).toBe('08:05');
    expect(clockTime(d.getTime())).toBe('08:05');
  });

  it('is empty for no time', () => {
    expect(clockTime(null)).toBe('');
    expect(clockTime(undefined)).toBe('');
  });
});
