import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { atIso, Settle } from './settle.ts';

describe('Settle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once with the latest value after the values stop coming', () => {
    const calls: number[] = [];
    const s = new Settle<number>((v) => calls.push(v), 400, 3000);
    for (let i = 1; i <= 5; i++) {
      s.push(i);
      vi.advanceTimersByTime(100);
    }
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(calls).toEqual([5]);
  });

  it('calls at least every maxWait while values keep coming', () => {
    const calls: number[] = [];
    const s = new Settle<number>((v) => calls.push(v), 400, 1000);
    for (let i = 0; i < 25; i++) {
      s.push(i);
      vi.advanceTimersByTime(100);
    }
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });

  it('does not call again with the value it was last called with', () => {
    const calls: string[] = [];
    const s = new Settle<string>((v) => calls.push(v), 100, 1000);
    s.push('a');
    vi.advanceTimersByTime(200);
    s.push('a');
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['a']);
  });

  it('calls nothing once cancelled', () => {
    const calls: number[] = [];
    const s = new Settle<number>((v) => calls.push(v), 100, 1000);
    s.push(1);
    s.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual([]);
  });
});

describe('atIso', () => {
  it('adds the offset to the start, to the whole second', () => {
    expect(atIso('2026-12-05T08:00:00.000Z', 61_400)).toBe('2026-12-05T08:01:01.000Z');
  });
});
