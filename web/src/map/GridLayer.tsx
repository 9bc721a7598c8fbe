import { useEffect } from 'react';
import { gridLines } from '../geo/grid.ts';
import { getMap } from './core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from './layer-util.ts';
import { fromMap } from './core/datum.ts';

const SOURCE = 'grid';
const LAYER = 'grid-line';

/** Optional 1 km reference grid; `refLat` fixes the east–west spacing. Reports when zoomed out too far. */
export function GridLayer({ refLat, onTooMany }: { refLat: number; onTooMany: (tooMany: boolean) => void }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    // Under the drones and sightings: added first among the operational layers, or before the trails if present.
    map.addLayer(
      {
        id: LAYER,
        type: 'line',
        source: SOURCE,
        paint: { 'line-color': '#c62828', 'line-opacity': 0.45, 'line-width': 1, 'line-dasharray': [4, 3] },
      },
      map.getLayer('trails-line') ? 'trails-line' : undefined,
    );
    return () => removeAll(map, [LAYER], SOURCE);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const update = () => {
      const b = map.getBounds();
      const sw = fromMap(b.getSouthWest());
      const ne = fromMap(b.getNorthEast());
      const lines = gridLines({ west: sw.lon, south: sw.lat, east: ne.lon, north: ne.lat }, refLat);
      onTooMany(lines === null);
      setSourceData(map, SOURCE, lines ?? []);
    };
    update();
    map.on('moveend', update);
    return () => {
      map.off('moveend', update);
      onTooMany(false);
    };
  }, [refLat, onTooMany]);

  return null;
}
