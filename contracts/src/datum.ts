import gcoord from 'gcoord';
import type { Datum } from './enums.ts';

const crs = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Convert a [lon, lat] in the given datum to WGS-84, the only datum Lookout stores. */
export function toWgs84(lonLat: [number, number], datum: Datum): [number, number] {
  if (datum === 'wgs84') return lonLat;
  const [lon, lat] = gcoord.transform(lonLat, crs[datum], gcoord.WGS84);
  return [lon, lat];
}

/** Convert a WGS-84 [lon, lat] to the given datum (to draw it on a GCJ-02 or BD-09 map, or share it). */
export function fromWgs84(lonLat: [number, number], datum: Datum): [number, number] {
  if (datum === 'wgs84') return lonLat;
  const [lon, lat] = gcoord.transform(lonLat, gcoord.WGS84, crs[datum]);
  return [lon, lat];
}

/** A copy of GeoJSON features with every position converted from WGS-84 to `datum` (the input is left as it is). */
export function featuresFromWgs84<T>(features: T[], datum: Datum): T[] {
  if (datum === 'wgs84') return features;
  return features.map((f) => gcoord.transform(JSON.parse(JSON.stringify(f)) as never, gcoord.WGS84, crs[datum]) as T);
}
