import type { Match } from '@lookout/contracts';
import type { CallerLocationSource, Database } from '@lookout/db';
import { matchReason } from './match-score.ts';
import { iso, numOrNull, liveDoorbellSql } from '@lookout/db';

/** A caller location and a sighting close enough in space and time to be scored. */
export interface MatchCandidate {
  caseId: string;
  callerLocationId: number;
  sightingId: number;
  subjectCategory: string | null;
  callerAccuracyM: number;
  sightingUncM: number | null;
  sightingConf: number | null;
  /** Geodesic distance on the WGS-84 spheroid (PostGIS geography). */
  distanceM: number;
  minutesApart: number;
}

export interface NewMatch {
  caseId: string;
  callerLocationId: number;
  sightingId: number;
  distanceM: number;
  minutesApart: number;
  score: number;
}

/** What a matching run was about: these sightings or caller locations are now matched. */
export interface MatchRun {
  subject: 'sighting' | 'caller_location';
  ids: number[];
}

export interface CandidateQuery {
  /** Widest distance to consider, metres (the service narrows it per pair). */
  radiusM: number;
  /** ± this many hours between the caller's fix and the sighting. */
  windowH: number;
}

type Raw = Record<string, unknown>;

/** Columns every match query selects: `m` matches, `s` sightings, `d` drones, `cl` caller_locations. */
export const matchColumns = `m.id, m.live_seq, m.case_id, m.caller_location_id, m.sighting_id, m.distance_m, m.minutes_apart,
  m.score, m.status, ST_X(s.geom) as s_lon, ST_Y(s.geom) as s_lat, s.t as s_t, s.unc_m, s.conf, s.kind, s.count,
  s.drone_id, d.callsign, ST_X(cl.geom) as cl_lon, ST_Y(cl.geom) as cl_lat, cl.t as cl_t, cl.accuracy_m, cl.source`;
export const matchJoins = `matches m join sightings s on s.id = m.sighting_id join drones d on d.id = s.drone_id
  join caller_locations cl on cl.id = m.caller_location_id`;

export function toMatchView(r: Raw): Match {
  const distanceM = Number(r.distance_m);
  const minutesApart = Number(r.minutes_apart);
  const callerAccuracyM = Number(r.accuracy_m);
  const reasonInput = { distanceM, minutesApart, callerAccuracyM };
  return {
    id: Number(r.id),
    seq: Number(r.live_seq),
    caseId: String(r.case_id),
    callerLocationId: Number(r.caller_location_id),
    sightingId: Number(r.sighting_id),
    distanceM,
    minutesApart,
    score: Number(r.score),
    status: String(r.status) as Match['status'],
    reason: { zh: matchReason(reasonInput, 'zh-CN'), en: matchReason(reasonInput, 'en') },
    sighting: {
      lon: Number(r.s_lon),
      lat: Number(r.s_lat),
      t: iso(r.s_t),
      uncM: numOrNull(r.unc_m),
      conf: numOrNull(r.conf),
      kind: String(r.kind),
      count: numOrNull(r.count),
      droneId: String(r.drone_id),
      callsign: String(r.callsign),
    },
    callerLocation: {
      lon: Number(r.cl_lon),
      lat: Number(r.cl_lat),
      t: iso(r.cl_t),
      accuracyM: callerAccuracyM,
      source: String(r.source) as CallerLocationSource,
    },
  };
}

function toCandidate(r: Raw): MatchCandidate {
  return {
    caseId: String(r.case_id),
    callerLocationId: Number(r.caller_location_id),
    sightingId: Number(r.sighting_id),
    subjectCategory:
      r.subject_category === null || r.subject_category === undefined ? null : String(r.subject_category),
    callerAccuracyM: Number(r.accuracy_m),
    sightingUncM: numOrNull(r.unc_m),
    sightingConf: numOrNull(r.conf),
    distanceM: Number(r.distance_m),
    minutesApart: Math.abs(Number(r.seconds_apart)) / 60,
  };
}

