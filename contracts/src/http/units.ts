import { z } from 'zod';
import { accuracyM, idempotencyKey } from './caller-locations.ts';

export const MAX_POSITIONS = 500;

/** Positions from the officer's phone (`watchPosition`, WGS-84), queued while offline and sent in batches. */
export const positionsBody = z.object({
  positions: z
    .array(
      z.object({
        lon: z.number().min(-180).max(180),
        lat: z.number().min(-90).max(90),
        accuracy: accuracyM.nullable().optional(),
        t: z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]),
        idempotencyKey,
      }),
    )
    .min(1)
    .max(MAX_POSITIONS),
});
export type PositionsBody = z.infer<typeof positionsBody>;
