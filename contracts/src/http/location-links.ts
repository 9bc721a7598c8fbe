import { z } from 'zod';

export const linkIdParam = z.object({ id: z.uuid() });
export const tokenParam = z.object({ token: z.string().max(200) });

export const createLinkBody = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number'),
  ttlHours: z
    .number()
    .positive()
    .max(24 * 7)
    .optional(),
});
export type CreateLinkBody = z.infer<typeof createLinkBody>;

/** POST /cases/:id/location-links: the link to send the caller, the SMS text and a QR code. */
export const createdLink = z.object({
  id: z.string(),
  url: z.string(),
  expiresAt: z.string(),
  smsText: z.string(),
  qrSvg: z.string(),
});
export type CreatedLink = z.infer<typeof createdLink>;

/** POST /location-links/:id/revoke. */
export const revokedLink = z.object({ id: z.string(), revokedAt: z.string() });

/** POST /public/locate/:token: the caller page's fix is stored. */
export const locateResult = z.object({ stored: z.literal(true), accuracyM: z.number() });
