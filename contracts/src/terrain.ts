import { z } from 'zod';

/**
 * Terrain tiles: 256×256 PNGs of heights in the Terrarium encoding (metres = R·256 + G + B/256 − 32768), the one
 * MapLibre's `raster-dem` source and maplibre-contour read. `lookout terrain build` writes them with a
 * `metadata.json` beside the zoom folders.
 */
export const TERRAIN_TILE_SIZE = 256;

const bounds = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** `<dataDir>/basemap/terrain/<name>/metadata.json`. */
export const terrainMetadata = z.object({
  name: z.string(),
  encoding: z.literal('terrarium'),
  tileSize: z.literal(TERRAIN_TILE_SIZE),
  minzoom: z.number().int().min(0).max(22),
  maxzoom: z.number().int().min(0).max(22),
  /** WGS-84 [west, south, east, north] of the DEM. */
  bounds,
  minElevationM: z.number(),
  maxElevationM: z.number(),
  /** Share (0–1) of the DEM's cells that had no data; they are filled from the heights around them. */
  noDataShare: z.number().min(0).max(1),
  source: z.string(),
  builtAt: z.string(),
  tiles: z.number().int(),
});
export type TerrainMetadata = z.infer<typeof terrainMetadata>;

/** GET /config's `terrain`: where the web app finds the tiles (behind the session), or null without a DEM. */
export const terrainConfig = z.object({
  /** URL template with {z}/{x}/{y}. */
  tiles: z.string(),
  encoding: z.literal('terrarium'),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  bounds,
  minElevationM: z.number(),
  maxElevationM: z.number(),
});
export type TerrainConfig = z.infer<typeof terrainConfig>;

/** Heights Terrarium can hold: R·256 + G + B/256 must stay within 0 … 65535.996. */
const MIN_M = -32768;
const MAX_M = 32767.99;

/** A height in metres → Terrarium [R, G, B] (1/256 m steps; clamped to the encoding's range). */
export function encodeTerrarium(metres: number): [number, number, number] {
  const v = Math.min(MAX_M, Math.max(MIN_M, metres)) - MIN_M;
  const whole = Math.floor(v);
  return [whole >> 8, whole & 255, Math.floor((v - whole) * 256)];
}

export function decodeTerrarium(r: number, g: number, b: number): number {
  return r * 256 + g + b / 256 + MIN_M;
}

/** Where a WGS-84 point falls in the tile grid of zoom `z` (Web Mercator): the tile and the fractional pixel in it. */
export function tilePixel(
  lon: number,
  lat: number,
  z: number,
  tileSize = TERRAIN_TILE_SIZE,
): { x: number; y: number; px: number; py: number } {
  const n = 2 ** z;
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  const fx = ((lon + 180) / 360) * n;
  const fy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
  const x = Math.min(n - 1, Math.max(0, Math.floor(fx)));
  const y = Math.min(n - 1, Math.max(0, Math.floor(fy)));
  return { x, y, px: (fx - x) * tileSize, py: (fy - y) * tileSize };
}

/**
 * The height at a fractional pixel of a decoded tile (RGBA, row-major), bilinear between the four pixel centres
 * around it (clamped at the tile's edge).
 */
export function sampleTerrarium(rgba: ArrayLike<number>, size: number, px: number, py: number): number {
  const at = (x: number, y: number) => {
    const cx = Math.min(size - 1, Math.max(0, x));
    const cy = Math.min(size - 1, Math.max(0, y));
    const i = (cy * size + cx) * 4;
    return decodeTerrarium(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!);
  };
  const x = px - 0.5;
  const y = py - 0.5;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const tx = x - x0;
  const ty = y - y0;
  const top = at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx;
  const bottom = at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx;
  return top * (1 - ty) + bottom * ty;
}
