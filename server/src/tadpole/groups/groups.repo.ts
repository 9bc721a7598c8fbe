import type { Geometry } from 'geojson';
import type { Channel, Database, Role } from '@lookout/db';
import type { Wgs84Area } from './group-area.ts';

export interface GroupRow {
  id: string;
  name: string;
  channel: Channel;
  gridName: string | null;
  memberCount: number;
  area: Geometry;
  credentialsEnc: string | null;
  liaisonId: string | null;
  liaisonName: string | null;
  officerId: string | null;
  officerName: string | null;
  disabled: boolean;
  lastTest: { at: string; ok: boolean | null; vendorCode: number | null; error: string | null } | null;
  createdAt: string;
}

/** A user a group can be given to, with what the service needs to check his roles. */
export interface PersonRow {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
}

/** What a test message answered, as stored on the group. */
export interface TestOutcome {
  ok: boolean;
  vendorCode: number | null;
  error: string | null;
}

export interface GroupFields {
  name: string;
  channel: Channel;
  gridName: string | null;
  memberCount: number;
  credentialsEnc: string | null;
  liaisonId: string | null;
  officerId: string | null;
  disabled: boolean;
}

type Raw = Record<string, unknown>;

const columns = `g.id, g.name, g.channel, g.grid_name, g.member_count, ST_AsGeoJSON(g.area, 7) as area,
  g.credentials_enc, g.liaison_id, l.display_name as liaison_name, g.officer_id, o.display_name as officer_name,
  g.disabled, g.last_test_at, g.last_test_ok, g.last_test_code, g.last_test_error, g.created_at`;
const from = `community_groups g left join users l on l.id = g.liaison_id left join users o on o.id = g.officer_id`;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

function toRow(r: Raw): GroupRow {
  return {
    id: String(r.id),
    name: String(r.name),
    channel: String(r.channel) as Channel,
    gridName: text(r.grid_name),
    memberCount: Number(r.member_count),
    area: JSON.parse(String(r.area)) as Geometry,
    credentialsEnc: text(r.credentials_enc),
    liaisonId: text(r.liaison_id),
    liaisonName: text(r.liaison_name),
    officerId: text(r.officer_id),
    officerName: text(r.officer_name),
    disabled: Boolean(r.disabled),
    lastTest:
      r.last_test_at === null || r.last_test_at === undefined
        ? null
        : {
            at: iso(r.last_test_at),
            ok: r.last_test_ok === null || r.last_test_ok === undefined ? null : Boolean(r.last_test_ok),
            vendorCode: r.last_test_code === null || r.last_test_code === undefined ? null : Number(r.last_test_code),
            error: text(r.last_test_error),
          },
    createdAt: iso(r.created_at),
  };
}

/** The SQL of an area parameter pair ($a = GeoJSON or null, $b = circle JSON or null). */
function areaSql(geojson: string, circle: string): string {
  return `(case when ${geojson}::text is not null
            then ST_SetSRID(ST_GeomFromGeoJSON(${geojson}::text), 4326)
            else ST_Buffer(ST_SetSRID(ST_MakePoint((${circle}::jsonb->>'lon')::float8, (${circle}::jsonb->>'lat')::float8), 4326)::geography,
                           (${circle}::jsonb->>'radiusM')::float8, 'quad_segs=16')::geometry end)`;
}

function areaParams(area: Wgs84Area): [string | null, string | null] {
  return 'geometry' in area ? [JSON.stringify(area.geometry), null] : [null, JSON.stringify(area.circle)];
}

export interface GroupsRepo {
  /** Null when valid, else PostGIS's reason (self-intersection, …). */
  areaProblem(area: Wgs84Area): Promise<string | null>;
  insert(fields: GroupFields, area: Wgs84Area): Promise<GroupRow>;
  update(id: string, fields: Partial<GroupFields>, area: Wgs84Area | undefined): Promise<GroupRow | undefined>;
  get(id: string): Promise<GroupRow | undefined>;
  list(includeDisabled: boolean): Promise<GroupRow[]>;
  /** Enabled groups whose area intersects this WGS-84 geometry. */
  intersecting(geometry: Geometry): Promise<GroupRow[]>;
  /**
   * Marks a test as started unless the group had one in the last `minIntervalS` seconds (any server): the
   * per-group rate limit. Returns 'ok', or when the next test may start, or undefined without such a group.
   */
  claimTest(id: string, minIntervalS: number): Promise<{ ok: true } | { ok: false; retryAt: Date } | undefined>;
  recordTest(id: string, outcome: TestOutcome): Promise<void>;
  /** Enabled users, for the liaison and officer pickers and the CSV's usernames. */
  people(): Promise<PersonRow[]>;
  person(id: string): Promise<(PersonRow & { disabled: boolean }) | undefined>;
  personByUsername(username: string): Promise<(PersonRow & { disabled: boolean }) | undefined>;
}

