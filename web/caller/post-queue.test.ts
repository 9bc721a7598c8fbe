import { describe, expect, it } from 'vitest';
import { classifyStatus, newKey, PostQueue, retryDelayMs } from './post-queue.ts';

describe('classifyStatus', () => {
  it('treats 201 as stored', () => expect(classifyStatus(201)).toBe('stored'));
  it('stops on an unknown link', () => expect(classifyStatus(404)).toBe('unknown_link'));
  it('stops on an expired or revoked link', () => expect(classifyStatus(410)).toBe('gone'));
  it('drops a body the server refuses', () => expect(classifyStatus(400)).toBe('drop'));
  it('retries when there was no answer at all', () => expect(classifyStatus(0)).toBe('retry'));
  it('retries on a rate limit and on server errors', () => {
    expect([429, 500, 502, 503, 408].map(classifyStatus)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
  });
});

describe('retryDelayMs', () => {
  it('doubles from one second', () =>
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 0))).toEqual([1000, 2000, 4000, 8000]));
  it('caps at thirty seconds', () => expect(retryDelayMs(12, 0)).toBe(30000));
  it('adds at most 20 % jitter', () => expect(retryDelayMs(1, 1)).toBe(1200));
});

describe('PostQueue', () => {
  it('keeps the same key for an item until it is done (a retry resends the same key)', () => {
    const q = new PostQueue<number>();
    q.add(1, 'k1');
    q.add(2, 'k2');
    expect(q.head()!.key).toBe('k1');
    q.head()!.attempts++;
    expect(q.head()!.key).toBe('k1');
    q.done();
    expect(q.head()!.key).toBe('k2');
  });

  it('never drops the page’s first fix nor the one in flight when full', () => {
    const q = new PostQueue<number>(3);
    q.add(0, 'first');
    for (let i = 1; i <= 5; i++) q.add(i, `k${i}`);
    expect(q.items.map((p) => p.key)).toEqual(['first', 'k4', 'k5']);
    q.done();
    for (let i = 6; i <= 8; i++) q.add(i, `k${i}`);
    expect(q.items.map((p) => p.key)).toEqual(['k4', 'k7', 'k8']);
  });
});

describe('newKey', () => {
  it('gives 128 bits as 32 hex digits, different each time', () => {
    const a = newKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newKey()).not.toBe(a);
  });
});
