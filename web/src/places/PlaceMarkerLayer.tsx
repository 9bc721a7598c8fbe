import { useEffect } from 'react';
import type { PlaceView } from '@lookout/contracts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';

const SOURCE = 'picked-place';
const RING = 'picked-place-ring';
const LABEL = 'picked-place-label';

/** The place picked in the search box: a ring and its name, above every other layer. Renders nothing. */
export function PlaceMarkerLayer({ place }: { place: PlaceView | null }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: RING,
      type: 'circle',
      source: SOURCE,
      paint: {
        'circle-radius': 9,
        'circle-color': '#ffffff',
        'circle-opacity': 0.6,
        'circle-stroke-color': '#6a1b9a',
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: LABEL,
      type: 'symbol',
      source: SOURCE,
      layout: {
        'text-field': ['get', 'name'],
        'text-size': 14,
        'text-anchor': 'top',
        'text-offset': [0, 1],
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#4a148c', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    return () => removeAll(map, [LABEL, RING], SOURCE);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    setSourceData(
      map,
      SOURCE,
      place
        ? [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [place.lon, place.lat] },
              properties: { name: place.name },
            },
          ]
        : [],
    );
  }, [place]);

  return null;
}
