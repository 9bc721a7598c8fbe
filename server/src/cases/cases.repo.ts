import type { CaseEvent, CaseOutcome, CaseView } from '@lookout/contracts';
import type { CaseKind, Database, SubjectCategory } from '@lookout/db';
import { clockEventsSql, firstSentEvent, firstSentSql, toClockEvents } from '../board/board.repo.ts';
import { stepTimes } from '../board/case-clocks.ts';
import { caseStep } from './case-step.ts';
import { iso, isoOrNull, numOrNull, strOrNull, liveDoorbellSql } from '@lookout/db';

export interface NewCase {
  kind: CaseKind;
  title: string;
  description: string | null;
  reporterPhone: string | null;
  subjectCount: number | null;
  subjectCategory: SubjectCategory;
  terrain: string | null;
  ipp: { lon: number; lat: number } | null;
  createdBy: string;
}

type Raw = Record<string, unknown>;

/** Columns every case query selects (`c` = cases), with the event-derived clock fields. */
const caseColumns = `c.id, c.kind, c.status, c.title, c.description, c.reporter_phone, c.subject_count,
  c.subject_category, c.terrain, ST_X(c.ipp) as ipp_lon, ST_Y(c.ipp) as ipp_lat, c.target_sighting_id,
  c.created_by, c.created_at, c.closed_at,
  ${clockEventsSql} as clock_events, ${firstSentSql} as first_sent,
  (select coalesce(array_agg(distinct e.type), '{}') from case_events e where e.case_id = c.id) as event_types`;

function toCase(r: Raw): CaseView {
  const types = Array.isArray(r.event_types) ? (r.event_types as string[]) : [];
  const times = stepTimes([...toClockEvents(r.clock_events), ...firstSentEvent(r.first_sent)]);
  return {
    id: String(r.id),
    kind: String(r.kind) as CaseKind,
    status: String(r.status) as 'open' | 'closed',
    title: String(r.title),
    description: strOrNull(r.description),
    reporterPhone: strOrNull(r.reporter_phone),
    subjectCount: numOrNull(r.subject_count),
    subjectCategory: strOrNull(r.subject_category) as SubjectCategory | null,
    terrain: strOrNull(r.terrain),
    ipp: r.ipp_lon === null || r.ipp_lon === undefined ? null : { lon: Number(r.ipp_lon), lat: Number(r.ipp_lat) },
    targetSightingId: numOrNull(r.target_sighting_id),
    createdBy: strOrNull(r.created_by),
    createdAt: iso(r.created_at),
    acknowledgedAt: times.acknowledged,
    closedAt: isoOrNull(r.closed_at),
    step: caseStep(types),
    times,
  };
}

function toEvent(r: Raw): CaseEvent {
  return {
    seq: Number(r.seq),
    type: String(r.type),
    at: iso(r.at),
    actorId: strOrNull(r.actor_id),
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? {})) as Record<string, unknown>,
  };
}

export interface CasesRepo {
  /** The case and its `opened` event in one statement, with the live doorbell. */
  open(c: NewCase): Promise<CaseView>;
  list(status: 'open' | 'closed' | 'all'): Promise<CaseView[]>;
  get(id: string): Promise<CaseView | undefined>;
  /** The newest open case with this title (the demo scenario's restart check). */
  findOpenByTitle(title: string): Promise<CaseView | undefined>;
  events(caseId: string): Promise<CaseEvent[]>;
  /** Append `acknowledged` once: false when the case already had it. */
  acknowledge(caseId: string, actorId: string): Promise<boolean>;
  /**
   * Close an open case in one statement: status and time, the units still out stood down (each with its
   * `unit_stood_down` event), event `closed` with the outcome, the doorbell. False when it was not open.
   */
  close(caseId: string, actorId: string, outcome: CaseOutcome, note: string | null): Promise<boolean>;
  /** Whether this user may see the case as an officer: he opened it or his unit is assigned to it. */
  officerMayRead(caseId: string, userId: string): Promise<boolean>;
  /** The cases an officer may read in full: the ones he opened and the ones his unit is assigned to. */
  officerCaseIds(userId: string): Promise<Set<string>>;
  /** Append `clock_corrected {step, at, reason}` (case-clocks.ts reads it), with the live doorbell. */
  correctClock(caseId: string, actorId: string, c: { step: string; at: string; reason: string }): Promise<CaseEvent>;
}

