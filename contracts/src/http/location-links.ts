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
