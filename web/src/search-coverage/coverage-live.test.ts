import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { publishLive } from '../live/live-bus.ts';
import { liveStore } from '../live/store.ts';
import { followLiveCoverage } from './coverage-live.ts';

const event = (caseId: string) => ({ kind: 'coverage_changed', caseId });

beforeEach(() => {
  vi.useFakeTimers();
  liveStore.setConn('open');
});
afterEach(() => {
  vi.useRealTimers();
});

describe('following a case’s coverage on the live socket', () => {
  it('reloads once for a burst of announcements of the case', () => {
    const reload = vi.fn();
    const off = followLiveCoverage('c1', reload, 300);
    publishLive('coverage_changed', event('c1'));
    publishLive('coverage_changed', event('c1'));
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(reload).toHaveBeenCalledTimes(1);
    publishLive('coverage_changed', event('c1'));
    vi.advanceTimersByTime(300);
    expect(reload).toHaveBeenCalledTimes(2);
    off();
  });

  it('ignores another case’s announcements', () => {
    const reload = vi.fn();
    const off = followLiveCoverage('c1', reload, 300);
    publishLive('coverage_changed', event('c2'));
    vi.advanceTimersByTime(1000);
    expect(reload).not.toHaveBeenCalled();
    off();
  });

  it('reloads when the socket opens again, not while it stays open', () => {
    const reload = vi.fn();
    const off = followLiveCoverage('c1', reload, 300);
    liveStore.noteMessage(1);
    vi.advanceTimersByTime(1000);
    expect(reload).not.toHaveBeenCalled();
    liveStore.setConn('closed');
    liveStore.setConn('open');
    vi.advanceTimersByTime(300);
    expect(reload).toHaveBeenCalledTimes(1);
    off();
  });

  it('does nothing once stopped, even for a reload it had pending', () => {
    const reload = vi.fn();
    const off = followLiveCoverage('c1', reload, 300);
    publishLive('coverage_changed', event('c1'));
    off();
    publishLive('coverage_changed', event('c1'));
    vi.advanceTimersByTime(1000);
    expect(reload).not.toHaveBeenCalled();
  });
});
