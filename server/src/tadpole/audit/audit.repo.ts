import type { Query } from '../tx.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  remoteAddr: string | null;
  detail?: Record<string, unknown>;
}

/** Who did or read what, when, from where (research/tadpole.md §5: log access to children's data). */
export async function writeAudit(q: Query, a: AuditEntry): Promise<void> {
  await q(
    `insert into audit_log (actor_id, action, target_type, target_id, remote_addr, detail) values ($1, $2, $3, $4, $5, $6::jsonb)`,
    [a.actorId, a.action, a.targetType, a.targetId, a.remoteAddr, JSON.stringify(a.detail ?? {})],
  );
}
