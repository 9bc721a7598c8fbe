import type { Geometry } from 'geojson';
import { z } from 'zod';

/** [lon, lat] in WGS-84 degrees (RFC 7946 position). */
export const lonLatTuple = z.tuple([z.number(), z.number()]);
export type LonLatTuple = z.infer<typeof lonLatTuple>;

/** { lon, lat } in WGS-84 degrees. */
export const lonLat = z.object({ lon: z.number(), lat: z.number() });
export type LonLat = z.infer<typeof lonLat>;

export const pointGeometry = z.object({ type: z.literal('Point'), coordinates: lonLatTuple });

const geometryTypes = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** Any RFC 7946 geometry (as PostGIS's ST_AsGeoJSON writes it); checked by its type only. */
export const geometry = z
  .custom<Geometry>(
    (v) => typeof v === 'object' && v !== null && geometryTypes.has(String((v as { type?: unknown }).type)),
    'not a GeoJSON geometry',
  )
  // For JSON Schema and OpenAPI, which cannot read the check.
  .meta({ type: 'object', description: 'An RFC 7946 geometry', required: ['type'] });

/** An RFC 7946 FeatureCollection of the given features. */
export function featureCollection<F extends z.ZodType>(feature: F) {
  return z.object({ type: z.literal('FeatureCollection'), features: z.array(feature) });
}
export interface FeatureCollection<F> {
  type: 'FeatureCollection';
  features: F[];
}

/** Any RFC 7946 feature (an export's): a geometry checked by its type, properties as they come. */
export const anyFeature = z
  .object({
    type: z.literal('Feature'),
    geometry: geometry.nullable(),
    properties: z.record(z.string(), z.unknown()).nullable(),
  })
  .loose();
export const anyFeatureCollection = featureCollection(anyFeature);
