import type { SectorAssigneeKind, SectorFeature, SectorStatus } from '@lookout/contracts';
import { iso, ringLiveDoorbell, withTransaction, type Database, type Query } from '@lookout/db';

type Raw = Record<string, unknown>;

/** Columns every sector query selects (`s` = search_sectors), with the assignee's callsign. */
const columns = `s.id, s.case_id, s.name, ST_AsGeoJSON(s.geom, 7) as geojson, s.priority, s.status, s.assignee_kind,
  s.assignee_ref, ST_Area(s.geom::geography) as area_m2, s.created_at, s.updated_at,
  case when s.assignee_kind = 'drone' then d.callsign else u.callsign end as assignee_label`;
const joins = `search_sectors s
  left join units u on s.assignee_kind in ('unit', 'team') and u.id::text = s.assignee_ref
  left join drones d on s.assignee_kind = 'drone' and d.id = s.assignee_ref`;

function toFeature(r: Raw): SectorFeature {
  const kind = r.assignee_kind === null || r.assignee_kind === undefined ? null : (String(r.assignee_kind) as never);
  const ref = String(r.assignee_ref ?? '');
  return {
    type: 'Feature',
    id: String(r.id),
    geometry: JSON.parse(String(r.geojson)) as SectorFeature['geometry'],
    properties: {
      id: String(r.id),
      caseId: String(r.case_id),
      name: String(r.name),
      priority: Number(r.priority),
      status: String(r.status) as SectorStatus,
      assignee: kind ? { kind, ref, label: r.assignee_label ? String(r.assignee_label) : ref.slice(0, 8) } : null,
      areaM2: Math.round(Number(r.area_m2)),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    },
  };
}

export interface Assignee {
  kind: SectorAssigneeKind;
  ref: string;
}

/** An existing sector that a new outline meets, and by how much (m²). */
export interface Overlap {
  name: string;
  overlapM2: number;
  sectorM2: number;
  outlineM2: number;
}

export interface NewSector {
  name: string;
  geometry: string;
  priority: number;
  assignee: Assignee | null;
}

export interface SectorChange {
  name?: string;
  priority?: number;
  status?: SectorStatus;
  assignee?: Assignee | null;
  geometry?: string;
}

/** One event of a sector's change, appended with the change in one transaction. */
export interface SectorEvent {
  type: string;
  data: Record<string, unknown>;
}

/** A piece of a split, in order from the north-west: its outline as GeoJSON and its area. */
export interface SplitCell {
  geometry: string;
  areaM2: number;
}

export interface SectorsRepo {
  list(caseId: string): Promise<SectorFeature[]>;
  get(caseId: string, id: string): Promise<SectorFeature | undefined>;
  names(caseId: string): Promise<Set<string>>;
  /** Null when the outline is a valid simple polygon, else PostGIS's reason ("Self-intersection[120.1 28.9]"). */
  invalidReason(geometry: string): Promise<string | null>;
  /** Whether the outline meets the area (a ring). */
  meets(geometry: string, area: string): Promise<boolean>;
  /** The case's sectors (but `exceptId`) whose area the outline shares, with the areas in m². */
  overlaps(caseId: string, geometry: string, exceptId?: string): Promise<Overlap[]>;
  /** Whether the assignee exists and works on the case: a unit or team sent to it, a drone attached to it. */
  assigneeInCase(caseId: string, a: Assignee): Promise<{ state: 'ok' | 'no_such' | 'not_in_case'; label: string }>;
  /** The outline's area in m². */
  areaM2(geometry: string): Promise<number>;
  /** The officer's unit id, if he has one. */
  unitOfUser(userId: string): Promise<string | undefined>;
  /** Whether the user is the pilot flying the drone for the case now (`case_drones.pilot_id`, not detached). */
  pilotFlies(caseId: string, droneId: string, userId: string): Promise<boolean>;
  /** The area's part on a north-aligned grid of `cellM`, minus the case's sectors, cells under `minShare` dropped. */
  splitCells(caseId: string, area: string, cellM: number, minShare: number): Promise<SplitCell[]>;
  /** The sectors and one event each (or `event` for them all), in one transaction with the doorbell. */
  insert(
    caseId: string,
    sectors: NewSector[],
    by: string,
    event: (ids: { id: string; name: string }[]) => SectorEvent[],
  ): Promise<string[]>;
  update(caseId: string, id: string, change: SectorChange, by: string, events: SectorEvent[]): Promise<boolean>;
  remove(caseId: string, id: string, by: string, event: SectorEvent): Promise<boolean>;
}

