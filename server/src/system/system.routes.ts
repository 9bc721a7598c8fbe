import type { Router } from 'express';
import { ALL, allow, ANYONE } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { appConfig, healthResponse } from '@lookout/contracts';
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
