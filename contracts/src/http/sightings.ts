import { z } from 'zod';
import { featureCollection } from '../geojson.ts';
import { sightingFeature } from '../sightings.ts';

export const sightingIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const sightingsQuery = z
  .object({ since: z.iso.datetime({ offset: true }).optional() })
  .transform((q) => ({ since: q.since ? new Date(q.since) : new Date(Date.now() - 24 * 3_600_000) }));

export const sightingStatusBody = z.object({ status: z.enum(['confirmed', 'dismissed']) });

/** GET /sightings. */
export const sightingsCollection = featureCollection(sightingFeature);
