import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { addProtocol } from 'maplibre-gl';
import { PMTiles, Protocol, TileType } from 'pmtiles';
import type { BasemapConfig } from '../../api-types.ts';
import { expandTemplate } from './tile-template.ts';
import type { Datum } from '@lookout/contracts';

/** Which basemap the map shows, so the UI can say so (DESIGN: never a blank map without saying why). */
export type BasemapKind = 'pmtiles-vector' | 'pmtiles-raster' | 'xyz' | 'vector' | 'fallback';

export interface Basemap {
  kind: BasemapKind;
  /** The datum its tiles are drawn in (the fallback's Natural Earth coastlines: WGS-84). */
  datum: Datum;
  style: StyleSpecification;
  /** Why the fallback is showing, when the configured basemap could not be used. */
  problem?: string;
}

const WATER = '#b9d3e4';
const LAND = '#eef0e6';

// No `glyphs` in any style: MapLibre then draws every label with the browser's own fonts (TinySDF), so no glyph
// server is needed offline.
function baseStyle(sources: StyleSpecification['sources'], layers: LayerSpecification[]): StyleSpecification {
  return { version: 8, sources, layers };
}

let pmtilesProtocol: Protocol | null = null;

/** Absolute URL: the pmtiles protocol hands everything after `pmtiles://` to fetch. */
function absolute(url: string): string {
  return new URL(url, location.origin).href;
}

async function pmtilesStyle(cfg: BasemapConfig): Promise<Basemap> {
  if (!pmtilesProtocol) {
    // metadata: the archive's own attribution (e.g. © OpenStreetMap for a Protomaps extract) reaches the map.
    pmtilesProtocol = new Protocol({ metadata: true });
    addProtocol('pmtiles', pmtilesProtocol.tile);
  }
  const url = absolute(cfg.url!);
  const archive = new PMTiles(url);
  pmtilesProtocol.add(archive);
  const header = await archive.getHeader();
  const attribution = cfg.attribution ? { attribution: cfg.attribution } : {};
  if (header.tileType === TileType.Mvt) {
    const source: SourceSpecification = { type: 'vector', url: `pmtiles://${url}`, ...attribution };
    return { kind: 'pmtiles-vector', datum: cfg.datum, style: baseStyle({ basemap: source }, protomapsLayers()) };
  }
  const source: SourceSpecification = {
    type: 'raster',
    url: `pmtiles://${url}`,
    tileSize: 256,
    ...attribution,
  };
  return {
    kind: 'pmtiles-raster',
    datum: cfg.datum,
    style: baseStyle({ basemap: source }, [
      { id: 'background', type: 'background', paint: { 'background-color': LAND } },
      { id: 'basemap', type: 'raster', source: 'basemap' },
    ]),
  };
}

/** A plain daylight style for the Protomaps basemap schema (earth, water, landuse, roads, places). */
function protomapsLayers(): LayerSpecification[] {
  const name: unknown = ['coalesce', ['get', 'name:zh-Hans'], ['get', 'name:zh'], ['get', 'name']];
  return [
    { id: 'background', type: 'background', paint: { 'background-color': WATER } },
    { id: 'earth', type: 'fill', source: 'basemap', 'source-layer': 'earth', paint: { 'fill-color': LAND } },
    {
      id: 'landuse',
      type: 'fill',
      source: 'basemap',
      'source-layer': 'landuse',
      paint: { 'fill-color': '#d7e8c8', 'fill-opacity': 0.7 },
    },
    { id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': WATER } },
    {
      id: 'roads-minor',
      type: 'line',
      source: 'basemap',
      'source-layer': 'roads',
      filter: ['in', ['get', 'kind'], ['literal', ['minor_road', 'path', 'other']]],
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.5, 16, 3] },
    },
    {
      id: 'roads-major',
      type: 'line',
      source: 'basemap',
      'source-layer': 'roads',
      filter: ['in', ['get', 'kind'], ['literal', ['major_road', 'highway']]],
      paint: { 'line-color': '#f4c46a', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 16, 6] },
    },
    {
      id: 'places',
      type: 'symbol',
      source: 'basemap',
      'source-layer': 'places',
      layout: { 'text-field': name as never, 'text-size': 13 },
      paint: { 'text-color': '#333', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
    },
  ];
}

