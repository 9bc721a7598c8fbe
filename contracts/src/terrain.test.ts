import { describe, expect, it } from 'vitest';
import { decodeTerrarium, encodeTerrarium, sampleTerrarium, tilePixel } from './terrain.ts';

describe('Terrarium encoding', () => {
  it('round-trips heights to 1/256 m', () => {
    for (const m of [0, 1, -1, 123.456, 8848.86, -430.5, 255.999, 256]) {
      const [r, g, b] = encodeTerrarium(m);
      for (const c of [r, g, b]) expect(c >= 0 && c <= 255 && Number.isInteger(c)).toBe(true);
      expect(Math.abs(decodeTerrarium(r, g, b) - m)).toBeLessThan(1 / 256);
    }
  });

  it('matches the published encoding (0 m is 128,0,0)', () => {
    expect(encodeTerrarium(0)).toEqual([128, 0, 0]);
    expect(encodeTerrarium(100.5)).toEqual([128, 100, 128]);
  });

  it('clamps heights beyond the encoding instead of wrapping', () => {
    expect(decodeTerrarium(...encodeTerrarium(-99999))).toBe(-32768);
    expect(decodeTerrarium(...encodeTerrarium(99999))).toBeCloseTo(32767.99, 1);
  });
});

describe('tilePixel', () => {
  it('puts 0,0 at the centre of the world at zoom 1', () => {
    expect(tilePixel(0, 0, 1)).toEqual({ x: 1, y: 1, px: 0, py: 0 });
  });

  it('finds the tile of a point in Beijing at zoom 12', () => {
    const p = tilePixel(116.3913, 39.9075, 12);
    expect([p.x, p.y]).toEqual([3372, 1552]);
    expect(p.px).toBeGreaterThanOrEqual(0);
    expect(p.px).toBeLessThan(256);
  });
});

describe('sampleTerrarium', () => {
  const tile = (heightAt: (x: number, y: number) => number, size = 4) => {
    const rgba = new Uint8Array(size * size * 4);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const [r, g, b] = encodeTerrarium(heightAt(x, y));
        rgba.set([r, g, b, 255], (y * size + x) * 4);
      }
    return rgba;
  };

  it('gives a pixel centre its own height', () => {
    expect(
      sampleTerrarium(
        tile((x, y) => x * 10 + y),
        4,
        2.5,
        1.5,
      ),
    ).toBeCloseTo(21, 3);
  });

  it('interpolates between pixel centres', () => {
    expect(
      sampleTerrarium(
        tile((x) => x * 10),
        4,
        2,
        0.5,
      ),
    ).toBeCloseTo(15, 3);
  });
});
