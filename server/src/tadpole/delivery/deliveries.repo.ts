import type { Delivery, DeliverySummary } from '@lookout/contracts';
import type { CapMsgType, Channel, Database, DeliveryStatus } from '@lookout/db';
import { date, iso, isoOrNull, strOrNull, liveDoorbellSql } from '@lookout/db';
import type { CardForText } from './alert-text.ts';

export type EnqueueTarget = { kind: 'area' } | { kind: 'previous' } | { kind: 'groups'; groupIds: string[] };

/** A row the worker claimed: status 'sending' under its lease. */
export interface ClaimedDelivery {
  id: number;
  capMessageId: number;
  alertId: string;
  groupId: string;
  priority: number;
  attempts: number;
  /** The lease is also the fence: the result is written only while the row still carries this lease. */
  leaseUntil: Date;
  channel: Channel;
  credentialsEnc: string | null;
  groupDisabled: boolean;
}

export interface AttemptRecord {
  ok: boolean;
  httpStatus: number | null;
  vendorCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface FinishItem {
  row: { id: number; leaseUntil: Date };
  outcome: { status: 'sent' | 'queued' | 'failed'; nextAttemptAt: Date | null; lastError: string | null };
  attempt: AttemptRecord;
}

/** A delivery as the alert page lists it. */
export type DeliveryView = Delivery;

/** One message to send with the public card it speaks of. */
export interface DeliveryContentRow extends CardForText {
  capMessageId: number;
  alertId: string;
  msgType: CapMsgType;
  headline: string;
  description: string;
  purged: boolean;
}

type Raw = Record<string, unknown>;

function toView(r: Raw): DeliveryView {
  return {
    id: Number(r.id),
    seq: Number(r.live_seq),
    alertId: String(r.alert_id),
    capMessageId: Number(r.cap_message_id),
    msgType: String(r.msg_type) as CapMsgType,
    groupId: String(r.group_id),
    groupName: String(r.group_name),
    channel: String(r.channel) as Channel,
    gridName: strOrNull(r.grid_name),
    memberCount: Number(r.member_count),
    liaisonId: strOrNull(r.liaison_id),
    priority: Number(r.priority),
    status: String(r.status) as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: iso(r.next_attempt_at),
    lastError: strOrNull(r.last_error),
    lastAttemptNote: strOrNull(r.last_note),
    addedBy: String(r.added_by) as 'area' | 'manual',
    createdAt: iso(r.created_at),
    sentAt: isoOrNull(r.sent_at),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    acknowledgedBy: strOrNull(r.acknowledged_by),
  };
}

const viewColumns = `d.id, d.live_seq, d.alert_id, d.cap_message_id, m.msg_type, d.group_id, g.name as group_name, g.channel,
  g.grid_name, g.member_count, g.liaison_id, d.priority, d.status, d.attempts, d.next_attempt_at, d.last_error,
  (select coalesce(a.error, null) from delivery_attempts a where a.delivery_id = d.id order by a.id desc limit 1) as last_note,
  d.added_by, d.created_at, d.sent_at, d.acknowledged_at, d.acknowledged_by`;
const viewFrom = `deliveries d join cap_messages m on m.id = d.cap_message_id join community_groups g on g.id = d.group_id`;

export interface DeliveriesRepo {
  enqueue(capMessageId: number, target: EnqueueTarget): Promise<{ queued: number }>;
  /** Claim up to `limit` due rows (priority, then due time) whose credentials this key can open. */
  claim(limit: number, leaseMs: number, envelopePrefix: string, busy?: number[]): Promise<ClaimedDelivery[]>;
  /** Put claimed rows back, untried, to go at the given times (the robot had no room now). */
  defer(rows: { id: number; leaseUntil: Date; at: Date }[]): Promise<void>;
  /**
   * Write send outcomes (each only while its row still carries our lease) and the attempts (always), many in
   * one statement (the worker's group commit); returns the ids that were still ours.
   */
  finishMany(items: FinishItem[]): Promise<Set<number>>;
  content(capMessageId: number): Promise<DeliveryContentRow | undefined>;
  latestPhoto(alertId: string): Promise<{ bytes: Buffer; mime: string } | null>;
  earliestDue(envelopePrefix: string): Promise<Date | null>;
  listForAlert(alertId: string): Promise<DeliveryView[]>;
  get(id: number): Promise<DeliveryView | undefined>;
  acknowledge(id: number, userId: string): Promise<DeliveryView | undefined>;
  /** Stop this group's unsent deliveries of the alert. */
  drop(alertId: string, groupId: string, reason: string): Promise<number>;
  /** A failed delivery back in the queue (staff "retry"). */
  requeue(id: number): Promise<boolean>;
  summary(alertId: string): Promise<DeliverySummaryRow>;
}

/**
 * Where a group stands, from its newest delivery: as the liaison's list shows it. A forward kit not yet marked
 * 已转发 waits for the liaison (`to_forward`), not for the queue.
 */
export type GroupDeliveryState = DeliveryStatus | 'to_forward';

/** The summary as the database gives it; the service adds whether SMS only go to a file. */
export type DeliverySummaryRow = Omit<DeliverySummary, 'smsSink'>;

export function createDeliveriesRepo(database: Database): DeliveriesRepo {
  return {
    async enqueue(capMessageId, target) {
      const targets =
        target.kind === 'area'
          ? `select g.id, 'area' as added_by from community_groups g, m
              where not g.disabled and ST_Intersects(g.area, m.area)
                and not exists (select 1 from deliveries x where x.alert_id = m.alert_id and x.group_id = g.id)`
          : target.kind === 'previous'
            ? // Groups that got the message: a robot's or roster's delivery sent (or on its way), a forward kit the
              // liaison marked 已转发. A kit never forwarded put nothing in that chat, so it gets no retraction kit.
              `select distinct x.group_id as id, 'area' as added_by from deliveries x, m
                where x.alert_id = m.alert_id and x.cap_message_id <> m.id
                  and (x.status = 'acknowledged'
                       or (x.status in ('sent','sending')
                           and not exists (select 1 from community_groups f where f.id = x.group_id and f.channel = 'forward_kit')))`
            : `select g.id, 'manual' as added_by from community_groups g where not g.disabled and g.id = any($2::uuid[])`;
      const params: unknown[] = [capMessageId];
      if (target.kind === 'groups') params.push(target.groupIds);
      // A Cancel also stops what has not gone yet: nobody should get the alert after it was retracted.
      const stop =
        target.kind === 'previous'
          ? `, stopped as (
               update deliveries x set status = 'failed', last_error = 'superseded by the Cancel', live_seq = nextval('live_seq')
                from m, community_groups f
               where x.alert_id = m.alert_id and x.cap_message_id <> m.id and f.id = x.group_id
                 and (x.status = 'queued' or (f.channel = 'forward_kit' and x.status = 'sent'))
               returning x.live_seq)`
          : `, stopped as (select null::bigint as live_seq where false)`;
      const [row] = await database.query<{ queued: number }>(
        `with m as (select id, alert_id, msg_type, area from cap_messages where id = $1)${stop},
         t as (${targets}),
         ins as (
           insert into deliveries (cap_message_id, alert_id, group_id, priority, added_by)
           select m.id, m.alert_id, t.id, case m.msg_type when 'Alert' then 0 when 'Cancel' then 1 else 2 end, t.added_by
             from m, t
           on conflict (cap_message_id, group_id) do nothing
           returning live_seq),
         n as (select count(*)::int as queued, greatest((select max(live_seq) from ins), (select max(live_seq) from stopped)) as seq from ins)
         select n.queued, ${liveDoorbellSql('n.seq')},
                case when n.queued > 0 then pg_notify('lookout_deliveries', '') end as kick from n`,
        params,
      );
      return { queued: Number(row?.queued ?? 0) };
    },

    async claim(limit, leaseMs, prefix, busy = []) {
      const rows = await database.query<Raw>(
        `with due as (
           select d.id from deliveries d join community_groups g on g.id = d.group_id
            where (d.status = 'queued' or (d.status = 'sending' and d.lease_until < now()))
              and d.next_attempt_at <= now()
              and g.channel <> 'forward_kit'
              and (g.credentials_enc is null or left(g.credentials_enc, length($3)) = $3)
              and not (d.id = any($4::bigint[]))
            order by d.priority, d.next_attempt_at, d.id
            limit $1
            for update of d skip locked),
         c as (
           update deliveries d
              set status = 'sending', attempts = d.attempts + 1, live_seq = nextval('live_seq'),
                  lease_until = date_trunc('milliseconds', now() + make_interval(secs => $2::float8 / 1000))
             from due where d.id = due.id
           returning d.id, d.cap_message_id, d.alert_id, d.group_id, d.priority, d.attempts, d.lease_until, d.live_seq),
         n as (select max(live_seq) as seq from c)
         select c.*, g.channel, g.credentials_enc, g.disabled, (select ${liveDoorbellSql('n.seq')} from n) as rang
           from c join community_groups g on g.id = c.group_id
          order by c.priority, c.id`,
        [limit, leaseMs, prefix, busy],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        capMessageId: Number(r.cap_message_id),
        alertId: String(r.alert_id),
        groupId: String(r.group_id),
        priority: Number(r.priority),
        attempts: Number(r.attempts),
        leaseUntil: date(r.lease_until),
        channel: String(r.channel) as Channel,
        credentialsEnc: strOrNull(r.credentials_enc),
        groupDisabled: Boolean(r.disabled),
      }));
    },

