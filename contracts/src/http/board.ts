import { z } from 'zod';

/** `GET /board?cases=<id>,<id>`: the board page refetches only the cases a live event named. */
export const boardQuery = z.object({
  cases: z
    .string()
    .max(50 * 37)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(50))
    .optional(),
});
