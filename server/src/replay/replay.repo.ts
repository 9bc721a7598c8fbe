import type {
  Bbox,
  ColumnTrack,
  ReplayAlert,
  ReplayCaller,
  ReplayDelivery,
  ReplayEvent,
  ReplayMatch,
  ReplaySighting,
} from '@lookout/contracts';
import type { Database } from '@lookout/db';
import { iso, jsonValue, numOrNull } from '@lookout/db';

/**
 * The reads of a whole-incident replay: one SQL per kind. Times leave the database as integer milliseconds after
 * the window's start (`$2`), coordinates rounded to 6 decimals (about 0.1 m), tracks aggregated per drone/unit into
 * columns so 108k fixes are five rows, not 108k objects.
 */

export interface ReplayCase {
  id: string;
  kind: string;
  status: string;
  title: string;
  ipp: [number, number] | null;
  createdAt: string;
  closedAt: string | null;
  /** The first `case_events` row (the replay starts there; created_at when there is none). */
  firstEventAt: string;
}

type Raw = Record<string, unknown>;
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);

/** ms after the window start ($2), as an integer (null stays null). */
const ms = (col: string, start = '$2') => `round(date_part('epoch', ${col} - ${start}::timestamptz) * 1000)::int8`;
/** Rounded to 6 decimals in float8 (numeric rounding costs ~3× more over 100k fixes). */
const round6 = (expr: string) => `(round((${expr}) * 1e6) / 1e6)`;

export interface ReplayRepo {
  findCase(id: string): Promise<ReplayCase | null>;
  callers(caseId: string, from: Date): Promise<ReplayCaller[]>;
  sightings(caseId: string, from: Date): Promise<ReplaySighting[]>;
  matches(caseId: string, from: Date): Promise<ReplayMatch[]>;
  alerts(caseId: string, from: Date): Promise<Omit<ReplayAlert, 'deliveries'>[]>;
  deliveries(caseId: string, from: Date): Promise<(ReplayDelivery & { alertId: string })[]>;
  events(caseId: string, from: Date): Promise<ReplayEvent[]>;
  /** Positions of the units ever assigned to the case, inside the window. */
  unitTracks(caseId: string, from: Date, to: Date): Promise<ColumnTrack[]>;
  /** The whole in-window track of every drone that flew inside the bbox during the window. */
  droneTracks(bbox: Bbox, from: Date, to: Date): Promise<ColumnTrack[]>;
}

function tracks(rows: Raw[], idKey: string): ColumnTrack[] {
  return rows.map((r) => ({
    id: String(r[idKey]),
    callsign: String(r.callsign),
    t: nums(r.t),
    lon: nums(r.lon),
    lat: nums(r.lat),
    ...(r.hdg === undefined ? {} : { hdg: nums(r.hdg) }),
  }));
}

