import { z } from 'zod';
import { datums, placeKinds } from '../enums.ts';

/** The most text one import may carry (the route's body limit is a little above it). */
export const MAX_PLACES_IMPORT_CHARS = 1_000_000;
/** The most places one import may hold. */
export const MAX_PLACES_PER_IMPORT = 5_000;

export const placesImportFormats = ['geojson', 'csv'] as const;
export type PlacesImportFormat = (typeof placesImportFormats)[number];

/**
 * POST /places/import: a gazetteer file as text. `source` names it (the file name and its attribution); importing
 * the same source again replaces that source's places. `datum` is the coordinates' datum unless a CSV row names
 * its own (AMap/WeChat exports are GCJ-02, Baidu BD-09).
 */
export const placesImportBody = z.object({
  source: z.string().trim().min(1).max(200),
  format: z.enum(placesImportFormats),
  datum: z.enum(datums).default('wgs84'),
  text: z.string().min(1).max(MAX_PLACES_IMPORT_CHARS),
  /** Import the good rows and list the bad ones; by default one bad row refuses the whole file (400). */
  skipBadRows: z.boolean().default(false),
});
export type PlacesImportBody = z.infer<typeof placesImportBody>;

/** A row (CSV line, 1 = the header) or feature (0-based) that was not imported, and why. */
export const placesImportProblem = z.object({ row: z.number().int(), reason: z.string() });
export type PlacesImportProblem = z.infer<typeof placesImportProblem>;

export const placesImportResult = z.object({
  source: z.string(),
  imported: z.number().int(),
  /** The places of the same source an earlier import had stored, now replaced. */
  replaced: z.number().int(),
  /** The rows left out (only with `skipBadRows`). */
  skipped: z.array(placesImportProblem),
});
export type PlacesImportResult = z.infer<typeof placesImportResult>;

const lonLat = z
  .string()
  .regex(/^-?\d{1,3}(\.\d+)?,-?\d{1,2}(\.\d+)?$/, 'lon,lat in WGS-84 degrees')
  .transform((s) => s.split(',').map(Number) as [number, number])
  .refine(([lon, lat]) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90, 'lon,lat out of range');

/** GET /places?q=&limit=&near=lon,lat (WGS-84): ranked matches by name, full pinyin or pinyin initials. */
export const placesQuery = z.object({
  q: z.string().trim().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  near: lonLat.optional(),
});
export type PlacesQuery = z.infer<typeof placesQuery>;

/** How a place matched the query, best first. */
export const placeMatches = ['exact', 'prefix', 'substring', 'fuzzy'] as const;
export type PlaceMatch = (typeof placeMatches)[number];

export const placeView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(placeKinds),
  alias: z.string().nullable(),
  notes: z.string().nullable(),
  /** WGS-84. */
  lon: z.number(),
  lat: z.number(),
  source: z.string(),
  station: z.string().nullable(),
  match: z.enum(placeMatches),
  /** Metres from `near`, when the query gave it. */
  distanceM: z.number().nullable(),
});
export type PlaceView = z.infer<typeof placeView>;

export const placesSearchResponse = z.object({ places: z.array(placeView) });
export type PlacesSearchResponse = z.infer<typeof placesSearchResponse>;

/** The most names one map view may ask for: labels beyond a few hundred only overlap. */
export const MAX_PLACES_ON_MAP = 500;

/** `west,south,east,north` in WGS-84 degrees, west < east and south < north (no antimeridian crossing). */
const bbox = z
  .string()
  .regex(/^(-?\d{1,3}(\.\d+)?,){3}-?\d{1,3}(\.\d+)?$/, 'west,south,east,north in WGS-84 degrees')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number])
  .refine(
    ([w, s, e, n]) => Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90,
    'bbox out of range',
  )
  .refine(([w, s, e, n]) => w < e && s < n, 'bbox must have west < east and south < north');

/** GET /places/on-map?bbox=w,s,e,n&limit=: the gazetteer's names inside a map view, to draw them. */
export const placesOnMapQuery = z.object({
  bbox,
  limit: z.coerce.number().int().min(1).max(MAX_PLACES_ON_MAP).default(300),
});
export type PlacesOnMapQuery = z.infer<typeof placesOnMapQuery>;

export const placeOnMap = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(placeKinds),
  /** WGS-84. */
  lon: z.number(),
  lat: z.number(),
});
export type PlaceOnMap = z.infer<typeof placeOnMap>;

export const placesOnMapResponse = z.object({
  places: z.array(placeOnMap),
  /** More places lie in the view than the limit: zoom in to see them all. */
  truncated: z.boolean(),
});
export type PlacesOnMapResponse = z.infer<typeof placesOnMapResponse>;
