import { describe, expect, it } from 'vitest';
import { decodeTrack } from './replay-codec.ts';

describe('decodeTrack', () => {
  it('sums the deltas: ms and microdegrees back to ms and degrees', () => {
    const d = decodeTrack({
      id: 'd1',
      callsign: 'x',
      t: [-1500, 1500, 500],
      lon: [119_600_001, 11, -25],
      lat: [29_300_000, 5, -10],
    });
    expect(d.t).toEqual([-1500, 0, 500]);
    expect(d.lon).toEqual([119.600001, 119.600012, 119.599987]);
    expect(d.lat).toEqual([29.3, 29.300005, 29.299995]);
  });
});
