import { z } from 'zod';
import { datums } from '../enums.ts';

export const idempotencyKey = z.string().min(1).max(100);
/** Accuracy radius in metres: positive and at most 50 km (the database checks the same). */
export const accuracyM = z.number().positive().max(50_000);
const isoTime = z.iso.datetime({ offset: true });

export const caseIdParam = z.object({ id: z.uuid() });

/** Staff: a text (decimal, 度分秒, MGRS, a map share) or lon/lat, with the datum unless the text implies one. */
export const manualCallerLocationBody = z
  .object({
    text: z.string().trim().min(1).max(2000).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    datum: z.enum(datums).optional(),
    accuracyM: accuracyM.default(50),
    t: isoTime.optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .refine((b) => b.text !== undefined || (b.lon !== undefined && b.lat !== undefined), {
    message: 'give either text or both lon and lat',
  });
export type ManualCallerLocationBody = z.infer<typeof manualCallerLocationBody>;

/** The call centre's AML push (handset location). */
export const amlCallerLocationBody = z.object({
  caseId: z.uuid(),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  datum: z.enum(datums),
  accuracyM,
  t: isoTime,
  idempotencyKey: idempotencyKey.optional(),
});
export type AmlCallerLocationBody = z.infer<typeof amlCallerLocationBody>;

/**
 * What the caller page posts (WGS-84 from the browser's Geolocation API). `t` is an ISO time or the
 * `position.timestamp` in ms; `battery` a fraction 0..1 (Battery API) or a percentage.
 */
export const locateBody = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracy: accuracyM,
  t: z.union([isoTime, z.number().int().positive()]),
  battery: z.number().min(0).max(100).nullable().optional(),
  idempotencyKey,
});
export type LocateBody = z.infer<typeof locateBody>;
