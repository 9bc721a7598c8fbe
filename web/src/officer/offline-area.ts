import { fromWgs84 } from '@lookout/contracts';
import { PMTiles } from 'pmtiles';
import type { TerrainConfig } from '@lookout/contracts';
import type { BasemapConfig } from '../api-types.ts';
import { expandTemplate } from '../map/core/tile-template.ts';

/**
 * Offline map for the officer's phone. A small hand-written service worker (web/public/sw.js) keeps the app
 * shell and every basemap and terrain tile the phone has fetched (XYZ tiles by URL, PMTiles by URL + byte range);
 * "下载本区域" fetches the tiles around a point ahead of time so they are in that cache when the signal drops.
 */

export interface TileId {
  z: number;
  x: number;
  y: number;
}

/** Web Mercator tile of a point at zoom z. */
export function tileOf(lon: number, lat: number, z: number): TileId {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  return { z, x: clamp(x), y: clamp(y) };
}

/** Every tile from zMin to zMax that touches the square of ± radiusM around the point. */
export function tilesAround(lon: number, lat: number, radiusM: number, zMin: number, zMax: number): TileId[] {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.cos((lat * Math.PI) / 180));
  const out: TileId[] = [];
  for (let z = zMin; z <= zMax; z++) {
    const a = tileOf(lon - dLon, lat + dLat, z);
    const b = tileOf(lon + dLon, lat - dLat, z);
    for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) out.push({ z, x, y });
  }
  return out;
}

export function xyzUrl(template: string, t: TileId): string {
  const urls = expandTemplate(template);
  const u = urls[(t.x + t.y) % urls.length]!;
  return u.replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));
}

/** Registers the service worker once (needs a secure context: HTTPS or localhost). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/** Resolves once a service worker controls this page (or after `timeoutMs`, or at once without one). */
export function whenControlled(timeoutMs = 5000): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext || navigator.serviceWorker.controller)
    return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    navigator.serviceWorker.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export interface DownloadProgress {
  done: number;
  total: number;
  failed: number;
}

/** The area cached around a point: z12–16 within ±1.5 km (73 XYZ tiles at 29° N in the browser test). */
export const AREA_RADIUS_M = 1500;
export const AREA_ZOOMS: [number, number] = [12, 16];

/** The tiles of one source to fetch, and how to fetch one. */
interface TileJob {
  tiles: TileId[];
  fetchOne: (t: TileId) => Promise<unknown>;
}

/** Fetches a tile of the app's own origin (behind the session: with the cookie) and reads it to the end. */
async function fetchOwn(url: string): Promise<void> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(String(r.status));
  await r.arrayBuffer();
}

/** The basemap's tiles around a WGS-84 point; null for the offline sketch basemap (nothing to fetch). */
async function basemapJob(basemap: BasemapConfig, lon: number, lat: number, radiusM: number): Promise<TileJob | null> {
  // The tiles are cut in the basemap's own datum: on a GCJ-02 map the area sits a few hundred metres off.
  const [tileLon, tileLat] = fromWgs84([lon, lat], basemap.datum);
  const tiles = tilesAround(tileLon, tileLat, radiusM, AREA_ZOOMS[0], AREA_ZOOMS[1]);
  if (basemap.kind === 'xyz' && basemap.url) {
    const template = basemap.url;
    return {
      tiles,
      fetchOne: async (t) => {
        const r = await fetch(xyzUrl(template, t), { mode: 'cors', credentials: 'omit' });
        if (!r.ok) throw new Error(String(r.status));
        await r.arrayBuffer();
      },
    };
  }
  if (basemap.kind === 'vector' && basemap.url) {
    // The station's own tiles, only at zooms it has; the map draws the deeper zooms from the last.
    const template = basemap.url;
    const [lo, hi] = [basemap.minzoom ?? 0, basemap.maxzoom ?? 30];
    return { tiles: tiles.filter((t) => t.z >= lo && t.z <= hi), fetchOne: (t) => fetchOwn(xyzUrl(template, t)) };
  }
  if (basemap.kind === 'pmtiles' && basemap.url) {
    const archive = new PMTiles(new URL(basemap.url, location.origin).href);
    const header = await archive.getHeader();
    return {
      tiles: tiles.filter((t) => t.z >= header.minZoom && t.z <= header.maxZoom),
      fetchOne: (t) => archive.getZxy(t.z, t.x, t.y),
    };
  }
  return null;
}

/**
 * The terrain tiles around the point (WGS-84 Web Mercator whatever the basemap's datum), at the zooms built, so the
 * officer's heights and climb still work offline.
 */
function terrainJob(terrain: TerrainConfig, lon: number, lat: number, radiusM: number): TileJob {
  const lo = Math.max(AREA_ZOOMS[0], terrain.minzoom);
  const hi = Math.min(AREA_ZOOMS[1], terrain.maxzoom);
  return { tiles: tilesAround(lon, lat, radiusM, lo, hi), fetchOne: (t) => fetchOwn(xyzUrl(terrain.tiles, t)) };
}

/**
 * Fetches the basemap and terrain tiles around a point through the service worker, which keeps them. Returns what
 * it did; with the offline sketch basemap and no terrain there is nothing to fetch.
 */
export async function downloadArea(
  sources: { basemap: BasemapConfig; terrain: TerrainConfig | null },
  lon: number,
  lat: number,
  onProgress: (p: DownloadProgress) => void,
  radiusM = AREA_RADIUS_M,
): Promise<DownloadProgress> {
  const p: DownloadProgress = { done: 0, total: 0, failed: 0 };
  const jobs = [
    await basemapJob(sources.basemap, lon, lat, radiusM),
    sources.terrain ? terrainJob(sources.terrain, lon, lat, radiusM) : null,
  ].filter((j): j is TileJob => j !== null);
  const work = jobs.flatMap((j) => j.tiles.map((t) => () => j.fetchOne(t)));
  if (work.length === 0) {
    onProgress(p);
    return p;
  }
  // The worker keeps what passes through it: on the very first visit, wait until it controls the page.
  await whenControlled();
  p.total = work.length;
  onProgress({ ...p });
  const worker = async () => {
    for (let one = work.shift(); one; one = work.shift()) {
      try {
        await one();
      } catch {
        p.failed++;
      }
      p.done++;
      onProgress({ ...p });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return p;
}
