import { z } from 'zod';
import { pointGeometry } from './geojson.ts';
import { sightingStatuses } from './enums.ts';

/** A sighting as the API and the live socket send it; `id` is `sightings.id`, `seq` its current `live_seq`. */
export const sightingFeature = z
  .object({
    type: z.literal('Feature'),
    id: z.number(),
    geometry: pointGeometry,
    properties: z.object({
      id: z.number(),
      seq: z.number(),
      droneId: z.string(),
      callsign: z.string(),
      t: z.string(),
      uncM: z.number().nullable(),
      conf: z.number().nullable(),
      kind: z.string(),
      count: z.number().nullable(),
      note: z.string().nullable(),
      status: z.enum(sightingStatuses),
      hasPhoto: z.boolean(),
    }),
  })
  .meta({ id: 'SightingFeature' });
export type SightingFeature = z.infer<typeof sightingFeature>;
export type SightingProps = SightingFeature['properties'];
