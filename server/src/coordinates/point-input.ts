import type { PointInput } from '@lookout/contracts';
import { toWgs84 } from '@lookout/contracts';

/** The WGS-84 point Lookout stores. */
export function pointToWgs84(p: PointInput): { lon: number; lat: number } {
  const [lon, lat] = toWgs84([p.lon, p.lat], p.datum);
  return { lon, lat };
}
