import { useEffect } from 'react';
import { addProtocol } from 'maplibre-gl';
import mlcontour from 'maplibre-contour';
import type { TerrainConfig } from '@lookout/contracts';
import { mapDatum } from './core/datum.ts';
import { getMap } from './core/map-instance.ts';

const DEM = 'terrain-dem';
const CONTOURS = 'terrain-contours';
export const HILLSHADE_LAYER = 'terrain-hillshade';
export const CONTOUR_LAYER = 'terrain-contour';
export const CONTOUR_LABEL_LAYER = 'terrain-contour-label';

/**
 * Metres between contour lines by zoom: [minor, major]; a zoom without an entry takes the one below. Halved with each
 * zoom, so a steep slope keeps its lines ~10 px apart at any zoom.
 */
export const CONTOUR_INTERVALS: Record<number, [number, number]> = {
  9: [200, 1000],
  12: [100, 500],
  13: [50, 250],
  14: [20, 100],
  15: [10, 50],
};

/** One DemSource per tile URL: it registers its protocols with MapLibre once and caches decoded tiles. */
let dem: { url: string; source: InstanceType<typeof mlcontour.DemSource> } | null = null;

function demSource(terrain: TerrainConfig) {
  const url = new URL(terrain.tiles, location.origin).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
  if (dem?.url !== url) {
    // The worker (a blob: URL, which the CSP allows) decodes tiles and traces the lines off the main thread.
    const source = new mlcontour.DemSource({ url, encoding: 'terrarium', maxzoom: terrain.maxzoom, worker: true });
    source.setupMaplibre({ addProtocol: addProtocol as never });
    dem = { url, source };
  }
  return dem.source;
}

/** Under the basemap's own labels (天地图's annotation, the vector style's place names), over everything else of it. */
function beneathLabels(): string | undefined {
  const map = getMap()!;
  return ['basemap-labels', 'places'].find((id) => map.getLayer(id));
}

/**
 * The station's terrain: a hillshade and contour lines with their heights (maplibre-contour) from its Terrarium
 * tiles. The DEM is WGS-84 and raster tiles cannot be shifted, so nothing is drawn over a GCJ-02 or BD-09 basemap,
 * where the hills would sit hundreds of metres off. Re-added with the other layers after a basemap switch.
 */
export function TerrainLayer({ terrain }: { terrain: TerrainConfig }) {
  useEffect(() => {
    if (mapDatum() !== 'wgs84') return;
    const map = getMap()!;
    const source = demSource(terrain);
    const bounds = terrain.bounds;
    map.addSource(DEM, {
      type: 'raster-dem',
      tiles: [source.sharedDemProtocolUrl],
      encoding: 'terrarium',
      tileSize: 256,
      minzoom: terrain.minzoom,
      maxzoom: terrain.maxzoom,
      bounds,
    });
    map.addSource(CONTOURS, {
      type: 'vector',
      tiles: [
        source.contourProtocolUrl({
          thresholds: CONTOUR_INTERVALS,
          elevationKey: 'ele',
          levelKey: 'level',
          contourLayer: 'contours',
        }),
      ],
      minzoom: terrain.minzoom,
      maxzoom: 16,
      bounds,
    });
    const before = beneathLabels();
    map.addLayer(
      {
        id: HILLSHADE_LAYER,
        type: 'hillshade',
        source: DEM,
        paint: {
          'hillshade-exaggeration': 0.45,
          'hillshade-shadow-color': '#4a4a4a',
          'hillshade-highlight-color': '#ffffff',
        },
      },
      before,
    );
    map.addLayer(
      {
        id: CONTOUR_LAYER,
        type: 'line',
        source: CONTOURS,
        'source-layer': 'contours',
        paint: {
          'line-color': '#8d5a2b',
          'line-opacity': ['match', ['get', 'level'], 1, 0.75, 0.45],
          'line-width': ['match', ['get', 'level'], 1, 1.2, 0.6],
        },
      },
      before,
    );
    map.addLayer(
      {
        id: CONTOUR_LABEL_LAYER,
        type: 'symbol',
        source: CONTOURS,
        'source-layer': 'contours',
        filter: ['>', ['get', 'level'], 0],
        layout: {
          'symbol-placement': 'line',
          'text-field': ['concat', ['number-format', ['get', 'ele'], {}], ' m'],
          'text-size': 11,
          'symbol-spacing': 300,
        },
        paint: { 'text-color': '#6b3f17', 'text-halo-color': 'rgba(255,255,255,0.85)', 'text-halo-width': 1.2 },
      },
      before,
    );
    return () => {
      if (!map.style) return;
      for (const l of [CONTOUR_LABEL_LAYER, CONTOUR_LAYER, HILLSHADE_LAYER]) if (map.getLayer(l)) map.removeLayer(l);
      for (const s of [CONTOURS, DEM]) if (map.getSource(s)) map.removeSource(s);
    };
  }, [terrain]);
  return null;
}
