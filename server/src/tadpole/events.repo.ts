import type { Query } from '@lookout/db';
import { liveDoorbellSql } from '@lookout/db';

export interface TadpoleEvent {
  caseId: string;
  type: string;
  actorId?: string | null;
  data?: Record<string, unknown>;
  /** When the step happened, if not now (a derived step: the delivery's sent time). */
  at?: Date;
  /** Once-only steps: a second append with the same key is dropped. */
  idempotencyKey?: string;
}

/** Append one step to `case_events` with the live doorbell; null when the idempotency key was already used. */
export async function appendEvent(q: Query, e: TadpoleEvent): Promise<number | null> {
  const rows = await q<{ seq: number }>(
    `with e as (
       insert into case_events (case_id, type, actor_id, data, at, idempotency_key)
       values ($1, $2, $3, $4::jsonb, coalesce($5::timestamptz, now()), $6)
       on conflict (case_id, idempotency_key) do nothing
       returning seq)
     select e.seq, ${liveDoorbellSql('e.seq')} from e`,
    [
      e.caseId,
      e.type,
      e.actorId ?? null,
      JSON.stringify(e.data ?? {}),
      e.at?.toISOString() ?? null,
      e.idempotencyKey ?? null,
    ],
  );
  return rows[0] ? Number(rows[0].seq) : null;
}