/**
 * The spatial join. The geometry bounding box (`&&` with ST_Expand, metres turned into degrees on the
 * conservative side) lets the GIST indexes on `geom` do the first cut; ST_DWithin on geography then decides in
 * metres on the spheroid. Only open `lost_person` cases; a sighting already tied to a case matches only that case.
 */
const candidateSelect = `
  select cl.id as caller_location_id, cl.case_id, cl.accuracy_m, c.subject_category,
         s.id as sighting_id, s.unc_m, s.conf,
         ST_Distance(cl.geom::geography, s.geom::geography) as distance_m,
         extract(epoch from (s.t - cl.t)) as seconds_apart`;
const candidateWhere = `
  cl.t between s.t - make_interval(hours => $3::int) and s.t + make_interval(hours => $3::int)
  and ST_DWithin(cl.geom::geography, s.geom::geography, $2::float8)
  and c.status = 'open' and c.kind = 'lost_person'
  and s.status <> 'dismissed'
  and (s.case_id is null or s.case_id = cl.case_id)`;
const expand = (geom: string) =>
  `ST_Expand(${geom}, $2::float8 * 1.01 / (111320 * cos(radians(ST_Y(${geom})))), $2::float8 * 1.01 / 110574)`;

export const sightingCandidatesSql = `${candidateSelect}
    from sightings s
    join caller_locations cl on cl.geom && ${expand('s.geom')}
    join cases c on c.id = cl.case_id
   where s.id = $1 and ${candidateWhere}`;

export const callerLocationCandidatesSql = `${candidateSelect}
    from caller_locations cl
    join cases c on c.id = cl.case_id
    join sightings s on s.geom && ${expand('cl.geom')}
   where cl.id = $1 and ${candidateWhere}`;

export interface MatchingRepo {
  candidatesForSighting(sightingId: number, q: CandidateQuery): Promise<MatchCandidate[]>;
  candidatesForCallerLocation(callerLocationId: number, q: CandidateQuery): Promise<MatchCandidate[]>;
  /**
   * Insert new pairs (a pair already scored is left alone) with one doorbell, and record that these sightings or
   * caller locations have been matched; returns the new matches.
   */
  insert(matches: NewMatch[], run: MatchRun): Promise<Match[]>;
  /** Sightings of the last `windowH` hours never matched (written while no server ran, or a missed doorbell). */
  unmatchedSightings(windowH: number, limit: number): Promise<number[]>;
  /** Caller locations of open cases of the last `windowH` hours never matched. */
  unmatchedCallerLocations(windowH: number, limit: number): Promise<number[]>;
  listForCase(caseId: string, limit: number): Promise<Match[]>;
  byIds(ids: number[]): Promise<Match[]>;
  get(id: number): Promise<Match | undefined>;
  /**
   * Confirm a match in one statement: the match confirmed, the sighting confirmed and tied to the case, the
   * case's target set, event `match_confirmed`, the doorbell. False when there is no such match.
   */
  confirm(id: number, actorId: string): Promise<boolean>;
}

