import { useCallback, useState } from 'react';
import type { PlaceView } from '@lookout/contracts';
import { getMap } from '../map/core/map-instance.ts';
import { PlaceMarkerLayer } from './PlaceMarkerLayer.tsx';
import { PlaceSearch } from './PlaceSearch.tsx';
import { toMap } from '../map/core/datum.ts';
import { mapCentre } from '../map/core/map-points.ts';

/** Zoom a picked place is shown at: a peak or a village with its surroundings. */
const PLACE_ZOOM = 15;

/** The map's place search: distances from the map's centre; a pick flies there and marks the place. */
export function MapPlaceSearch() {
  const [picked, setPicked] = useState<PlaceView | null>(null);
  const onPick = useCallback((p: PlaceView) => {
    setPicked(p);
    const map = getMap();
    map?.flyTo({ center: toMap([p.lon, p.lat]), zoom: Math.max(map.getZoom(), PLACE_ZOOM), duration: 800 });
  }, []);
  return (
    <>
      <PlaceSearch near={mapCentre} onPick={onPick} testId="map-place-search" className="on-map" />
      <PlaceMarkerLayer place={picked} />
    </>
  );
}
