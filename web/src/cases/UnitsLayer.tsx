import { useEffect } from 'react';
import i18n from '../i18n.ts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { caseApi } from './case-api.ts';
import { onCaseEvent, onUnitPositions } from './case-feed.ts';
import type { Unit } from './case-types.ts';

const SOURCE = 'units';

function unitLabel(u: UnitState): string {
  const name = u.agency ? i18n.t('cases.team.unitLabel', { callsign: u.callsign, agency: u.agency }) : u.callsign;
  return u.status ? `${name} · ${i18n.t('officer.status.' + u.status)}` : name;
}

interface UnitState {
  callsign: string;
  /** An outside team's agency (消防救援队 …), shown with its callsign; null for an officer. */
  agency: string | null;
  lon: number;
  lat: number;
  t: string;
  status: string | null;
}

/**
 * Officers and outside teams on the commander's map: a green square (a shape of its own, not a drone's disc or a sighting's
 * diamond) with callsign and assignment status. Loaded from GET /units, then moved by the live `units`
 * positions; the few dozen officers of a search need no buffering beyond the socket controller's.
 */
export function UnitsLayer() {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${SOURCE}-symbol`,
      type: 'symbol',
      source: SOURCE,
      layout: {
        'text-field': ['get', 'label'],
        'text-size': 12,
        'text-offset': [0, 1.3],
        'text-anchor': 'top',
        'text-optional': true,
        'icon-allow-overlap': true,
      },
      paint: { 'text-color': '#1b5e20', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    });
    map.addLayer(
      {
        id: `${SOURCE}-square`,
        type: 'circle',
        source: SOURCE,
        paint: {
          'circle-radius': 8,
          'circle-color': '#2e7d32',
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 3,
        },
      },
      `${SOURCE}-symbol`,
    );
    return () => removeAll(map, [`${SOURCE}-symbol`, `${SOURCE}-square`], SOURCE);
  }, []);

  useEffect(() => {
    const map = getMap()!;
    const units = new Map<string, UnitState>();
    const draw = () =>
      setSourceData(
        map,
        SOURCE,
        [...units.entries()].map(([id, u]) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
          properties: { id, label: unitLabel(u) },
        })),
      );
    const load = () =>
      caseApi
        .units()
        .then((r) => {
          for (const u of r.units as Unit[]) {
            const prev = units.get(u.id);
            const pos = u.position;
            if (!pos && !prev) continue;
            units.set(u.id, {
              callsign: u.callsign,
              agency: u.agency,
              lon: pos?.lon ?? prev!.lon,
              lat: pos?.lat ?? prev!.lat,
              t: pos?.t ?? prev!.t,
              status: u.assignment?.status ?? null,
            });
          }
          draw();
        })
        .catch(() => undefined);
    void load();
    const offPositions = onUnitPositions((list) => {
      let unknown = false;
      for (const p of list) {
        const u = units.get(p.unitId);
        if (!u) unknown = true;
        else if (p.t >= u.t) units.set(p.unitId, { ...u, lon: p.lon, lat: p.lat, t: p.t });
      }
      draw();
      if (unknown) void load();
    });
    const offEvents = onCaseEvent((e) => {
      if (e.kind === 'assignment') void load();
    });
    i18n.on('languageChanged', draw);
    return () => {
      offPositions();
      offEvents();
      i18n.off('languageChanged', draw);
    };
  }, []);
  return null;
}
