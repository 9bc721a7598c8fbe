import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { ADMIN, allow, MAP } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { droneIdParam, registerDroneBody, renameDroneBody, trackQuery, tracksQuery } from '@lookout/contracts';
import type { DronesService } from './drones.service.ts';

export function dronesRoutes(drones: DronesService): Router {
  const r = createRouter();
  r.get('/drones', allow(MAP), async (_req, res) => {
    res.json(await drones.list());
  });
  r.post('/drones', allow(ADMIN), async (req, res) => {
    res.status(201).json(await drones.register(registerDroneBody.parse(req.body), currentUser(req), req.hostname));
  });
  r.patch(
    '/drones/:id',
    allow(ADMIN, 'a new callsign; a DJI aircraft keeps it over its next topology'),
    async (req, res) => {
      const { id } = droneIdParam.parse(req.params);
      res.json(await drones.rename(id, renameDroneBody.parse(req.body).callsign));
    },
  );
  r.post('/drones/:id/disable', allow(ADMIN, 'the broker refuses its next connect'), async (req, res) => {
    res.json(await drones.disable(droneIdParam.parse(req.params).id));
  });
  r.post(
    '/drones/:id/reset-credentials',
    allow(ADMIN, 'a new MQTT password, shown once; the old one stops working'),
    async (req, res) => {
      res.json(await drones.resetCredentials(droneIdParam.parse(req.params).id, req.hostname));
    },
  );
  r.get('/drones/:id/track', allow(MAP), async (req, res) => {
    const { from, to } = trackQuery.parse(req.query);
    res.type('application/geo+json').json(await drones.track(droneIdParam.parse(req.params).id, from, to));
  });
  r.get('/tracks', allow(MAP), async (req, res) => {
    res.type('application/geo+json').json(await drones.tracksSince(tracksQuery.parse(req.query).since));
  });
  return r;
}
