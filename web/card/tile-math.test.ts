import { describe, expect, it } from 'vitest';
import { metresPerPixel, project, tilesFor, tileUrl, unproject } from './tile-math.ts';

describe('project / unproject', () => {
  it('puts lon 0 lat 0 in the middle of the world', () => {
    expect(project(0, 0, 0)).toEqual({ x: 128, y: 128 });
  });

  it('round-trips a point in 花都 at zoom 16 to within 1e-9°', () => {
    const p = project(113.2205, 23.4039, 16);
    const back = unproject(p, 16);
    expect(back.lon).toBeCloseTo(113.2205, 9);
    expect(back.lat).toBeCloseTo(23.4039, 9);
  });

  it('finds the tile a known point lies in (OSM slippy-map formula)', () => {
    // The OSM wiki formula (x = ⌊(lon+180)/360·2^z⌋, y = ⌊(1 − asinh(tan φ)/π)/2·2^z⌋) gives 26689, 14191.
    const p = project(113.2205, 23.4039, 15);
    expect(Math.floor(p.x / 256)).toBe(26689);
    expect(Math.floor(p.y / 256)).toBe(14191);
  });
});

describe('tilesFor', () => {
  it('covers a 360×200 view with the tiles it overlaps and places them around the centre', () => {
    const tiles = tilesFor({ x: 1000, y: 1000 }, 3, 360, 200);
    // x from 820 to 1180 → tiles 3..4; y from 900 to 1100 → tiles 3..4.
    expect(tiles.map((t) => `${t.x}/${t.y}`).sort()).toEqual(['3/3', '3/4', '4/3', '4/4']);
    const t33 = tiles.find((t) => t.x === 3 && t.y === 3)!;
    expect(t33.left).toBe(3 * 256 - 820);
    expect(t33.top).toBe(3 * 256 - 900);
  });

  it('wraps x across the antimeridian and drops rows beyond the poles', () => {
    const tiles = tilesFor({ x: 10, y: 10 }, 1, 100, 100);
    expect(tiles.every((t) => t.y >= 0)).toBe(true);
    expect(tiles.some((t) => t.x === 1)).toBe(true);
  });
});

describe('tileUrl', () => {
  it('fills z/x/y and picks one subdomain', () => {
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}.png', 15, 26688, 14245)).toBe(
      'https://a.tile.example/15/26688/14245.png',
    );
    expect(tileUrl('https://t{0-7}.tianditu.gov.cn/img/{z}/{x}/{y}', 1, 2, 3)).toBe(
      'https://t0.tianditu.gov.cn/img/1/2/3',
    );
  });
});

describe('metresPerPixel', () => {
  it('is about 156 km at zoom 0 on the equator', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156_543, 0);
  });
});
