import { useEffect } from 'react';
import i18n from '../i18n.ts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { metresToPixels } from '../map/metres-to-pixels.ts';
import { caseStore } from './case-store.ts';
import type { CaseDetail } from './case-types.ts';
import { clockTime } from '../shared/clock-time.ts';
import { fixAgeText, fixBatteryText } from './caller-battery-text.ts';
import './caller-battery-i18n.ts';
import { fitPoints } from '../map/core/map-points.ts';

const RINGS = 'case-rings';
const FIXES = 'case-caller';
const IPP = 'case-ipp';
const TARGETS = 'case-targets';
const AGE_REFRESH_MS = 30_000;

function ringsData(d: CaseDetail | null): unknown[] {
  return d?.rings?.features ?? [];
}

/** Each fix labelled with its source, accuracy, time and age, and the battery it reported. */
function fixesData(d: CaseDetail | null, nowMs: number): unknown[] {
  return (d?.callerLocations.features ?? []).map((f) => {
    const p = f.properties;
    const battery = fixBatteryText(i18n.t, p.battery);
    return {
      type: 'Feature',
      geometry: f.geometry,
      properties: {
        id: p.id,
        acc: p.accuracyM,
        battery: p.battery,
        label:
          `${i18n.t('cases.source.' + p.source)} ±${Math.round(p.accuracyM)} m · ${clockTime(p.t)}` +
          ` (${fixAgeText(i18n.t, p.t, nowMs)})${battery ? `\n${battery}` : ''}`,
      },
    };
  });
}

function ippData(d: CaseDetail | null): unknown[] {
  const ipp = d?.case.ipp;
  return ipp
    ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [ipp.lon, ipp.lat] }, properties: { label: 'IPP' } }]
    : [];
}

function targetsData(d: CaseDetail | null): unknown[] {
  return (d?.assignments ?? [])
    .filter((a) => a.status !== 'found' && a.status !== 'stood_down')
    .map((a) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [a.target.lon, a.target.lat] },
      properties: { label: `${a.unitCallsign ?? ''} → ${i18n.t('officer.status.' + a.status)}` },
    }));
}

/**
 * The open case on the commander's map: ISRID rings around the IPP with their percentages, the IPP, the caller's
 * fixes with accuracy circles to scale, and the targets units are sent to.
 */
export function CaseLayers({ refLat }: { refLat: number }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(RINGS, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${RINGS}-line`,
      type: 'line',
      source: RINGS,
      paint: { 'line-color': '#6a1b9a', 'line-width': 2, 'line-dasharray': [3, 2], 'line-opacity': 0.8 },
    });
    map.addLayer({
      id: `${RINGS}-label`,
      type: 'symbol',
      source: RINGS,
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'label'], 'text-size': 13, 'symbol-spacing': 400 },
      paint: { 'text-color': '#4a148c', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    map.addSource(FIXES, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${FIXES}-accuracy`,
      type: 'circle',
      source: FIXES,
      paint: {
        'circle-radius': metresToPixels(refLat, 'acc') as never,
        'circle-color': '#00838f',
        'circle-opacity': 0.12,
        'circle-stroke-color': '#00838f',
        'circle-stroke-width': 1.5,
        'circle-pitch-alignment': 'map',
      },
    });
    map.addLayer({
      id: `${FIXES}-point`,
      type: 'circle',
      source: FIXES,
      paint: {
        'circle-radius': 7,
        'circle-color': '#00838f',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: `${FIXES}-label`,
      type: 'symbol',
      source: FIXES,
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top' },
      paint: { 'text-color': '#004d40', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    });
    map.addSource(IPP, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${IPP}-point`,
      type: 'circle',
      source: IPP,
      paint: {
        'circle-radius': 8,
        'circle-color': '#6a1b9a',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: `${IPP}-label`,
      type: 'symbol',
      source: IPP,
      layout: { 'text-field': ['get', 'label'], 'text-size': 13, 'text-offset': [0, -1.2], 'text-anchor': 'bottom' },
      paint: { 'text-color': '#4a148c', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    map.addSource(TARGETS, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${TARGETS}-point`,
      type: 'circle',
      source: TARGETS,
      paint: {
        'circle-radius': 12,
        'circle-color': 'rgba(198,40,40,0.2)',
        'circle-stroke-color': '#c62828',
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: `${TARGETS}-label`,
      type: 'symbol',
      source: TARGETS,
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-offset': [0, 1.5], 'text-anchor': 'top' },
      paint: { 'text-color': '#8e0000', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    });
    return () => {
      removeAll(map, [`${TARGETS}-label`, `${TARGETS}-point`], TARGETS);
      removeAll(map, [`${IPP}-label`, `${IPP}-point`], IPP);
      removeAll(map, [`${FIXES}-label`, `${FIXES}-point`, `${FIXES}-accuracy`], FIXES);
      removeAll(map, [`${RINGS}-label`, `${RINGS}-line`], RINGS);
    };
  }, [refLat]);

  useEffect(() => {
    const map = getMap()!;
    let shownFor: string | null = null;
    const update = () => {
      const d = caseStore.detail;
      setSourceData(map, RINGS, ringsData(d));
      setSourceData(map, FIXES, fixesData(d, Date.now()));
      setSourceData(map, IPP, ippData(d));
      setSourceData(map, TARGETS, targetsData(d));
      // Bring the case into view once when it is opened.
      if (d && shownFor !== d.case.id) {
        shownFor = d.case.id;
        const pts: [number, number][] = [
          ...(d.case.ipp ? [[d.case.ipp.lon, d.case.ipp.lat] as [number, number]] : []),
          ...d.callerLocations.features.map((f) => f.geometry.coordinates),
        ];
        if (!(window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false))
          fitPoints(map, pts, { padding: 40, maxZoom: 15, duration: 0 }, 0.01);
      }
    };
    update();
    const off = caseStore.subscribe(update);
    i18n.on('languageChanged', update);
    // The fixes' ages in their labels.
    const ages = setInterval(() => setSourceData(map, FIXES, fixesData(caseStore.detail, Date.now())), AGE_REFRESH_MS);
    return () => {
      off();
      clearInterval(ages);
      i18n.off('languageChanged', update);
    };
  }, []);

  return null;
}
