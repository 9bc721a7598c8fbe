import { useEffect } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import type { Geometry } from 'geojson';
import { getMap } from '../../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../../map/layer-util.ts';
import { circleRing, type DraftArea } from './group-form.ts';
import { fromMap } from '../../map/core/datum.ts';
import { fitPoints } from '../../map/core/map-points.ts';

const SRC = 'group-draft';
const POINTS = 'group-draft-points';

/** The features of the area being drawn (or the stored one): its outline and the tapped points. */
function draftFeatures(area: DraftArea | null, stored: Geometry | null): { shape: unknown[]; points: unknown[] } {
  const feature = (geometry: unknown) => ({ type: 'Feature', geometry, properties: {} });
  if (!area) return { shape: stored ? [feature(stored)] : [], points: [] };
  if (area.kind === 'circle') {
    if (!area.center) return { shape: [], points: [] };
    const r = Number(area.radiusM);
    const centre = feature({ type: 'Point', coordinates: [area.center.lon, area.center.lat] });
    return {
      shape:
        Number.isFinite(r) && r > 0 ? [feature({ type: 'Polygon', coordinates: [circleRing(area.center, r)] })] : [],
      points: [centre],
    };
  }
  const ring = area.points.map((p) => [p.lon, p.lat]);
  const shape =
    ring.length >= 3
      ? [feature({ type: 'Polygon', coordinates: [[...ring, ring[0]]] })]
      : ring.length === 2
        ? [feature({ type: 'LineString', coordinates: ring })]
        : [];
  return { shape, points: ring.map((c) => feature({ type: 'Point', coordinates: c })) };
}

/** A group's area on the one map while it is drawn (renders nothing); each tap goes to `onTap`. */
export function DraftAreaLayer({
  area,
  stored,
  onTap,
}: {
  area: DraftArea | null;
  stored: Geometry | null;
  onTap: (p: { lon: number; lat: number }) => void;
}) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SRC, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${SRC}-fill`,
      type: 'fill',
      source: SRC,
      paint: { 'fill-color': '#0d47a1', 'fill-opacity': 0.15 },
    });
    map.addLayer({ id: `${SRC}-line`, type: 'line', source: SRC, paint: { 'line-color': '#0d47a1', 'line-width': 3 } });
    map.addSource(POINTS, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${POINTS}-circle`,
      type: 'circle',
      source: POINTS,
      paint: { 'circle-radius': 7, 'circle-color': '#0d47a1', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    });
    return () => {
      removeAll(map, [`${POINTS}-circle`], POINTS);
      removeAll(map, [`${SRC}-line`, `${SRC}-fill`], SRC);
    };
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const { shape, points } = draftFeatures(area, stored);
    setSourceData(map, SRC, shape);
    setSourceData(map, POINTS, points);
  }, [area, stored]);

  // A circle is seen whole: its centre was tapped, its radius typed, so the map follows both.
  const circle = area?.kind === 'circle' && area.center ? { ...area.center, r: Number(area.radiusM) } : null;
  const circleKey = circle ? `${circle.lon},${circle.lat},${circle.r}` : '';
  useEffect(() => {
    if (!circle || !Number.isFinite(circle.r) || circle.r <= 0) return;
    fitPoints(getMap()!, circleRing(circle, circle.r, 16), { padding: 28, maxZoom: 17, duration: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the circle's values, not its object
  }, [circleKey]);

  // Bring a stored area into view once, when the layer comes up.
  useEffect(() => {
    if (!stored) return;
    const coords: [number, number][] = [];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') coords.push(c as [number, number]);
      else if (Array.isArray(c)) c.forEach(walk);
    };
    walk((stored as { coordinates?: unknown }).coordinates);
    fitPoints(getMap()!, coords, { padding: 24, maxZoom: 17, duration: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the area the form opened with
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const onClick = (e: MapMouseEvent) => onTap(fromMap(e.lngLat));
    map.on('click', onClick);
    map.getCanvas().style.cursor = 'crosshair';
    return () => {
      map.off('click', onClick);
      map.getCanvas().style.cursor = '';
    };
  }, [onTap]);

  return null;
}
