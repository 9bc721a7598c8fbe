import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { AlertRow } from '../alerts/alerts.repo.ts';
import type { CapMessageRow } from '../cap/cap.repo.ts';
import type { TipView } from '../tips/tips.repo.ts';

/** RFC 7946 keeps 6 decimals at most worth sending (~0.1 m); WGS-84 lon/lat order, polygons right-hand (exterior ccw). */
const round = (v: number) => Math.round(v * 1e7) / 1e7;

function ccw(ring: [number, number][]): [number, number][] {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += (x2 - x1) * (y2 + y1);
  }
  // sum > 0: clockwise.
  return (sum > 0 ? [...ring].reverse() : ring).map(([x, y]) => [round(x), round(y)]);
}

/** The case's geography for GIS: where the child was last seen/found, each notified area, the tips, the find. */
export function alertGeoJson(
  alert: AlertRow,
  messages: CapMessageRow[],
  tips: TipView[],
  found: { lon: number; lat: number; at: string; distanceM: number | null } | null,
): FeatureCollection<Geometry> {
  const features: Feature<Geometry>[] = [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round(alert.point.lon), round(alert.point.lat)] },
      properties: {
        role: alert.kind === 'found_child' ? 'found_at' : 'last_seen',
        alertId: alert.id,
        at: alert.seenAt,
        ageBand: alert.ageBand,
      },
    },
    ...messages.map((m): Feature<Geometry> => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: m.area.coordinates.map((r) => ccw(r)) },
      properties: { role: 'area', msgType: m.msgType, identifier: m.identifier, sent: m.sent, radiusM: m.radiusM },
    })),
    ...tips
      .filter((t) => t.location)
      .map((t): Feature<Geometry> => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [round(t.location!.lon), round(t.location!.lat)] },
        properties: {
          role: 'tip',
          tipId: t.id,
          seenAt: t.seenAt,
          receivedAt: t.receivedAt,
          accuracyM: t.location!.accuracyM,
          useful: t.useful,
          text: t.text,
        },
      })),
  ];
  if (found) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round(found.lon), round(found.lat)] },
      properties: { role: 'found', at: found.at, distanceM: found.distanceM },
    });
  }
  return { type: 'FeatureCollection', features };
}
