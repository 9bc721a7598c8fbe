import type { CaseKind, Database } from '@lookout/db';
import type { ClockEvent } from './case-clocks.ts';
import type { CallerSilence } from '@lookout/contracts';
import { iso, liveDoorbellSql, numOrNull } from '@lookout/db';
import type { LastCallerFix } from './caller-silence.ts';
import { recentHms } from './drone-health.repo.ts';

/** The event types the clocks read (case-clocks.ts), plus corrections and recorded breaches. */
export const clockEventTypes = [
  'opened',
  'tadpole_reported',
  'acknowledged',
  'alert_verified',
  'unit_dispatched',
  'unit_on_scene',
  'officer_on_scene',
  'first_broadcast',
  'person_found',
  'child_found',
  'guardian_verified',
  'handed_over',
  'closed',
  'clock_corrected',
  'clock_breached',
] as const;

/**
 * The first broadcast of case `c` as the deliveries know it (the tadpole jobs write the `first_broadcast` event a
 * tick later); every reader of the clocks adds it as an event (`firstSentEvent`).
 */
export const firstSentSql = `(select min(d.sent_at) from deliveries d join cap_messages m on m.id = d.cap_message_id
   join alerts a on a.id = d.alert_id where a.case_id = c.id and m.msg_type <> 'Cancel')`;

/** The first broadcast known from the deliveries, as a clock event (seq 0: a real event of the same time wins). */
export function firstSentEvent(firstSent: unknown): ClockEvent[] {
  if (firstSent === null || firstSent === undefined) return [];
  return [{ seq: 0, type: 'first_broadcast', at: iso(firstSent) }];
}

/** Clock events of case `c` as one JSON array, oldest first (for queries that read many cases at once). */
export const clockEventsSql = `(select coalesce(json_agg(json_build_object('seq', e.seq, 'type', e.type, 'at', e.at,
     'data', e.data) order by e.at, e.seq), '[]'::json)
   from case_events e where e.case_id = c.id and e.type in (${clockEventTypes.map((t) => `'${t}'`).join(', ')}))`;

/** The rows of `clockEventsSql` as clock events. */
export function toClockEvents(raw: unknown): ClockEvent[] {
  const list = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as Record<string, unknown>[];
  return list.map((e) => ({
    seq: Number(e.seq),
    type: String(e.type),
    at: iso(e.at),
    data: (typeof e.data === 'string' ? JSON.parse(e.data) : (e.data ?? {})) as Record<string, unknown>,
  }));
}

export interface OpenCaseRow {
  id: string;
  kind: CaseKind;
  title: string;
  createdAt: string;
  alertId: string | null;
  units: number;
  matches: number;
  alerts: number;
  tips: number;
  events: ClockEvent[];
  /** The last event of any type (for "current step" text). */
  eventTypes: string[];
  /** When the liaison asked the police to retract the alert (`retraction_requested`), if he did. */
  retractionRequestedAt: string | null;
  /** The latest fix the caller's location page sent, if any. */
  lastCallerFix: LastCallerFix | null;
  /** What the ISRID rings need: the IPP, the subject category and the terrain. */
  ipp: { lon: number; lat: number } | null;
  subjectCategory: string | null;
  terrain: string | null;
}

type Raw = Record<string, unknown>;

