import type { Geometry } from 'geojson';
import type { Channel, Database } from '@lookout/db';
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
  disabled: boolean;
  createdAt: string;
}

export interface GroupFields {
  name: string;
  channel: Channel;
  gridName: string | null;
  memberCount: number;
  credentialsEnc: string | null;
  liaisonId: string | null;
  disabled: boolean;
}

type Raw = Record<string, unknown>;

const columns = `id, name, channel, grid_name, member_count, ST_AsGeoJSON(area, 7) as area, credentials_enc,
  liaison_id, disabled, created_at`;

function toRow(r: Raw): GroupRow {
  return {
    id: String(r.id),
    name: String(r.name),
    channel: String(r.channel) as Channel,
    gridName: r.grid_name === null || r.grid_name === undefined ? null : String(r.grid_name),
    memberCount: Number(r.member_count),
    area: JSON.parse(String(r.area)) as Geometry,
    credentialsEnc: r.credentials_enc === null || r.credentials_enc === undefined ? null : String(r.credentials_enc),
    liaisonId: r.liaison_id === null || r.liaison_id === undefined ? null : String(r.liaison_id),
    disabled: Boolean(r.disabled),
    createdAt: (r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at))).toISOString(),
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
}

export function createGroupsRepo(database: Database): GroupsRepo {
  const one = async (id: string) => {
    const [r] = await database.query<Raw>(`select ${columns} from community_groups where id = $1`, [id]);
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
        `insert into community_groups (name, channel, grid_name, member_count, area, credentials_enc, liaison_id, disabled)
         values ($3, $4, $5, $6, ${areaSql('$1', '$2')}, $7, $8, $9) returning id`,
        [a, c, f.name, f.channel, f.gridName, f.memberCount, f.credentialsEnc, f.liaisonId, f.disabled],
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
        `select ${columns} from community_groups where ($1 or not disabled) order by name, id limit 5000`,
        [includeDisabled],
      );
      return rows.map(toRow);
    },
    async intersecting(geometry) {
      const rows = await database.query<Raw>(
        `select ${columns} from community_groups
          where not disabled and ST_Intersects(area, ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326))
          order by name, id`,
        [JSON.stringify(geometry)],
      );
      return rows.map(toRow);
    },
  };
}
