import { useEffect, useRef } from 'react';
import i18n from '../i18n.ts';
import { liveStore } from '../live/store.ts';
import { ageText } from '../live/staleness.ts';
import { getMap } from './core/map-instance.ts';
import { ICONS } from './core/icons.ts';
import { droneFeatures } from './features.ts';
import { EMPTY, removeAll, setSourceData } from './layer-util.ts';

const SOURCE = 'drones';
const LAYER = 'drones-symbol';

function formatAge(ms: number): string {
  const a = ageText(ms);
  return i18n.t(a.key, { count: a.count });
}

/** Telemetry over MAVLink is tagged on the map; Lookout v1 and DJI drones need no tag. */
function sourceTag(source: string): string | undefined {
  return source === 'mavlink' ? i18n.t('map.sourceMavlink') : undefined;
}

/** Drone symbols rotated by heading, with callsign, battery and — when stale — grey with "N 秒前". */
export function DronesLayer({ onSelect }: { onSelect?: (id: string) => void } = {}) {
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY, promoteId: 'id' });
    map.addLayer({
      id: LAYER,
      type: 'symbol',
      source: SOURCE,
      layout: {
        'icon-image': ['case', ['get', 'stale'], ICONS.droneStale, ICONS.drone],
        'icon-rotate': ['get', 'hdg'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true, // never hide a drone; but other labels keep clear of it
        'text-field': ['get', 'label'],
        'text-size': 13,
        // Labels move to a free side instead of piling onto a sighting's label.
        'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
        'text-radial-offset': 1.4,
        'text-justify': 'auto',
        'text-optional': true,
      },
      paint: {
        'text-color': ['case', ['get', 'stale'], '#5f6368', '#0d3c78'],
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.8,
      },
    });
    // A tap on a drone opens its panel (when the page offers one).
    const click = (e: { features?: { properties: Record<string, unknown> }[] }) => {
      const id = e.features?.[0]?.properties.id;
      if (onSelectRef.current && (typeof id === 'string' || typeof id === 'number')) onSelectRef.current(String(id));
    };
    map.on('click', LAYER, click);
    return () => {
      map.off('click', LAYER, click);
      removeAll(map, [LAYER], SOURCE);
    };
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const update = () =>
      setSourceData(
        map,
        SOURCE,
        droneFeatures(liveStore.drones.values(), Date.now(), liveStore.staleAfterS, formatAge, sourceTag),
      );
    update();
    const unsub = liveStore.subscribe('drones', update);
    const timer = setInterval(update, 1000); // the "N 秒前" text and the grey state follow the clock
    i18n.on('languageChanged', update);
    return () => {
      unsub();
      clearInterval(timer);
      i18n.off('languageChanged', update);
    };
  }, []);

  return null;
}
