import type { Channel, Database } from '@lookout/db';
import { iso, isoOrNull, jsonRecord, liveDoorbellSql } from '@lookout/db';

/**
 * The duty-group notice's durable queue is the case's own event log: a `clock_breached` event is the queued
 * message, and its sends are recorded beside it (no second table to keep in step):
 *  - `duty_notify_attempt` {breach_seq, attempt, group_id}, key `duty_attempt:<seq>:<n>` — written BEFORE the
 *    send; the unique (case_id, idempotency_key) index lets one server only claim attempt n;
 *  - `duty_notify_failed` {breach_seq, attempt, error, http_status, vendor_code, retry_at}, key
 *    `duty_fail:<seq>:<n>` (retry_at set: tried again then) or `duty_done:<seq>` (given up); with `deferred: true`
 *    the claim was handed back untried (the robot had no room) and does not count as an attempt;
 *  - `duty_notified` {breach_seq, attempt, group_id, channel, http_status, vendor_code, note}, key `duty_done:<seq>`.
 * A breach with a `duty_done:<seq>` event is finished.
 */
export interface PendingBreach {
  breachSeq: number;
  caseId: string;
  caseTitle: string;
  breachedAt: string;
  step: string;
  targetS: number;
  elapsedS: number;
  /** Claims so far (each writes one `duty_notify_attempt`). */
  claims: number;
  /** Claims that were sends (not handed back untried). */
  attempts: number;
  lastAttemptAt: string | null;
  /** The last attempt's failure, if it has one: when to try again. */
  lastFailureRetryAt: string | null;
  /** The last attempt has an outcome (a failure) recorded. */
  lastAttemptSettled: boolean;
}

export interface DutyGroupRow {
  id: string;
  name: string;
  channel: Channel;
  credentialsEnc: string | null;
  disabled: boolean;
}

export interface AttemptOutcome {
  ok: boolean;
  httpStatus: number | null;
  vendorCode: number | null;
  error: string | null;
  note: string | null;
  /** Failure only: when to try again; null = given up. */
  retryAt: Date | null;
  groupId: string;
  channel: Channel | null;
}

type Raw = Record<string, unknown>;

