import { useEffect } from 'react';
import i18n from '../i18n.ts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import type { WayBack } from './way-back.ts';
import './way-back-i18n.ts';

const WAY_BACK = 'officer-way-back';

/** The way back on the map: the track still to walk (solid blue, unlike the red dashed line to a target) and its start. */
export function WayBackLayer({ back }: { back: WayBack | null }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(WAY_BACK, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${WAY_BACK}-line`,
      type: 'line',
      source: WAY_BACK,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#0d47a1', 'line-width': 5, 'line-opacity': 0.8 },
    });
    map.addLayer({
      id: `${WAY_BACK}-start`,
      type: 'circle',
      source: WAY_BACK,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 8,
        'circle-color': '#ffffff',
        'circle-stroke-color': '#0d47a1',
        'circle-stroke-width': 4,
      },
    });
    map.addLayer({
      id: `${WAY_BACK}-label`,
      type: 'symbol',
      source: WAY_BACK,
      filter: ['==', ['geometry-type'], 'Point'],
      layout: { 'text-field': ['get', 'label'], 'text-size': 14, 'text-offset': [0, 1.4], 'text-anchor': 'top' },
      paint: { 'text-color': '#0d47a1', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    return () => removeAll(map, [`${WAY_BACK}-label`, `${WAY_BACK}-start`, `${WAY_BACK}-line`], WAY_BACK);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const start = back?.path.at(-1);
    setSourceData(
      map,
      WAY_BACK,
      back && start
        ? [
            ...(back.path.length > 1
              ? [{ type: 'Feature', geometry: { type: 'LineString', coordinates: back.path }, properties: {} }]
              : []),
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: start },
              properties: { label: i18n.t('officer.wayBack.start') },
            },
          ]
        : [],
    );
  }, [back]);
  return null;
}
