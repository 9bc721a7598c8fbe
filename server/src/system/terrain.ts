import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { terrainMetadata, type TerrainConfig, type TerrainMetadata } from '@lookout/contracts';
import { BASEMAP_ROUTE } from './basemap.ts';

/**
 * The terrain folder in use: `TERRAIN` names a folder under `<basemapDir>/terrain/` (`off`: none), unset → the first
 * folder (by name) that `lookout terrain build` finished. Read on each call, so a new build is picked up without a
 * restart; a folder with a missing or damaged metadata.json is passed over.
 */
export function resolveTerrainFolder(options: {
  terrain: string | undefined;
  basemapDir: string;
}): { name: string; dir: string; meta: TerrainMetadata } | null {
  if (options.terrain === 'off') return null;
  const dir = path.join(options.basemapDir, 'terrain');
  if (!existsSync(dir)) return null;
  const names = options.terrain
    ? [options.terrain]
    : readdirSync(dir)
        .filter((n) => !n.startsWith('.'))
        .sort();
  for (const name of names) {
    const meta = readMetadata(path.join(dir, name, 'metadata.json'));
    if (meta) return { name, dir: path.join(dir, name), meta };
  }
  return null;
}

/** The terrain the map and the officers' climb use (resolveTerrainFolder), as GET /config gives it. */
export function resolveTerrain(options: {
  terrain: string | undefined;
  basemapDir: string;
  apiPrefix: string;
}): TerrainConfig | null {
  const found = resolveTerrainFolder(options);
  if (!found) return null;
  const { name, meta } = found;
  return {
    tiles: `${options.apiPrefix}${BASEMAP_ROUTE}/terrain/${encodeURIComponent(name)}/{z}/{x}/{y}.png`,
    encoding: meta.encoding,
    minzoom: meta.minzoom,
    maxzoom: meta.maxzoom,
    bounds: meta.bounds,
    minElevationM: meta.minElevationM,
    maxElevationM: meta.maxElevationM,
  };
}

function readMetadata(file: string) {
  try {
    return terrainMetadata.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}
