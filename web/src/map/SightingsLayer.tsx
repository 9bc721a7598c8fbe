import { useEffect, useRef } from 'react';
import i18n from '../i18n.ts';
import { liveStore } from '../live/store.ts';
import { getMap } from './core/map-instance.ts';
import { ICONS } from './core/icons.ts';
import { sightingFeatures } from './features.ts';
import { EMPTY, removeAll, setSourceData } from './layer-util.ts';
import { metresToPixels } from './metres-to-pixels.ts';

const SOURCE = 'sightings';
const LAYER = 'sightings-symbol';
const UNCERTAINTY = 'sightings-uncertainty';
const LABELS = 'sightings-label';

function kindName(kind: string): string {
  return i18n.t(`sighting.kind.${kind}`, { defaultValue: kind });
}

/** Sighting diamonds (orange new, green confirmed, grey dismissed) with kind, confidence and time. */
export function SightingsLayer({ refLat, onSelect }: { refLat: number; onSelect: (id: string) => void }) {
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY, promoteId: 'id' });
    // The uncertainty radius the drone reported, drawn to scale under the symbol.
    map.addLayer(
      {
        id: UNCERTAINTY,
        type: 'circle',
        source: SOURCE,
        filter: ['all', ['>', ['get', 'uncM'], 0], ['!=', ['get', 'status'], 'dismissed']],
        paint: {
          'circle-radius': metresToPixels(refLat, 'uncM') as never,
          'circle-color': ['match', ['get', 'status'], 'confirmed', '#2e7d32', '#e65100'],
          'circle-opacity': 0.12,
          'circle-stroke-color': ['match', ['get', 'status'], 'confirmed', '#2e7d32', '#e65100'],
          'circle-stroke-width': 1.5,
          'circle-stroke-opacity': 0.7,
          'circle-pitch-alignment': 'map',
        },
      },
      map.getLayer('drones-symbol') ? 'drones-symbol' : undefined,
    );
    map.addLayer({
      id: LAYER,
      type: 'symbol',
      source: SOURCE,
      layout: {
        'icon-image': [
          'match',
          ['get', 'status'],
          'confirmed',
          ICONS.sightingConfirmed,
          'dismissed',
          ICONS.sightingDismissed,
          ICONS.sightingNew,
        ],
        'icon-allow-overlap': true,
        'symbol-sort-key': ['match', ['get', 'status'], 'new', 0, 'confirmed', 1, 2],
      },
      paint: { 'icon-opacity': ['match', ['get', 'status'], 'dismissed', 0.6, 1] },
    });
    // The labels sit under the drones layer: MapLibre places labels from the top layer down, so a drone's
    // callsign wins a collision and the sighting's label moves to a free side (or waits; the panel has it all).
    map.addLayer(
      {
        id: LABELS,
        type: 'symbol',
        source: SOURCE,
        layout: {
          'text-field': ['get', 'label'],
          'text-size': 12,
          'text-variable-anchor': ['bottom', 'top', 'right', 'left'],
          'text-radial-offset': 1.9, // clear of the 34-px diamond, which sits in another layer
          'text-justify': 'auto',
          'symbol-sort-key': ['match', ['get', 'status'], 'new', 0, 'confirmed', 1, 2],
        },
        paint: { 'text-color': '#7a2e00', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
      },
      map.getLayer('drones-symbol') ? 'drones-symbol' : undefined,
    );
    const click = (e: { features?: { properties: Record<string, unknown> }[] }) => {
      const id = e.features?.[0]?.properties.id;
      if (typeof id === 'string' || typeof id === 'number') onSelectRef.current(String(id));
    };
    const enter = () => (map.getCanvas().style.cursor = 'pointer');
    const leave = () => (map.getCanvas().style.cursor = '');
    map.on('click', LAYER, click);
    map.on('mouseenter', LAYER, enter);
    map.on('mouseleave', LAYER, leave);
    return () => {
      map.off('click', LAYER, click);
      map.off('mouseenter', LAYER, enter);
      map.off('mouseleave', LAYER, leave);
      removeAll(map, [LAYER, LABELS, UNCERTAINTY], SOURCE);
    };
  }, [refLat]);

  useEffect(() => {
    const map = getMap()!;
    const update = () => setSourceData(map, SOURCE, sightingFeatures(liveStore.sightings.values(), kindName));
    update();
    const unsub = liveStore.subscribe('sightings', update);
    i18n.on('languageChanged', update);
    return () => {
      unsub();
      i18n.off('languageChanged', update);
    };
  }, []);

  return null;
}
