import { z } from 'zod';
import { datums } from '../enums.ts';

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** A pin on the page's map (with its datum) or the browser's own fix ("my location", WGS-84). */
export const tipLocation = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('pin'),
    lon,
    lat,
    datum: z.enum(datums),
    accuracyM: z.number().min(0).max(50_000).optional(),
  }),
  z.object({
    source: z.literal('device'),
    lon,
    lat,
    datum: z.literal('wgs84').default('wgs84'),
    accuracyM: z.number().min(0).max(50_000).optional(),
  }),
]);

export const tipBody = z.object({
  idempotencyKey: z.string().trim().min(8).max(100),
  text: z.string().trim().min(1).max(2000),
  seenAt: z.iso.datetime({ offset: true }).optional(),
  location: tipLocation.nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'digits, spaces, + and - only')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type TipBody = z.infer<typeof tipBody>;

export const tipIdParam = z.object({ id: z.coerce.number().int().positive() });
export const publicTipParams = z.object({
  token: z.string().min(1).max(200),
  tipId: z.coerce.number().int().positive(),
});
export const markBody = z.object({ useful: z.boolean() });
