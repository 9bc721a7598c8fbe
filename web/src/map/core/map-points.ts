import type { FitBoundsOptions, Map as MapLibreMap } from 'maplibre-gl';
import { fromMap, toMap } from './datum.ts';
import { getMap } from './map-instance.ts';

/** The map's centre in WGS-84, or null before there is a map. */
export function mapCentre(): [number, number] | null {
  const c = getMap()?.getCenter();
  if (!c) return null;
  const p = fromMap(c);
  return [p.lon, p.lat];
}

/** Shows these WGS-84 points, with `padDeg` degrees around them, on whatever datum the basemap is drawn in. */
export function fitPoints(map: MapLibreMap, points: [number, number][], options: FitBoundsOptions, padDeg = 0): void {
  if (points.length === 0) return;
  const shown = points.map(toMap);
  const lons = shown.map((p) => p[0]);
  const lats = shown.map((p) => p[1]);
  map.fitBounds(
    [
      [Math.min(...lons) - padDeg, Math.min(...lats) - padDeg],
      [Math.max(...lons) + padDeg, Math.max(...lats) + padDeg],
    ],
    options,
  );
}
