import { Router } from 'express';
import { currentUser, requireRole } from '../auth/auth.middleware.ts';
import { sightingIdParam, sightingsQuery, sightingStatusBody } from './sightings.schemas.ts';
import type { SightingsService } from './sightings.service.ts';

/** Mounted behind `requireSession`. */
export function sightingsRoutes(sightings: SightingsService): Router {
  const r = Router();
  r.get('/sightings', async (req, res) => {
    res.type('application/geo+json').json(await sightings.listSince(sightingsQuery.parse(req.query).since));
  });
  r.patch('/sightings/:id', requireRole('pilot', 'commander', 'admin'), async (req, res) => {
    const { id } = sightingIdParam.parse(req.params);
    res.json(await sightings.setStatus(id, sightingStatusBody.parse(req.body).status, currentUser(req)));
  });
  r.get('/sightings/:id/photo', async (req, res) => {
    const photo = await sightings.photo(sightingIdParam.parse(req.params).id);
    res.type('image/jpeg').set('cache-control', 'private, max-age=86400').send(photo);
  });
  return r;
}