export function createDutyNotifyRepo(database: Database) {
  return {
    async group(id: string): Promise<DutyGroupRow | undefined> {
      const [r] = await database.query<Raw>(
        `select id, name, channel, credentials_enc, disabled from community_groups where id = $1`,
        [id],
      );
      if (!r) return undefined;
      return {
        id: String(r.id),
        name: String(r.name),
        channel: String(r.channel) as Channel,
        credentialsEnc:
          r.credentials_enc === null || r.credentials_enc === undefined ? null : String(r.credentials_enc),
        disabled: Boolean(r.disabled),
      };
    },

    /** Unfinished breaches of open cases, written within the last `maxAgeS` seconds, oldest first. */
    async pending(maxAgeS: number, limit: number): Promise<PendingBreach[]> {
      const rows = await database.query<Raw>(
        `select b.seq, b.case_id, b.at, b.data, c.title,
                (select count(*)::int from case_events a where a.case_id = b.case_id and a.type = 'duty_notify_attempt'
                    and a.data->>'breach_seq' = b.seq::text) as claims,
                (select count(*)::int from case_events f where f.case_id = b.case_id and f.type = 'duty_notify_failed'
                    and f.data->>'breach_seq' = b.seq::text and f.data->>'deferred' = 'true') as deferred,
                (select max(a.at) from case_events a where a.case_id = b.case_id and a.type = 'duty_notify_attempt'
                    and a.data->>'breach_seq' = b.seq::text) as last_attempt_at,
                (select f.data from case_events f where f.case_id = b.case_id and f.type = 'duty_notify_failed'
                    and f.data->>'breach_seq' = b.seq::text order by f.seq desc limit 1) as last_failure
           from case_events b join cases c on c.id = b.case_id
          where b.type = 'clock_breached' and c.status = 'open'
            and b.at > now() - make_interval(secs => $1::float8)
            and not exists (select 1 from case_events d
                             where d.case_id = b.case_id and d.idempotency_key = 'duty_done:' || b.seq::text)
          order by b.seq
          limit $2`,
        [maxAgeS, limit],
      );
      return rows.map((r) => {
        const d = jsonRecord(r.data);
        const claims = Number(r.claims);
        const f = r.last_failure === null || r.last_failure === undefined ? null : jsonRecord(r.last_failure);
        const settled = f !== null && Number(f.attempt) === claims;
        return {
          breachSeq: Number(r.seq),
          caseId: String(r.case_id),
          caseTitle: String(r.title),
          breachedAt: iso(r.at),
          step: String(d.step),
          targetS: Number(d.target_s),
          elapsedS: Number(d.elapsed_s),
          claims,
          attempts: claims - Number(r.deferred),
          lastAttemptAt: isoOrNull(r.last_attempt_at),
          lastFailureRetryAt: settled && typeof f.retry_at === 'string' ? f.retry_at : null,
          lastAttemptSettled: settled,
        };
      });
    },

    /** Claim attempt `n` of a breach's notice; false when another server (or an earlier pass) already did. */
    async claim(b: { caseId: string; breachSeq: number }, attempt: number, groupId: string): Promise<boolean> {
      const rows = await database.query<{ seq: number }>(
        `with e as (
           insert into case_events (case_id, type, data, idempotency_key)
           values ($1, 'duty_notify_attempt',
                   jsonb_build_object('breach_seq', $2::bigint, 'attempt', $3::int, 'group_id', $4::text),
                   'duty_attempt:' || $2::text || ':' || $3::text)
           on conflict (case_id, idempotency_key) do nothing
           returning seq)
         select e.seq, ${liveDoorbellSql('e.seq')} from e`,
        [b.caseId, b.breachSeq, attempt, groupId],
      );
      return rows.length > 0;
    },

    /** Hand claim `n` back untried: due again at `at`. */
    async defer(b: { caseId: string; breachSeq: number }, claim: number, at: Date, groupId: string): Promise<void> {
      const data = {
        breach_seq: b.breachSeq,
        attempt: claim,
        group_id: groupId,
        deferred: true,
        error: 'not tried: the robot had no room',
        retry_at: at.toISOString(),
      };
      await database.query(
        `with e as (
           insert into case_events (case_id, type, data, idempotency_key) values ($1, 'duty_notify_failed', $2::jsonb, $3)
           on conflict (case_id, idempotency_key) do nothing
           returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [b.caseId, JSON.stringify(data), `duty_fail:${b.breachSeq}:${claim}`],
      );
    },

    /** The attempt's outcome: sent, failed for now (retry_at), or given up. */
    async settle(b: { caseId: string; breachSeq: number }, attempt: number, o: AttemptOutcome): Promise<void> {
      const type = o.ok ? 'duty_notified' : 'duty_notify_failed';
      const key = o.ok || !o.retryAt ? `duty_done:${b.breachSeq}` : `duty_fail:${b.breachSeq}:${attempt}`;
      const data = {
        breach_seq: b.breachSeq,
        attempt,
        group_id: o.groupId,
        channel: o.channel,
        http_status: o.httpStatus,
        vendor_code: o.vendorCode,
        ...(o.ok ? { note: o.note } : { error: o.error, retry_at: o.retryAt?.toISOString() ?? null }),
      };
      await database.query(
        `with e as (
           insert into case_events (case_id, type, data, idempotency_key) values ($1, $2, $3::jsonb, $4)
           on conflict (case_id, idempotency_key) do nothing
           returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [b.caseId, type, JSON.stringify(data), key],
      );
    },
  };
}
export type DutyNotifyRepo = ReturnType<typeof createDutyNotifyRepo>;
