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

/** One audit row as GET /audit lists it (newest first). */
export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  remoteAddr: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

/** GET /audit: a page of rows; `next` is the `before` of the next page, null at the end. */
export const auditPage = z.object({ entries: z.array(auditEntry), next: z.number().nullable() });
export type AuditPage = z.infer<typeof auditPage>;
