import { Router } from 'express';
import type { SystemService } from './system.service.ts';

export function healthRoutes(system: SystemService): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const h = await system.health();
    res.status(h.db === 'ok' && h.mqtt === 'ok' ? 200 : 503).json(h);
  });
  return r;
}

/** Mounted behind `requireSession`. */
export function configRoutes(system: SystemService): Router {
  const r = Router();
  r.get('/config', (_req, res) => {
    res.json(system.clientConfig());
  });
  return r;
}
