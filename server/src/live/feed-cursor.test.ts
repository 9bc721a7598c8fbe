import { describe, expect, it } from 'vitest';
import { completeUpTo, FeedCursor } from './feed-cursor.ts';

describe('FeedCursor', () => {
  it('moves to the boundary and remembers skipped seqs as holes', () => {
    const c = new FeedCursor(10);
    c.advance([11, 12, 14, 16], 16);
    expect(c.cursor).toBe(16);
    expect(c.openHoles()).toEqual([13, 15]);
  });

  it('closes a hole once its row turns up', () => {
    const c = new FeedCursor(10);
    c.advance([11, 13], 13);
    c.advance([], 13, [12]);
    expect(c.openHoles()).toEqual([]);
  });

  it('forgets holes after their time to live', () => {
    let now = 0;
    const c = new FeedCursor(0, 1000, 100, () => now);
    c.advance([2], 2);
    expect(c.openHoles()).toEqual([1]);
    now = 1001;
    expect(c.openHoles()).toEqual([]);
  });

  it('keeps at most maxHoles, the newest', () => {
    const c = new FeedCursor(0, 10_000, 3);
    c.advance([10], 10);
    expect(c.openHoles()).toEqual([7, 8, 9]);
  });

  it('never moves backwards', () => {
    const c = new FeedCursor(50);
    c.advance([], 40);
    expect(c.cursor).toBe(50);
    expect(c.openHoles()).toEqual([]);
  });
});

describe('completeUpTo', () => {
  it('is the largest seq seen when no table hit its limit', () => {
    expect(
      completeUpTo(5, [
        { seqs: [6, 9], limited: false },
        { seqs: [7], limited: false },
      ]),
    ).toBe(9);
  });

  it('stops at the smallest last seq of the tables that hit their limit', () => {
    expect(
      completeUpTo(5, [
        { seqs: [6, 7, 8], limited: true },
        { seqs: [9, 10], limited: false },
      ]),
    ).toBe(8);
  });

  it('stays at the cursor when nothing was found', () => {
    expect(completeUpTo(5, [{ seqs: [], limited: false }])).toBe(5);
  });
});