function toPerson(r: Raw): PersonRow & { disabled: boolean } {
  return {
    id: String(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    roles: Array.isArray(r.roles) ? (r.roles as Role[]) : [],
    disabled: Boolean(r.disabled),
  };
}

export function createGroupsRepo(database: Database): GroupsRepo {
  const one = async (id: string) => {
    const [r] = await database.query<Raw>(`select ${columns} from ${from} where g.id = $1`, [id]);
    return r ? toRow(r) : undefined;
  };
  return {
    async areaProblem(area) {
      const [a, c] = areaParams(area);
      try {
        const [r] = await database.query<{ valid: boolean; reason: string; kind: string; empty: boolean }>(
          `select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason, GeometryType(g) as kind, ST_IsEmpty(g) as empty
             from (select ${areaSql('$1', '$2')} as g) x`,
          [a, c],
        );
        if (!r) return 'unreadable geometry';
        if (r.empty) return 'the area is empty';
        if (!['POLYGON', 'MULTIPOLYGON'].includes(String(r.kind).toUpperCase())) return `not a polygon (${r.kind})`;
        return r.valid ? null : String(r.reason);
      } catch (err) {
        return `unreadable geometry: ${(err as Error).message.slice(0, 200)}`;
      }
    },
    async insert(f, area) {
      const [a, c] = areaParams(area);
      const [r] = await database.query<{ id: string }>(
        `insert into community_groups
           (name, channel, grid_name, member_count, area, credentials_enc, liaison_id, officer_id, disabled)
         values ($3, $4, $5, $6, ${areaSql('$1', '$2')}, $7, $8, $9, $10) returning id`,
        [a, c, f.name, f.channel, f.gridName, f.memberCount, f.credentialsEnc, f.liaisonId, f.officerId, f.disabled],
      );
      return (await one(r!.id))!;
    },
    async update(id, f, area) {
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (f.name !== undefined) set('name', f.name);
      if (f.channel !== undefined) set('channel', f.channel);
      if (f.gridName !== undefined) set('grid_name', f.gridName);
      if (f.memberCount !== undefined) set('member_count', f.memberCount);
      if (f.credentialsEnc !== undefined) set('credentials_enc', f.credentialsEnc);
      if (f.liaisonId !== undefined) set('liaison_id', f.liaisonId);
      if (f.officerId !== undefined) set('officer_id', f.officerId);
      if (f.disabled !== undefined) set('disabled', f.disabled);
      if (area) {
        const [a, c] = areaParams(area);
        params.push(a, c);
        sets.push(`area = ${areaSql(`$${params.length - 1}`, `$${params.length}`)}`);
      }
      if (sets.length) {
        const rows = await database.query(
          `update community_groups set ${sets.join(', ')} where id = $1 returning id`,
          params,
        );
        if (!rows.length) return undefined;
      }
      return one(id);
    },
    get: one,
    async list(includeDisabled) {
      const rows = await database.query<Raw>(
        `select ${columns} from ${from} where ($1 or not g.disabled) order by g.name, g.id limit 5000`,
        [includeDisabled],
      );
      return rows.map(toRow);
    },
    async intersecting(geometry) {
      const rows = await database.query<Raw>(
        `select ${columns} from ${from}
          where not g.disabled and ST_Intersects(g.area, ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326))
          order by g.name, g.id`,
        [JSON.stringify(geometry)],
      );
      return rows.map(toRow);
    },
    async claimTest(id, minIntervalS) {
      const [claimed] = await database.query<{ id: string }>(
        `update community_groups
            set last_test_at = now(), last_test_ok = null, last_test_code = null, last_test_error = null
          where id = $1 and (last_test_at is null or last_test_at <= now() - make_interval(secs => $2))
          returning id`,
        [id, minIntervalS],
      );
      if (claimed) return { ok: true };
      const [r] = await database.query<{ retry_at: unknown }>(
        `select last_test_at + make_interval(secs => $2) as retry_at from community_groups where id = $1`,
        [id, minIntervalS],
      );
      return r ? { ok: false, retryAt: new Date(iso(r.retry_at)) } : undefined;
    },
    async recordTest(id, o) {
      await database.query(
        `update community_groups set last_test_ok = $2, last_test_code = $3, last_test_error = $4 where id = $1`,
        [id, o.ok, o.vendorCode, o.error],
      );
    },
    async people() {
      const rows = await database.query<Raw>(
        `select id, username, display_name, roles, disabled from users where not disabled
          order by display_name, username limit 5000`,
      );
      return rows.map(toPerson);
    },
    async person(id) {
      const [r] = await database.query<Raw>(
        'select id, username, display_name, roles, disabled from users where id = $1',
        [id],
      );
      return r ? toPerson(r) : undefined;
    },
    async personByUsername(username) {
      const [r] = await database.query<Raw>(
        'select id, username, display_name, roles, disabled from users where username = $1',
        [username],
      );
      return r ? toPerson(r) : undefined;
    },
  };
}
