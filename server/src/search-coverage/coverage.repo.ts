import type { CoverageBand, CoverageSensor } from '@lookout/contracts';
import type { Database, Query } from '@lookout/db';
import { iso, numOrNull, strOrNull, withTransaction } from '@lookout/db';

type Raw = Record<string, unknown>;

/** ~0.5 m in degrees of latitude: the simplification tolerance of stored coverage. */
export const SIMPLIFY_DEG = 0.000005;

/** A union made a valid, simplified MultiPolygon (a swath union has many collinear vertices along its edges). */
const clean = (g: string) =>
  `ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SimplifyPreserveTopology(${g}, ${SIMPLIFY_DEG})), 3))`;

export type CursorSource = 'fixes' | 'walk';

interface CaseFields {
  caseId: string | null;
  ipp: { lon: number; lat: number } | null;
  subjectCategory: string | null;
  terrain: string | null;
}

export interface FixRow extends CaseFields {
  id: number;
  t: string;
  lon: number;
  lat: number;
  altRel: number | null;
  /** Metres above mean sea level (with a DEM: the height above ground is this less the ground's). */
  altMsl: number | null;
  hdg: number | null;
  /** The camera gimbal's pitch (°, −90 straight down), when the drone reported it. */
  gimbalPitch: number | null;
  /** DJI product key `domain-type-sub_type`, when the drone is a DJI aircraft that said so. */
  djiKey: string | null;
  /** The lens the drone streamed at the fix's time when it was not the wide one (drone_lenses), else null. */
  lens: 'thermal' | 'zoom' | null;
}

export interface WalkRow extends CaseFields {
  id: number;
  t: string;
  lon: number;
  lat: number;
  accuracyM: number | null;
  prev: { lon: number; lat: number } | null;
}

/** One piece of ground to add: a footprint polygon, or a walked point/segment buffered by `bufferM`. */
export interface CoverageItem {
  caseId: string;
  band: CoverageBand;
  sensor: CoverageSensor;
  /** The minute it belongs to (ISO). */
  bucket: string;
  wkt: string;
  /** > 0: buffer the geometry by this many metres (walked swaths). */
  bufferM: number;
}

/** An area coverage is judged over, sent to the database as GeoJSON. */
export interface AreaInput {
  kind: 'ring' | 'sector';
  ref: string;
  label: string;
  geojson: string;
  /** Also return the uncovered part (the 50 % ring). */
  gap: boolean;
}

export interface AreaShares {
  kind: 'ring' | 'sector';
  ref: string;
  label: string;
  areaM2: number;
  m2: Record<CoverageBand, number>;
  /** Square metres of it the thermal lens saw (in whichever band). */
  thermalM2: number;
  gap: { geojson: string; areaM2: number } | null;
}

export interface CoverageRead {
  bands: { band: CoverageBand; sensor: CoverageSensor; geojson: string; areaM2: number }[];
  areas: AreaShares[];
  counted: { fixes: number; walkedPositions: number };
}

const caseFields = (r: Raw): CaseFields => ({
  caseId: strOrNull(r.case_id),
  ipp: r.ipp_lon === null || r.ipp_lon === undefined ? null : { lon: Number(r.ipp_lon), lat: Number(r.ipp_lat) },
  subjectCategory: strOrNull(r.subject_category),
  terrain: strOrNull(r.terrain),
});

/** A fix's or an officer's position: its id, time and place, and the case it counts for. */
const pointFields = (r: Raw) => ({
  ...caseFields(r),
  id: Number(r.id),
  t: iso(r.t),
  lon: Number(r.lon),
  lat: Number(r.lat),
});

