import type { SightingFeature } from '../api-types.ts';
import { clockTime } from '../shared/clock-time.ts';
import type { DroneState } from '../live/store.ts';
import { isStale } from '../live/staleness.ts';

/** What the drones layer draws for one drone. `label` is the text under the symbol. */
export interface DroneFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { id: string; callsign: string; hdg: number; stale: boolean; label: string; bat: number | null };
}

/**
 * Drone symbols with their labels: "A1 · 64%" (with a source tag: "A1 · 64% · MAVLink"), and when stale a second line "42 秒前" (the symbol turns grey).
 * Drones that never reported are left out (there is nowhere to draw them).
 */
export function droneFeatures(
  drones: Iterable<DroneState>,
  now: number,
  staleAfterS: number,
  formatAge: (ageMs: number) => string,
  /** A short tag for the drone's telemetry source (e.g. "MAVLink"), or undefined for none. */
  sourceTag: (source: string) => string | undefined = () => undefined,
): DroneFeature[] {
  const out: DroneFeature[] = [];
  for (const d of drones) {
    if (!d.latest) continue;
    const stale = isStale(d.lastT, now, staleAfterS);
    const bat = typeof d.latest.bat === 'number' ? Math.round(d.latest.bat) : null;
    let label = bat === null ? d.callsign : `${d.callsign} · ${bat}%`;
    const tag = d.source ? sourceTag(d.source) : undefined;
    if (tag) label += ` · ${tag}`;
    if (stale && d.lastT !== null) label += `\n${formatAge(now - d.lastT)}`;
    out.push({
      type: 'Feature',
      id: d.id,
      geometry: { type: 'Point', coordinates: [d.latest.lon, d.latest.lat] },
      properties: { id: d.id, callsign: d.callsign, hdg: d.latest.hdg ?? 0, stale, label, bat },
    });
  }
  return out;
}

export interface SightingMapFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { id: string; status: string; label: string; /** uncertainty radius, m (0 = unknown) */ uncM: number };
}

/** Sighting symbols labelled "人员 70% · 08:14" (kind, confidence, local time). */
export function sightingFeatures(
  sightings: Iterable<SightingFeature>,
  kindName: (kind: string) => string,
): SightingMapFeature[] {
  const out: SightingMapFeature[] = [];
  for (const s of sightings) {
    const p = s.properties;
    const conf = typeof p.conf === 'number' ? ` ${Math.round(p.conf * 100)}%` : '';
    const t = Date.parse(p.t);
    const time = Number.isFinite(t) ? ` · ${clockTime(t)}` : '';
    out.push({
      type: 'Feature',
      id: String(p.id),
      geometry: s.geometry,
      properties: {
        id: String(p.id),
        status: p.status,
        label: `${kindName(p.kind)}${conf}${time}`,
        uncM: typeof p.uncM === 'number' && p.uncM > 0 ? p.uncM : 0,
      },
    });
  }
  return out;
}
