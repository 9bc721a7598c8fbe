import type { MultiPolygon, Polygon, Position } from 'geojson';
import { toWgs84 } from '@lookout/contracts';
import type { AreaInput } from '@lookout/contracts';

/** A group's area in WGS-84, ready for SQL: a GeoJSON polygon or a circle to buffer. */
export type Wgs84Area =
  { geometry: Polygon | MultiPolygon } | { circle: { lon: number; lat: number; radiusM: number } };

const convert = (p: Position, datum: Parameters<typeof toWgs84>[1]): Position => toWgs84([p[0]!, p[1]!], datum);

/** Convert every position from the datum it came in to WGS-84, the only datum stored. */
export function areaToWgs84(area: AreaInput): Wgs84Area {
  if ('circle' in area) {
    const [lon, lat] = toWgs84([area.circle.lon, area.circle.lat], area.circle.datum);
    return { circle: { lon, lat, radiusM: area.circle.radiusM } };
  }
  if (area.type === 'Polygon') {
    return {
      geometry: { type: 'Polygon', coordinates: area.coordinates.map((r) => r.map((p) => convert(p, area.datum))) },
    };
  }
  return {
    geometry: {
      type: 'MultiPolygon',
      coordinates: area.coordinates.map((poly) => poly.map((r) => r.map((p) => convert(p, area.datum)))),
    },
  };
}
