import { useEffect } from 'react';
import { getMap } from '../map/core/map-instance.ts';
import { fromMap } from '../map/core/datum.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { placesOnMap } from './places-api.ts';

const SOURCE = 'place-names';
const DOT = 'place-names-dot';
const LABEL = 'place-names-label';
/** Below this zoom a view holds a whole county: names would only pile up. */
const MIN_ZOOM = 10;

/**
 * The gazetteer's names (peaks, villages, posts…) drawn on the map, for a basemap that has none (the offline
 * sketch map). Reloaded for the view after each move. Renders nothing.
 */
export function PlaceNamesLayer() {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    const before = map.getLayer('trails-line') ? 'trails-line' : undefined;
    map.addLayer(
      {
        id: DOT,
        type: 'circle',
        source: SOURCE,
        minzoom: MIN_ZOOM,
        paint: {
          'circle-radius': ['match', ['get', 'kind'], 'peak', 4, 3],
          'circle-color': [
            'match',
            ['get', 'kind'],
            'peak',
            '#6d4c41',
            'reservoir',
            '#1e88e5',
            'river',
            '#1e88e5',
            '#455a64',
          ],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1,
        },
      },
      before,
    );
    map.addLayer(
      {
        id: LABEL,
        type: 'symbol',
        source: SOURCE,
        minzoom: MIN_ZOOM,
        layout: {
          'text-field': ['case', ['==', ['get', 'kind'], 'peak'], ['concat', '▲ ', ['get', 'name']], ['get', 'name']],
          'text-size': ['match', ['get', 'kind'], 'village', 14, 'peak', 13, 12],
          'text-anchor': 'top',
          'text-offset': [0, 0.6],
        },
        paint: {
          'text-color': [
            'match',
            ['get', 'kind'],
            'peak',
            '#4e342e',
            'reservoir',
            '#0d47a1',
            'river',
            '#0d47a1',
            '#263238',
          ],
          'text-halo-color': '#ffffff',
          'text-halo-width': 1.5,
        },
      },
      before,
    );
    return () => removeAll(map, [LABEL, DOT], SOURCE);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    let asked = 0;
    const update = () => {
      const mine = ++asked;
      if (map.getZoom() < MIN_ZOOM) {
        setSourceData(map, SOURCE, []);
        return;
      }
      const b = map.getBounds();
      const sw = fromMap(b.getSouthWest());
      const ne = fromMap(b.getNorthEast());
      const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
      const bbox = [clamp(sw.lon, 180), clamp(sw.lat, 90), clamp(ne.lon, 180), clamp(ne.lat, 90)] as const;
      placesOnMap(bbox)
        .then(({ places }) => {
          if (mine !== asked) return; // a later move asked again
          setSourceData(
            map,
            SOURCE,
            places.map((p) => ({
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
              properties: { name: p.name, kind: p.kind },
            })),
          );
        })
        // Names are a help, not the map: a failed load leaves the last ones and the next move asks again.
        .catch(() => undefined);
    };
    update();
    map.on('moveend', update);
    return () => {
      map.off('moveend', update);
    };
  }, []);

  return null;
}