export function createCasesRepo(database: Database): CasesRepo {
  const one = async (where: string, params: unknown[]) => {
    const [row] = await database.query<Raw>(`select ${caseColumns} from cases c where ${where}`, params);
    return row ? toCase(row) : undefined;
  };
  return {
    async open(c) {
      const [row] = await database.query<{ id: string }>(
        `with c as (
           insert into cases (kind, title, description, reporter_phone, subject_count, subject_category, terrain, ipp, created_by,
                              station)
           values ($1, $2, $3, $4, $5, $6, $7,
                   case when $8::float8 is null then null else ST_SetSRID(ST_MakePoint($8::float8, $9::float8), 4326) end, $10,
                   (select u.station from users u where u.id = $10))
           returning id, created_at),
         e as (
           insert into case_events (case_id, type, actor_id, at, data)
           select c.id, 'opened', $10, c.created_at, jsonb_build_object('title', $2::text) from c
           returning seq)
         select c.id, ${liveDoorbellSql('e.seq')} from c, e`,
        [
          c.kind,
          c.title,
          c.description,
          c.reporterPhone,
          c.subjectCount,
          c.subjectCategory,
          c.terrain,
          c.ipp?.lon ?? null,
          c.ipp?.lat ?? null,
          c.createdBy,
        ],
      );
      const opened = await one('c.id = $1', [row!.id]);
      return opened!;
    },
    async list(status) {
      const rows = await database.query<Raw>(
        `select ${caseColumns} from cases c where ($1 = 'all' or c.status = $1) order by c.created_at desc limit 500`,
        [status],
      );
      return rows.map(toCase);
    },
    get: (id) => one('c.id = $1', [id]),
    findOpenByTitle: (title) => one(`c.status = 'open' and c.title = $1 order by c.created_at desc limit 1`, [title]),
    async events(caseId) {
      const rows = await database.query<Raw>(
        'select seq, type, at, actor_id, data from case_events where case_id = $1 order by at, seq',
        [caseId],
      );
      return rows.map(toEvent);
    },
    async acknowledge(caseId, actorId) {
      // The unique (case_id, idempotency_key) index makes "once" hold across servers and double clicks.
      const rows = await database.query(
        `with e as (
           insert into case_events (case_id, type, actor_id, idempotency_key) values ($1, 'acknowledged', $2, 'acknowledged')
           on conflict (case_id, idempotency_key) do nothing returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [caseId, actorId],
      );
      return rows.length > 0;
    },
    async close(caseId, actorId, outcome, note) {
      const rows = await database.query(
        `with c as (
           update cases set status = 'closed', closed_at = now() where id = $1 and status = 'open' returning id),
         a as (
           update assignments set status = 'stood_down', updated_at = now()
            where case_id in (select id from c) and status in ('dispatched', 'en_route', 'on_scene')
           returning id, unit_id),
         sd as (
           insert into case_events (case_id, type, actor_id, data)
           select $1, 'unit_stood_down', $2,
                  jsonb_build_object('assignmentId', a.id, 'unitId', a.unit_id, 'status', 'stood_down', 'reason', 'case_closed')
             from a returning seq),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select c.id, 'closed', $2, jsonb_build_object('outcome', $3::text, 'note', $4::text) from c
           returning seq)
         select ${liveDoorbellSql('greatest(e.seq, (select max(seq) from sd))')}
           from e`,
        [caseId, actorId, outcome, note],
      );
      return rows.length > 0;
    },
    async officerMayRead(caseId, userId) {
      const [row] = await database.query<{ ok: boolean }>(
        `select exists (select 1 from cases where id = $1 and created_by = $2)
             or exists (select 1 from assignments a join units u on u.id = a.unit_id where a.case_id = $1 and u.user_id = $2) as ok`,
        [caseId, userId],
      );
      return Boolean(row?.ok);
    },
    async officerCaseIds(userId) {
      const rows = await database.query<{ id: string }>(
        `select id from cases where created_by = $1
         union
         select a.case_id from assignments a join units u on u.id = a.unit_id where u.user_id = $1`,
        [userId],
      );
      return new Set(rows.map((r) => String(r.id)));
    },
    async correctClock(caseId, actorId, c) {
      const [row] = await database.query<Raw>(
        `with e as (
           insert into case_events (case_id, type, actor_id, data)
           values ($1, 'clock_corrected', $2,
                   jsonb_build_object('step', $3::text, 'at', $4::text, 'reason', $5::text))
           returning seq, type, at, actor_id, data)
         select e.*, ${liveDoorbellSql('e.seq')} as rang from e`,
        [caseId, actorId, c.step, c.at, c.reason],
      );
      return toEvent(row!);
    },
  };
}
