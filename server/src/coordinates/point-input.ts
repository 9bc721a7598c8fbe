import { z } from 'zod';
import { datums } from '@lookout/db';
import { toWgs84 } from './datum.ts';

/** A point a person supplies: always with its datum. */
export const pointInput = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  datum: z.enum(datums),
});
export type PointInput = z.infer<typeof pointInput>;

/** The WGS-84 point Lookout stores. */
export function pointToWgs84(p: PointInput): { lon: number; lat: number } {
  const [lon, lat] = toWgs84([p.lon, p.lat], p.datum);
  return { lon, lat };
}
