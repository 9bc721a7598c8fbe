import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window.ts';

describe('RateWindow', () => {
  it('allows max hits per window and refuses the next', () => {
    let now = 0;
    const w = new RateWindow(3, 60_000, () => now);
    expect([w.take('a'), w.take('a'), w.take('a'), w.take('a')]).toEqual([true, true, true, false]);
    expect(w.take('b')).toBe(true);
    expect(w.retryAfterS('a')).toBe(60);
    now = 60_001;
    expect(w.take('a')).toBe(true);
  });
});
