/**
 * Web Mercator arithmetic for the card page's small pin map (XYZ raster tiles drawn as <img>, no map library):
 * lon/lat ↔ world pixels at a zoom, and the tiles a view needs. ES2015, pure.
 */
export const TILE = 256;
const MAX_LAT = 85.05112878;

export interface Px {
  x: number;
  y: number;
}

export function project(lon: number, lat: number, zoom: number): Px {
  const size = TILE * Math.pow(2, zoom);
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return {
    x: ((lon + 180) / 360) * size,
    y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size,
  };
}

export function unproject(p: Px, zoom: number): { lon: number; lat: number } {
  const size = TILE * Math.pow(2, zoom);
  const lon = (p.x / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * p.y) / size;
  const lat = (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
  return { lon, lat };
}

export interface TileRef {
  z: number;
  x: number;
  y: number;
  /** Where the tile's top-left corner goes in the view, CSS pixels. */
  left: number;
  top: number;
}

/** The tiles covering a `width`×`height` view centred on `centre` (world pixels) at `zoom`; x wraps, y does not. */
export function tilesFor(centre: Px, zoom: number, width: number, height: number): TileRef[] {
  const n = Math.pow(2, zoom);
  const x0 = centre.x - width / 2;
  const y0 = centre.y - height / 2;
  const out: TileRef[] = [];
  for (let ty = Math.floor(y0 / TILE); ty <= Math.floor((y0 + height) / TILE); ty++) {
    if (ty < 0 || ty >= n) continue;
    for (let tx = Math.floor(x0 / TILE); tx <= Math.floor((x0 + width) / TILE); tx++) {
      out.push({ z: zoom, x: ((tx % n) + n) % n, y: ty, left: tx * TILE - x0, top: ty * TILE - y0 });
    }
  }
  return out;
}

/** `{z}/{x}/{y}` (and `{s}` → a, `{0-7}` → the first) filled in. */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replace('{z}', String(z))
    .replace('{x}', String(x))
    .replace('{y}', String(y))
    .replace('{s}', 'a')
    .replace(/\{(\d+)-\d+\}/, '$1');
}

/** Metres per CSS pixel at a latitude and zoom (for the scale text). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (TILE * Math.pow(2, zoom));
}
