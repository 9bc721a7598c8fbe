import { z } from 'zod';
import { lonLatTuple } from '../geojson.ts';

/** The map's background: local or remote PMTiles, an XYZ template, or the offline fallback. */
export const basemapConfig = z.object({
  kind: z.enum(['pmtiles', 'xyz', 'fallback']),
  url: z.string().optional(),
  attribution: z.string().optional(),
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