export function createBoardRepo(database: Database) {
  return {
    /** Recent DJI health items for the board's drone-health section (drone-health.repo.ts). */
    recentHms: (since: Date, minLevel: number) => recentHms(database, since, minLevel),

    /**
     * The share of each circle (a case's 50 % ring: IPP and radius) its total coverage covers, from the one
     * geometry the coverage worker keeps per case; cases with no coverage yet are absent.
     */
    async circleCoverage(circles: { caseId: string; lon: number; lat: number; radiusM: number }[]) {
      if (circles.length === 0) return new Map<string, number>();
      const rows = await database.query<Raw>(
        `select c.case_id,
                ST_Area(ST_Intersection(t.geom, r.g)::geography) / nullif(ST_Area(r.g::geography), 0) as share
           from unnest($1::uuid[], $2::float8[], $3::float8[], $4::float8[]) as c(case_id, lon, lat, radius_m)
           join case_coverage_total t on t.case_id = c.case_id
           cross join lateral (select ST_Buffer(ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326)::geography,
                                                c.radius_m, 'quad_segs=24')::geometry as g) r`,
        [
          circles.map((c) => c.caseId),
          circles.map((c) => c.lon),
          circles.map((c) => c.lat),
          circles.map((c) => c.radiusM),
        ],
      );
      return new Map(rows.map((r) => [String(r.case_id), Math.min(1, Number(r.share ?? 0))]));
    },

    /** Every open case (or only those of `ids` that are open) with its counts and its clock events. */
    async openCases(ids?: readonly string[]): Promise<OpenCaseRow[]> {
      const rows = await database.query<Raw>(
        `select c.id, c.kind, c.title, c.created_at, ST_X(c.ipp) as ipp_lon, ST_Y(c.ipp) as ipp_lat,
                c.subject_category, c.terrain,
                (select a.id from alerts a where a.case_id = c.id order by a.created_at desc limit 1) as alert_id,
                -- People, not rows: one officer is one unit however often he was sent.
                (select count(distinct s.unit_id) from assignments s where s.case_id = c.id and s.status <> 'stood_down')
                  as units,
                (select count(*) from matches m where m.case_id = c.id and m.status <> 'rejected') as matches,
                (select count(*) from alerts a where a.case_id = c.id) as alerts,
                (select count(*) from tips t join alerts a on a.id = t.alert_id where a.case_id = c.id) as tips,
                ${firstSentSql} as first_sent,
                lf.id as last_fix_id, lf.t as last_fix_t, lf.battery as last_fix_battery
           from cases c
           left join lateral (select cl.id, cl.t, cl.battery from caller_locations cl
                               where cl.case_id = c.id and cl.source = 'link'
                               order by cl.t desc, cl.id desc limit 1) lf on true
          where c.status = 'open' and ($1::uuid[] is null or c.id = any($1::uuid[]))
          order by c.created_at`,
        [ids ? [...ids] : null],
      );
      if (!rows.length) return [];
      const caseIds = rows.map((r) => String(r.id));
      const events = await database.query<Raw>(
        `select e.seq, e.case_id, e.type, e.at, e.data from case_events e
          where e.case_id = any($1::uuid[]) order by e.case_id, e.at, e.seq`,
        [caseIds],
      );
      const byCase = new Map<string, Raw[]>();
      for (const e of events) {
        const k = String(e.case_id);
        let list = byCase.get(k);
        if (!list) byCase.set(k, (list = []));
        list.push(e);
      }
      const types = new Set<string>(clockEventTypes);
      return rows.map((r) => {
        const evs = byCase.get(String(r.id)) ?? [];
        return {
          id: String(r.id),
          kind: r.kind as CaseKind,
          title: String(r.title),
          createdAt: iso(r.created_at),
          alertId: r.alert_id === null || r.alert_id === undefined ? null : String(r.alert_id),
          units: Number(r.units),
          matches: Number(r.matches),
          alerts: Number(r.alerts),
          tips: Number(r.tips),
          events: [
            ...evs
              .filter((e) => types.has(String(e.type)))
              .map((e) => ({
                seq: Number(e.seq),
                type: String(e.type),
                at: iso(e.at),
                data: (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as Record<string, unknown>,
              })),
            ...firstSentEvent(r.first_sent),
          ],
          eventTypes: evs.map((e) => String(e.type)),
          retractionRequestedAt: ((e) => (e ? iso(e.at) : null))(evs.find((e) => e.type === 'retraction_requested')),
          ipp:
            r.ipp_lon === null || r.ipp_lon === undefined ? null : { lon: Number(r.ipp_lon), lat: Number(r.ipp_lat) },
          subjectCategory: r.subject_category === null ? null : String(r.subject_category),
          terrain: r.terrain === null ? null : String(r.terrain),
          lastCallerFix:
            r.last_fix_id === null || r.last_fix_id === undefined
              ? null
              : { id: Number(r.last_fix_id), t: iso(r.last_fix_t), battery: numOrNull(r.last_fix_battery) },
        };
      });
    },

    /** Record a breach once per (case, step): the unique (case_id, idempotency_key) index drops a second one. */
    async recordBreach(caseId: string, step: string, targetS: number, elapsedS: number): Promise<number | null> {
      const rows = await database.query<{ seq: number }>(
        `with e as (
           insert into case_events (case_id, type, data, idempotency_key)
           values ($1, 'clock_breached', jsonb_build_object('step', $2::text, 'target_s', $3::int, 'elapsed_s', $4::int),
                   'breach:' || $2::text)
           on conflict (case_id, idempotency_key) do nothing
           returning seq)
         select e.seq, ${liveDoorbellSql('e.seq')} from e`,
        [caseId, step, targetS, elapsedS],
      );
      return rows[0] ? Number(rows[0].seq) : null;
    },

    /**
     * Record a caller's silence once per last fix (the idempotency key names it): a new fix ends the silence, and
     * the next one is recorded again.
     */
    async recordCallerSilence(caseId: string, s: CallerSilence): Promise<number | null> {
      const rows = await database.query<{ seq: number }>(
        `with e as (
           insert into case_events (case_id, type, data, idempotency_key)
           values ($1, 'caller_silent_low_battery',
                   jsonb_build_object('callerLocationId', $2::bigint, 'lastFixAt', $3::text, 'battery', $4::real,
                                      'silentS', $5::int),
                   $6::text)
           on conflict (case_id, idempotency_key) do nothing
           returning seq)
         select e.seq, ${liveDoorbellSql('e.seq')} from e`,
        [caseId, s.callerLocationId, s.lastFixAt, s.battery, s.silentS, `caller_silent:${s.callerLocationId}`],
      );
      return rows[0] ? Number(rows[0].seq) : null;
    },
  };
}
export type BoardRepo = ReturnType<typeof createBoardRepo>;
