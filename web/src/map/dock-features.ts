import type { Dock } from '@lookout/contracts';

/** Docks as map points with a label: "Dock 0DM4 · in operation · aircraft out · 39.7 m MSL (EGM96)". */
export function dockFeatures(docks: Dock[], t: (key: string, opts?: Record<string, unknown>) => string): unknown[] {
  return docks.map((d) => {
    const parts = [`${t('map.dock')} ${d.serial.slice(-4)}`];
    if (d.modeCode !== null) parts.push(t(`map.dockModes.${d.modeCode}`, { defaultValue: String(d.modeCode) }));
    if (d.droneInDock !== null) parts.push(t(d.droneInDock ? 'map.dockInside' : 'map.dockOut'));
    if (d.heightMsl !== null) parts.push(t('map.heightMsl', { h: d.heightMsl.toFixed(1) }));
    return {
      type: 'Feature',
      id: d.serial,
      geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
      properties: { serial: d.serial, label: parts.join(' · '), working: d.modeCode === 4 },
    };
  });
}
