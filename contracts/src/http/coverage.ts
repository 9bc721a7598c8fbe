import { z } from 'zod';
import { featureCollection, geometry } from '../geojson.ts';
import { sectorPolygon } from './sectors.ts';

/**
 * How well the ground was seen: from the air by height above ground (≤ 60 m good, 60–120 m fair, above poor), and
 * `walk` for an officer's own track (a swath of COVERAGE_WALK_WIDTH_M).
 */
export const coverageBands = ['good', 'fair', 'poor', 'walk'] as const;
export type CoverageBand = (typeof coverageBands)[number];

/** Which camera saw it; `visible` unless the drone said it was on its thermal lens. */
export const coverageSensors = ['visible', 'thermal'] as const;
export type CoverageSensor = (typeof coverageSensors)[number];

/** GET /cases/{id}/coverage?at= — `at` (ISO time) gives the coverage as it stood then (the replay). */
export const coverageQuery = z.object({ at: z.iso.datetime({ offset: true }).optional() });

/** The share (0–1) of an area each band covers; a place seen in several bands counts in the best one only. */
export const coverageShares = z.object({
  good: z.number(),
  fair: z.number(),
  poor: z.number(),
  walk: z.number(),
  /** All bands together. */
  covered: z.number(),
});
export type CoverageShares = z.infer<typeof coverageShares>;

/** One area coverage is judged over: an ISRID ring or a sector. */
export const coverageArea = z.object({
  kind: z.enum(['ring', 'sector']),
  /** The ring's percent ("50") or the sector's id. */
  ref: z.string(),
  label: z.string(),
  areaM2: z.number(),
  shares: coverageShares,
  /** The share (0–1) of the area the thermal lens saw, in whichever band (those places count in `shares` too). */
  thermal: z.number(),
  /** A simple probability of detection from the shares (coverage-pod.ts says how). */
  pod: z.number(),
});
export type CoverageArea = z.infer<typeof coverageArea>;

export const coverageFeature = z.object({
  type: z.literal('Feature'),
  geometry,
  properties: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('covered'),
      band: z.enum(coverageBands),
      sensor: z.enum(coverageSensors),
      areaM2: z.number(),
    }),
    /** Ground inside the 50 % ring or a sector that nothing has covered yet (未覆盖); `within` is that area's ref. */
    z.object({ kind: z.literal('gap'), areaM2: z.number(), within: z.string() }),
  ]),
});
export type CoverageFeature = z.infer<typeof coverageFeature>;

export const coverageResponse = featureCollection(coverageFeature).extend({
  caseId: z.string(),
  /** The time the coverage stands at (`at`, or now). */
  at: z.string(),
  areas: z.array(coverageArea),
  /** The fixes and walked positions that have added coverage so far. */
  counted: z.object({ fixes: z.number().int(), walkedPositions: z.number().int() }),
});
export type CoverageResponse = z.infer<typeof coverageResponse>;

/**
 * POST /cases/{id}/coverage/plan: a lawnmower flight over a gap (or any drawn area) at a height; the spacing comes
 * from the height and the camera's field of view with `overlap` between passes.
 */
export const coveragePlanBody = z.object({
  area: sectorPolygon,
  altitudeM: z.number().min(10).max(500),
  /** The camera's horizontal field of view; by default the case's first drone's, else 84° (a DJI wide camera). */
  hfovDeg: z.number().gt(0).lt(180).optional(),
  overlap: z.number().min(0).max(0.8).default(0.2),
  speedMs: z.number().min(1).max(25).default(8),
});
export type CoveragePlanBody = z.input<typeof coveragePlanBody>;

export const coveragePlanResponse = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(z.array(z.number())) }),
  properties: z.object({
    spacingM: z.number(),
    passes: z.number().int(),
    lengthM: z.number(),
    minutes: z.number(),
    altitudeM: z.number(),
    hfovDeg: z.number(),
  }),
});
export type CoveragePlanResponse = z.infer<typeof coveragePlanResponse>;
