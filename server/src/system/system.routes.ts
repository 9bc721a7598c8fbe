import type { Router } from 'express';
import { ALL, allow, ANYONE } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { appConfig, basemapTileParams, healthResponse } from '@lookout/contracts';
import { NO_CONTENT, raw } from '../http/contract.ts';
import { BASEMAP_ROUTE } from './basemap.ts';
import type { BasemapTiles } from './basemap-tiles.ts';
import type { SystemService } from './system.service.ts';

export function healthRoutes(system: SystemService): Router {
  const r = createRouter();
  const health = allow(ANYONE, {
    summary: 'Database and broker health (503 when either is down)',
    response: { 200: healthResponse, 503: healthResponse },
  });
  r.get('/health', health, async (_req, res) => {
    const h = await system.health();
    res.status(h.db === 'ok' && h.mqtt === 'ok' ? 200 : 503).json(h);
  });
  return r;
}

export function configRoutes(system: SystemService): Router {
  const r = createRouter();
  r.get(
    '/config',
    allow(ALL, { summary: 'What the web app needs to draw the map', response: appConfig }),
    (_req, res) => {
      res.json(system.clientConfig());
    },
  );
  return r;
}

export function basemapTileRoutes(tiles: BasemapTiles): Router {
  const r = createRouter();
  const tile = allow(ALL, {
    summary: 'One tile of a local MBTiles basemap (vector tiles gzipped as stored); 204 where it has none',
    params: basemapTileParams,
    response: { 200: raw('application/x-protobuf', 'A Mapbox vector tile (or the raster image)'), 204: NO_CONTENT },
  });
  r.get(`${BASEMAP_ROUTE}/:file/:z/:x/:tile`, tile, (req, res) => {
    const t = tiles.tile(basemapTileParams.parse(req.params));
    if (!t) {
      res.status(204).end();
      return;
    }
    res.set({ 'content-type': t.contentType, 'cache-control': 'private, max-age=3600' });
    if (t.gzip) res.set('content-encoding', 'gzip');
    res.send(t.data);
  });
  return r;
}
