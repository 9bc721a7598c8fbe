import type { ColumnTrack } from '@lookout/contracts';
import { countUpTo, lastAtOrBefore, trailAt, type LonLat, type PositionOptions } from './replay-clock.ts';
import type { ReplayData } from './replay-types.ts';

/**
 * What the map shows at replay time t, as GeoJSON features per source (pure; ReplayLayers hands them to
 * MapLibre). Moving things (drones, officers) are rebuilt every frame; the rest only when what is visible changed
 * (`eventKey`).
 */

/** Drones report at ~2 Hz: a gap over 15 s is a landing or a link loss; shown 30 s after its last fix. */
export const DRONE_OPTS: PositionOptions = { maxGapMs: 15_000, holdMs: 30_000 };
/** Officers' phones post every few seconds, less in the background: joined over 2 min, shown 10 min. */
export const UNIT_OPTS: PositionOptions = { maxGapMs: 120_000, holdMs: 600_000 };
/** The short trail behind a moving drone or officer (replay time). */
export const TRAIL_MS = 120_000;

type Feature = GeoJSON.Feature;

const point = (c: LonLat, properties: Record<string, unknown>): Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: c },
  properties,
});

/** Degrees clockwise from north from a to b (flat-earth; small steps). */
export function bearing(a: LonLat, b: LonLat): number {
  const dx = (b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180);
  const dy = b[1] - a[1];
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/**
 * Where the symbol points at t: the heading the drone reported with its last fix, else the direction of travel
 * from the last trail point that differs from here (a hovering or paused aircraft keeps its last direction
 * instead of snapping to north).
 */
export function headingAt(track: ColumnTrack, t: number, trail: readonly LonLat[]): number {
  const k = lastAtOrBefore(track.t, t);
  const reported = k >= 0 ? track.hdg?.[k] : undefined;
  if (reported !== undefined && reported >= 0) return reported;
  const here = trail[trail.length - 1]!;
  for (let i = trail.length - 2; i >= 0; i--) {
    const p = trail[i]!;
    if (p[0] !== here[0] || p[1] !== here[1]) return bearing(p, here);
  }
  return 0;
}

export interface MovingFrame {
  points: Feature[];
  trails: Feature[];
  ids: string[];
}

/** Positions and short trails of the tracks at t. */
export function movingAt(
  tracks: readonly ColumnTrack[],
  t: number,
  opts: PositionOptions,
  kind: 'drone' | 'unit',
): MovingFrame {
  const points: Feature[] = [];
  const trails: Feature[] = [];
  const ids: string[] = [];
  for (const track of tracks) {
    const trail = trailAt(track, t, TRAIL_MS, opts);
    if (!trail.length) continue;
    const here = trail[trail.length - 1]!;
    ids.push(track.id);
    points.push(point(here, { id: track.id, kind, label: track.callsign, hdg: headingAt(track, t, trail) }));
    if (trail.length > 1)
      trails.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: trail },
        properties: { id: track.id, kind },
      });
  }
  return { points, trails, ids };
}

/** Sorted time columns of everything that appears or changes at a moment, for `eventKey`. */
export interface SceneIndex {
  callers: number[];
  sightings: number[];
  sightingStatus: number[];
  matches: number[];
  confirmed: number[];
  alerts: number[];
  messages: number[];
  sent: number[];
  acked: number[];
  events: number[];
}

const sorted = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null).sort((a, b) => a - b);

export function indexScene(d: ReplayData): SceneIndex {
  const deliveries = d.alerts.flatMap((a) => a.deliveries);
  return {
    callers: sorted(d.callers.map((c) => c.t)),
    sightings: sorted(d.sightings.map((s) => s.t)),
    sightingStatus: sorted(d.sightings.map((s) => s.statusT)),
    matches: sorted(d.matches.map((m) => m.t)),
    confirmed: sorted(d.matches.map((m) => m.confirmedT)),
    alerts: sorted(d.alerts.map((a) => a.t)),
    messages: sorted(d.alerts.flatMap((a) => a.messages.map((m) => m.t))),
    sent: sorted(deliveries.map((x) => x.sentT)),
    acked: sorted(deliveries.map((x) => x.ackT)),
    events: d.events.map((e) => e.t),
  };
}

