import gcoord from 'gcoord';

export type Datum = 'wgs84' | 'gcj02' | 'bd09';

const crs = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Convert a [lon, lat] in the given datum to WGS-84, the only datum Lookout stores. */
export function toWgs84(lonLat: [number, number], datum: Datum): [number, number] {
  if (datum === 'wgs84') return lonLat;
  const [lon, lat] = gcoord.transform(lonLat, crs[datum], gcoord.WGS84);
  return [lon, lat];
}

export function fromWgs84(lonLat: [number, number], datum: Datum): [number, number] {
  if (datum === 'wgs84') return lonLat;
  const [lon, lat] = gcoord.transform(lonLat, gcoord.WGS84, crs[datum]);
  return [lon, lat];
}
