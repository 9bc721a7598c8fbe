import { Router } from 'express';
import { requireRole, currentUser } from '../auth/auth.middleware.ts';
import { droneIdParam, registerDroneBody, trackQuery, tracksQuery } from './drones.schemas.ts';
import type { DronesService } from './drones.service.ts';

/** Mounted behind `requireSession`. */
export function dronesRoutes(drones: DronesService): Router {
  const r = Router();
  r.get('/drones', async (_req, res) => {
    res.json(await drones.list());
  });
  r.post('/drones', requireRole('admin'), async (req, res) => {
    res.status(201).json(await drones.register(registerDroneBody.parse(req.body), currentUser(req), req.hostname));
  });
  r.post('/drones/:id/disable', requireRole('admin'), async (req, res) => {
    res.json(await drones.disable(droneIdParam.parse(req.params).id));
  });
  r.post('/drones/:id/reset-credentials', requireRole('admin'), async (req, res) => {
    res.json(await drones.resetCredentials(droneIdParam.parse(req.params).id, req.hostname));
  });
  r.get('/drones/:id/track', async (req, res) => {
    const { from, to } = trackQuery.parse(req.query);
    res.type('application/geo+json').json(await drones.track(droneIdParam.parse(req.params).id, from, to));
  });
  r.get('/tracks', async (req, res) => {
    res.type('application/geo+json').json(await drones.tracksSince(tracksQuery.parse(req.query).since));
  });
  return r;
}