async function appendEvents(q: Query, caseId: string, by: string, events: SectorEvent[]): Promise<void> {
  let seq = 0;
  for (const e of events) {
    const [row] = await q<{ seq: number }>(
      'insert into case_events (case_id, type, actor_id, data) values ($1, $2, $3, $4::jsonb) returning seq',
      [caseId, e.type, by, JSON.stringify(e.data)],
    );
    seq = Math.max(seq, Number(row!.seq));
  }
  if (seq > 0) await ringLiveDoorbell(q, seq);
}

const geom = (p: string) => `ST_SetSRID(ST_GeomFromGeoJSON(${p}), 4326)`;

export function createSectorsRepo(database: Database): SectorsRepo {
  return {
    async list(caseId) {
      const rows = await database.query<Raw>(
        `select ${columns} from ${joins} where s.case_id = $1 order by s.priority, length(s.name), s.name`,
        [caseId],
      );
      return rows.map(toFeature);
    },
    async get(caseId, id) {
      const [row] = await database.query<Raw>(`select ${columns} from ${joins} where s.case_id = $1 and s.id = $2`, [
        caseId,
        id,
      ]);
      return row ? toFeature(row) : undefined;
    },
    async names(caseId) {
      const rows = await database.query<{ name: string }>('select name from search_sectors where case_id = $1', [
        caseId,
      ]);
      return new Set(rows.map((r) => r.name));
    },
    async invalidReason(geometry) {
      const [row] = await database.query<{ valid: boolean; reason: string }>(
        `select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ${geom('$1')} as g) x`,
        [geometry],
      );
      return row!.valid ? null : String(row!.reason);
    },
    async meets(geometry, area) {
      const [row] = await database.query<{ meets: boolean }>(
        `select ST_Intersects(${geom('$1')}, ${geom('$2')}) as meets`,
        [geometry, area],
      );
      return row!.meets;
    },
    async overlaps(caseId, geometry, exceptId) {
      const rows = await database.query<Raw>(
        `with g as (select ${geom('$2')} as g)
         select s.name, ST_Area(ST_Intersection(s.geom, g.g)::geography) as overlap_m2,
                ST_Area(s.geom::geography) as sector_m2, ST_Area(g.g::geography) as outline_m2
           from search_sectors s, g
          where s.case_id = $1 and ST_Intersects(s.geom, g.g) and ($3::uuid is null or s.id <> $3::uuid)`,
        [caseId, geometry, exceptId ?? null],
      );
      return rows.map((r) => ({
        name: String(r.name),
        overlapM2: Number(r.overlap_m2),
        sectorM2: Number(r.sector_m2),
        outlineM2: Number(r.outline_m2),
      }));
    },
    async assigneeInCase(caseId, a) {
      if (a.kind === 'drone') {
        const [row] = await database.query<{ attached: boolean; callsign: string }>(
          `select d.callsign, exists (select 1 from case_drones cd where cd.drone_id = d.id and cd.case_id = $2
                           and cd.detached_at is null) as attached
             from drones d where d.id = $1`,
          [a.ref, caseId],
        );
        if (!row) return { state: 'no_such', label: a.ref };
        return { state: row.attached ? 'ok' : 'not_in_case', label: String(row.callsign) };
      }
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a.ref)) {
        return { state: 'no_such', label: a.ref };
      }
      const [row] = await database.query<{ team: boolean; sent: boolean; callsign: string }>(
        `select u.user_id is null as team, u.callsign,
                exists (select 1 from assignments x where x.unit_id = u.id and x.case_id = $2) as sent
           from units u where u.id = $1`,
        [a.ref, caseId],
      );
      if (!row || row.team !== (a.kind === 'team')) return { state: 'no_such', label: a.ref };
      return { state: row.sent ? 'ok' : 'not_in_case', label: String(row.callsign) };
    },
    async areaM2(geometry) {
      const [row] = await database.query<{ a: number }>(`select ST_Area(${geom('$1')}::geography) as a`, [geometry]);
      return Number(row!.a);
    },
    async unitOfUser(userId) {
      const [row] = await database.query<{ id: string }>('select id from units where user_id = $1', [userId]);
      return row ? String(row.id) : undefined;
    },
    async pilotFlies(caseId, droneId, userId) {
      const [row] = await database.query<{ flies: boolean }>(
        `select exists (select 1 from case_drones where case_id = $1 and drone_id = $2 and pilot_id = $3
                          and detached_at is null) as flies`,
        [caseId, droneId, userId],
      );
      return row?.flies === true;
    },
    async splitCells(caseId, area, cellM, minShare) {
      // The grid is square in metres at the area's middle latitude; cells are numbered from the north-west.
      const rows = await database.query<Raw>(
        `with a as (select ${geom('$2')} as g),
         b as (select ST_XMin(g) as x0, ST_YMax(g) as y0, ST_XMax(g) as x1, ST_YMin(g) as y1,
                      $3::float8 / 111320.0 as dy,
                      $3::float8 / (111320.0 * cos(radians(ST_Y(ST_Centroid(g))))) as dx from a),
         taken as (select ST_Union(geom) as g from search_sectors where case_id = $1),
         cells as (
           select r, c, ST_MakeEnvelope(b.x0 + c * b.dx, b.y0 - (r + 1) * b.dy, b.x0 + (c + 1) * b.dx, b.y0 - r * b.dy,
                                        4326) as cell
             from b, generate_series(0, ceil((b.y0 - b.y1) / b.dy)::int - 1) r,
                     generate_series(0, ceil((b.x1 - b.x0) / b.dx)::int - 1) c),
         clipped as (
           select r, c, ST_CollectionExtract(
                    case when taken.g is null then ST_Intersection(cells.cell, a.g)
                         else ST_Difference(ST_Intersection(cells.cell, a.g), taken.g) end, 3) as g
             from cells, a, taken where ST_Intersects(cells.cell, a.g)),
         pieces as (select r, c, d.path[1] as k, d.geom as g
                      from clipped, lateral ST_Dump(clipped.g) d where not ST_IsEmpty(clipped.g))
         select ST_AsGeoJSON(g, 7) as geojson, ST_Area(g::geography) as area_m2
           from pieces where ST_Area(g::geography) >= $4::float8 * $3::float8 * $3::float8
          order by r, c, k`,
        [caseId, area, cellM, minShare],
      );
      return rows.map((r) => ({ geometry: String(r.geojson), areaM2: Number(r.area_m2) }));
    },
    async insert(caseId, sectors, by, event) {
      return withTransaction(database, async (q) => {
        const made: { id: string; name: string }[] = [];
        for (const s of sectors) {
          const [row] = await q<{ id: string }>(
            `insert into search_sectors (case_id, name, geom, priority, assignee_kind, assignee_ref, created_by)
             values ($1, $2, ${geom('$3')}, $4, $5, $6, $7) returning id`,
            [caseId, s.name, s.geometry, s.priority, s.assignee?.kind ?? null, s.assignee?.ref ?? null, by],
          );
          made.push({ id: String(row!.id), name: s.name });
        }
        await appendEvents(q, caseId, by, event(made));
        return made.map((m) => m.id);
      });
    },
    async update(caseId, id, change, by, events) {
      return withTransaction(database, async (q) => {
        const assign = change.assignee !== undefined;
        const rows = await q(
          `update search_sectors set
             name = coalesce($3, name),
             priority = coalesce($4, priority),
             status = coalesce($5, status),
             assignee_kind = case when $6::boolean then $7 else assignee_kind end,
             assignee_ref = case when $6::boolean then $8 else assignee_ref end,
             geom = case when $9::text is null then geom else ${geom('$9::text')} end,
             updated_at = now()
           where case_id = $1 and id = $2 returning id`,
          [
            caseId,
            id,
            change.name ?? null,
            change.priority ?? null,
            change.status ?? null,
            assign,
            change.assignee?.kind ?? null,
            change.assignee?.ref ?? null,
            change.geometry ?? null,
          ],
        );
        if (rows.length === 0) return false;
        await appendEvents(q, caseId, by, events);
        return true;
      });
    },
    async remove(caseId, id, by, event) {
      return withTransaction(database, async (q) => {
        const rows = await q('delete from search_sectors where case_id = $1 and id = $2 returning id', [caseId, id]);
        if (rows.length === 0) return false;
        await appendEvents(q, caseId, by, [event]);
        return true;
      });
    },
  };
}
