import { z } from 'zod';
import { featureCollection } from '../geojson.ts';

/** 未搜 / 搜索中 / 已搜 / 需复搜. */
export const sectorStatuses = ['unsearched', 'searching', 'searched', 'to_research'] as const;
export type SectorStatus = (typeof sectorStatuses)[number];

/** Who searches a sector: a ground unit, an outside team (a unit with an agency), or a drone. */
export const sectorAssigneeKinds = ['unit', 'team', 'drone'] as const;
export type SectorAssigneeKind = (typeof sectorAssigneeKinds)[number];

/** 1 = search first. */
export const sectorPriorities = [1, 2, 3] as const;

/** The most vertices one sector's outline may have. */
export const MAX_SECTOR_VERTICES = 500;
/** The most sectors one split may make. */
export const MAX_SECTORS_PER_SPLIT = 400;
/** Cell sizes a split may use, in metres. */
export const MIN_SECTOR_CELL_M = 50;
export const MAX_SECTOR_CELL_M = 5000;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A GeoJSON Polygon in WGS-84 with one outer ring and no holes, closed (first position = last). */
export const sectorPolygon = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z
      .array(
        z
          .array(position)
          .min(4)
          .max(MAX_SECTOR_VERTICES + 1),
      )
      .length(1),
  })
  .refine((p) => {
    const ring = p.coordinates[0]!;
    const [a, b] = [ring[0]!, ring[ring.length - 1]!];
    return a[0] === b[0] && a[1] === b[1];
  }, 'the ring must be closed: its last position equals its first');
export type SectorPolygon = z.infer<typeof sectorPolygon>;

export const sectorAssignee = z.object({ kind: z.enum(sectorAssigneeKinds), ref: z.string().min(1).max(100) });
export type SectorAssignee = z.infer<typeof sectorAssignee>;

/** POST /cases/{id}/sectors: a sector drawn by the commander. Without a name it gets the next free A1, A2… */
export const sectorCreateBody = z.object({
  name: z.string().trim().min(1).max(20).optional(),
  geometry: sectorPolygon,
  priority: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  assignee: sectorAssignee.nullish(),
});
export type SectorCreateBody = z.input<typeof sectorCreateBody>;

/**
 * POST /cases/{id}/sectors/split: cut an ISRID ring (by its percent) or a drawn area into square cells of `cellM`
 * metres on a north-aligned grid (lines that follow no terrain), clipped to the area and to the sectors already
 * there, named `{prefix}{n}` row by row from the north-west.
 */
export const sectorSplitBody = z
  .object({
    ringPercent: z.number().positive().max(100).optional(),
    area: sectorPolygon.optional(),
    cellM: z.number().min(MIN_SECTOR_CELL_M).max(MAX_SECTOR_CELL_M),
    prefix: z
      .string()
      .regex(/^[A-Z]{1,2}$/, 'one or two capital letters')
      .default('A'),
    priority: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  })
  .refine((b) => (b.ringPercent === undefined) !== (b.area === undefined), 'give either ringPercent or area');
export type SectorSplitBody = z.input<typeof sectorSplitBody>;

/** PATCH /cases/{id}/sectors/{sectorId}: any of these; `assignee: null` unassigns. */
export const sectorPatchBody = z
  .object({
    name: z.string().trim().min(1).max(20).optional(),
    priority: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    status: z.enum(sectorStatuses).optional(),
    assignee: sectorAssignee.nullable().optional(),
    geometry: sectorPolygon.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type SectorPatchBody = z.input<typeof sectorPatchBody>;

export const sectorProperties = z.object({
  id: z.string(),
  caseId: z.string(),
  name: z.string(),
  priority: z.number().int(),
  status: z.enum(sectorStatuses),
  /** With the assignee's callsign as `label` (a unit's or team's callsign, a drone's callsign). */
  assignee: sectorAssignee.extend({ label: z.string() }).nullable(),
  areaM2: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SectorProperties = z.infer<typeof sectorProperties>;

export const sectorFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
  properties: sectorProperties,
});
export type SectorFeature = z.infer<typeof sectorFeature>;

/** GET /cases/{id}/sectors, and the answer of a split (the sectors it made). */
export const sectorsCollection = featureCollection(sectorFeature);
export type SectorsCollection = z.infer<typeof sectorsCollection>;

/** `/cases/{id}/sectors/{sectorId}`. */
export const caseSectorParams = z.object({ id: z.uuid(), sectorId: z.uuid() });
