import { useEffect } from 'react';
import i18n from '../i18n.ts';
import { caseStore } from '../cases/case-store.ts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { coverageMapFeatures, findGap, gapPieces } from './coverage-features.ts';
import { addCoverageLayers, removeCoverageLayers, setCoverageVisible } from './coverage-map-layers.ts';
import { coverageStore } from './coverage-store.ts';
import { planMapFeatures } from './plan-features.ts';
import './coverage-i18n.ts';

const PREFIX = 'coverage';
const PLAN = 'coverage-plan';
/** Layers a click on a gap must not steal from (a sighting or a drone over a gap is what the user meant). */
const ON_TOP = ['sightings-symbol', 'drones-symbol', 'docks-symbol'];

/**
 * The open case's camera coverage on the map (commander and pilot): covered ground by band, the gaps (未覆盖) a
 * click selects, and the flight suggested for the selected gap. Follows the case the case store has open and
 * polls its coverage while mounted. Renders nothing.
 */
export function CoverageLayer() {
  useEffect(() => {
    const map = getMap()!;
    const ids = addCoverageLayers(map, PREFIX);
    map.addSource(PLAN, { type: 'geojson', data: EMPTY });
    const before = map.getLayer('trails-line') ? 'trails-line' : undefined;
    map.addLayer(
      {
        id: `${PLAN}-line`,
        type: 'line',
        source: PLAN,
        filter: ['==', ['get', 'part'], 'path'],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#1a237e', 'line-width': 2.5, 'line-dasharray': [2, 1] },
      },
      before,
    );
    map.addLayer(
      {
        id: `${PLAN}-start`,
        type: 'circle',
        source: PLAN,
        filter: ['==', ['get', 'part'], 'start'],
        paint: {
          'circle-radius': 6,
          'circle-color': '#1a237e',
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      },
      before,
    );
    map.addLayer(
      {
        id: `${PLAN}-label`,
        type: 'symbol',
        source: PLAN,
        filter: ['==', ['get', 'part'], 'start'],
        layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top' },
        paint: { 'text-color': '#1a237e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
      },
      before,
    );

    const click = (e: { point: { x: number; y: number }; features?: { properties: Record<string, unknown> }[] }) => {
      if (map.getCanvas().style.cursor === 'crosshair') return; // a point is being picked for something else
      const top = ON_TOP.filter((l) => map.getLayer(l));
      if (top.length && map.queryRenderedFeatures([e.point.x, e.point.y], { layers: top }).length) return;
      const key = e.features?.[0]?.properties.key;
      if (typeof key !== 'string' || !coverageStore.data) return;
      coverageStore.selectGap(findGap(gapPieces(coverageStore.data), key));
      if (!caseStore.panelOpen) caseStore.setPanelOpen(true);
    };
    const enter = () => (map.getCanvas().style.cursor = 'pointer');
    const leave = () => (map.getCanvas().style.cursor = '');
    map.on('click', ids.gapFill, click);
    map.on('mouseenter', ids.gapFill, enter);
    map.on('mouseleave', ids.gapFill, leave);

    const update = () => {
      const s = coverageStore;
      const gapLabel = i18n.t('coverage.gap');
      setSourceData(map, ids.source, s.data ? coverageMapFeatures(s.data, s.selected?.key ?? null, gapLabel) : []);
      setCoverageVisible(map, ids, s.shown);
      setSourceData(map, PLAN, planMapFeatures(s.plan, i18n.t('coverage.planStart')));
    };
    update();
    const off = coverageStore.subscribe(update);
    i18n.on('languageChanged', update);
    return () => {
      off();
      i18n.off('languageChanged', update);
      map.off('click', ids.gapFill, click);
      map.off('mouseenter', ids.gapFill, enter);
      map.off('mouseleave', ids.gapFill, leave);
      removeAll(map, [`${PLAN}-label`, `${PLAN}-start`, `${PLAN}-line`], PLAN);
      removeCoverageLayers(map, ids);
    };
  }, []);

  // The case open in the panel is the one whose coverage is fetched and polled.
  useEffect(() => {
    const sync = () => coverageStore.follow(caseStore.selectedId);
    sync();
    const off = caseStore.subscribe(sync);
    return () => {
      off();
      coverageStore.follow(null);
    };
  }, []);

  return null;
}
