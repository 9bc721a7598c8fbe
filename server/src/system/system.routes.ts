import type { Router } from 'express';
import { ALL, allow, ANYONE } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { SystemService } from './system.service.ts';

export function healthRoutes(system: SystemService): Router {
  const r = createRouter();
  r.get('/health', allow(ANYONE), async (_req, res) => {
    const h = await system.health();
    res.status(h.db === 'ok' && h.mqtt === 'ok' ? 200 : 503).json(h);
  });
  return r;
}

export function configRoutes(system: SystemService): Router {
  const r = createRouter();
  r.get('/config', allow(ALL), (_req, res) => {
    res.json(system.clientConfig());
  });
  return r;
}
