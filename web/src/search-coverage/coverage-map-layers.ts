import type { Map as MapLibreMap } from 'maplibre-gl';
import { EMPTY } from '../map/layer-util.ts';
import { GAP_COLOUR } from './coverage-format.ts';

const HATCH = 'coverage-hatch';

/** Red diagonal stripes on nothing: the gaps stay readable over any basemap and show what lies under them. */
function addHatch(map: MapLibreMap): void {
  if (map.hasImage(HATCH)) return;
  const px = 16;
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d')!;
  ctx.strokeStyle = GAP_COLOUR;
  ctx.globalAlpha = 0.55;
  ctx.lineWidth = 2;
  // Three strokes so the stripes join across the tile's edges.
  for (const o of [-px, 0, px]) {
    ctx.beginPath();
    ctx.moveTo(o, px);
    ctx.lineTo(o + px, 0);
    ctx.stroke();
  }
  map.addImage(HATCH, ctx.getImageData(0, 0, px, px), { pixelRatio: 2 });
}

/** The operational layer coverage goes under: drones, sightings and trails stay on top of it. */
function below(map: MapLibreMap): string | undefined {
  return ['trails-line', 'replay-alert-fill', 'drones-symbol'].find((l) => map.getLayer(l));
}

export interface CoverageLayerIds {
  source: string;
  /** The gaps' fill: what a click hits. */
  gapFill: string;
  /** Every layer of the coverage itself (the toggle shows and hides them). */
  layers: string[];
}

/**
 * Adds the coverage of one case under the operational layers: covered ground filled by band (`colour`, best band
 * drawn last), gaps hatched and outlined red with their "未覆盖" label. `prefix` keeps the replay's apart.
 */
export function addCoverageLayers(map: MapLibreMap, prefix: string): CoverageLayerIds {
  addHatch(map);
  const source = `${prefix}`;
  map.addSource(source, { type: 'geojson', data: EMPTY });
  const before = below(map);
  const gapFilter = ['==', ['get', 'kind'], 'gap'] as never;
  const layers: Parameters<MapLibreMap['addLayer']>[0][] = [
    {
      id: `${prefix}-covered`,
      type: 'fill',
      source,
      filter: ['==', ['get', 'kind'], 'covered'],
      layout: { 'fill-sort-key': ['get', 'z'] },
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.38 },
    },
    { id: `${prefix}-gap-fill`, type: 'fill', source, filter: gapFilter, paint: { 'fill-pattern': HATCH } },
    {
      id: `${prefix}-gap-line`,
      type: 'line',
      source,
      filter: gapFilter,
      paint: {
        'line-color': GAP_COLOUR,
        'line-width': ['case', ['get', 'selected'], 4, 1.5],
        'line-opacity': 0.85,
      },
    },
    {
      id: `${prefix}-gap-label`,
      type: 'symbol',
      source,
      filter: gapFilter,
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-optional': true },
      paint: { 'text-color': GAP_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
    },
  ];
  for (const l of layers) map.addLayer(l, before);
  return { source, gapFill: `${prefix}-gap-fill`, layers: layers.map((l) => l.id) };
}

export function setCoverageVisible(map: MapLibreMap, ids: CoverageLayerIds, visible: boolean): void {
  for (const l of ids.layers) if (map.getLayer(l)) map.setLayoutProperty(l, 'visibility', visible ? 'visible' : 'none');
}

export function removeCoverageLayers(map: MapLibreMap, ids: CoverageLayerIds): void {
  if (!map.style) return;
  for (const l of [...ids.layers].reverse()) if (map.getLayer(l)) map.removeLayer(l);
  if (map.getSource(ids.source)) map.removeSource(ids.source);
}
