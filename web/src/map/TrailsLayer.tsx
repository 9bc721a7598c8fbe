import { useEffect } from 'react';
import { liveStore } from '../live/store.ts';
import { trailSegments } from '../live/trails.ts';
import { getMap } from './core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from './layer-util.ts';

const SOURCE = 'trails';
const LAYER = 'trails-line';

/** Last 10 minutes of each drone's path; older pieces fade (age-bucketed opacity). Renders nothing. */
export function TrailsLayer() {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: LAYER,
      type: 'line',
      source: SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#1565c0',
        'line-width': 3,
        'line-opacity': ['interpolate', ['linear'], ['get', 'age'], 0, 0.9, 1, 0.12],
      },
    });
    return () => removeAll(map, [LAYER], SOURCE);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const update = () => {
      const now = Date.now();
      const features = [];
      for (const [id, pts] of liveStore.trails) features.push(...trailSegments(id, pts, now));
      setSourceData(map, SOURCE, features);
    };
    update();
    const unsub = liveStore.subscribe('trails', update);
    const timer = setInterval(update, 10_000); // ages move on even without new points
    return () => {
      unsub();
      clearInterval(timer);
    };
  }, []);

  return null;
}
