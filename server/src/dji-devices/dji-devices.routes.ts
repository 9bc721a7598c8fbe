import type { Router } from 'express';
import { docksResponse, droneEventsResponse, droneIdParam } from '@lookout/contracts';
import { allow, MAP } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { DjiDevicesRepo } from './dji-devices.repo.ts';

const EVENTS_SHOWN = 50;

export function djiDevicesRoutes(repo: DjiDevicesRepo): Router {
  const r = createRouter();
  r.get(
    '/docks',
    allow(MAP, { summary: 'The DJI docks and their state', response: docksResponse }),
    async (_req, res) => {
      res.json({ docks: await repo.docks() });
    },
  );
  const events = allow(MAP, {
    summary: "A drone's latest health items and flight-task progress from DJI devices",
    params: droneIdParam,
    response: droneEventsResponse,
  });
  r.get('/drones/:id/events', events, async (req, res) => {
    res.json({ events: await repo.droneEvents(droneIdParam.parse(req.params).id, EVENTS_SHOWN) });
  });
  return r;
}
