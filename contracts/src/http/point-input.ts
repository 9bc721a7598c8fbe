import { z } from 'zod';
import { datums } from '../enums.ts';

/** A point a person supplies: always with its datum; the server converts it to WGS-84 on the way in. */
export const pointInput = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  datum: z.enum(datums),
});
export type PointInput = z.infer<typeof pointInput>;