    async defer(rows) {
      if (!rows.length) return;
      await database.query(
        `with v as (select * from unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) as v(id, lease, at)),
         u as (
           update deliveries d set status = 'queued', next_attempt_at = v.at, lease_until = null,
                  attempts = d.attempts - 1, live_seq = nextval('live_seq')
             from v where d.id = v.id and d.status = 'sending' and d.lease_until = v.lease
           returning d.live_seq),
         n as (select max(live_seq) as seq from u)
         select ${liveDoorbellSql('n.seq')} from n`,
        [rows.map((r) => r.id), rows.map((r) => r.leaseUntil.toISOString()), rows.map((r) => r.at.toISOString())],
      );
    },

    async finishMany(items) {
      if (!items.length) return new Set<number>();
      const col = <T>(f: (i: FinishItem) => T) => items.map(f);
      const [r] = await database.query<{ owned: unknown }>(
        `with v as (
           select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::timestamptz[], $5::text[],
                                $6::bool[], $7::int[], $8::int[], $9::text[], $10::float8[])
             as v(id, lease, status, next_at, last_error, ok, http_status, vendor_code, error, duration_ms)),
         u as (
           update deliveries d set status = v.status, next_attempt_at = coalesce(v.next_at, d.next_attempt_at),
                  lease_until = null, last_error = v.last_error, live_seq = nextval('live_seq'),
                  sent_at = case when v.status = 'sent' then now() else d.sent_at end
             from v where d.id = v.id and d.status = 'sending' and d.lease_until = v.lease
           returning d.id, d.live_seq),
         a as (
           insert into delivery_attempts (delivery_id, ok, http_status, vendor_code, error, duration_ms)
           select id, ok, http_status, vendor_code, error, duration_ms from v returning id),
         n as (select max(live_seq) as seq from u)
         select (select coalesce(array_agg(id), '{}') from u) as owned, (select count(*) from a) as attempts,
                (select ${liveDoorbellSql('n.seq')} from n) as rang`,
        [
          col((i) => i.row.id),
          col((i) => i.row.leaseUntil.toISOString()),
          col((i) => i.outcome.status),
          col((i) => i.outcome.nextAttemptAt?.toISOString() ?? null),
          col((i) => i.outcome.lastError),
          col((i) => i.attempt.ok),
          col((i) => i.attempt.httpStatus),
          col((i) => i.attempt.vendorCode),
          col((i) => i.attempt.error),
          col((i) => i.attempt.durationMs),
        ],
      );
      const owned = Array.isArray(r?.owned) ? (r.owned as unknown[]) : [];
      return new Set(owned.map(Number));
    },

