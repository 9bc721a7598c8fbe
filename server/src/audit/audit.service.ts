import type { AuditRepo, AuditRow } from './audit.repo.ts';
import type { AuditQuery } from '@lookout/contracts';
import { toCsv } from './csv.ts';

/** The most rows one CSV export carries; narrow the time range for more. */
export const CSV_MAX_ROWS = 50_000;

export function createAuditService(repo: AuditRepo) {
  return {
    /** A page, newest first; `next` is the `before` of the following page. */
    async page(q: AuditQuery): Promise<{ entries: AuditRow[]; next: number | null }> {
      const entries = await repo.list({ ...q, limit: q.limit + 1 });
      const more = entries.length > q.limit;
      const page = more ? entries.slice(0, q.limit) : entries;
      return { entries: page, next: more ? page[page.length - 1]!.id : null };
    },

    async csv(q: Omit<AuditQuery, 'limit' | 'before'>): Promise<{ csv: string; rows: number; truncated: boolean }> {
      const rows = await repo.list({ ...q, limit: CSV_MAX_ROWS + 1 });
      const truncated = rows.length > CSV_MAX_ROWS;
      const kept = truncated ? rows.slice(0, CSV_MAX_ROWS) : rows;
      const csv = toCsv(
        ['id', 'at', 'actor_id', 'actor', 'action', 'target_type', 'target_id', 'remote_addr', 'detail'],
        kept.map((r) => [
          r.id,
          r.at,
          r.actorId,
          r.actorName,
          r.action,
          r.targetType,
          r.targetId,
          r.remoteAddr,
          r.detail,
        ]),
      );
      return { csv, rows: kept.length, truncated };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
