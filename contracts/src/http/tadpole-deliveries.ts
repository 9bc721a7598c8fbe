import { z } from 'zod';

export const deliveryIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const listDeliveriesQuery = z.object({ alertId: z.uuid() });