/** Changes exactly when the set of shown (non-moving) things or their state changes. */
export function eventKey(ix: SceneIndex, t: number): string {
  return (Object.keys(ix) as (keyof SceneIndex)[]).map((k) => countUpTo(ix[k], t)).join(',');
}

/** What a sighting looks like at t: its status changes at `statusT`, 'new' before. */
function sightingStatusAt(s: ReplayData['sightings'][number], t: number): string {
  return s.statusT !== null && s.statusT <= t ? s.status : 'new';
}

export interface StaticFrame {
  callers: Feature[];
  sightings: Feature[];
  matches: Feature[];
  alertPoints: Feature[];
  alertAreas: Feature[];
}

/** Caller fixes (with accuracy), sightings, match lines, alerts and their latest notified area, as of t. */
export function staticAt(
  d: ReplayData,
  t: number,
  labels: { acked: (n: number, of: number) => string; kind: (kind: string) => string },
): StaticFrame {
  const callers = d.callers.filter((c) => c.t <= t);
  const sightings = d.sightings.filter((s) => s.t <= t);
  const byCaller = new Map(d.callers.map((c) => [c.id, c]));
  const bySighting = new Map(d.sightings.map((s) => [s.id, s]));
  const matches: Feature[] = [];
  for (const m of d.matches) {
    if (m.t > t) continue;
    const c = byCaller.get(m.callerLocationId);
    const s = bySighting.get(m.sightingId);
    if (!c || !s) continue;
    const confirmed = m.confirmedT !== null && m.confirmedT <= t;
    matches.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [c.lon, c.lat],
          [s.lon, s.lat],
        ],
      },
      properties: { id: m.id, confirmed, label: `${Math.round(m.distanceM)} m` },
    });
  }
  const alertPoints: Feature[] = [];
  const alertAreas: Feature[] = [];
  for (const a of d.alerts) {
    if (a.t > t) continue;
    const sent = a.deliveries.filter((x) => x.sentT !== null && x.sentT <= t).length;
    const acked = a.deliveries.filter((x) => x.ackT !== null && x.ackT <= t).length;
    alertPoints.push(point([a.lon, a.lat], { id: a.id, label: labels.acked(acked, sent) }));
    const latest = a.messages.filter((m) => m.t <= t).at(-1);
    if (latest)
      alertAreas.push({ type: 'Feature', geometry: latest.area, properties: { id: a.id, msgType: latest.msgType } });
  }
  return {
    callers: callers.map((c) =>
      point([c.lon, c.lat], { id: c.id, acc: c.accuracyM, label: `±${Math.round(c.accuracyM)} m` }),
    ),
    sightings: sightings.map((s) =>
      point([s.lon, s.lat], { id: s.id, status: sightingStatusAt(s, t), label: `${s.drone} · ${labels.kind(s.kind)}` }),
    ),
    matches,
    alertPoints,
    alertAreas,
  };
}

/** The bounds of everything in the replay ([w, s, e, n]), alert areas included; tracks sampled every 50th fix. */
export function sceneBounds(d: ReplayData): [number, number, number, number] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (lon: number, lat: number) => {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  };
  if (d.case.ipp) add(...d.case.ipp);
  for (const p of [...d.callers, ...d.sightings, ...d.alerts]) add(p.lon, p.lat);
  const addCoords = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') add(c[0], c[1] as number);
    else if (Array.isArray(c)) c.forEach(addCoords);
  };
  for (const a of d.alerts) for (const m of a.messages) if ('coordinates' in m.area) addCoords(m.area.coordinates);
  for (const tr of [...d.drones, ...d.units]) {
    for (let i = 0; i < tr.t.length; i += 50) add(tr.lon[i]!, tr.lat[i]!);
    if (tr.t.length) add(tr.lon.at(-1)!, tr.lat.at(-1)!);
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
