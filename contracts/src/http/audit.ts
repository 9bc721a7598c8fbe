import { z } from 'zod';

const time = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const auditQuery = z.object({
  from: time.optional(),
  to: time.optional(),
  actor: z.string().trim().min(1).max(64).optional(),
  action: z.string().trim().min(1).max(200).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuery>;
