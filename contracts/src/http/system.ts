import { z } from 'zod';
import { datums } from '../enums.ts';
import { lonLatTuple } from '../geojson.ts';

/** The map's background: local or remote PMTiles, an XYZ template, or the offline fallback. */
export const basemapConfig = z.object({
  kind: z.enum(['pmtiles', 'xyz', 'fallback']),
  url: z.string().optional(),
  attribution: z.string().optional(),
  /** The datum the tiles are drawn in: the web app draws WGS-84 data converted to it, and converts picks back. */
  datum: z.enum(datums),
});
export type BasemapConfig = z.infer<typeof basemapConfig>;

/** GET /config: what the web app needs before it draws the map. */
export const appConfig = z.object({
  basemap: basemapConfig,
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
