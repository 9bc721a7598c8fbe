import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, MAP, only } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { sightingIdParam, sightingsQuery, sightingStatusBody } from '@lookout/contracts';
import type { SightingsService } from './sightings.service.ts';

export function sightingsRoutes(sightings: SightingsService): Router {
  const r = createRouter();
  r.get('/sightings', allow(MAP), async (req, res) => {
    res.type('application/geo+json').json(await sightings.listSince(sightingsQuery.parse(req.query).since));
  });
  r.patch('/sightings/:id', allow(only('pilot', 'commander', 'admin')), async (req, res) => {
    const { id } = sightingIdParam.parse(req.params);
    res.json(await sightings.setStatus(id, sightingStatusBody.parse(req.body).status, currentUser(req)));
  });
  r.get('/sightings/:id/photo', allow(MAP), async (req, res) => {
    const photo = await sightings.photo(sightingIdParam.parse(req.params).id);
    res.type('image/jpeg').set('cache-control', 'private, max-age=86400').send(photo);
  });
  return r;
}
