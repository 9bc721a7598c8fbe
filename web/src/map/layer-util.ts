import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { featuresToMap } from './core/datum.ts';

export const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function setSourceData(map: MapLibreMap, id: string, features: unknown[]): void {
  const src = map.getSource(id) as GeoJSONSource | undefined;
  void src?.setData({ type: 'FeatureCollection', features: featuresToMap(features) } as GeoJSON.FeatureCollection);
}

/** Removes layers then their source, tolerating a style that was already replaced. */
export function removeAll(map: MapLibreMap, layers: string[], source: string): void {
  if (!map.style) return;
  for (const l of layers) if (map.getLayer(l)) map.removeLayer(l);
  if (map.getSource(source)) map.removeSource(source);
}
