import { direct, type Database, type Query } from '@lookout/db';
import type { StepTimes } from '../clocks/clock-steps.ts';

export interface RetractionDates {
  at: Date;
  publicPurgeAfter: Date;
  caseFilePurgeAfter: Date;
  /** Withdrawn without a reunion: the status becomes 'cancelled'. */
  withdrawn: boolean;
}

export function createReunionRepo(database: Database) {
  const q = direct(database);
  return {
    /**
     * Blur the card at once and schedule both purges; close the case. False when it was already retracted.
     * The photo links are revoked by the caller in the same transaction.
     */
    async retract(query: Query, alertId: string, d: RetractionDates): Promise<boolean> {
      const rows = await query<{ case_id: string }>(
        `update alerts set blurred_at = $2, purge_after = $3,
                status = case when $4::boolean then 'cancelled' else status end
          where id = $1 and blurred_at is null returning case_id`,
        [alertId, d.at.toISOString(), d.publicPurgeAfter.toISOString(), d.withdrawn],
      );
      const row = rows[0];
      if (!row) return false;
      await query('update alert_case_files set purge_after = $2 where alert_id = $1 and purged_at is null', [
        alertId,
        d.caseFilePurgeAfter.toISOString(),
      ]);
      await query(`update cases set status = 'closed', closed_at = $2 where id = $1 and status = 'open'`, [
        row.case_id,
        d.at.toISOString(),
      ]);
      return true;
    },

    async hasEvent(caseId: string, type: string): Promise<boolean> {
      const [row] = await q<{ ok: boolean }>(
        'select exists (select 1 from case_events where case_id = $1 and type = $2) as ok',
        [caseId, type],
      );
      return Boolean(row?.ok);
    },

    /** The anonymised record kept after the purge (data minimisation for children's data): no names, no places, no texts. */
    async upsertOutcome(query: Query, alertId: string, steps: StepTimes): Promise<void> {
      await query(
        `insert into alert_outcomes (alert_id, kind, age_band, distance_found_m, steps, groups, reach, tips, useful_tips, closed_at)
         select a.id, a.kind, a.age_band,
                (select (e.data->>'distanceM')::real from case_events e where e.case_id = a.case_id and e.type = 'child_found'
                  order by e.at limit 1),
                $2::jsonb,
                (select count(distinct d.group_id) from deliveries d where d.alert_id = a.id and d.sent_at is not null),
                (select coalesce(sum(g.member_count), 0) from community_groups g
                  where g.id in (select d.group_id from deliveries d where d.alert_id = a.id and d.sent_at is not null)),
                (select count(*) from tips t where t.alert_id = a.id),
                (select count(*) from tips t where t.alert_id = a.id and t.useful),
                a.blurred_at
           from alerts a where a.id = $1
         on conflict (alert_id) do update set distance_found_m = excluded.distance_found_m, steps = excluded.steps,
           groups = excluded.groups, reach = excluded.reach, tips = excluded.tips, useful_tips = excluded.useful_tips,
           closed_at = excluded.closed_at`,
        [alertId, JSON.stringify(steps)],
      );
    },
  };
}

export type ReunionRepo = ReturnType<typeof createReunionRepo>;
