import type { NearestDrone, UnitPosition } from '@lookout/contracts';
import type { Database } from '@lookout/db';
import { iso, liveDoorbellSql } from '@lookout/db';

export interface UnitRow {
  id: string;
  /** The officer's account; null for an outside team. */
  userId: string | null;
  callsign: string;
  agency: string | null;
  /** An outside team's phone, in full: the service masks it for every view. */
  phone: string | null;
  members: number | null;
}

export interface NewOutsideTeam {
  callsign: string;
  agency: string;
  phone: string;
  members: number | null;
  createdBy: string;
}

/** A unit's position as the live feed and GET /units carry it. */
export type UnitPositionView = UnitPosition;

export interface NewUnitPosition {
  lon: number;
  lat: number;
  accuracyM: number | null;
  t: Date;
  idempotencyKey: string;
}

type Raw = Record<string, unknown>;

export const unitPositionColumns = `p.unit_id, p.id as seq, p.t, ST_X(p.geom) as lon, ST_Y(p.geom) as lat, p.accuracy_m`;
export function toUnitPosition(r: Raw): UnitPositionView {
  return {
    unitId: String(r.unit_id),
    seq: Number(r.seq),
    t: iso(r.t),
    lon: Number(r.lon),
    lat: Number(r.lat),
    accuracyM: r.accuracy_m === null || r.accuracy_m === undefined ? null : Number(r.accuracy_m),
  };
}

export interface UnitsRepo {
  /** The unit of an officer, created on first use. */
  ensureForUser(userId: string, callsign: string): Promise<UnitRow>;
  /** Make sure every active officer account has its unit. */
  ensureForAllOfficers(): Promise<void>;
  /** An outside team: a unit without an account. */
  createTeam(team: NewOutsideTeam): Promise<UnitRow>;
  get(id: string): Promise<UnitRow | undefined>;
  list(): Promise<(UnitRow & { position: UnitPositionView | null })[]>;
  /** Store new positions (a repeated key is skipped) with one doorbell; returns how many were new. */
  insertPositions(unitId: string, positions: NewUnitPosition[]): Promise<number>;
  latestPosition(unitId: string): Promise<UnitPositionView | undefined>;
  /** The drone with a fix in the last `maxAgeS` seconds closest to the point. */
  nearestDrone(lon: number, lat: number, maxAgeS: number): Promise<NearestDrone | undefined>;
}

export function createUnitsRepo(database: Database): UnitsRepo {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const toUnit = (r: Raw): UnitRow => ({
    id: String(r.id),
    userId: text(r.user_id),
    callsign: String(r.callsign),
    agency: text(r.agency),
    phone: text(r.phone),
    members: r.members === null || r.members === undefined ? null : Number(r.members),
  });
  const unitColumns = 'u.id, u.user_id, u.callsign, u.agency, u.phone, u.members';
  return {
    async ensureForUser(userId, callsign) {
      await database.query('insert into units (user_id, callsign) values ($1, $2) on conflict (user_id) do nothing', [
        userId,
        callsign,
      ]);
      const [row] = await database.query<Raw>(`select ${unitColumns} from units u where u.user_id = $1`, [userId]);
      return toUnit(row!);
    },
    async ensureForAllOfficers() {
      await database.query(
        `insert into units (user_id, callsign)
         select id, display_name from users where 'officer' = any(roles) and not disabled
         on conflict (user_id) do nothing`,
      );
    },
    async createTeam(team) {
      const [row] = await database.query<Raw>(
        `insert into units as u (callsign, agency, phone, members, created_by) values ($1, $2, $3, $4, $5)
         returning ${unitColumns}`,
        [team.callsign, team.agency, team.phone, team.members, team.createdBy],
      );
      return toUnit(row!);
    },
    async get(id) {
      const [row] = await database.query<Raw>(`select ${unitColumns} from units u where u.id = $1`, [id]);
      return row ? toUnit(row) : undefined;
    },
    async list() {
      const rows = await database.query<Raw>(
        `select ${unitColumns}, p.seq, p.t, p.lon, p.lat, p.accuracy_m, u.id as unit_id
           from units u left join users us on us.id = u.user_id
           left join lateral (
             select p.id as seq, p.t, ST_X(p.geom) as lon, ST_Y(p.geom) as lat, p.accuracy_m
               from unit_positions p where p.unit_id = u.id order by p.t desc, p.id desc limit 1) p on true
          where u.user_id is null or not us.disabled
          order by u.callsign`,
      );
      return rows.map((r) => ({
        ...toUnit(r),
        position: r.seq === null || r.seq === undefined ? null : toUnitPosition(r),
      }));
    },
    async insertPositions(unitId, positions) {
      if (!positions.length) return 0;
      const rows = await database.query<{ n: number }>(
        `with p as (
           insert into unit_positions (unit_id, t, geom, accuracy_m, idempotency_key)
           select $1, x.t, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), x.acc, x.key
             from unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::real[], $6::text[]) as x(t, lon, lat, acc, key)
           on conflict (unit_id, idempotency_key) do nothing
           returning id)
         select count(*)::int as n, ${liveDoorbellSql('max(p.id)')} from p
         having count(*) > 0`,
        [
          unitId,
          positions.map((p) => p.t.toISOString()),
          positions.map((p) => p.lon),
          positions.map((p) => p.lat),
          positions.map((p) => p.accuracyM),
          positions.map((p) => p.idempotencyKey),
        ],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async latestPosition(unitId) {
      const [row] = await database.query<Raw>(
        `select ${unitPositionColumns} from unit_positions p where p.unit_id = $1 order by p.t desc, p.id desc limit 1`,
        [unitId],
      );
      return row ? toUnitPosition(row) : undefined;
    },
    async nearestDrone(lon, lat, maxAgeS) {
      const [row] = await database.query<Raw>(
        `select s.drone_id, d.callsign, ST_X(s.geom) as lon, ST_Y(s.geom) as lat, s.t,
                ST_Distance(s.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) as distance_m
           from drone_state s join drones d on d.id = s.drone_id
          where not d.disabled and s.t > now() - make_interval(secs => $3::float8)
          order by distance_m
          limit 1`,
        [lon, lat, maxAgeS],
      );
      if (!row) return undefined;
      return {
        id: String(row.drone_id),
        callsign: String(row.callsign),
        lon: Number(row.lon),
        lat: Number(row.lat),
        t: iso(row.t),
        distanceM: Number(row.distance_m),
      };
    },
  };
}
