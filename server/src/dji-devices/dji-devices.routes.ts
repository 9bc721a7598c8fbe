import type { Router } from 'express';
import { droneIdParam } from '@lookout/contracts';
import { allow, MAP } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { DjiDevicesRepo } from './dji-devices.repo.ts';

const EVENTS_SHOWN = 50;

export function djiDevicesRoutes(repo: DjiDevicesRepo): Router {
  const r = createRouter();
  r.get('/docks', allow(MAP), async (_req, res) => {
    res.json({ docks: await repo.docks() });
  });
  r.get('/drones/:id/events', allow(MAP), async (req, res) => {
    res.json({ events: await repo.droneEvents(droneIdParam.parse(req.params).id, EVENTS_SHOWN) });
  });
  return r;
}
