import { sampleTerrarium, TERRAIN_TILE_SIZE, tilePixel, type TerrainConfig } from '@lookout/contracts';

/** Decoded tiles by URL (a walk stays within a few; the oldest goes first). */
const tiles = new Map<string, Promise<Uint8ClampedArray | null>>();
const KEEP = 16;

async function decodeTile(url: string): Promise<Uint8ClampedArray | null> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) return null;
  // No colour management or premultiplying: the channels are numbers, not colours.
  const bitmap = await createImageBitmap(await res.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, width, height).data;
}

/**
 * The ground's height (metres) at a WGS-84 point from the station's terrain tiles at their top zoom; null outside the
 * DEM or when its tile cannot be had (offline and not cached).
 */
export async function elevationAt(terrain: TerrainConfig, lon: number, lat: number): Promise<number | null> {
  const [w, s, e, n] = terrain.bounds;
  if (lon < w || lon > e || lat < s || lat > n) return null;
  const z = terrain.maxzoom;
  const p = tilePixel(lon, lat, z);
  const url = terrain.tiles.replace('{z}', String(z)).replace('{x}', String(p.x)).replace('{y}', String(p.y));
  let tile = tiles.get(url);
  if (!tile) {
    tile = decodeTile(url).catch(() => null);
    tiles.set(url, tile);
    if (tiles.size > KEEP) tiles.delete(tiles.keys().next().value!);
  }
  const rgba = await tile;
  if (!rgba) {
    tiles.delete(url);
    return null;
  }
  return sampleTerrarium(rgba, TERRAIN_TILE_SIZE, p.px, p.py);
}
