import type { Database } from '@lookout/db';
import type { Geometry } from 'geojson';
import type { StepTimes } from '../tadpole/clocks/clock-steps.ts';
import { createClocksRepo } from '../tadpole/clocks/clocks.repo.ts';
import { iso, numOrNull } from '@lookout/db';

/** One point of a drone's or a unit's track. */
export interface TrackPoint {
  t: string;
  lon: number;
  lat: number;
  /** Metres above mean sea level, EGM96 (drones that report it). */
  altM: number | null;
  /** Metres above the WGS-84 ellipsoid, where the drone reported it (DJI aircraft). */
  altEllipsoidM: number | null;
}

export interface Track {
  kind: 'drone' | 'unit';
  id: string;
  callsign: string;
  points: TrackPoint[];
}

export interface ExportSighting {
  id: number;
  droneId: string;
  droneCallsign: string;
  t: string;
  lon: number;
  lat: number;
  uncM: number | null;
  conf: number | null;
  kind: string;
  count: number | null;
  note: string | null;
  status: string;
  /** Tied to the case (`sightings.case_id`) rather than only matched with it. */
  tied: boolean;
}

/**
 * A step of a tadpole case that is not a case event: one delivery of a CAP message to one group (sent, failed,
 * or a forward kit ready for the liaison), and the liaison's 已转发 on it.
 */
export interface TadpoleTimelineRow {
  at: string;
  type: 'delivery_sent' | 'delivery_failed' | 'forward_kit_ready' | 'delivery_acknowledged';
  actorId: string | null;
  data: {
    alertId: string;
    deliveryId: number;
    capMessageId: number;
    msgType: string;
    groupId: string;
    groupName: string;
    channel: string;
    memberCount: number;
    attempts: number;
    error?: string | null;
  };
}

/** The tadpole clock steps of each alert of a case (server/src/tadpole/clocks: events, deliveries, tips). */
export interface TadpoleAlertSteps {
  alertId: string;
  times: StepTimes;
}

/** The most track points one export carries (a 3-hour incident with 5 drones at 2 Hz is 108k). */
export const MAX_TRACK_POINTS = 250_000;

type Raw = Record<string, unknown>;

function groupTracks(kind: Track['kind'], rows: Raw[], idKey: string): Track[] {
  const byId = new Map<string, Track>();
  for (const r of rows) {
    const id = String(r[idKey]);
    let track = byId.get(id);
    if (!track) byId.set(id, (track = { kind, id, callsign: String(r.callsign), points: [] }));
    track.points.push({
      t: iso(r.t),
      lon: Number(r.lon),
      lat: Number(r.lat),
      altM: numOrNull(r.alt_m),
      altEllipsoidM: numOrNull(r.alt_ellipsoid),
    });
  }
  return [...byId.values()];
}

/** What the case's cameras and walkers covered in one hour, per band and sensor (RFC 7946 winding, 7 decimals). */
export interface CoverageSlice {
  band: string;
  sensor: string;
  from: string;
  to: string;
  fixes: number;
  areaM2: number;
  geometry: Geometry;
}

export interface ExportSector {
  id: string;
  name: string;
  priority: number;
  status: string;
  assigneeKind: string | null;
  assigneeRef: string | null;
  areaM2: number;
  geometry: Geometry;
}

export interface ExportsRepo {
  /** The case's coverage hour by hour (the minutes each hour added), oldest first. */
  coverageByHour(caseId: string): Promise<CoverageSlice[]>;
  /** The case's search sectors by name. */
  sectors(caseId: string): Promise<ExportSector[]>;
  /** Sightings tied to the case or matched with it, oldest first. */
  sightings(caseId: string): Promise<ExportSighting[]>;
  /** Every drone's fixes inside the window (one station's drones fly for the incident), per drone by time. */
  droneTracks(from: Date, to: Date): Promise<{ tracks: Track[]; truncated: boolean }>;
  /** The positions of the units ever assigned to the case, inside the window. */
  unitTracks(caseId: string, from: Date, to: Date): Promise<{ tracks: Track[]; truncated: boolean }>;
  /** Display names of users by id. */
  userNames(ids: string[]): Promise<Map<string, string>>;
  /** A tadpole case's deliveries and acknowledgements as timeline rows, in time order. */
  tadpoleRows(caseId: string): Promise<TadpoleTimelineRow[]>;
  tadpoleSteps(caseId: string): Promise<TadpoleAlertSteps[]>;
}