    async content(capMessageId) {
      const [r] = await database.query<Raw>(
        `select m.id, m.alert_id, m.msg_type, m.headline, m.description, a.kind, a.age_band, a.sex, a.height_cm,
                a.clothing, a.public_note, a.place_text, a.seen_at, a.contact_phone, a.purged_at
           from cap_messages m join alerts a on a.id = m.alert_id where m.id = $1`,
        [capMessageId],
      );
      if (!r) return undefined;
      return {
        capMessageId: Number(r.id),
        alertId: String(r.alert_id),
        msgType: String(r.msg_type) as CapMsgType,
        headline: String(r.headline),
        description: String(r.description),
        kind: String(r.kind) as 'lost_child' | 'found_child',
        ageBand: String(r.age_band),
        sex: String(r.sex) as 'male' | 'female' | 'unknown',
        heightCm: r.height_cm === null || r.height_cm === undefined ? null : Number(r.height_cm),
        clothing: strOrNull(r.clothing),
        publicNote: strOrNull(r.public_note),
        placeText: strOrNull(r.place_text),
        seenAt: date(r.seen_at),
        contactPhone: String(r.contact_phone),
        purged: r.purged_at !== null && r.purged_at !== undefined,
      };
    },

    async latestPhoto(alertId) {
      const [r] = await database.query<{ bytes: Buffer | Uint8Array | null; mime: string }>(
        // The card photo: the alert's newest staff photo (never a tipper's), none once the card is withdrawn.
        `select p.bytes, p.mime from photos p join alerts a on a.id = p.alert_id
          where p.alert_id = $1 and p.purged_at is null and p.bytes is not null
            and a.blurred_at is null and a.purged_at is null
            and not exists (select 1 from tips t where t.photo_id = p.id)
          order by p.created_at desc, p.id desc limit 1`,
        [alertId],
      );
      if (!r?.bytes) return null;
      return { bytes: Buffer.isBuffer(r.bytes) ? r.bytes : Buffer.from(r.bytes), mime: r.mime };
    },

