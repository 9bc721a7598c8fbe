import { describe, expect, it } from 'vitest';
import { publishLive, subscribeLive } from './live-bus.ts';

describe('live bus', () => {
  it('hands a message only to the subscribers of its kind', () => {
    const got: unknown[] = [];
    const off = subscribeLive(['bus_a', 'bus_b'], (p) => got.push(p));
    publishLive('bus_a', 1);
    publishLive('bus_c', 2);
    publishLive('bus_b', 3);
    off();
    publishLive('bus_a', 4);
    expect(got).toEqual([1, 3]);
  });
});
