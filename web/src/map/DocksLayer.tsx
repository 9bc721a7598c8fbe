import { useEffect } from 'react';
import { api } from '../api.ts';
import i18n from '../i18n.ts';
import { getMap } from './core/map-instance.ts';
import { dockFeatures } from './dock-features.ts';
import { EMPTY, removeAll, setSourceData } from './layer-util.ts';

const SOURCE = 'docks';
const LAYER = 'docks-symbol';
const LABELS = 'docks-label';
/** Docks move never and change state slowly: a poll, not the live feed. */
const POLL_MS = 5_000;

/** DJI docks: a square marker (green in operation, blue otherwise) with the dock's state and height. */
export function DocksLayer() {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY, promoteId: 'serial' });
    map.addLayer({
      id: LAYER,
      type: 'circle',
      source: SOURCE,
      paint: {
        'circle-radius': 9,
        'circle-color': ['case', ['get', 'working'], '#2e7d32', '#1565c0'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: LABELS,
      type: 'symbol',
      source: SOURCE,
      layout: {
        'text-field': ['get', 'label'],
        'text-size': 12,
        'text-anchor': 'top',
        'text-offset': [0, 1.1],
      },
      paint: { 'text-color': '#0d47a1', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
    let stopped = false;
    const refresh = () => {
      api.docks().then(
        ({ docks }) => {
          if (!stopped)
            setSourceData(
              map,
              SOURCE,
              dockFeatures(docks, (k, o) => i18n.t(k, o ?? {})),
            );
        },
        () => undefined,
      );
    };
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      removeAll(map, [LABELS, LAYER], SOURCE);
    };
  }, []);
  return null;
}
