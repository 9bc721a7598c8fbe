import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import i18n from '../i18n.ts';
import { ICONS } from '../map/core/icons.ts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { metresToPixels } from '../map/metres-to-pixels.ts';
import type { Player } from './replay-player.ts';
import { DRONE_OPTS, eventKey, indexScene, movingAt, sceneBounds, staticAt, UNIT_OPTS } from './replay-scene.ts';
import type { ReplayData } from './replay-types.ts';
import { boundsToMap } from '../map/core/datum.ts';

/** Source ids (the e2e test and the bench read them). */
export const REPLAY_SOURCES = {
  /** Drones and officers (`kind`: drone | unit), set every frame: one source, one worker job per frame. */
  moving: 'replay-moving',
  trails: 'replay-trails',
  callers: 'replay-callers',
  sightings: 'replay-sightings',
  matches: 'replay-matches',
  alertPoints: 'replay-alert-points',
  alertAreas: 'replay-alert-areas',
} as const;

const S = REPLAY_SOURCES;
const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 };

function addLayers(map: MapLibreMap, refLat: number): string[] {
  for (const id of Object.values(S)) map.addSource(id, { type: 'geojson', data: EMPTY });
  const layers: Parameters<MapLibreMap['addLayer']>[0][] = [
    {
      id: 'replay-alert-fill',
      type: 'fill',
      source: S.alertAreas,
      paint: { 'fill-color': '#f9a825', 'fill-opacity': 0.1 },
    },
    {
      id: 'replay-alert-line',
      type: 'line',
      source: S.alertAreas,
      paint: { 'line-color': '#f57f17', 'line-width': 2, 'line-dasharray': [2, 2] },
    },
    {
      id: 'replay-caller-accuracy',
      type: 'circle',
      source: S.callers,
      paint: {
        'circle-radius': metresToPixels(refLat, 'acc') as never,
        'circle-color': '#00838f',
        'circle-opacity': 0.1,
        'circle-stroke-color': '#00838f',
        'circle-stroke-width': 1.5,
        'circle-pitch-alignment': 'map',
      },
    },
    {
      id: 'replay-unit-trail',
      type: 'line',
      source: S.trails,
      filter: ['==', ['get', 'kind'], 'unit'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#2e7d32', 'line-width': 3, 'line-opacity': 0.6 },
    },
    {
      id: 'replay-drone-trail',
      type: 'line',
      source: S.trails,
      filter: ['==', ['get', 'kind'], 'drone'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#1565c0', 'line-width': 3, 'line-opacity': 0.6 },
    },
    {
      id: 'replay-match-line',
      type: 'line',
      source: S.matches,
      paint: {
        'line-color': ['case', ['get', 'confirmed'], '#2e7d32', '#6a1b9a'],
        'line-width': ['case', ['get', 'confirmed'], 4, 2],
        'line-dasharray': [1, 1],
      },
    },
    {
      id: 'replay-caller-point',
      type: 'circle',
      source: S.callers,
      paint: { 'circle-radius': 6, 'circle-color': '#00838f', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    },
    {
      id: 'replay-alert-point',
      type: 'circle',
      source: S.alertPoints,
      paint: { 'circle-radius': 8, 'circle-color': '#f57f17', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    },
    {
      id: 'replay-alert-label',
      type: 'symbol',
      source: S.alertPoints,
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-offset': [0, 1.3], 'text-anchor': 'top' },
      paint: { 'text-color': '#8d4400', ...halo },
    },
    {
      id: 'replay-sighting',
      type: 'symbol',
      source: S.sightings,
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
        'text-field': ['get', 'label'],
        'text-size': 12,
        'text-variable-anchor': ['bottom', 'left', 'right'],
        'text-radial-offset': 1.3,
        'text-optional': true,
      },
      paint: { 'text-color': '#8d2800', ...halo },
    },
    {
      id: 'replay-unit',
      type: 'circle',
      source: S.moving,
      filter: ['==', ['get', 'kind'], 'unit'],
      paint: { 'circle-radius': 8, 'circle-color': '#2e7d32', 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 },
    },
    {
      id: 'replay-unit-label',
      type: 'symbol',
      source: S.moving,
      filter: ['==', ['get', 'kind'], 'unit'],
      layout: {
        'text-field': ['get', 'label'],
        'text-size': 12,
        'text-offset': [0, 1.3],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#1b5e20', ...halo },
    },
    {
      id: 'replay-drone',
      type: 'symbol',
      source: S.moving,
      filter: ['==', ['get', 'kind'], 'drone'],
      layout: {
        'icon-image': ICONS.drone,
        'icon-rotate': ['get', 'hdg'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true,
        'text-field': ['get', 'label'],
        'text-size': 13,
        'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
        'text-radial-offset': 1.4,
        'text-optional': true,
      },
      paint: { 'text-color': '#0d3c78', ...halo },
    },
  ];
  for (const l of layers) map.addLayer(l);
  return layers.map((l) => l.id);
}

/** What is on the map at the current frame, for the e2e test and the bench (window.__replay.visible). */
export interface Visible {
  t: number;
  drones: string[];
  units: string[];
  callers: number;
  sightings: number;
  matches: number;
  confirmed: number;
  alerts: number;
}

/**
 * The replay on the one map: drones and officers with short trails (set every frame), caller fixes with
 * accuracy, sightings, match lines, alerts and their notified area (set when they change). Renders nothing.
 */
export function ReplayLayers({
  data,
  player,
  refLat,
  onVisible,
}: {
  data: ReplayData;
  player: Player;
  refLat: number;
  onVisible: (v: Visible) => void;
}) {
  useEffect(() => {
    const map = getMap()!;
    const layers = addLayers(map, refLat);
    return () => {
      if (!map.style) return;
      for (const l of [...layers].reverse()) if (map.getLayer(l)) map.removeLayer(l);
      for (const s of Object.values(S)) removeAll(map, [], s);
    };
  }, [refLat]);

  useEffect(() => {
    const b = sceneBounds(data);
    if (b)
      getMap()!.fitBounds(boundsToMap([b.slice(0, 2), b.slice(2)] as [[number, number], [number, number]]), {
        padding: 48,
        duration: 0,
        maxZoom: 16,
      });
  }, [data]);

  useEffect(() => {
    const map = getMap()!;
    const ix = indexScene(data);
    let key = '';
    let counts = { callers: 0, sightings: 0, matches: 0, confirmed: 0, alerts: 0 };
    const labels = {
      acked: (n: number, of: number) => i18n.t('replay.alertAcked', { n, of }),
      kind: (kind: string) => i18n.t(`sighting.kind.${kind}`, { defaultValue: kind }),
    };
    return player.onFrame((t) => {
      const drones = movingAt(data.drones, t, DRONE_OPTS, 'drone');
      const units = movingAt(data.units, t, UNIT_OPTS, 'unit');
      setSourceData(map, S.moving, [...drones.points, ...units.points]);
      setSourceData(map, S.trails, [...drones.trails, ...units.trails]);
      const k = eventKey(ix, t);
      if (k !== key) {
        key = k;
        const st = staticAt(data, t, labels);
        setSourceData(map, S.callers, st.callers);
        setSourceData(map, S.sightings, st.sightings);
        setSourceData(map, S.matches, st.matches);
        setSourceData(map, S.alertPoints, st.alertPoints);
        setSourceData(map, S.alertAreas, st.alertAreas);
        counts = {
          callers: st.callers.length,
          sightings: st.sightings.length,
          matches: st.matches.length,
          confirmed: st.matches.filter((m) => m.properties?.confirmed).length,
          alerts: st.alertPoints.length,
        };
      }
      onVisible({ t, drones: drones.ids, units: units.ids, ...counts });
    });
  }, [data, player, onVisible]);

  return null;
}
