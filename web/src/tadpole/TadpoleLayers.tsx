import { useEffect, useRef } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { groupLabelFeatures } from './map-features.ts';
import type { LonLat } from './tadpole-types.ts';
import { fromMap } from '../map/core/datum.ts';
import { fitPoints } from '../map/core/map-points.ts';

const AREA = 'tadpole-area';
const GROUPS = 'tadpole-groups';
const GROUP_LABELS = 'tadpole-group-labels';
const POINT = 'tadpole-point';
const TIPS = 'tadpole-tips';

export interface TadpoleMapData {
  /** The broadcast area last sent, and the radius it should cover now (dashed). */
  area: unknown[];
  groups: unknown[];
  point: LonLat | null;
  pointLabel: string;
  tips: unknown[];
}

/**
 * An alert on the one map (renders nothing): the broadcast area, the groups' areas coloured by delivery state,
 * the last-seen/found point and the tips. One effect adds sources and layers, another only sets data.
 */
export function TadpoleLayers({ data, fitKey }: { data: TadpoleMapData; fitKey: string }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(GROUPS, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${GROUPS}-fill`,
      type: 'fill',
      source: GROUPS,
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.18 },
    });
    map.addLayer({
      id: `${GROUPS}-line`,
      type: 'line',
      source: GROUPS,
      paint: { 'line-color': ['get', 'colour'], 'line-width': 2.5 },
    });
    map.addSource(GROUP_LABELS, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${GROUP_LABELS}-label`,
      type: 'symbol',
      source: GROUP_LABELS,
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-max-width': 12, 'text-offset': [0, -1.6] },
      paint: { 'text-color': '#111', 'text-halo-color': '#fff', 'text-halo-width': 2 },
    });
    map.addSource(AREA, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${AREA}-line`,
      type: 'line',
      source: AREA,
      paint: {
        'line-color': '#c62828',
        'line-width': ['case', ['get', 'now'], 2, 3],
        'line-dasharray': ['case', ['get', 'now'], ['literal', [2, 2]], ['literal', [1, 0]]],
      },
    });
    map.addSource(TIPS, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${TIPS}-point`,
      type: 'circle',
      source: TIPS,
      paint: {
        'circle-radius': 9,
        'circle-color': ['get', 'colour'],
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: `${TIPS}-label`,
      type: 'symbol',
      source: TIPS,
      layout: { 'text-field': ['get', 'label'], 'text-size': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#fff' },
    });
    map.addSource(POINT, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${POINT}-point`,
      type: 'circle',
      source: POINT,
      paint: {
        'circle-radius': 10,
        'circle-color': '#c62828',
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: `${POINT}-label`,
      type: 'symbol',
      source: POINT,
      layout: { 'text-field': ['get', 'label'], 'text-size': 13, 'text-offset': [0, 1.3], 'text-anchor': 'top' },
      paint: { 'text-color': '#8e0000', 'text-halo-color': '#fff', 'text-halo-width': 2 },
    });
    return () => {
      removeAll(map, [`${POINT}-label`, `${POINT}-point`], POINT);
      removeAll(map, [`${TIPS}-label`, `${TIPS}-point`], TIPS);
      removeAll(map, [`${AREA}-line`], AREA);
      removeAll(map, [`${GROUP_LABELS}-label`], GROUP_LABELS);
      removeAll(map, [`${GROUPS}-line`, `${GROUPS}-fill`], GROUPS);
    };
  }, []);

  useEffect(() => {
    const map = getMap()!;
    setSourceData(map, AREA, data.area);
    setSourceData(map, GROUPS, data.groups);
    setSourceData(map, GROUP_LABELS, groupLabelFeatures(data.groups));
    setSourceData(map, TIPS, data.tips);
    setSourceData(
      map,
      POINT,
      data.point
        ? [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [data.point.lon, data.point.lat] },
              properties: { label: data.pointLabel },
            },
          ]
        : [],
    );
  }, [data]);

  // Bring the alert into view once per alert (and again when its area first appears).
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    const map = getMap()!;
    if (fitted.current === fitKey || !data.point) return;
    const coords: [number, number][] = [[data.point.lon, data.point.lat]];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') coords.push(c as [number, number]);
      else if (Array.isArray(c)) c.forEach(walk);
    };
    for (const f of data.area as { geometry: { coordinates: unknown } }[]) walk(f.geometry.coordinates);
    fitted.current = fitKey;
    fitPoints(map, coords, { padding: 24, maxZoom: 16, duration: 0 }, 0.002);
  }, [data, fitKey]);

  return null;
}

const PICK = 'tadpole-pick';

/** The create form's place: a pin where the liaison tapped; `onPick` gets each tap (renders nothing). */
export function PickLayer({ pin, onPick }: { pin: LonLat | null; onPick: ((p: LonLat) => void) | null }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(PICK, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${PICK}-point`,
      type: 'circle',
      source: PICK,
      paint: {
        'circle-radius': 11,
        'circle-color': '#c62828',
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 3,
      },
    });
    return () => removeAll(map, [`${PICK}-point`], PICK);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    setSourceData(
      map,
      PICK,
      pin ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [pin.lon, pin.lat] }, properties: {} }] : [],
    );
  }, [pin]);

  useEffect(() => {
    const map = getMap()!;
    if (!onPick) return;
    const onClick = (e: MapMouseEvent) => onPick(fromMap(e.lngLat));
    map.on('click', onClick);
    map.getCanvas().style.cursor = 'crosshair';
    return () => {
      map.off('click', onClick);
      map.getCanvas().style.cursor = '';
    };
  }, [onPick]);

  return null;
}
