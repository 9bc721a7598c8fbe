import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export type Basemap =
  | { kind: 'pmtiles'; url: string; attribution?: string; file?: string }
  | { kind: 'xyz'; url: string; attribution?: string }
  | { kind: 'fallback' };

/** Where local PMTiles are served from (behind the session), relative to the API root. */
export const BASEMAP_ROUTE = '/basemap';

/**
 * BASEMAP_URL is either an http(s) URL (an XYZ/WMTS template with {z}/{x}/{y}, or a remote .pmtiles), or a
 * .pmtiles file under `<dataDir>/basemap/`. Unset → the first .pmtiles found there, else the offline fallback.
 */
export function resolveBasemap(options: {
  basemapUrl: string | undefined;
  attribution: string | undefined;
  basemapDir: string;
  apiPrefix: string;
}): Basemap {
  const attribution = options.attribution ? { attribution: options.attribution } : {};
  const u = options.basemapUrl;
  if (u && /^https?:\/\//i.test(u)) {
    if (/\.pmtiles(\?|$)/i.test(u)) return { kind: 'pmtiles', url: u, ...attribution };
    return { kind: 'xyz', url: u, ...attribution };
  }
  const local = u ? path.resolve(options.basemapDir, u) : firstPmtiles(options.basemapDir);
  if (local && local.startsWith(path.resolve(options.basemapDir) + path.sep) && isFile(local)) {
    const rel = path.relative(options.basemapDir, local).split(path.sep).map(encodeURIComponent).join('/');
    return { kind: 'pmtiles', url: `${options.apiPrefix}${BASEMAP_ROUTE}/${rel}`, file: local, ...attribution };
  }
  return { kind: 'fallback' };
}

function firstPmtiles(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir)
    .filter((n) => n.endsWith('.pmtiles'))
    .sort()[0];
  return name ? path.join(dir, name) : undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