    async earliestDue(prefix) {
      const [r] = await database.query<{ at: unknown }>(
        `select min(d.next_attempt_at) as at from deliveries d join community_groups g on g.id = d.group_id
          where d.status = 'queued' and g.channel <> 'forward_kit'
            and (g.credentials_enc is null or left(g.credentials_enc, length($1)) = $1)`,
        [prefix],
      );
      return r?.at ? date(r.at) : null;
    },

    async listForAlert(alertId) {
      const rows = await database.query<Raw>(
        `select ${viewColumns} from ${viewFrom} where d.alert_id = $1 order by d.cap_message_id, g.name, d.id`,
        [alertId],
      );
      return rows.map(toView);
    },

    async get(id) {
      const [r] = await database.query<Raw>(`select ${viewColumns} from ${viewFrom} where d.id = $1`, [id]);
      return r ? toView(r) : undefined;
    },

    async acknowledge(id, userId) {
      const rows = await database.query(
        `with u as (
           update deliveries set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2,
                  lease_until = null, live_seq = nextval('live_seq')
            where id = $1 and status <> 'acknowledged' returning live_seq)
         select ${liveDoorbellSql('u.live_seq')} from u`,
        [id, userId],
      );
      void rows;
      const [r] = await database.query<Raw>(`select ${viewColumns} from ${viewFrom} where d.id = $1`, [id]);
      return r ? toView(r) : undefined;
    },

    async drop(alertId, groupId, reason) {
      const [r] = await database.query<{ n: number }>(
        `with u as (
           update deliveries set status = 'failed', last_error = $3, lease_until = null, live_seq = nextval('live_seq')
            where alert_id = $1 and group_id = $2 and status = 'queued' returning live_seq),
         n as (select count(*)::int as n, max(live_seq) as seq from u)
         select n.n, ${liveDoorbellSql('n.seq')} from n`,
        [alertId, groupId, reason],
      );
      return Number(r?.n ?? 0);
    },

    async requeue(id) {
      const rows = await database.query(
        `with u as (
           update deliveries set status = 'queued', next_attempt_at = now(), last_error = null, attempts = 0,
                  live_seq = nextval('live_seq')
            where id = $1 and status = 'failed' returning live_seq)
         select ${liveDoorbellSql('u.live_seq')} from u`,
        [id],
      );
      return rows.length > 0;
    },

    async summary(alertId) {
      const [r] = await database.query<Raw>(
        `with d as (select d.*, m.msg_type, g.channel from deliveries d join cap_messages m on m.id = d.cap_message_id
                      join community_groups g on g.id = d.group_id where d.alert_id = $1),
         latest as (select distinct on (group_id) group_id, status, channel from d order by group_id, id desc)
         select (select count(distinct group_id)::int from d) as groups,
                (select coalesce(json_object_agg(state, n), '{}'::json) from (
                   select case when channel = 'forward_kit' and status in ('queued', 'sent') then 'to_forward'
                               else status end as state, count(*)::int as n
                     from latest group by 1) s) as group_states,
                (select coalesce(sum(g.member_count), 0)::int from community_groups g where g.id in (select group_id from d)) as reach,
                (select coalesce(json_object_agg(k, n), '{}'::json) from (select msg_type || '/' || status as k, count(*)::int as n from d group by 1) s) as counts,
                (select min(sent_at) from d where msg_type = 'Alert') as first_sent,
                (select max(sent_at) from d) as last_sent`,
        [alertId],
      );
      const empty = (): Record<DeliveryStatus, number> => ({
        queued: 0,
        sending: 0,
        sent: 0,
        failed: 0,
        acknowledged: 0,
      });
      const byStatus: Record<GroupDeliveryState, number> = { ...empty(), to_forward: 0 };
      const states = (
        typeof r?.group_states === 'string' ? JSON.parse(r.group_states) : (r?.group_states ?? {})
      ) as Record<string, number>;
      for (const [state, n] of Object.entries(states)) byStatus[state as GroupDeliveryState] = Number(n);
      const byMsgType: DeliverySummaryRow['byMsgType'] = {};
      const counts = (typeof r?.counts === 'string' ? JSON.parse(r.counts) : (r?.counts ?? {})) as Record<
        string,
        number
      >;
      for (const [k, n] of Object.entries(counts)) {
        const [type, status] = k.split('/') as [CapMsgType, DeliveryStatus];
        (byMsgType[type] ??= empty())[status] += Number(n);
      }
      return {
        groups: Number(r?.groups ?? 0),
        reach: Number(r?.reach ?? 0),
        byStatus,
        byMsgType,
        firstSentAt: isoOrNull(r?.first_sent),
        lastSentAt: isoOrNull(r?.last_sent),
      };
    },
  };
}
