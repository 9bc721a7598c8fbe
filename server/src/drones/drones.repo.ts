import type { LatestFix } from '@lookout/contracts';
import type { Database, DroneSource } from '@lookout/db';
import { iso, numOrNull } from '@lookout/db';

export interface DroneRow {
  id: string;
  callsign: string;
  source: DroneSource;
  serial: string | null;
  /** MAVLink aircraft: the system id and whether signed frames are required. */
  mavlink: { systemId: number; signing: boolean } | null;
  createdAt: string;
  lastSeen: string | null;
  /** From the drone's retained status message; null when it never sent one. */
  statusOnline: boolean | null;
  latest: LatestFix | null;
}

export interface TrackPoint {
  droneId: string;
  t: string;
  lon: number;
  lat: number;
}

export interface NewDrone {
  id: string;
  callsign: string;
  credentialHash: string;
  createdBy: string | null;
  source: DroneSource;
  mavlinkSystemId: number | null;
  /** Sealed with the secret box; null when the drone does not sign. */
  mavlinkSigningKey: string | null;
}

/** What kept a new drone out: the callsign or the MAVLink system id belongs to another drone. */
export type InsertOutcome = 'inserted' | 'callsign_taken' | 'system_id_taken';

export interface DronesRepo {
  list(): Promise<DroneRow[]>;
  insert(d: NewDrone): Promise<InsertOutcome>;
  callsignOf(id: string): Promise<string | undefined>;
  /**
   * Gives a drone another callsign: its old one, `taken` when another drone has the new one, undefined when there
   * is no such drone.
   */
  rename(id: string, callsign: string): Promise<{ old: string } | 'taken' | undefined>;
  /** Disables an enabled drone; its callsign, or undefined when there is no such enabled drone. */
  disable(id: string): Promise<string | undefined>;
  /** Replaces the credential of an enabled drone; its callsign, or undefined when there is no such drone. */
  setCredential(id: string, credentialHash: string): Promise<string | undefined>;
  /** Fixes of one drone in [from, to], oldest first, at most `limit`. */
  track(droneId: string, from: Date, to: Date, limit: number): Promise<TrackPoint[]>;
  /** Fixes of every drone since `since`, by drone then time, at most `limit`. */
  tracksSince(since: Date, limit: number): Promise<(TrackPoint & { callsign: string })[]>;
}

type Raw = Record<string, unknown>;

/** A fix row's time, position and measurements (the `fixes` columns), as the API and the live feed send them. */
export function fixFields(r: Raw) {
  return {
    t: iso(r.t),
    lon: Number(r.lon),
    lat: Number(r.lat),
    altMsl: numOrNull(r.alt_msl),
    altRel: numOrNull(r.alt_rel),
    hdg: numOrNull(r.hdg),
    gs: numOrNull(r.gs),
    vs: numOrNull(r.vs),
    bat: numOrNull(r.bat),
  };
}

export function toDroneRow(r: Raw): DroneRow {
  return {
    id: String(r.id),
    callsign: String(r.callsign),
    source: (r.source ?? 'lookout') as DroneSource,
    serial: r.serial === null || r.serial === undefined ? null : String(r.serial),
    mavlink:
      r.mavlink_system_id === null || r.mavlink_system_id === undefined
        ? null
        : { systemId: Number(r.mavlink_system_id), signing: Boolean(r.mavlink_signing) },
    createdAt: iso(r.created_at),
    lastSeen: r.received_at ? iso(r.received_at) : null,
    statusOnline: r.online === null || r.online === undefined ? null : Boolean(r.online),
    latest:
      r.t === null || r.t === undefined
        ? null
        : { ...fixFields(r), src: r.src === null || r.src === undefined ? null : String(r.src) },
  };
}

export const listDronesSql = `
  select d.id, d.callsign, d.source, d.serial, d.mavlink_system_id, d.mavlink_signing_key is not null as mavlink_signing,
         d.created_at, s.received_at, s.online, s.t, ST_X(s.geom) as lon, ST_Y(s.geom) as lat,
         s.alt_msl, s.alt_rel, s.hdg, s.gs, s.vs, s.bat, s.src
    from drones d left join drone_state s on s.drone_id = d.id
   where not d.disabled
   order by d.callsign`;

export function createDronesRepo(database: Database): DronesRepo {
  return {
    async list() {
      return (await database.query<Raw>(listDronesSql)).map(toDroneRow);
    },
    async insert(d) {
      const rows = await database.query(
        `insert into drones (id, callsign, credential_hash, created_by, source, mavlink_system_id, mavlink_signing_key)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict do nothing returning id`,
        [d.id, d.callsign, d.credentialHash, d.createdBy, d.source, d.mavlinkSystemId, d.mavlinkSigningKey],
      );
      if (rows.length > 0) return 'inserted';
      const [taken] = await database.query<{ system_id_taken: boolean }>(
        `select coalesce(bool_or(mavlink_system_id = $2), false) as system_id_taken from drones
          where callsign = $1 or mavlink_system_id = $2`,
        [d.callsign, d.mavlinkSystemId],
      );
      return taken?.system_id_taken ? 'system_id_taken' : 'callsign_taken';
    },
    async callsignOf(id) {
      const [row] = await database.query<{ callsign: string }>('select callsign from drones where id = $1', [id]);
      return row?.callsign;
    },
    async rename(id, callsign) {
      const [row] = await database.query<{ old: string; taken: boolean }>(
        `with d as (select id, callsign as old from drones where id = $1),
              taken as (select exists (select 1 from drones where callsign = $2 and id <> $1) as taken),
              u as (update drones set callsign = $2 where id = (select id from d) and not (select taken from taken)
                    returning id)
         select d.old, (select taken from taken) as taken from d`,
        [id, callsign],
      );
      if (!row) return undefined;
      return row.taken ? 'taken' : { old: row.old };
    },
    async disable(id) {
      const [row] = await database.query<{ callsign: string }>(
        'update drones set disabled = true where id = $1 and not disabled returning callsign',
        [id],
      );
      return row?.callsign;
    },
    async setCredential(id, credentialHash) {
      const [row] = await database.query<{ callsign: string }>(
        'update drones set credential_hash = $2 where id = $1 and not disabled returning callsign',
        [id, credentialHash],
      );
      return row?.callsign;
    },
    async track(droneId, from, to, limit) {
      const rows = await database.query<Raw>(
        `select drone_id, t, ST_X(geom) as lon, ST_Y(geom) as lat from fixes
          where drone_id = $1 and t >= $2 and t <= $3 order by t, id limit $4`,
        [droneId, from.toISOString(), to.toISOString(), limit],
      );
      return rows.map((r) => ({ droneId: String(r.drone_id), t: iso(r.t), lon: Number(r.lon), lat: Number(r.lat) }));
    },
    async tracksSince(since, limit) {
      const rows = await database.query<Raw>(
        `select f.drone_id, d.callsign, f.t, ST_X(f.geom) as lon, ST_Y(f.geom) as lat
           from fixes f join drones d on d.id = f.drone_id
          where f.t >= $1 and not d.disabled order by f.drone_id, f.t, f.id limit $2`,
        [since.toISOString(), limit],
      );
      return rows.map((r) => ({
        droneId: String(r.drone_id),
        callsign: String(r.callsign),
        t: iso(r.t),
        lon: Number(r.lon),
        lat: Number(r.lat),
      }));
    },
  };
}
