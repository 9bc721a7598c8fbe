import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MbtilesError, type MbtilesShelf } from './mbtiles.ts';

export type Basemap =
  | { kind: 'pmtiles'; url: string; attribution?: string; file?: string }
  | { kind: 'xyz'; url: string; attribution?: string; file?: string }
  | {
      kind: 'vector';
      url: string;
      attribution?: string;
      file: string;
      minzoom: number;
      maxzoom: number;
      bounds?: [number, number, number, number];
    }
  | { kind: 'fallback'; problem?: string };

/** Where local PMTiles and MBTiles tiles are served from (behind the session), relative to the API root. */
export const BASEMAP_ROUTE = '/basemap';

const LOCAL = /\.(pmtiles|mbtiles)$/;

/**
 * BASEMAP_URL is either an http(s) URL (an XYZ/WMTS template with {z}/{x}/{y}, or a remote .pmtiles), or a
 * .pmtiles or .mbtiles file under `<dataDir>/basemap/`. Unset → the first .pmtiles found there, else the first
 * .mbtiles (`lookout basemap build` writes one), else the offline fallback. An MBTiles file that cannot be read
 * gives the fallback with the problem said.
 */
export function resolveBasemap(options: {
  basemapUrl: string | undefined;
  attribution: string | undefined;
  basemapDir: string;
  apiPrefix: string;
  mbtiles: MbtilesShelf;
}): Basemap {
  const attribution = options.attribution ? { attribution: options.attribution } : {};
  const u = options.basemapUrl;
  if (u && /^https?:\/\//i.test(u)) {
    if (/\.pmtiles(\?|$)/i.test(u)) return { kind: 'pmtiles', url: u, ...attribution };
    return { kind: 'xyz', url: u, ...attribution };
  }
  const local = u ? path.resolve(options.basemapDir, u) : firstLocal(options.basemapDir);
  if (!local || !local.startsWith(path.resolve(options.basemapDir) + path.sep) || !isFile(local))
    return { kind: 'fallback' };
  const rel = path.relative(options.basemapDir, local).split(path.sep).map(encodeURIComponent).join('/');
  const base = `${options.apiPrefix}${BASEMAP_ROUTE}/${rel}`;
  if (!local.endsWith('.mbtiles')) return { kind: 'pmtiles', url: base, file: local, ...attribution };
  try {
    const { info } = options.mbtiles.get(local);
    // The version changes with each build, so a phone's cached tiles of an older build are not served for it.
    const template = (ext: string) => `${base}/{z}/{x}/{y}.${ext}?v=${options.mbtiles.version(local)}`;
    const own = info.attribution ? { attribution: info.attribution } : {};
    if (info.format !== 'pbf') return { kind: 'xyz', url: template(info.format), file: local, ...own, ...attribution };
    return {
      kind: 'vector',
      url: template('pbf'),
      file: local,
      minzoom: info.minzoom,
      maxzoom: info.maxzoom,
      ...(info.bounds ? { bounds: info.bounds } : {}),
      ...own,
      ...attribution,
    };
  } catch (err) {
    if (err instanceof MbtilesError) return { kind: 'fallback', problem: err.message };
    throw err;
  }
}

/** The first .pmtiles by name, else the first .mbtiles; hidden files (a build under way) are skipped. */
function firstLocal(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir)
    .filter((n) => LOCAL.test(n) && !n.startsWith('.'))
    .sort();
  const name = names.find((n) => n.endsWith('.pmtiles')) ?? names[0];
  return name ? path.join(dir, name) : undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
