import { featuresFromWgs84, fromWgs84, toWgs84, type Datum } from '@lookout/contracts';

/**
 * The datum of the basemap the map shows. Lookout's data is WGS-84; on a GCJ-02 (AMap, Tencent) or BD-09 (Baidu)
 * basemap everything is drawn converted to the basemap's datum, and every point picked on the map converted back
 * before it is used. Distances, rings and bearings are computed in WGS-84 before drawing.
 */
let datum: Datum = 'wgs84';

export function setMapDatum(d: Datum): void {
  datum = d;
  document.documentElement.dataset.mapDatum = d;
}

export const mapDatum = (): Datum => datum;

/** A WGS-84 [lon, lat] where the map draws it. */
export const toMap = (p: [number, number]): [number, number] => fromWgs84(p, datum);

/** GeoJSON features (WGS-84) as the map draws them. */
export const featuresToMap = <T>(features: T[]): T[] => featuresFromWgs84(features, datum);

/** A point of the map (a click, its centre) in WGS-84. */
export function fromMap(p: { lng: number; lat: number }): { lon: number; lat: number } {
  const [lon, lat] = toWgs84([p.lng, p.lat], datum);
  return { lon, lat };
}

/** WGS-84 bounds [[west, south], [east, north]] as the map draws them (for fitBounds). */
export function boundsToMap(b: [[number, number], [number, number]]): [[number, number], [number, number]] {
  return [toMap(b[0]), toMap(b[1])];
}
