import { useEffect } from 'react';
import turfDistance from '@turf/distance';
import i18n from '../i18n.ts';
import { liveStore } from '../live/store.ts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { metresToPixels } from '../map/metres-to-pixels.ts';
import type { OwnPosition } from './position-tracker.ts';

const ME = 'officer-me';
const TARGET = 'officer-target';
const BEACON = 'officer-beacon';

/** The officer's own position: a blue dot with its accuracy circle to scale. */
export function MeLayer({ me }: { me: OwnPosition | null }) {
  const refLat = me?.lat ?? 30;
  useEffect(() => {
    const map = getMap()!;
    map.addSource(ME, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${ME}-accuracy`,
      type: 'circle',
      source: ME,
      paint: {
        'circle-radius': metresToPixels(refLat, 'acc') as never,
        'circle-color': '#1565c0',
        'circle-opacity': 0.12,
        'circle-stroke-color': '#1565c0',
        'circle-stroke-width': 1,
        'circle-pitch-alignment': 'map',
      },
    });
    map.addLayer({
      id: `${ME}-dot`,
      type: 'circle',
      source: ME,
      paint: {
        'circle-radius': 9,
        'circle-color': '#1565c0',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 3,
      },
    });
    return () => removeAll(map, [`${ME}-dot`, `${ME}-accuracy`], ME);
    // The reference latitude only needs to be right to a degree or so; re-adding the layer on every fix is waste.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [Math.round(refLat)]);

  useEffect(() => {
    const map = getMap()!;
    setSourceData(
      map,
      ME,
      me
        ? [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [me.lon, me.lat] },
              properties: { acc: me.accuracy ?? 0 },
            },
          ]
        : [],
    );
  }, [me]);
  return null;
}

/** The target (a red ring with a cross) and a dashed line from the officer to it. */
export function TargetLayer({ target, me }: { target: [number, number] | null; me: OwnPosition | null }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(TARGET, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${TARGET}-line`,
      type: 'line',
      source: TARGET,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': '#c62828', 'line-width': 3, 'line-dasharray': [2, 1.5] },
    });
    map.addLayer({
      id: `${TARGET}-point`,
      type: 'circle',
      source: TARGET,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 14,
        'circle-color': 'rgba(198,40,40,0.25)',
        'circle-stroke-color': '#c62828',
        'circle-stroke-width': 4,
      },
    });
    map.addLayer({
      id: `${TARGET}-label`,
      type: 'symbol',
      source: TARGET,
      filter: ['==', ['geometry-type'], 'Point'],
      layout: { 'text-field': ['get', 'label'], 'text-size': 15, 'text-offset': [0, 1.6], 'text-anchor': 'top' },
      paint: { 'text-color': '#8e0000', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    return () => removeAll(map, [`${TARGET}-label`, `${TARGET}-point`, `${TARGET}-line`], TARGET);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const features: unknown[] = [];
    if (target) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: target },
        properties: { label: i18n.t('officer.target') },
      });
      if (me)
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [[me.lon, me.lat], target] },
          properties: {},
        });
    }
    setSourceData(map, TARGET, features);
  }, [target, me]);
  return null;
}

export interface BeaconDrone {
  id: string;
  callsign: string;
  lon: number;
  lat: number;
}

/** The live drone nearest the target (a fix in the last 5 min), else the one the server named. */
export function nearestLiveDrone(target: [number, number], now = Date.now()): BeaconDrone | null {
  let best: BeaconDrone | null = null;
  let bestD = Infinity;
  for (const d of liveStore.drones.values()) {
    if (!d.latest || d.lastT === null || now - d.lastT > 300_000) continue;
    const dist = turfDistance(target, [d.latest.lon, d.latest.lat], { units: 'meters' });
    if (dist < bestD) {
      bestD = dist;
      best = { id: d.id, callsign: d.callsign, lon: d.latest.lon, lat: d.latest.lat };
    }
  }
  return best;
}

/**
 * The nearest drone as a beacon: a wide yellow ring with its callsign, moving with the live feed. It reads the
 * live store itself (a few times per second), so telemetry never goes through React.
 */
export function BeaconLayer({ target, fallback }: { target: [number, number] | null; fallback: BeaconDrone | null }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(BEACON, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${BEACON}-ring`,
      type: 'circle',
      source: BEACON,
      paint: {
        'circle-radius': 22,
        'circle-color': 'rgba(255,193,7,0.25)',
        'circle-stroke-color': '#ff8f00',
        'circle-stroke-width': 4,
      },
    });
    map.addLayer({
      id: `${BEACON}-label`,
      type: 'symbol',
      source: BEACON,
      layout: { 'text-field': ['get', 'label'], 'text-size': 14, 'text-offset': [0, -2.4], 'text-anchor': 'bottom' },
      paint: { 'text-color': '#5d4037', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    return () => removeAll(map, [`${BEACON}-label`, `${BEACON}-ring`], BEACON);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const update = () => {
      const d = target ? (nearestLiveDrone(target) ?? fallback) : null;
      setSourceData(
        map,
        BEACON,
        d
          ? [
              {
                type: 'Feature',
                geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
                properties: { id: d.id, label: i18n.t('officer.beacon', { callsign: d.callsign }) },
              },
            ]
          : [],
      );
    };
    update();
    return liveStore.subscribe('drones', update);
  }, [target, fallback]);
  return null;
}
