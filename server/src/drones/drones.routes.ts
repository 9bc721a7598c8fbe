import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { ADMIN, allow, MAP } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import {
  disabledDrone,
  droneCredentials,
  droneIdParam,
  droneListResponse,
  registerDroneBody,
  registeredDrone,
  renameDroneBody,
  renamedDrone,
  trackQuery,
  tracksCollection,
  tracksQuery,
} from '@lookout/contracts';
import type { DronesService } from './drones.service.ts';

export function dronesRoutes(drones: DronesService): Router {
  const r = createRouter();
  r.get(
    '/drones',
    allow(MAP, { summary: 'Every drone with its latest fix', response: droneListResponse }),
    async (_req, res) => {
      res.json(await drones.list());
    },
  );
  const register = allow(ADMIN, {
    summary: 'Register a drone: its broker credentials, shown once',
    body: registerDroneBody,
    response: registeredDrone,
    status: 201,
  });
  r.post('/drones', register, async (req, res) => {
    res.status(201).json(await drones.register(registerDroneBody.parse(req.body), currentUser(req), req.hostname));
  });
  const rename = allow(ADMIN, {
    summary: 'Rename a drone',
    note: 'a new callsign; a DJI aircraft keeps it over its next topology',
    params: droneIdParam,
    body: renameDroneBody,
    response: renamedDrone,
  });
  r.patch('/drones/:id', rename, async (req, res) => {
    const { id } = droneIdParam.parse(req.params);
    res.json(await drones.rename(id, renameDroneBody.parse(req.body).callsign));
  });
  const disable = allow(ADMIN, {
    summary: 'Disable a drone',
    note: 'the broker refuses its next connect',
    params: droneIdParam,
    response: disabledDrone,
  });
  r.post('/drones/:id/disable', disable, async (req, res) => {
    res.json(await drones.disable(droneIdParam.parse(req.params).id));
  });
  r.post(
    '/drones/:id/reset-credentials',
    allow(ADMIN, {
      summary: "Reset a drone's broker password",
      note: 'a new MQTT password, shown once; the old one stops working',
      params: droneIdParam,
      response: droneCredentials,
    }),
    async (req, res) => {
      res.json(await drones.resetCredentials(droneIdParam.parse(req.params).id, req.hostname));
    },
  );
  const track = allow(MAP, {
    summary: "A drone's track in a window of at most 24 h (GeoJSON)",
    params: droneIdParam,
    query: trackQuery,
    response: tracksCollection,
  });
  r.get('/drones/:id/track', track, async (req, res) => {
    const { from, to } = trackQuery.parse(req.query);
    res.type('application/geo+json').json(await drones.track(droneIdParam.parse(req.params).id, from, to));
  });
  const tracks = allow(MAP, {
    summary: "Every drone's track since a time at most 2 h ago (GeoJSON)",
    query: tracksQuery,
    response: tracksCollection,
  });
  r.get('/tracks', tracks, async (req, res) => {
    res.type('application/geo+json').json(await drones.tracksSince(tracksQuery.parse(req.query).since));
  });
  return r;
}