export function createMatchingRepo(database: Database): MatchingRepo {
  return {
    async candidatesForSighting(sightingId, q) {
      const rows = await database.query<Raw>(sightingCandidatesSql, [sightingId, q.radiusM, q.windowH]);
      return rows.map(toCandidate);
    },
    async candidatesForCallerLocation(callerLocationId, q) {
      const rows = await database.query<Raw>(callerLocationCandidatesSql, [callerLocationId, q.radiusM, q.windowH]);
      return rows.map(toCandidate);
    },
    async insert(matches, run) {
      // One statement: the new pairs (a pair already scored is left alone), the run recorded, the doorbell rung
      // and the new matches read back as they are pushed. Matches are derived data: the commit need not wait for
      // the WAL flush (synchronous_commit off, for this statement's transaction only: set_config(…, true)). A crash
      // within the WAL writer's delay loses the matches together with their `match_runs` rows, and the sweep
      // recomputes them.
      const rows = await database.query<Raw>(
        `with m as (
           insert into matches (case_id, caller_location_id, sighting_id, distance_m, minutes_apart, score)
           select * from unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::real[], $5::real[], $6::real[])
           on conflict (caller_location_id, sighting_id) do nothing
           returning *),
         r as (
           insert into match_runs (subject, subject_id) select $7::text, unnest($8::bigint[])
           on conflict (subject, subject_id) do update set matched_at = now()),
         n as (
           select ${liveDoorbellSql('max(m.live_seq)')} from m having count(*) > 0)
         select ${matchColumns}, (select count(*) from n) as notified,
                set_config('synchronous_commit', 'off', true) as async_commit
           from m join sightings s on s.id = m.sighting_id join drones d on d.id = s.drone_id
           join caller_locations cl on cl.id = m.caller_location_id`,
        [
          matches.map((m) => m.caseId),
          matches.map((m) => m.callerLocationId),
          matches.map((m) => m.sightingId),
          matches.map((m) => m.distanceM),
          matches.map((m) => m.minutesApart),
          matches.map((m) => m.score),
          run.subject,
          run.ids,
        ],
      );
      return rows.map(toMatchView);
    },
    async unmatchedSightings(windowH, limit) {
      const rows = await database.query<{ id: number }>(
        `select s.id from sightings s
          where s.t > now() - make_interval(hours => $1::int) and s.status <> 'dismissed'
            and not exists (select 1 from match_runs r where r.subject = 'sighting' and r.subject_id = s.id)
          order by s.id limit $2`,
        [windowH, limit],
      );
      return rows.map((r) => Number(r.id));
    },
    async unmatchedCallerLocations(windowH, limit) {
      const rows = await database.query<{ id: number }>(
        `select cl.id from cases c join caller_locations cl on cl.case_id = c.id
          where c.status = 'open' and c.kind = 'lost_person' and cl.t > now() - make_interval(hours => $1::int)
            and not exists (select 1 from match_runs r where r.subject = 'caller_location' and r.subject_id = cl.id)
          order by cl.id limit $2`,
        [windowH, limit],
      );
      return rows.map((r) => Number(r.id));
    },
    async listForCase(caseId, limit) {
      const rows = await database.query<Raw>(
        `select ${matchColumns} from ${matchJoins} where m.case_id = $1 and m.status <> 'rejected'
          order by m.score desc, m.id limit $2`,
        [caseId, limit],
      );
      return rows.map(toMatchView);
    },
    async byIds(ids) {
      if (!ids.length) return [];
      const rows = await database.query<Raw>(
        `select ${matchColumns} from ${matchJoins} where m.id = any($1::bigint[])`,
        [ids],
      );
      return rows.map(toMatchView);
    },
    async get(id) {
      const [row] = await database.query<Raw>(`select ${matchColumns} from ${matchJoins} where m.id = $1`, [id]);
      return row ? toMatchView(row) : undefined;
    },
    async confirm(id, actorId) {
      const rows = await database.query(
        `with m as (
           update matches set status = 'confirmed', live_seq = nextval('live_seq') where id = $1
           returning id, case_id, sighting_id, caller_location_id, live_seq),
         c as (
           update cases set target_sighting_id = m.sighting_id from m where cases.id = m.case_id returning cases.id),
         s as (
           update sightings set status = 'confirmed', status_by = $2, status_at = now(), live_seq = nextval('live_seq'),
                  case_id = coalesce(sightings.case_id, m.case_id)
             from m where sightings.id = m.sighting_id returning sightings.live_seq),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select m.case_id, 'match_confirmed', $2,
                  jsonb_build_object('matchId', m.id, 'sightingId', m.sighting_id, 'callerLocationId', m.caller_location_id)
             from m returning seq)
         select ${liveDoorbellSql('greatest(m.live_seq, (select max(seq) from e), (select max(live_seq) from s))')}, (select count(*) from c) as cases
           from m`,
        [id, actorId],
      );
      return rows.length > 0;
    },
  };
}
