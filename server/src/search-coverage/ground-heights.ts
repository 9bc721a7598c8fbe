import path from 'node:path';
import sharp from 'sharp';
import { TERRAIN_TILE_SIZE, type TerrainMetadata } from '@lookout/contracts';

/** Metres above mean sea level of the ground under lon/lat, or null where the terrain has no tile. */
export type GroundHeight = (lon: number, lat: number) => Promise<number | null>;

/** Decoded tiles kept between lookups (a drone's fixes fall on a few tiles at a time). */
const MAX_TILES = 64;

/**
 * Ground heights from a `lookout terrain build` folder: the Terrarium tile of its finest zoom under the point,
 * the nearest pixel (at zoom 14 about 10 m, finer than the DEMs stations have). One lookup per folder and build,
 * so a rebuilt terrain is read afresh.
 */
export function groundHeightsIn(dir: string, meta: Pick<TerrainMetadata, 'maxzoom' | 'bounds'>): GroundHeight {
  const tiles = new Map<string, Promise<Buffer | null>>();
  const size = TERRAIN_TILE_SIZE;
  const tile = (z: number, x: number, y: number): Promise<Buffer | null> => {
    const key = `${z}/${x}/${y}`;
    let t = tiles.get(key);
    if (!t) {
      t = sharp(path.join(dir, String(z), String(x), `${y}.png`))
        .removeAlpha()
        .raw()
        .toBuffer()
        .catch(() => null);
      if (tiles.size >= MAX_TILES) tiles.delete(tiles.keys().next().value!);
      tiles.set(key, t);
    }
    return t;
  };
  return async (lon, lat) => {
    const [west, south, east, north] = meta.bounds;
    if (!(lon >= west && lon <= east && lat >= south && lat <= north)) return null;
    const z = meta.maxzoom;
    const scale = 2 ** z;
    const rad = (lat * Math.PI) / 180;
    const xf = ((lon + 180) / 360) * scale;
    const yf = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * scale;
    const [x, y] = [Math.floor(xf), Math.floor(yf)];
    const raw = await tile(z, x, y);
    if (!raw || raw.length < size * size * 3) return null;
    const px = Math.min(size - 1, Math.floor((xf - x) * size));
    const py = Math.min(size - 1, Math.floor((yf - y) * size));
    const i = (py * size + px) * 3;
    return raw[i]! * 256 + raw[i + 1]! + raw[i + 2]! / 256 - 32768;
  };
}
