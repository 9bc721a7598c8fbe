import { direct, type Database, type Query } from '@lookout/db';

type Raw = Record<string, unknown>;

export function createJobsRepo(database: Database) {
  const q = direct(database);
  return {
    /** Alerts whose broadcast or retraction may have produced a derived step since (recent, not purged). */
    async stepCandidates(now: Date): Promise<{ id: string; caseId: string }[]> {
      const rows = await q<Raw>(
        `select a.id, a.case_id from alerts a
          where a.verified_at is not null and a.purged_at is null
            and (a.blurred_at is null or a.blurred_at > $1::timestamptz - interval '3 days')`,
        [now.toISOString()],
      );
      return rows.map((r) => ({ id: String(r.id), caseId: String(r.case_id) }));
    },

    async publicDue(now: Date): Promise<{ id: string; caseId: string }[]> {
      const rows = await q<Raw>(
        'select id, case_id from alerts where purge_after <= $1 and purged_at is null order by purge_after limit 100',
        [now.toISOString()],
      );
      return rows.map((r) => ({ id: String(r.id), caseId: String(r.case_id) }));
    },

    async caseFilesDue(now: Date): Promise<{ id: string; caseId: string }[]> {
      const rows = await q<Raw>(
        `select f.alert_id as id, a.case_id from alert_case_files f join alerts a on a.id = f.alert_id
          where f.purge_after <= $1 and f.purged_at is null order by f.purge_after limit 100`,
        [now.toISOString()],
      );
      return rows.map((r) => ({ id: String(r.id), caseId: String(r.case_id) }));
    },

    /** The public card's words go; the point stays (the clocks and the outcome's distance use it). */
    async purgePublicCard(query: Query, alertId: string, now: Date): Promise<boolean> {
      const rows = await query(
        `update alerts set clothing = null, public_note = null, place_text = null, height_cm = null, purged_at = $2
          where id = $1 and purged_at is null returning id`,
        [alertId, now.toISOString()],
      );
      return rows.length > 0;
    },

    async purgeCaseFile(query: Query, alertId: string, now: Date): Promise<boolean> {
      const rows = await query(
        `update alert_case_files set data = '{}'::jsonb, purged_at = $2 where alert_id = $1 and purged_at is null returning alert_id`,
        [alertId, now.toISOString()],
      );
      return rows.length > 0;
    },
  };
}

export type JobsRepo = ReturnType<typeof createJobsRepo>;
