import { z } from 'zod';
import { datums } from '../enums.ts';
import { lonLatTuple } from '../geojson.ts';
import { terrainConfig } from '../terrain.ts';

/**
 * The map's background: local or remote PMTiles, an XYZ template of raster tiles, vector tiles in Lookout's own
 * schema (`vector`: an MBTiles file made by `lookout basemap build`, served as an XYZ template), or the offline
 * fallback.
 */
export const basemapConfig = z.object({
  kind: z.enum(['pmtiles', 'xyz', 'vector', 'fallback']),
  url: z.string().optional(),
  /** The zooms the tiles exist at (`vector`); the map overzooms past the last. */
  minzoom: z.number().int().min(0).max(30).optional(),
  maxzoom: z.number().int().min(0).max(30).optional(),
  /** West, south, east, north (WGS-84) of the tiles (`vector`): no requests outside. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** Why the station's own basemap cannot be shown (a corrupt file): the fallback is shown and says so. */
  problem: z.string().optional(),
  attribution: z.string().optional(),
  /** The datum the tiles are drawn in: the web app draws WGS-84 data converted to it, and converts picks back. */
  datum: z.enum(datums),
  /** An XYZ template drawn over the tiles: names and roads over a satellite picture (天地图's annotation layer). */
  labels: z.string().optional(),
});
export type BasemapConfig = z.infer<typeof basemapConfig>;

/** GET /basemap/{file}/{z}/{x}/{y}.pbf: one tile of a local MBTiles file. */
export const basemapTileParams = z.object({
  file: z.string().regex(/^[^/]+\.mbtiles$/, 'an .mbtiles file under data/basemap/'),
  z: z.coerce.number().int().min(0).max(30),
  x: z.coerce.number().int().min(0),
  /** The row and the format: `5190.pbf` (or .png/.jpg/.webp for raster MBTiles). */
  tile: z.string().regex(/^\d{1,10}\.(pbf|mvt|png|jpg|jpeg|webp)$/, 'a row and a format, like 5190.pbf'),
});

export const basemapChoiceKinds = ['street', 'satellite', 'terrain'] as const;
export type BasemapChoiceKind = (typeof basemapChoiceKinds)[number];

/** One basemap of the map's switcher; `name` empty → the station's own (the app names it). */
export const basemapChoice = z.object({
  id: z.string(),
  kind: z.enum(basemapChoiceKinds),
  name: z.string(),
  source: basemapConfig,
});
export type BasemapChoice = z.infer<typeof basemapChoice>;

/** GET /config: what the web app needs before it draws the map. */
export const appConfig = z.object({
  basemap: basemapConfig,
  /** The basemaps a user may switch between (the first is `basemap`); empty → only the offline sketch. */
  basemaps: z.array(basemapChoice),
  /** Heights for the hillshade, contour lines and the officers' climb; null when the station has built none. */
  terrain: terrainConfig.nullable(),
  center: lonLatTuple,
  zoom: z.number(),
  staleAfterS: z.number(),
});
export type AppConfig = z.infer<typeof appConfig>;

/** GET /openapi.json: the OpenAPI 3.1 document of every route (its inside is OpenAPI's own schema). */
export const openApiDocument = z
  .object({
    openapi: z.string().regex(/^3\.1\./),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  })
  .loose();

export const healthStates = ['ok', 'down'] as const;
/** GET /health: 200 when both are up, else 503 with the same body. */
export const healthResponse = z.object({ db: z.enum(healthStates), mqtt: z.enum(healthStates) });
export type HealthResponse = z.infer<typeof healthResponse>;
