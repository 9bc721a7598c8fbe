import { describe, expect, it } from 'vitest';
import { tileOf, tilesAround, xyzUrl } from './offline-area.ts';

describe('tileOf', () => {
  it('puts (0,0) in the middle tiles', () => expect(tileOf(0, 0, 1)).toEqual({ z: 1, x: 1, y: 1 }));
  it('matches the slippy-map formula for a known tile', () =>
    // x = floor(8192 · (11.582 + 180) / 360) = floor(4359.5); y from the Mercator formula by hand = 2843.
    expect(tileOf(11.582, 48.1351, 13)).toEqual({ z: 13, x: 4359, y: 2843 }));
});

describe('tilesAround', () => {
  it('covers one or a few tiles at low zoom and more at high zoom', () => {
    const tiles = tilesAround(120.07, 28.95, 1500, 12, 16);
    const per = (z: number) => tiles.filter((t) => t.z === z).length;
    expect(per(12)).toBeLessThanOrEqual(4);
    expect(per(16)).toBeGreaterThan(per(14));
    expect(tiles.length).toBeLessThan(400);
  });
  it('contains the tile of the point itself at every zoom', () => {
    const tiles = tilesAround(120.07, 28.95, 100, 10, 16);
    for (let z = 10; z <= 16; z++) expect(tiles).toContainEqual(tileOf(120.07, 28.95, z));
  });
});

describe('xyzUrl', () => {
  it('fills the template and spreads over subdomains', () => {
    expect(xyzUrl('https://t{0-1}.example/{z}/{x}/{y}.png', { z: 3, x: 1, y: 2 })).toBe('https://t1.example/3/1/2.png');
  });
});
