import { describe, expect, it } from 'vitest';
import { STALL_AFTER_MS } from '../stream-watch.ts';
import { createExternalStreamWatch } from './external-stream-watch.ts';
import type { NginxStreamStat } from './nginx-stat.ts';

const stat = (bytesIn: number): Map<string, NginxStreamStat> =>
  new Map([['d-1', { stream: 'd-1', bytesIn, width: 320, height: 180, codec: 'H264' }]]);

describe('the external stream watch', () => {
  it('is live from the publish callback to its end, without statistics', () => {
    const w = createExternalStreamWatch();
    expect(w.state('d-1').state).toBe('idle');
    w.published('d-1', 'drone-1');
    expect(w.state('d-1')).toMatchObject({ state: 'live', lastFrameAt: null });
    expect(w.onAir()).toEqual(['d-1']);
    expect(w.droneOf('d-1')).toBe('drone-1');
    w.unpublished('d-1');
    expect(w.state('d-1').state).toBe('ended');
    expect(w.onAir()).toEqual([]);
  });

  it('stalls when the byte count stops growing, and is live again when it grows', () => {
    const w = createExternalStreamWatch();
    w.published('d-1', 'drone-1');
    const t0 = Date.now();
    w.observe(stat(1000), t0);
    expect(w.state('d-1')).toMatchObject({ state: 'live', lastFrameAt: new Date(t0) });
    expect(w.videoOf('d-1')).toEqual({ width: 320, height: 180, codec: 'H264' });
    w.observe(stat(1000), t0 + STALL_AFTER_MS - 100);
    expect(w.state('d-1').state).toBe('live');
    w.observe(stat(1000), t0 + STALL_AFTER_MS + 100);
    expect(w.state('d-1')).toMatchObject({ state: 'stalled', lastFrameAt: new Date(t0) });
    expect(w.onAir()).toEqual(['d-1']);
    w.observe(stat(2000), t0 + STALL_AFTER_MS + 600);
    expect(w.state('d-1').state).toBe('live');
  });

  it('keeps an ended stream ended whatever the statistics say, and ignores streams it was not told of', () => {
    const w = createExternalStreamWatch();
    w.published('d-1', 'drone-1');
    w.unpublished('d-1');
    w.observe(stat(5000), Date.now());
    expect(w.state('d-1').state).toBe('ended');
    w.observe(new Map([['d-9', { stream: 'd-9', bytesIn: 1, width: null, height: null, codec: null }]]), Date.now());
    expect(w.state('d-9').state).toBe('idle');
  });
});