export function createCoverageRepo(database: Database) {
  return {
    transaction: <T>(fn: (q: Query) => Promise<T>) => withTransaction(database, fn),

    /** The cursor of a source, locked for this transaction (one worker at a time, across servers). */
    async lockCursor(q: Query, source: CursorSource): Promise<number> {
      const [row] = await q<Raw>('select last_id from coverage_cursors where source = $1 for update', [source]);
      return Number(row?.last_id ?? 0);
    },

    async setCursor(q: Query, source: CursorSource, lastId: number): Promise<void> {
      await q('update coverage_cursors set last_id = $2, updated_at = now() where source = $1', [source, lastId]);
    },

    /**
     * The next fixes after `afterId` that have been in the table `settleS` seconds (an id taken by a transaction
     * still open is not skipped for good), each with the case its drone was attached to at the time (null: none,
     * or the case was closed by then) and the drone's DJI model key.
     */
    async fixesAfter(q: Query, afterId: number, limit: number, settleS: number): Promise<FixRow[]> {
      const rows = await q<Raw>(
        `select f.id, f.t, ST_X(f.geom) as lon, ST_Y(f.geom) as lat, f.alt_rel, f.alt_msl, f.hdg, f.gimbal_pitch, c.id as case_id,
                ST_X(c.ipp) as ipp_lon, ST_Y(c.ipp) as ipp_lat, c.subject_category, c.terrain,
                (select d.domain || '-' || d.product_type || '-' || d.product_sub_type from dji_devices d
                  where d.drone_id = f.drone_id and d.product_type is not null limit 1) as dji_key,
                (select l.lens from drone_lenses l where l.drone_id = f.drone_id and l.t <= f.t
                  order by l.t desc limit 1) as lens
           from (select * from fixes where id > $1 and received_at <= now() - make_interval(secs => $3)
                  order by id limit $2) f
           left join case_drones cd on cd.drone_id = f.drone_id and f.t >= cd.attached_at
                                   and (cd.detached_at is null or f.t < cd.detached_at)
           left join cases c on c.id = cd.case_id and (c.closed_at is null or f.t <= c.closed_at)
          order by f.id`,
        [afterId, limit, settleS],
      );
      return rows.map((r) => ({
        ...pointFields(r),
        altRel: numOrNull(r.alt_rel),
        altMsl: numOrNull(r.alt_msl),
        hdg: numOrNull(r.hdg),
        gimbalPitch: numOrNull(r.gimbal_pitch),
        djiKey: strOrNull(r.dji_key),
        lens: r.lens === 'thermal' || r.lens === 'zoom' ? r.lens : null,
      }));
    },

    /**
     * The next officers' positions after `afterId`, each with the case his unit was working on at the time (an
     * assignment made before it and not yet found or stood down) and his position just before it (≤ 2 min).
     */
    async walkAfter(q: Query, afterId: number, limit: number, settleS: number): Promise<WalkRow[]> {
      const rows = await q<Raw>(
        `select b.id, b.t, ST_X(b.geom) as lon, ST_Y(b.geom) as lat, b.accuracy_m, c.id as case_id,
                ST_X(c.ipp) as ipp_lon, ST_Y(c.ipp) as ipp_lat, c.subject_category, c.terrain,
                ST_X(p.geom) as prev_lon, ST_Y(p.geom) as prev_lat
           from (select * from unit_positions where id > $1 and received_at <= now() - make_interval(secs => $3)
                  order by id limit $2) b
           left join lateral (select distinct a.case_id from assignments a
                               where a.unit_id = b.unit_id and b.t >= a.created_at
                                 and (a.status not in ('found', 'stood_down') or b.t <= a.updated_at)) a on true
           left join cases c on c.id = a.case_id and (c.closed_at is null or b.t <= c.closed_at)
           left join lateral (select p.geom from unit_positions p
                               where p.unit_id = b.unit_id and p.t < b.t and p.t >= b.t - interval '2 minutes'
                               order by p.t desc limit 1) p on c.id is not null
          order by b.id`,
        [afterId, limit, settleS],
      );
      return rows.map((r) => ({
        ...pointFields(r),
        accuracyM: numOrNull(r.accuracy_m),
        prev:
          r.prev_lon === null || r.prev_lon === undefined ? null : { lon: Number(r.prev_lon), lat: Number(r.prev_lat) },
      }));
    },

    /**
     * Union the items into their minutes' rows and into the case's total: one statement per batch, whatever the
     * number of cases, bands and minutes it touches.
     */
    async merge(q: Query, items: CoverageItem[]): Promise<void> {
      if (items.length === 0) return;
      const col = <K extends keyof CoverageItem>(k: K) => items.map((i) => i[k]);
      await q(
        `with u as (
           select u.case_id, u.band, u.sensor, u.bucket,
                  case when u.buffer_m > 0
                       then ST_Buffer(ST_GeomFromText(u.wkt, 4326)::geography, u.buffer_m, 'quad_segs=4')::geometry
                       else ST_GeomFromText(u.wkt, 4326) end as g
             from unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::float8[])
                  as u(case_id, band, sensor, bucket, wkt, buffer_m)
         ), grp as (
           select case_id, band, sensor, bucket, ${clean('ST_Union(g)')} as g, count(*)::int as n
             from u group by case_id, band, sensor, bucket
         ), minutes as (
           insert into case_coverage (case_id, band, sensor, bucket_start, geom, fixes)
           select case_id, band, sensor, bucket, g, n from grp
           on conflict (case_id, band, sensor, bucket_start) do update
             set geom = ${clean('ST_Union(case_coverage.geom, excluded.geom)')},
                 fixes = case_coverage.fixes + excluded.fixes
           returning 1
         )
         insert into case_coverage_total (case_id, geom)
         select case_id, ${clean('ST_Union(g)')} from grp group by case_id
         on conflict (case_id) do update
           set geom = ${clean('ST_Union(case_coverage_total.geom, excluded.geom)')}, updated_at = now()`,
        [col('caseId'), col('band'), col('sensor'), col('bucket'), col('wkt'), col('bufferM')],
      );
    },

    /**
     * A case's coverage up to `at` (the minutes that began by then): each band's ground where no better band saw
     * it (good, walk, fair, poor in that order), and per area its size, each band's square metres in it and, when
     * asked, the part nothing covered. The case's search sectors are areas too.
     */
    async read(caseId: string, at: string, areas: AreaInput[]): Promise<CoverageRead> {
      const rows = await database.query<Raw>(
        `with cov as (
           select band, ST_Union(geom) as g, bool_or(sensor = 'visible') as visible
             from case_coverage where case_id = $1 and bucket_start <= $2 group by band
         ), e as (select ST_GeomFromText('MULTIPOLYGON EMPTY', 4326) as e),
         th as (
           select coalesce(ST_Union(geom), (select e from e)) as g
             from case_coverage where case_id = $1 and bucket_start <= $2 and sensor = 'thermal'
         ),
         u as (
           select coalesce((select g from cov where band = 'good'), e) as good,
                  coalesce((select g from cov where band = 'walk'), e) as walk,
                  coalesce((select g from cov where band = 'fair'), e) as fair,
                  coalesce((select g from cov where band = 'poor'), e) as poor
             from e
         ), x1 as (
           select good, walk, fair, poor, ST_Union(good, walk) as gw from u
         ), x2 as (
           select good, walk, fair, poor, gw, ST_Union(gw, fair) as gwf from x1
         ), x as (
           select good, ST_Difference(walk, good) as walk, ST_Difference(fair, gw) as fair,
                  ST_Difference(poor, gwf) as poor, ST_Union(gwf, poor) as alls
             from x2
         ), areas as (
           select a.kind, a.ref, a.label, a.gap, ST_GeomFromGeoJSON(a.gj) as g, a.ord
             from unnest($3::text[], $4::text[], $5::text[], $6::bool[], $7::text[])
                  with ordinality as a(kind, ref, label, gap, gj, ord)
           union all
           select 'sector', s.id::text, s.name, true, s.geom, 100000 + row_number() over (order by s.name, s.id)
             from search_sectors s where s.case_id = $1
         )
         select 'band' as row_kind, b.band as kind, null as ref, null as label,
                ST_Area(b.g::geography) as area_m2, null::float8 as good, null::float8 as walk, null::float8 as fair,
                null::float8 as poor, ST_AsGeoJSON(b.g, 7) as geojson, null::float8 as gap_m2,
                (select visible from cov where cov.band = b.band) as visible, null::float8 as thermal, 0::bigint as ord
           from x cross join lateral (values ('good', x.good), ('walk', x.walk), ('fair', x.fair), ('poor', x.poor))
                as b(band, g)
          where not ST_IsEmpty(b.g)
         union all
         select 'area', a.kind, a.ref, a.label, ST_Area(a.g::geography),
                ST_Area(ST_Intersection(x.good, a.g)::geography), ST_Area(ST_Intersection(x.walk, a.g)::geography),
                ST_Area(ST_Intersection(x.fair, a.g)::geography), ST_Area(ST_Intersection(x.poor, a.g)::geography),
                case when a.gap then ST_AsGeoJSON(d.g, 7) end, case when a.gap then ST_Area(d.g::geography) end,
                null, ST_Area(ST_Intersection(th.g, a.g)::geography), a.ord
           from areas a cross join x cross join th
           left join lateral (select ST_Difference(a.g, x.alls) as g) d on a.gap
          order by row_kind desc, ord`,
        [
          caseId,
          at,
          areas.map((a) => a.kind),
          areas.map((a) => a.ref),
          areas.map((a) => a.label),
          areas.map((a) => a.gap),
          areas.map((a) => a.geojson),
        ],
      );
      const [count] = await database.query<Raw>(
        `select coalesce(sum(fixes) filter (where band <> 'walk'), 0) as fixes,
                coalesce(sum(fixes) filter (where band = 'walk'), 0) as walked
           from case_coverage where case_id = $1 and bucket_start <= $2`,
        [caseId, at],
      );
      const bands: CoverageRead['bands'] = [];
      const out: AreaShares[] = [];
      for (const r of rows) {
        if (r.row_kind === 'band') {
          bands.push({
            band: r.kind as CoverageBand,
            sensor: r.visible === false ? 'thermal' : 'visible',
            geojson: String(r.geojson),
            areaM2: Number(r.area_m2),
          });
        } else {
          out.push({
            kind: r.kind as 'ring' | 'sector',
            ref: String(r.ref),
            label: String(r.label),
            areaM2: Number(r.area_m2),
            m2: { good: Number(r.good), walk: Number(r.walk), fair: Number(r.fair), poor: Number(r.poor) },
            thermalM2: Number(r.thermal),
            gap:
              r.geojson === null || r.geojson === undefined
                ? null
                : { geojson: String(r.geojson), areaM2: Number(r.gap_m2) },
          });
        }
      }
      return {
        bands,
        areas: out,
        counted: { fixes: Number(count?.fixes ?? 0), walkedPositions: Number(count?.walked ?? 0) },
      };
    },

    /** The DJI model key of the first drone attached to a case (still attached first), if it is a DJI aircraft. */
    async firstDroneDjiKey(caseId: string): Promise<string | null> {
      const [row] = await database.query<Raw>(
        `select d.domain || '-' || d.product_type || '-' || d.product_sub_type as key
           from case_drones cd join dji_devices d on d.drone_id = cd.drone_id and d.product_type is not null
          where cd.case_id = $1
          order by cd.detached_at is not null, cd.attached_at limit 1`,
        [caseId],
      );
      return strOrNull(row?.key);
    },
  };
}

export type CoverageRepo = ReturnType<typeof createCoverageRepo>;
