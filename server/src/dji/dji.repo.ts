import type { DjiContent } from '@lookout/contracts';
import { liveDoorbellSql, withTransaction, type Database, type Query } from '@lookout/db';

type Raw = Record<string, unknown>;

/** The pilot a DJI token belongs to, while he is enabled and the token neither revoked nor expired. */
export interface DjiTokenOwner {
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
  droneId: string;
}

/** A stored Pilot 2 element, and the sighting a pin became. */
export interface StoredElement {
  id: string;
  groupId: string;
  name: string;
  resourceType: 0 | 1 | 2;
  userName: string;
  content: DjiContent;
  createdBy: string;
  sightingId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A point Lookout shows to Pilot 2: a sighting, the latest caller location of a case, an officer's target. */
export interface LookoutPoint {
  key: string;
  kind: 'sighting' | 'caller_location' | 'unit_target';
  lon: number;
  lat: number;
  label: string;
  /** sightings: new or confirmed */
  status?: string;
  at: Date;
}

/** A search sector of an open case, shown to Pilot 2 as a locked polygon. */
export interface LookoutSector {
  id: string;
  name: string;
  status: string;
  caseTitle: string;
  /** The outer ring, [lon, lat] WGS-84. */
  ring: [number, number][];
  at: Date;
}

export interface PinSighting {
  droneId: string;
  readingId: string;
  lon: number;
  lat: number;
  kind: string;
  note: string;
}

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

function toElement(r: Raw): StoredElement {
  return {
    id: String(r.id),
    groupId: String(r.group_id),
    name: String(r.name),
    resourceType: Number(r.resource_type) as 0 | 1 | 2,
    userName: String(r.user_name),
    content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as DjiContent,
    createdBy: String(r.created_by),
    sightingId: r.sighting_id === null || r.sighting_id === undefined ? null : Number(r.sighting_id),
    createdAt: asDate(r.created_at),
    updatedAt: asDate(r.updated_at),
  };
}

async function insertPinSighting(q: Query, s: PinSighting): Promise<number> {
  const [row] = await q<{ id: number }>(
    `with s as (
       insert into sightings (drone_id, reading_id, t, geom, kind, note)
       values ($1, $2, now(), ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6)
       on conflict (drone_id, reading_id) do nothing
       returning id, live_seq)
     select s.id, ${liveDoorbellSql('s.live_seq')} as notified from s`,
    [s.droneId, s.readingId, s.lon, s.lat, s.kind, s.note],
  );
  if (row) return Number(row.id);
  const [old] = await q<{ id: number }>('select id from sightings where drone_id = $1 and reading_id = $2', [
    s.droneId,
    s.readingId,
  ]);
  return Number(old!.id);
}

export function createDjiRepo(database: Database) {
  return {
    /** Revoke the pilot's active broker credentials and store new ones, in one transaction. */
    async replaceCredentials(userId: string, mqttUsername: string, credentialHash: string): Promise<void> {
      await withTransaction(database, async (q) => {
        await q('update dji_pilot_credentials set revoked_at = now() where user_id = $1 and revoked_at is null', [
          userId,
        ]);
        await q('insert into dji_pilot_credentials (user_id, mqtt_username, credential_hash) values ($1, $2, $3)', [
          userId,
          mqttUsername,
          credentialHash,
        ]);
      });
    },

    /** Revoke everything DJI a user holds (broker credentials, api tokens); the counts revoked. */
    async revokeUser(userId: string): Promise<{ credentials: number; tokens: number }> {
      return withTransaction(database, async (q) => {
        const c = await q(
          'update dji_pilot_credentials set revoked_at = now() where user_id = $1 and revoked_at is null returning id',
          [userId],
        );
        const t = await q(
          'update dji_api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null returning token_hash',
          [userId],
        );
        return { credentials: c.length, tokens: t.length };
      });
    },

    async activeCredentials(userId: string): Promise<{ mqttUsername: string; credentialHash: string }[]> {
      const rows = await database.query<Raw>(
        'select mqtt_username, credential_hash from dji_pilot_credentials where user_id = $1 and revoked_at is null',
        [userId],
      );
      return rows.map((r) => ({ mqttUsername: String(r.mqtt_username), credentialHash: String(r.credential_hash) }));
    },

    async insertToken(tokenHash: string, userId: string, droneId: string, expiresAt: Date): Promise<void> {
      await database.query(
        'insert into dji_api_tokens (token_hash, user_id, drone_id, expires_at) values ($1, $2, $3, $4)',
        [tokenHash, userId, droneId, expiresAt.toISOString()],
      );
    },

    async tokenOwner(tokenHash: string): Promise<DjiTokenOwner | undefined> {
      const [r] = await database.query<Raw>(
        `select u.id, u.username, u.display_name, u.roles, t.drone_id
           from dji_api_tokens t join users u on u.id = t.user_id
          where t.token_hash = $1 and t.revoked_at is null and t.expires_at > now() and not u.disabled`,
        [tokenHash],
      );
      if (!r) return undefined;
      return {
        userId: String(r.id),
        username: String(r.username),
        displayName: String(r.display_name),
        roles: Array.isArray(r.roles) ? r.roles.map(String) : [],
        droneId: String(r.drone_id),
      };
    },

    /** The drone with this DJI serial (the aircraft the pilot flies), if Lookout knows it. */
    async droneBySerial(serial: string): Promise<{ id: string; callsign: string } | undefined> {
      const [r] = await database.query<Raw>('select id, callsign from drones where serial = $1 and not disabled', [
        serial,
      ]);
      return r ? { id: String(r.id), callsign: String(r.callsign) } : undefined;
    },

    /**
     * The pilot's own DJI drone record (pins of an aircraft Lookout does not know), made on first use. When another
     * drone already has the callsign, the drone id's tail makes it unique.
     */
    async pilotDrone(
      id: string,
      callsign: string,
      credentialHash: string,
      userId: string,
    ): Promise<{ id: string; callsign: string }> {
      for (const name of [callsign, `${callsign}-${id.slice(-6)}`]) {
        await database.query(
          `insert into drones (id, callsign, credential_hash, source, created_by) values ($1, $2, $3, 'dji', $4)
           on conflict do nothing`,
          [id, name, credentialHash, userId],
        );
        const [r] = await database.query<Raw>('select id, callsign from drones where id = $1', [id]);
        if (r) return { id: String(r.id), callsign: String(r.callsign) };
      }
      throw new Error(`DJI pilot drone ${id} could not be made: callsign ${callsign} is taken`);
    },

    async element(id: string): Promise<StoredElement | undefined> {
      const [r] = await database.query<Raw>('select * from dji_map_elements where id = $1 and deleted_at is null', [
        id,
      ]);
      return r ? toElement(r) : undefined;
    },

    async elements(): Promise<StoredElement[]> {
      const rows = await database.query<Raw>(
        'select * from dji_map_elements where deleted_at is null order by created_at limit 2000',
      );
      return rows.map(toElement);
    },

    /**
     * Store a new element; a pin also becomes a sighting, in the same transaction. A repeated create of the
     * same id (Pilot 2 retrying) changes nothing and returns the stored element.
     */
    async createElement(
      e: Omit<StoredElement, 'sightingId' | 'createdAt' | 'updatedAt'>,
      pin: PinSighting | null,
    ): Promise<{ element: StoredElement; created: boolean }> {
      return withTransaction(database, async (q) => {
        const [existing] = await q<Raw>('select * from dji_map_elements where id = $1', [e.id]);
        if (existing) return { element: toElement(existing), created: false };
        const sightingId = pin ? await insertPinSighting(q, pin) : null;
        const [row] = await q<Raw>(
          `insert into dji_map_elements (id, group_id, name, resource_type, user_name, content, created_by, sighting_id)
           values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) returning *`,
          [e.id, e.groupId, e.name, e.resourceType, e.userName, JSON.stringify(e.content), e.createdBy, sightingId],
        );
        return { element: toElement(row!), created: true };
      });
    },

    /** New name and content; the pin's sighting moves with it and goes to the head of the live feed. */
    async updateElement(
      id: string,
      name: string,
      content: DjiContent,
      pin: { lon: number; lat: number; kind: string; note: string } | null,
    ): Promise<StoredElement | undefined> {
      return withTransaction(database, async (q) => {
        const [row] = await q<Raw>(
          `update dji_map_elements set name = $2, content = $3::jsonb, updated_at = now()
            where id = $1 and deleted_at is null returning *`,
          [id, name, JSON.stringify(content)],
        );
        if (!row) return undefined;
        const element = toElement(row);
        if (pin && element.sightingId !== null) {
          await q(
            `with s as (
               update sightings set geom = ST_SetSRID(ST_MakePoint($2, $3), 4326), kind = $4, note = $5,
                      live_seq = nextval('live_seq')
                where id = $1 returning live_seq)
             select ${liveDoorbellSql('s.live_seq')} from s`,
            [element.sightingId, pin.lon, pin.lat, pin.kind, pin.note],
          );
        }
        return element;
      });
    },

    /** Mark the element deleted; a pin's sighting is dismissed by the pilot (kept: matches may point at it). */
    async deleteElement(id: string, by: string): Promise<StoredElement | undefined> {
      return withTransaction(database, async (q) => {
        const [row] = await q<Raw>(
          'update dji_map_elements set deleted_at = now() where id = $1 and deleted_at is null returning *',
          [id],
        );
        if (!row) return undefined;
        const element = toElement(row);
        if (element.sightingId !== null) {
          await q(
            `with s as (
               update sightings set status = 'dismissed', status_by = $2, status_at = now(),
                      live_seq = nextval('live_seq')
                where id = $1 and status <> 'dismissed' returning live_seq)
             select ${liveDoorbellSql('s.live_seq')} from s`,
            [element.sightingId, by],
          );
        }
        return element;
      });
    },

    /** Sightings of the last `hours` not dismissed and not from a Pilot 2 pin (those are in the app's own group). */
    async lookoutSightings(hours: number, limit: number): Promise<LookoutPoint[]> {
      const rows = await database.query<Raw>(
        `select s.id, s.status, s.kind, s.t, d.callsign, ST_X(s.geom) as lon, ST_Y(s.geom) as lat
           from sightings s join drones d on d.id = s.drone_id
          where s.t > now() - make_interval(hours => $1) and s.status <> 'dismissed'
            and not exists (select 1 from dji_map_elements e where e.sighting_id = s.id)
          order by s.t desc limit $2`,
        [hours, limit],
      );
      return rows.map((r) => ({
        key: `sighting:${String(r.id)}`,
        kind: 'sighting' as const,
        lon: Number(r.lon),
        lat: Number(r.lat),
        label: `${String(r.kind)} #${String(r.id)} ${String(r.callsign)}`,
        status: String(r.status),
        at: asDate(r.t),
      }));
    },

    /** The latest caller location of each open case, and the target of each live assignment. */
    /** The search sectors of the open cases, the most urgent cases' first. */
    async lookoutSectors(limit: number): Promise<LookoutSector[]> {
      const rows = await database.query<Raw>(
        `select s.id, s.name, s.status, c.title, s.updated_at, ST_AsGeoJSON(s.geom, 7) as gj
           from search_sectors s join cases c on c.id = s.case_id
          where c.status = 'open'
          order by s.priority, c.created_at desc, s.name limit $1`,
        [limit],
      );
      return rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        status: String(r.status),
        caseTitle: String(r.title),
        ring: (JSON.parse(String(r.gj)) as { coordinates: [number, number][][] }).coordinates[0]!,
        at: asDate(r.updated_at),
      }));
    },

    async lookoutTargets(limit: number): Promise<LookoutPoint[]> {
      const callers = await database.query<Raw>(
        `select distinct on (l.case_id) l.case_id, c.title, l.t, l.accuracy_m, ST_X(l.geom) as lon, ST_Y(l.geom) as lat
           from caller_locations l join cases c on c.id = l.case_id
          where c.status = 'open'
          order by l.case_id, l.t desc, l.id desc limit $1`,
        [limit],
      );
      const targets = await database.query<Raw>(
        `select a.id, u.callsign, c.title, a.updated_at, ST_X(a.target) as lon, ST_Y(a.target) as lat
           from assignments a join units u on u.id = a.unit_id join cases c on c.id = a.case_id
          where a.status in ('dispatched', 'en_route', 'on_scene') and c.status = 'open'
          order by a.updated_at desc limit $1`,
        [limit],
      );
      return [
        ...callers.map((r) => ({
          key: `caller:${String(r.case_id)}`,
          kind: 'caller_location' as const,
          lon: Number(r.lon),
          lat: Number(r.lat),
          label: `报警人位置 Caller · ${String(r.title)} (±${Math.round(Number(r.accuracy_m))} m)`,
          at: asDate(r.t),
        })),
        ...targets.map((r) => ({
          key: `assignment:${String(r.id)}`,
          kind: 'unit_target' as const,
          lon: Number(r.lon),
          lat: Number(r.lat),
          label: `民警目标 Officer target · ${String(r.callsign)} · ${String(r.title)}`,
          at: asDate(r.updated_at),
        })),
      ];
    },
  };
}

export type DjiRepo = ReturnType<typeof createDjiRepo>;