export function createReplayRepo(database: Database): ReplayRepo {
  return {
    async findCase(id) {
      const [r] = await database.query<Raw>(
        `select c.id, c.kind, c.status, c.title, ST_X(c.ipp) as lon, ST_Y(c.ipp) as lat, c.created_at, c.closed_at,
                coalesce((select min(e.at) from case_events e where e.case_id = c.id), c.created_at) as first_event_at
         from cases c where c.id = $1::uuid`,
        [id],
      );
      if (!r) return null;
      return {
        id: String(r.id),
        kind: String(r.kind),
        status: String(r.status),
        title: String(r.title),
        ipp: r.lon === null || r.lon === undefined ? null : [Number(r.lon), Number(r.lat)],
        createdAt: iso(r.created_at),
        closedAt: r.closed_at ? iso(r.closed_at) : null,
        firstEventAt: iso(r.first_event_at),
      };
    },

    async callers(caseId, from) {
      const rows = await database.query<Raw>(
        `select id, ${ms('t')} as t, ${round6('ST_X(geom)')} as lon, ${round6('ST_Y(geom)')} as lat, accuracy_m, source
         from caller_locations where case_id = $1::uuid order by t, id`,
        [caseId, from.toISOString()],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        t: Number(r.t),
        lon: Number(r.lon),
        lat: Number(r.lat),
        accuracyM: Number(r.accuracy_m),
        source: String(r.source),
      }));
    },

    async sightings(caseId, from) {
      const rows = await database.query<Raw>(
        `select s.id, ${ms('s.t')} as t, ${round6('ST_X(s.geom)')} as lon, ${round6('ST_Y(s.geom)')} as lat, s.unc_m,
                s.kind, s.count, s.status, ${ms('s.status_at')} as status_t, d.callsign
         from sightings s join drones d on d.id = s.drone_id
         where s.case_id = $1::uuid or s.id in (select m.sighting_id from matches m where m.case_id = $1::uuid)
         order by s.t, s.id`,
        [caseId, from.toISOString()],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        t: Number(r.t),
        lon: Number(r.lon),
        lat: Number(r.lat),
        uncM: numOrNull(r.unc_m),
        kind: String(r.kind),
        count: numOrNull(r.count),
        status: String(r.status),
        statusT: numOrNull(r.status_t),
        drone: String(r.callsign),
      }));
    },

    async matches(caseId, from) {
      const rows = await database.query<Raw>(
        `select m.id, m.caller_location_id, m.sighting_id, m.score, m.distance_m, m.status, ${ms('m.created_at')} as t,
                ${ms(`(select min(e.at) from case_events e where e.case_id = m.case_id and e.type = 'match_confirmed'
                         and e.data->>'matchId' = m.id::text)`)} as confirmed_t
         from matches m where m.case_id = $1::uuid order by m.created_at, m.id`,
        [caseId, from.toISOString()],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        callerLocationId: Number(r.caller_location_id),
        sightingId: Number(r.sighting_id),
        score: Number(r.score),
        distanceM: Number(r.distance_m),
        status: String(r.status),
        t: Number(r.t),
        confirmedT: numOrNull(r.confirmed_t),
      }));
    },

    async alerts(caseId, from) {
      const rows = await database.query<Raw>(
        `select a.id, a.kind, a.status, ${ms('a.created_at')} as t, ${round6('ST_X(a.point)')} as lon,
                ${round6('ST_Y(a.point)')} as lat, a.max_radius_m, ${ms('a.verified_at')} as verified_t,
                coalesce((select json_agg(json_build_object('msgType', c.msg_type, 't', ${ms('c.sent')},
                            'radiusM', c.radius_m, 'area', ST_AsGeoJSON(c.area, 6)::json) order by c.sent, c.id)
                          from cap_messages c where c.alert_id = a.id), '[]'::json) as messages
         from alerts a where a.case_id = $1::uuid order by a.created_at`,
        [caseId, from.toISOString()],
      );
      return rows.map((r) => ({
        id: String(r.id),
        kind: String(r.kind),
        status: String(r.status),
        t: Number(r.t),
        lon: Number(r.lon),
        lat: Number(r.lat),
        maxRadiusM: Number(r.max_radius_m),
        verifiedT: numOrNull(r.verified_t),
        messages: (jsonValue(r.messages) as ReplayAlert['messages']).map((m) => ({
          msgType: m.msgType,
          t: Number(m.t),
          radiusM: Number(m.radiusM),
          area: m.area,
        })),
      }));
    },

    async deliveries(caseId, from) {
      const rows = await database.query<Raw>(
        `select d.id, d.alert_id, g.name, g.channel, d.status, ${ms('d.created_at')} as t, ${ms('d.sent_at')} as sent_t,
                ${ms('d.acknowledged_at')} as ack_t
         from deliveries d join alerts a on a.id = d.alert_id join community_groups g on g.id = d.group_id
         where a.case_id = $1::uuid order by d.created_at, d.id`,
        [caseId, from.toISOString()],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        alertId: String(r.alert_id),
        group: String(r.name),
        channel: String(r.channel),
        status: String(r.status),
        t: Number(r.t),
        sentT: numOrNull(r.sent_t),
        ackT: numOrNull(r.ack_t),
      }));
    },

    async events(caseId, from) {
      const rows = await database.query<Raw>(
        `select e.seq, e.type, ${ms('e.at')} as t, u.display_name, e.data
         from case_events e left join users u on u.id = e.actor_id
         where e.case_id = $1::uuid order by e.at, e.seq`,
        [caseId, from.toISOString()],
      );
      return rows.map((r) => ({
        seq: Number(r.seq),
        type: String(r.type),
        t: Number(r.t),
        actor: r.display_name === null || r.display_name === undefined ? null : String(r.display_name),
        data: (jsonValue(r.data) ?? {}) as Record<string, unknown>,
      }));
    },

    async unitTracks(caseId, from, to) {
      const rows = await database.query<Raw>(
        `select p.unit_id, u.callsign, array_agg(${ms('p.t')} order by p.t, p.id) as t,
                array_agg(${round6('ST_X(p.geom)')} order by p.t, p.id) as lon,
                array_agg(${round6('ST_Y(p.geom)')} order by p.t, p.id) as lat
         from unit_positions p join units u on u.id = p.unit_id
         where p.unit_id in (select a.unit_id from assignments a where a.case_id = $1::uuid)
           and p.t >= $2::timestamptz and p.t <= $3::timestamptz
         group by p.unit_id, u.callsign order by u.callsign`,
        [caseId, from.toISOString(), to.toISOString()],
      );
      return tracks(rows, 'unit_id');
    },

    async droneTracks(bbox, from, to) {
      const rows = await database.query<Raw>(
        `with flew as (
           select distinct f.drone_id from fixes f
           where f.t >= $1::timestamptz and f.t <= $2::timestamptz
             and f.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326))
         select f.drone_id, d.callsign, array_agg(${ms('f.t', '$1')} order by f.t, f.id) as t,
                array_agg(${round6('ST_X(f.geom)')} order by f.t, f.id) as lon,
                array_agg(${round6('ST_Y(f.geom)')} order by f.t, f.id) as lat,
                array_agg(coalesce(round(f.hdg)::int % 360, -1) order by f.t, f.id) as hdg
         from fixes f join flew on flew.drone_id = f.drone_id join drones d on d.id = f.drone_id
         where f.t >= $1::timestamptz and f.t <= $2::timestamptz
         group by f.drone_id, d.callsign order by d.callsign`,
        [from.toISOString(), to.toISOString(), ...bbox],
      );
      return tracks(rows, 'drone_id');
    },
  };
}
