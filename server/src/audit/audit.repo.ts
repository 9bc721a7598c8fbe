import type { AuditEntryView } from '@lookout/contracts';
import { direct, type Database, type Query } from '@lookout/db';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  remoteAddr: string | null;
  detail?: Record<string, unknown>;
}

export type AuditRow = AuditEntryView;

export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  /** A user id or a username. */
  actor?: string | undefined;
  /** Exact action, or a prefix ending in `*` (e.g. `POST *`). */
  action?: string | undefined;
  /** Only rows older than this id (keyset paging, newest first). */
  before?: number | undefined;
  limit: number;
}

export interface AuditRepo {
  write(entry: AuditEntry): Promise<void>;
  list(filter: AuditFilter): Promise<AuditRow[]>;
}

/**
 * One row of the audit log, inside the caller's transaction when given one (a case-file read is audited with
 * the read; access to children's data is logged).
 */
export async function writeAudit(q: Query, a: AuditEntry): Promise<void> {
  await q(
    `insert into audit_log (actor_id, action, target_type, target_id, remote_addr, detail)
     values ($1, $2, $3, $4, $5, $6::jsonb)`,
    [a.actorId, a.action, a.targetType, a.targetId, a.remoteAddr, JSON.stringify(a.detail ?? {})],
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The general audit log (the same `audit_log` table the tadpole module writes its case-file reads to). */
export function createAuditRepo(database: Database): AuditRepo {
  return {
    write: (a) => writeAudit(direct(database), a),
    async list(f) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: (p: string) => string, value: unknown) => {
        params.push(value);
        where.push(clause(`$${params.length}`));
      };
      if (f.from) add((p) => `a.at >= ${p}::timestamptz`, f.from.toISOString());
      if (f.to) add((p) => `a.at < ${p}::timestamptz`, f.to.toISOString());
      if (f.actor) {
        if (UUID.test(f.actor)) add((p) => `a.actor_id = ${p}::uuid`, f.actor);
        else add((p) => `u.username = ${p}`, f.actor);
      }
      if (f.action?.endsWith('*')) {
        const prefix = f.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
        add((p) => `a.action like ${p}`, `${prefix}%`);
      } else if (f.action) add((p) => `a.action = ${p}`, f.action);
      if (f.before) add((p) => `a.id < ${p}`, f.before);
      params.push(f.limit);
      const rows = await database.query<{
        id: number | string;
        at: Date | string;
        actor_id: string | null;
        username: string | null;
        action: string;
        target_type: string;
        target_id: string | null;
        remote_addr: string | null;
        detail: Record<string, unknown> | string;
      }>(
        `select a.id, a.at, a.actor_id, u.username, a.action, a.target_type, a.target_id, a.remote_addr, a.detail
           from audit_log a left join users u on u.id = a.actor_id
          ${where.length ? `where ${where.join(' and ')}` : ''}
          order by a.id desc limit $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorName: r.username,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        remoteAddr: r.remote_addr,
        detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
      }));
    },
  };
}