/**
 * The station's own vector tiles (`lookout basemap build`, server/src/basemap-build/tilemaker-process.lua):
 * roads by kind with paths and tracks dashed (officers walk them), water, woods, and village, water and peak
 * names in Chinese first.
 */
function vectorStyle(cfg: BasemapConfig): Basemap {
  const source: SourceSpecification = {
    type: 'vector',
    // Not through URL(): it would escape the template's braces.
    tiles: [cfg.url!.startsWith('/') ? `${location.origin}${cfg.url!}` : cfg.url!],
    ...(cfg.minzoom !== undefined ? { minzoom: cfg.minzoom } : {}),
    ...(cfg.maxzoom !== undefined ? { maxzoom: cfg.maxzoom } : {}),
    ...(cfg.bounds ? { bounds: cfg.bounds } : {}),
    ...(cfg.attribution ? { attribution: cfg.attribution } : {}),
  };
  return { kind: 'vector', datum: cfg.datum, style: baseStyle({ basemap: source }, lookoutLayers()) };
}

const zh: unknown = ['coalesce', ['get', 'name:zh-Hans'], ['get', 'name:zh'], ['get', 'name']];
const byZoom = (...stops: number[]): unknown => ['interpolate', ['linear'], ['zoom'], ...stops];
const halo = { 'text-halo-color': '#fff', 'text-halo-width': 1.5 };

function lookoutLayers(): LayerSpecification[] {
  const layer = (l: Record<string, unknown>) => ({ source: 'basemap', ...l }) as unknown as LayerSpecification;
  const roads = (id: string, kinds: string[], paint: Record<string, unknown>) =>
    layer({
      id,
      type: 'line',
      'source-layer': 'roads',
      filter: ['in', ['get', 'kind'], ['literal', kinds]],
      layout: { 'line-join': 'round', 'line-cap': kinds.includes('path') ? 'butt' : 'round' },
      paint,
    });
  return [
    { id: 'background', type: 'background', paint: { 'background-color': LAND } },
    layer({
      id: 'osm-landcover',
      type: 'fill',
      'source-layer': 'landcover',
      paint: {
        'fill-color': ['match', ['get', 'kind'], 'wood', '#cfe3bd', 'farmland', '#eef2d8', '#dfeccd'],
        'fill-opacity': 0.8,
      },
    }),
    layer({ id: 'osm-water', type: 'fill', 'source-layer': 'water', paint: { 'fill-color': WATER } }),
    layer({
      id: 'osm-waterways',
      type: 'line',
      'source-layer': 'waterways',
      paint: { 'line-color': '#8fb8d6', 'line-width': byZoom(10, 0.5, 16, 3) },
    }),
    roads('osm-roads-casing', ['highway', 'major', 'minor'], {
      'line-color': '#b7b3a6',
      'line-width': byZoom(10, 1, 16, 9),
    }),
    roads('osm-tracks', ['track'], {
      'line-color': '#9a6b3f',
      'line-width': byZoom(12, 0.8, 16, 2.2),
      'line-dasharray': [3, 1.5],
    }),
    roads('osm-paths', ['path'], {
      'line-color': '#c0392b',
      'line-width': byZoom(12, 1, 16, 2.5),
      'line-dasharray': [2, 1.2],
    }),
    roads('osm-roads-minor', ['minor'], { 'line-color': '#ffffff', 'line-width': byZoom(10, 0.6, 16, 7) }),
    roads('osm-roads-major', ['highway', 'major'], {
      'line-color': ['match', ['get', 'kind'], 'highway', '#f0a25a', '#f7d37a'],
      'line-width': byZoom(8, 0.8, 16, 8),
    }),
    layer({
      id: 'osm-road-names',
      type: 'symbol',
      'source-layer': 'roads',
      minzoom: 13,
      layout: { 'symbol-placement': 'line', 'text-field': zh, 'text-size': 12 },
      paint: { 'text-color': '#5b4a3a', ...halo },
    }),
    layer({
      id: 'osm-water-names',
      type: 'symbol',
      'source-layer': 'water_names',
      layout: { 'text-field': zh, 'text-size': 12 },
      paint: { 'text-color': '#2f6d99', ...halo },
    }),
    layer({
      id: 'osm-peaks',
      type: 'symbol',
      'source-layer': 'peaks',
      layout: {
        'text-field': [
          'case',
          ['has', 'ele'],
          ['concat', '▲ ', zh, '\n', ['to-string', ['round', ['get', 'ele']]], ' m'],
          ['concat', '▲ ', zh],
        ],
        'text-size': 12,
        'text-anchor': 'top',
        'text-offset': [0, -0.6],
      },
      paint: { 'text-color': '#6b4b2a', ...halo },
    }),
    layer({
      id: 'osm-places',
      type: 'symbol',
      'source-layer': 'places',
      layout: {
        'text-field': zh,
        'text-size': ['match', ['get', 'kind'], ['city', 'town'], 16, 'village', 14, 12],
      },
      paint: { 'text-color': '#222', ...halo },
    }),
  ];
}

