/**
 * GeoJSON for the tadpole map layers, built from the API answers. Pure (tested beside): the broadcast circle, the
 * groups coloured by the state of their deliveries, the tips.
 */
import type { Delivery, DeliveryStatus, Group, LonLat, Tip } from './tadpole-types.ts';

const EARTH_M = 6_371_008.8;

/** A circle of `radiusM` around `centre` as a closed polygon ring (spherical destination formula). */
export function circlePolygon(centre: LonLat, radiusM: number, steps = 64): GeoJSON.Polygon {
  const rad = Math.PI / 180;
  const lat1 = centre.lat * rad;
  const lon1 = centre.lon * rad;
  const d = radiusM / EARTH_M;
  const ring: [number, number][] = [];
  for (let i = 0; i < steps; i++) {
    const brg = (i / steps) * 2 * Math.PI;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(brg));
    const lon2 =
      lon1 + Math.atan2(Math.sin(brg) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([lon2 / rad, lat2 / rad]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

/** A group's state on the map: forwarded wins, then the state of its newest delivery. */
export type GroupState = DeliveryStatus | 'none';

export function groupStates(deliveries: Delivery[]): Map<string, GroupState> {
  const out = new Map<string, GroupState>();
  const newest = new Map<string, Delivery>();
  for (const d of deliveries) {
    const prev = newest.get(d.groupId);
    if (!prev || d.id > prev.id) newest.set(d.groupId, d);
  }
  for (const [groupId, d] of newest) {
    const acked = deliveries.some(
      (x) => x.groupId === groupId && x.status === 'acknowledged' && x.msgType === d.msgType,
    );
    out.set(groupId, acked ? 'acknowledged' : d.status);
  }
  return out;
}

export const STATE_COLOURS: Record<GroupState, string> = {
  none: '#9e9e9e',
  queued: '#f9a825',
  sending: '#1e88e5',
  sent: '#2e7d32',
  failed: '#c62828',
  acknowledged: '#6a1b9a',
};

export function groupFeatures(groups: Group[], deliveries: Delivery[], label: (g: Group) => string): unknown[] {
  const states = groupStates(deliveries);
  return groups
    .filter((g) => g.area && states.has(g.id))
    .map((g) => {
      const state = states.get(g.id) ?? 'none';
      return {
        type: 'Feature',
        geometry: g.area,
        properties: { id: g.id, state, colour: STATE_COLOURS[state], label: label(g) },
      };
    });
}

/** One label point per group (the middle of its area's bounding box), so a label is drawn once, not per tile. */
export function groupLabelFeatures(features: unknown[]): unknown[] {
  return (features as { geometry: GeoJSON.Geometry; properties: { label: string } }[]).map((f) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') {
        xs.push(c[0] as number);
        ys.push(c[1] as number);
      } else if (Array.isArray(c)) c.forEach(walk);
    };
    walk((f.geometry as { coordinates?: unknown }).coordinates);
    return {
      type: 'Feature',
      geometry: {
        type: 'Point',
        coordinates: [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2],
      },
      properties: { label: f.properties.label },
    };
  });
}

export function tipFeatures(tips: Tip[]): unknown[] {
  return tips
    .filter((t) => t.location)
    .map((t) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [t.location!.lon, t.location!.lat] },
      properties: {
        id: t.id,
        label: String(t.id),
        colour: t.useful === true ? '#2e7d32' : t.useful === false ? '#9e9e9e' : '#e65100',
      },
    }));
}
