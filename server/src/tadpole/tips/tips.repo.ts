import type { Tip as TipView, TipCluster } from '@lookout/contracts';
import { direct, withTransaction, type Database, type Query, iso, isoOrNull, strOrNull } from '@lookout/db';

type Raw = Record<string, unknown>;

/** A tip and a cluster of tips as the routes answer them. */
export type { TipView, TipCluster };

const columns = `t.id, t.live_seq, t.alert_id, t.seen_at, t.received_at, ST_X(t.point) as lon, ST_Y(t.point) as lat,
  t.accuracy_m, t.text, t.phone, t.photo_id, t.useful, t.marked_by, t.marked_at`;

function toTip(r: Raw): TipView {
  return {
    id: Number(r.id),
    seq: Number(r.live_seq),
    alertId: String(r.alert_id),
    seenAt: iso(r.seen_at),
    receivedAt: iso(r.received_at),
    location:
      r.lon === null || r.lon === undefined
        ? null
        : { lon: Number(r.lon), lat: Number(r.lat), accuracyM: r.accuracy_m === null ? null : Number(r.accuracy_m) },
    // The case file purge blanks the text: '' reads as "no longer kept".
    text: r.text ? String(r.text) : null,
    phone: strOrNull(r.phone),
    photoId: strOrNull(r.photo_id),
    useful: r.useful === null || r.useful === undefined ? null : Boolean(r.useful),
    markedBy: strOrNull(r.marked_by),
    markedAt: isoOrNull(r.marked_at),
  };
}

export interface NewTip {
  alertId: string;
  seenAt: Date;
  location: { lon: number; lat: number; accuracyM: number | null } | null;
  text: string;
  phone: string | null;
  senderHash: string;
  idempotencyKey: string;
}

/** How many tips one sender may have accepted on one alert within a window. */
export interface TipBudget {
  max: number;
  windowS: number;
}

export type TipInsert = { tip: TipView; created: boolean } | { limited: true; retryAfterS: number };

export function createTipsRepo(database: Database) {
  const q = direct(database);

  /** Insert once per (alert, key); `created` false when the key was seen before (the first tip comes back). */
  async function insertWith(query: Query, t: NewTip): Promise<{ tip: TipView; created: boolean }> {
    const inserted = await query<Raw>(
      `with t as (
         insert into tips (alert_id, seen_at, point, accuracy_m, text, phone, sender_hash, idempotency_key)
         values ($1, $2, case when $3::float8 is null then null else ST_SetSRID(ST_MakePoint($3::float8, $4::float8), 4326) end,
                 $5, $6, $7, $8, $9)
         on conflict (alert_id, idempotency_key) do nothing
         returning *)
       select ${columns} from t`,
      [
        t.alertId,
        t.seenAt.toISOString(),
        t.location?.lon ?? null,
        t.location?.lat ?? null,
        t.location?.accuracyM ?? null,
        t.text,
        t.phone,
        t.senderHash,
        t.idempotencyKey,
      ],
    );
    if (inserted[0]) return { tip: toTip(inserted[0]), created: true };
    const [existing] = await query<Raw>(
      `select ${columns} from tips t where t.alert_id = $1 and t.idempotency_key = $2`,
      [t.alertId, t.idempotencyKey],
    );
    return { tip: toTip(existing!), created: false };
  }

  return {
    /**
     * Insert the tip unless its sender already had `budget.max` tips accepted on this alert within the window.
     * Only stored tips count, so a rejected body, an unknown token or a failed request costs the sender nothing,
     * and one sender's budget on one alert leaves other alerts alone. A retried key gets its tip back whatever
     * the count. The count and the insert hold a transaction lock on (alert, sender), so parallel posts (from
     * several servers) cannot pass the limit together.
     */
    async insertWithinBudget(t: NewTip, budget: TipBudget): Promise<TipInsert> {
      return withTransaction(database, async (tx) => {
        await tx('select pg_advisory_xact_lock(hashtext($1))', [`tip:${t.alertId}:${t.senderHash}`]);
        const [earlier] = await tx<Raw>(
          `select ${columns} from tips t where t.alert_id = $1 and t.idempotency_key = $2`,
          [t.alertId, t.idempotencyKey],
        );
        if (earlier) return { tip: toTip(earlier), created: false };
        // The max-th newest accepted tip in the window: while it is in the window, the sender is at the limit.
        const [limiting] = await tx<{ wait_s: number | string }>(
          `select extract(epoch from received_at + make_interval(secs => $3::float8) - now()) as wait_s
             from tips
            where alert_id = $1 and sender_hash = $2 and received_at > now() - make_interval(secs => $3::float8)
            order by received_at desc offset $4::int limit 1`,
          [t.alertId, t.senderHash, budget.windowS, budget.max - 1],
        );
        if (limiting) return { limited: true, retryAfterS: Math.max(1, Math.ceil(Number(limiting.wait_s))) };
        return insertWith(tx, t);
      });
    },

    async get(id: number): Promise<TipView | undefined> {
      const [row] = await q<Raw>(`select ${columns} from tips t where t.id = $1`, [id]);
      return row ? toTip(row) : undefined;
    },

    async list(alertId: string): Promise<TipView[]> {
      const rows = await q<Raw>(`select ${columns} from tips t where t.alert_id = $1 order by t.received_at, t.id`, [
        alertId,
      ]);
      return rows.map(toTip);
    },

    async mark(id: number, useful: boolean, by: string): Promise<TipView | undefined> {
      const [row] = await q<Raw>(
        `with t as (update tips set useful = $2, marked_by = $3, marked_at = now() where id = $1 returning *)
         select ${columns} from t`,
        [id, useful, by],
      );
      return row ? toTip(row) : undefined;
    },

    /**
     * Tips within `epsM` of each other grouped (DBSCAN, one tip is enough for a group), in the UTM zone of the
     * alert so the distance is in metres. Tips without a point are left out.
     */
    async clusters(alertId: string, epsM: number): Promise<TipCluster[]> {
      const rows = await q<Raw>(
        `with z as (select 32600 + least(60, floor((ST_X(point) + 180) / 6)::int + 1) as srid from alerts where id = $1),
              c as (select t.id, t.point, t.useful,
                           ST_ClusterDBSCAN(ST_Transform(t.point, (select srid from z)), $2::float8, 1) over () as cid
                      from tips t where t.alert_id = $1 and t.point is not null)
         select cid, array_agg(id order by id) as ids, count(*) as n, count(*) filter (where useful) as useful_n,
                ST_X(ST_Centroid(ST_Collect(point))) as lon, ST_Y(ST_Centroid(ST_Collect(point))) as lat
           from c group by cid order by min(id)`,
        [alertId, epsM],
      );
      return rows.map((r, i) => ({
        id: i + 1,
        center: { lon: Number(r.lon), lat: Number(r.lat) },
        tipIds: (r.ids as (number | string)[]).map(Number),
        count: Number(r.n),
        usefulCount: Number(r.useful_n),
      }));
    },

    /** The case file purge: what a tipper wrote, their phone and where they were go; the times stay for the clocks. */
    async purgeForAlert(query: Query, alertId: string): Promise<number> {
      const rows = await query(
        `update tips set text = '', phone = null, point = null, accuracy_m = null, sender_hash = null
          where alert_id = $1 returning id`,
        [alertId],
      );
      return rows.length;
    },
  };
}

export type TipsRepo = ReturnType<typeof createTipsRepo>;