function xyzStyle(cfg: BasemapConfig): Basemap {
  const raster = (url: string, attribution = ''): SourceSpecification => ({
    type: 'raster',
    tiles: expandTemplate(url),
    tileSize: 256,
    attribution,
  });
  const sources: StyleSpecification['sources'] = { basemap: raster(cfg.url!, cfg.attribution) };
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': LAND } },
    { id: 'basemap', type: 'raster', source: 'basemap' },
  ];
  if (cfg.labels) {
    sources['basemap-labels'] = raster(cfg.labels);
    layers.push({ id: 'basemap-labels', type: 'raster', source: 'basemap-labels' });
  }
  return { kind: 'xyz', datum: cfg.datum, style: baseStyle(sources, layers) };
}

/**
 * Land and sea from Natural Earth (world-atlas, public domain), bundled with the app: always available, with no
 * network. Only coastlines — no roads, rivers or borders (public maps in China need a 审图号, so no borders).
 * The 1:50m land (0.5 MB) rather than 1:10m (3 MB): tiling the 10m one held the first map back by about 5 s on a
 * phone-class CPU, for coastlines nobody searches by.
 */
async function fallbackStyle(problem?: string): Promise<Basemap> {
  const [{ feature }, topo] = await Promise.all([
    import('topojson-client'),
    import('world-atlas/land-50m.json').then((m) => m.default as unknown),
  ]);
  const t = topo as Parameters<typeof feature>[0] & { objects: { land: Parameters<typeof feature>[1] } };
  const land = feature(t, t.objects.land);
  return {
    kind: 'fallback',
    datum: 'wgs84',
    problem,
    style: baseStyle({ land: { type: 'geojson', data: land as never, maxzoom: 10, attribution: 'Natural Earth' } }, [
      { id: 'background', type: 'background', paint: { 'background-color': WATER } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': LAND } },
      { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': '#8fb0c4', 'line-width': 0.8 } },
    ]),
  };
}

export async function loadBasemap(cfg: BasemapConfig): Promise<Basemap> {
  try {
    if (cfg.kind === 'pmtiles' && cfg.url) return await pmtilesStyle(cfg);
    if (cfg.kind === 'xyz' && cfg.url) return xyzStyle(cfg);
    if (cfg.kind === 'vector' && cfg.url) return vectorStyle(cfg);
  } catch (err) {
    return fallbackStyle(err instanceof Error ? err.message : String(err));
  }
  return fallbackStyle(cfg.problem);
}