export function createExportsRepo(database: Database): ExportsRepo {
  return {
    async coverageByHour(caseId) {
      const rows = await database.query<Raw>(
        `select band, sensor, date_trunc('hour', bucket_start) as h, sum(fixes) as fixes,
                ST_Area(ST_Union(geom)::geography) as area_m2,
                ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Union(geom)), 7) as gj
           from case_coverage where case_id = $1::uuid
          group by band, sensor, date_trunc('hour', bucket_start)
          order by h, band, sensor`,
        [caseId],
      );
      return rows.map((r) => {
        const from = new Date(iso(r.h));
        return {
          band: String(r.band),
          sensor: String(r.sensor),
          from: from.toISOString(),
          to: new Date(from.getTime() + 3_600_000).toISOString(),
          fixes: Number(r.fixes),
          areaM2: Math.round(Number(r.area_m2)),
          geometry: JSON.parse(String(r.gj)) as Geometry,
        };
      });
    },

    async sectors(caseId) {
      const rows = await database.query<Raw>(
        `select id, name, priority, status, assignee_kind, assignee_ref, ST_Area(geom::geography) as area_m2,
                ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 7) as gj
           from search_sectors where case_id = $1::uuid order by name`,
        [caseId],
      );
      return rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        priority: Number(r.priority),
        status: String(r.status),
        assigneeKind: r.assignee_kind == null ? null : String(r.assignee_kind),
        assigneeRef: r.assignee_ref == null ? null : String(r.assignee_ref),
        areaM2: Math.round(Number(r.area_m2)),
        geometry: JSON.parse(String(r.gj)) as Geometry,
      }));
    },

    async sightings(caseId) {
      const rows = await database.query<Raw>(
        `select s.id, s.drone_id, d.callsign, s.t, ST_X(s.geom) as lon, ST_Y(s.geom) as lat, s.unc_m, s.conf,
           s.kind, s.count, s.note, s.status, (s.case_id is not distinct from $1::uuid) as tied
         from sightings s join drones d on d.id = s.drone_id
         where s.case_id = $1::uuid or s.id in (select m.sighting_id from matches m where m.case_id = $1::uuid)
         order by s.t, s.id`,
        [caseId],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        droneId: String(r.drone_id),
        droneCallsign: String(r.callsign),
        t: iso(r.t),
        lon: Number(r.lon),
        lat: Number(r.lat),
        uncM: numOrNull(r.unc_m),
        conf: numOrNull(r.conf),
        kind: String(r.kind),
        count: numOrNull(r.count),
        note: r.note === null || r.note === undefined ? null : String(r.note),
        status: String(r.status),
        tied: r.tied === true || r.tied === 't',
      }));
    },

    async droneTracks(from, to) {
      const rows = await database.query<Raw>(
        `select f.drone_id, d.callsign, f.t, ST_X(f.geom) as lon, ST_Y(f.geom) as lat, f.alt_msl as alt_m,
                f.alt_ellipsoid
         from fixes f join drones d on d.id = f.drone_id
         where f.t >= $1::timestamptz and f.t <= $2::timestamptz
         order by f.drone_id, f.t, f.id limit $3`,
        [from.toISOString(), to.toISOString(), MAX_TRACK_POINTS + 1],
      );
      const truncated = rows.length > MAX_TRACK_POINTS;
      return {
        tracks: groupTracks('drone', truncated ? rows.slice(0, MAX_TRACK_POINTS) : rows, 'drone_id'),
        truncated,
      };
    },

    async unitTracks(caseId, from, to) {
      const rows = await database.query<Raw>(
        `select p.unit_id, u.callsign, p.t, ST_X(p.geom) as lon, ST_Y(p.geom) as lat, null as alt_m, null as alt_ellipsoid
         from unit_positions p join units u on u.id = p.unit_id
         where p.unit_id in (select a.unit_id from assignments a where a.case_id = $1::uuid)
           and p.t >= $2::timestamptz and p.t <= $3::timestamptz
         order by p.unit_id, p.t, p.id limit $4`,
        [caseId, from.toISOString(), to.toISOString(), MAX_TRACK_POINTS + 1],
      );
      const truncated = rows.length > MAX_TRACK_POINTS;
      return { tracks: groupTracks('unit', truncated ? rows.slice(0, MAX_TRACK_POINTS) : rows, 'unit_id'), truncated };
    },

    async userNames(ids) {
      if (!ids.length) return new Map();
      const rows = await database.query<Raw>('select id, display_name from users where id = any($1::uuid[])', [ids]);
      return new Map(rows.map((r) => [String(r.id), String(r.display_name)]));
    },

    async tadpoleRows(caseId) {
      const rows = await database.query<Raw>(
        `select d.id, d.alert_id, d.cap_message_id, m.msg_type, d.group_id, g.name as group_name, g.channel,
                g.member_count, d.status, d.attempts, d.created_at, d.sent_at, d.acknowledged_at, d.acknowledged_by,
                d.last_error, (select max(x.at) from delivery_attempts x where x.delivery_id = d.id) as last_attempt_at
           from deliveries d join cap_messages m on m.id = d.cap_message_id
           join community_groups g on g.id = d.group_id join alerts a on a.id = d.alert_id
          where a.case_id = $1::uuid order by d.id`,
        [caseId],
      );
      const out: TadpoleTimelineRow[] = [];
      for (const r of rows) {
        const data = {
          alertId: String(r.alert_id),
          deliveryId: Number(r.id),
          capMessageId: Number(r.cap_message_id),
          msgType: String(r.msg_type),
          groupId: String(r.group_id),
          groupName: String(r.group_name),
          channel: String(r.channel),
          memberCount: Number(r.member_count),
          attempts: Number(r.attempts),
        };
        if (r.channel === 'forward_kit')
          out.push({ at: iso(r.created_at), type: 'forward_kit_ready', actorId: null, data });
        if (r.sent_at) out.push({ at: iso(r.sent_at), type: 'delivery_sent', actorId: null, data });
        if (r.status === 'failed') {
          out.push({
            at: iso(r.last_attempt_at ?? r.created_at),
            type: 'delivery_failed',
            actorId: null,
            data: { ...data, error: r.last_error === null || r.last_error === undefined ? null : String(r.last_error) },
          });
        }
        if (r.acknowledged_at) {
          out.push({
            at: iso(r.acknowledged_at),
            type: 'delivery_acknowledged',
            actorId: r.acknowledged_by === null || r.acknowledged_by === undefined ? null : String(r.acknowledged_by),
            data,
          });
        }
      }
      return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.data.deliveryId - b.data.deliveryId);
    },

    async tadpoleSteps(caseId) {
      const alerts = await database.query<{ id: string }>(
        'select id from alerts where case_id = $1::uuid order by created_at, id',
        [caseId],
      );
      const clocks = createClocksRepo(database);
      const out: TadpoleAlertSteps[] = [];
      for (const a of alerts) {
        const times = await clocks.times(String(a.id));
        if (times) out.push({ alertId: String(a.id), times });
      }
      return out;
    },
  };
}
