import { describe, expect, it } from 'vitest';
import { decodeTrack, encodeTrack } from './replay.ts';

describe('replay track codec', () => {
  const track = {
    id: 'd1',
    callsign: '鹰眼-1',
    t: [-1500, 0, 500, 1000, 61_000],
    lon: [119.600001, 119.600012, 119.599987, -179.999999, 179.999999],
    lat: [29.3, 29.300005, 29.299995, -89.5, 0],
  };

  it('sends integer deltas: ms and microdegrees, the first value absolute', () => {
    const w = encodeTrack(track);
    expect(w.t).toEqual([-1500, 1500, 500, 500, 60_000]);
    expect(w.lon.slice(0, 3)).toEqual([119_600_001, 11, -25]);
    expect(w.lat.slice(0, 3)).toEqual([29_300_000, 5, -10]);
    expect([...w.t, ...w.lon, ...w.lat].every(Number.isInteger)).toBe(true);
  });

  it('decodes back to the 6-decimal coordinates and the ms', () => {
    const d = decodeTrack(encodeTrack(track));
    expect(d.t).toEqual(track.t);
    expect(d.lon).toEqual(track.lon);
    expect(d.lat).toEqual(track.lat);
  });

  it('keeps an empty track empty', () => {
    expect(decodeTrack(encodeTrack({ id: 'x', callsign: 'x', t: [], lon: [], lat: [] }))).toMatchObject({ t: [] });
  });
});

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
