import { describe, expect, it } from 'vitest';
import { connectionLabel } from './connection.ts';
import { clockTime } from '../shared/clock-time.ts';

describe('connectionLabel', () => {
  it('says connected while open', () => {
    expect(connectionLabel({ status: 'open', since: 0, everOpen: true }, 99_000)).toEqual({ key: 'conn.connected' });
  });
  it('says connecting before the first open', () => {
    expect(connectionLabel({ status: 'connecting', since: 0, everOpen: false }, 1000).key).toBe('conn.connecting');
  });
  it('says reconnecting right after a drop', () => {
    expect(connectionLabel({ status: 'closed', since: 10_000, everOpen: true }, 15_000).key).toBe('conn.reconnecting');
  });
  it('says offline since the drop once it lasts', () => {
    expect(connectionLabel({ status: 'closed', since: 10_000, everOpen: true }, 30_000)).toEqual({
      key: 'conn.offline',
      since: 10_000,
    });
  });
});

describe('connectionLabel: one state for the whole page', () => {
  it('says offline at once when the browser has no network, even while the socket still looks open', () => {
    expect(
      connectionLabel({ status: 'open', since: 0, everOpen: true, browserOfflineSince: 50_000 }, 50_500, 50_000),
    ).toEqual({ key: 'conn.offline', since: 50_000 });
  });
  it('says reconnecting when an open socket has been silent past the ping interval', () => {
    expect(connectionLabel({ status: 'open', since: 0, everOpen: true }, 100_000, 40_000).key).toBe(
      'conn.reconnecting',
    );
    expect(connectionLabel({ status: 'open', since: 0, everOpen: true }, 100_000, 80_000).key).toBe('conn.connected');
  });
});

describe('clockTime', () => {
  it('pads hours and minutes', () => {
    expect(clockTime(new Date(2026, 0, 1, 7, 5).getTime())).toBe('07:05');
  });
});
