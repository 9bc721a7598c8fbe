import type { Db } from './open-db.ts';
import { caseEvents } from './schema/cases.ts';

export interface NewCaseEvent {
  caseId: string;
  type: string;
  actorId?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

/** The one way to write to the append-only log; the live doorbell rings after the caller's commit. */
export async function appendCaseEvent(db: Db, event: NewCaseEvent): Promise<number> {
  const [row] = await db
    .insert(caseEvents)
    .values({
      caseId: event.caseId,
      type: event.type,
      actorId: event.actorId ?? null,
      data: event.data ?? {},
      ...(event.at ? { at: event.at } : {}),
    })
    .returning({ seq: caseEvents.seq });
  if (!row) throw new Error('appendCaseEvent: no row returned');
  return row.seq;
}
