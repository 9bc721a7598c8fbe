import { describe, expect, it } from 'vitest';
import { followReducer, initialFollow, isUserMove, shouldRecentre } from './follow-me.ts';

describe('follow-me', () => {
  it('starts following', () => expect(shouldRecentre(initialFollow)).toBe(true));
  it('a pan by the user breaks it', () => {
    const s = followReducer(initialFollow, { type: 'user_pan', at: 5 });
    expect(s).toEqual({ mode: 'free', since: 5 });
    expect(shouldRecentre(s)).toBe(false);
  });
  it('a second pan keeps the time of the first', () =>
    expect(followReducer({ mode: 'free', since: 5 }, { type: 'user_pan', at: 9 })).toEqual({ mode: 'free', since: 5 }));
  it('the recentre button restores it', () =>
    expect(followReducer({ mode: 'free', since: 5 }, { type: 'recenter' })).toEqual({ mode: 'following' }));
  it('the toggle switches both ways', () => {
    const off = followReducer(initialFollow, { type: 'toggle', at: 1 });
    expect(off.mode).toBe('free');
    expect(followReducer(off, { type: 'toggle', at: 2 }).mode).toBe('following');
  });
});

describe('isUserMove', () => {
  it('counts moves with a DOM event', () => expect(isUserMove({ originalEvent: {} })).toBe(true));
  it('ignores the map’s own follow moves', () => expect(isUserMove({ originalEvent: {}, followMe: true })).toBe(false));
  it('ignores programmatic moves', () => expect(isUserMove({})).toBe(false));
});
