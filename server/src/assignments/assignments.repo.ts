import type { Assignment } from '@lookout/contracts';
import type { AssignmentStatus, Database } from '@lookout/db';
import { iso, liveDoorbellSql } from '@lookout/db';

export type TargetKind = 'match' | 'sighting' | 'caller_location' | 'point';

type Raw = Record<string, unknown>;

/** Columns every assignment query selects (`a` = assignments, `u` = units). */
export const assignmentColumns = `a.id, a.case_id, a.unit_id, u.callsign as unit_callsign, a.status, a.target_kind,
  a.target_ref, ST_X(a.target) as target_lon, ST_Y(a.target) as target_lat, a.created_at, a.updated_at`;

export function toAssignmentView(r: Raw): Assignment {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    unitId: String(r.unit_id),
    unitCallsign: String(r.unit_callsign),
    status: String(r.status) as AssignmentStatus,
    target: {
      kind: String(r.target_kind) as TargetKind,
      ref: r.target_ref === null || r.target_ref === undefined ? null : String(r.target_ref),
      lon: Number(r.target_lon),
      lat: Number(r.target_lat),
    },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** The case event of each status an assignment can move to. */
export const statusEvent: Record<AssignmentStatus, string> = {
  dispatched: 'unit_dispatched',
  en_route: 'unit_en_route',
  on_scene: 'unit_on_scene',
  found: 'person_found',
  stood_down: 'unit_stood_down',
};

/** The statuses of a unit still out on a case: at most one such assignment per (unit, case) (a unique index). */
export const activeStatuses: readonly AssignmentStatus[] = ['dispatched', 'en_route', 'on_scene'];

/** Where a unit is sent: a target of the case (match, sighting, caller location) or a point, in WGS-84. */
export interface AssignmentTarget {
  kind: TargetKind;
  ref: string | null;
  lon: number;
  lat: number;
}

export interface AssignmentsRepo {
  /** The position of a target of this case: a match's or a sighting's point, or a caller location of the case. */
  targetPoint(
    caseId: string,
    kind: Exclude<TargetKind, 'point'>,
    ref: number,
  ): Promise<{ lon: number; lat: number } | undefined>;
  /**
   * The assignment and its `unit_dispatched` event in one statement, with the doorbell; undefined when the unit
   * already has a live assignment on this case (the unique index on active statuses).
   */
  create(
    a: AssignmentTarget & { caseId: string; unitId: string; createdBy: string; handOff?: boolean },
  ): Promise<Assignment | undefined>;
  /** The unit's live (dispatched, en route, on scene) assignment on this case. */
  activeFor(caseId: string, unitId: string): Promise<Assignment | undefined>;
  /**
   * A new target for a live assignment, its status kept, with an `assignment_retargeted` event (old and new target)
   * and the doorbell; false when the assignment is no longer live.
   */
  retarget(id: string, to: AssignmentTarget, actorId: string, handOff?: boolean): Promise<boolean>;
  /** The assignment with its unit's account (null for an outside team). */
  get(id: string): Promise<(Assignment & { unitUserId: string | null }) | undefined>;
  listForCase(caseId: string): Promise<Assignment[]>;
  /** The unit's current assignment: the newest one of an open case not stood down. */
  currentForUnit(unitId: string): Promise<Assignment | undefined>;
  /** Whether this idempotency key was already used for a step of this case. */
  keyUsed(caseId: string, key: string): Promise<boolean>;
  /**
   * Move to `status` and append its event in one statement; a repeated idempotency key changes nothing.
   * `from` guards against a concurrent change: nothing happens unless the status is still one of them.
   * The event's time is the tap (`tappedAt`); its data keeps both times (`tappedAt`, `receivedAt`). An outside
   * team's step has no actor; its event says it came through the team's link (`teamLinkId`).
   */
  setStatus(
    id: string,
    status: AssignmentStatus,
    from: AssignmentStatus[],
    actorId: string | null,
    key: string,
    times: { tappedAt: Date; receivedAt: Date },
    teamLinkId?: string,
  ): Promise<boolean>;
}

export function createAssignmentsRepo(database: Database): AssignmentsRepo {
  const get = async (id: string) => {
    const [row] = await database.query<Raw>(
      `select ${assignmentColumns}, u.user_id as unit_user_id from assignments a join units u on u.id = a.unit_id where a.id = $1`,
      [id],
    );
    const unitUserId = row?.unit_user_id === null || row?.unit_user_id === undefined ? null : String(row.unit_user_id);
    return row ? { ...toAssignmentView(row), unitUserId } : undefined;
  };
  return {
    async targetPoint(caseId, kind, ref) {
      const sql = {
        match: `select ST_X(s.geom) as lon, ST_Y(s.geom) as lat from matches m join sightings s on s.id = m.sighting_id
                 where m.id = $2 and m.case_id = $1`,
        sighting: `select ST_X(geom) as lon, ST_Y(geom) as lat from sightings where id = $2 and (case_id is null or case_id = $1)`,
        caller_location: `select ST_X(geom) as lon, ST_Y(geom) as lat from caller_locations where id = $2 and case_id = $1`,
      }[kind];
      const [row] = await database.query<{ lon: number; lat: number }>(sql, [caseId, ref]);
      return row ? { lon: Number(row.lon), lat: Number(row.lat) } : undefined;
    },
    async create(a) {
      const [row] = await database.query<{ id: string }>(
        `with a as (
           insert into assignments (case_id, unit_id, target_kind, target_ref, target, created_by)
           values ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7)
           on conflict (unit_id, case_id) where status in ('dispatched', 'en_route', 'on_scene') do nothing
           returning id, case_id, unit_id, target_kind, target_ref),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select a.case_id, 'unit_dispatched', $7,
                  jsonb_build_object('assignmentId', a.id, 'unitId', a.unit_id, 'status', 'dispatched',
                                     'targetKind', a.target_kind, 'targetRef', a.target_ref, 'handOff', $8::boolean) from a
           returning seq)
         select a.id, ${liveDoorbellSql('e.seq')} from a, e`,
        [a.caseId, a.unitId, a.kind, a.ref, a.lon, a.lat, a.createdBy, a.handOff ?? false],
      );
      if (!row) return undefined;
      const { unitUserId: _, ...view } = (await get(row.id))!;
      return view;
    },
    async activeFor(caseId, unitId) {
      const [row] = await database.query<Raw>(
        `select ${assignmentColumns} from assignments a join units u on u.id = a.unit_id
          where a.case_id = $1 and a.unit_id = $2 and a.status = any($3::text[])`,
        [caseId, unitId, activeStatuses],
      );
      return row ? toAssignmentView(row) : undefined;
    },
    async retarget(id, to, actorId, handOff = false) {
      const rows = await database.query(
        `with a0 as (
           select id, case_id, unit_id, status, target_kind, target_ref, ST_X(target) as lon, ST_Y(target) as lat
             from assignments where id = $1 and status = any($7::text[]) for update),
         u as (
           update assignments set target_kind = $2, target_ref = $3, target = ST_SetSRID(ST_MakePoint($4, $5), 4326),
                  updated_at = now()
            where id in (select id from a0) returning id),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select a0.case_id, 'assignment_retargeted', $6,
                  jsonb_build_object('assignmentId', a0.id, 'unitId', a0.unit_id, 'status', a0.status,
                    'from', jsonb_build_object('kind', a0.target_kind, 'ref', a0.target_ref, 'lon', a0.lon, 'lat', a0.lat),
                    'to', jsonb_build_object('kind', $2::text, 'ref', $3::text, 'lon', $4::float8, 'lat', $5::float8),
                    'handOff', $8::boolean)
             from a0 join u on u.id = a0.id
           returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [id, to.kind, to.ref, to.lon, to.lat, actorId, activeStatuses, handOff],
      );
      return rows.length > 0;
    },
    get,
    async listForCase(caseId) {
      const rows = await database.query<Raw>(
        `select ${assignmentColumns} from assignments a join units u on u.id = a.unit_id where a.case_id = $1
          order by a.created_at`,
        [caseId],
      );
      return rows.map(toAssignmentView);
    },
    async currentForUnit(unitId) {
      const [row] = await database.query<Raw>(
        `select ${assignmentColumns} from assignments a join units u on u.id = a.unit_id join cases c on c.id = a.case_id
          where a.unit_id = $1 and a.status <> 'stood_down' and c.status = 'open'
          order by a.created_at desc limit 1`,
        [unitId],
      );
      return row ? toAssignmentView(row) : undefined;
    },
    async keyUsed(caseId, key) {
      const rows = await database.query('select 1 from case_events where case_id = $1 and idempotency_key = $2', [
        caseId,
        key,
      ]);
      return rows.length > 0;
    },
    async setStatus(id, status, from, actorId, key, times, teamLinkId) {
      const rows = await database.query(
        `with a0 as (select id, case_id, unit_id from assignments where id = $1 and status = any($6::text[])),
         e as (
           insert into case_events (case_id, type, actor_id, at, data, idempotency_key)
           select a0.case_id, $3, $4, $7::timestamptz,
                  jsonb_strip_nulls(jsonb_build_object('assignmentId', a0.id, 'unitId', a0.unit_id, 'status', $2::text,
                                     'tappedAt', $9::text, 'receivedAt', $8::text, 'teamLinkId', $10::text)), $5
             from a0
           on conflict (case_id, idempotency_key) do nothing returning seq),
         u as (
           update assignments set status = $2, updated_at = $7::timestamptz where id = $1 and exists (select 1 from e) returning id)
         select ${liveDoorbellSql('e.seq')}, (select count(*) from u) as updated from e`,
        [
          id,
          status,
          statusEvent[status],
          actorId,
          key,
          from,
          times.tappedAt.toISOString(),
          times.receivedAt.toISOString(),
          // The same instant again, as text for the event's data (a parameter has one type in a statement).
          times.tappedAt.toISOString(),
          teamLinkId ?? null,
        ],
      );
      return rows.length > 0;
    },
  };
}
