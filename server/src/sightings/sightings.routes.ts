import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, MAP, only } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import {
  sightingFeature,
  sightingIdParam,
  sightingsCollection,
  sightingsQuery,
  sightingStatusBody,
} from '@lookout/contracts';
import { raw } from '../http/contract.ts';
import type { SightingsService } from './sightings.service.ts';

export function sightingsRoutes(sightings: SightingsService): Router {
  const r = createRouter();
  const list = allow(MAP, {
    summary: 'Sightings since a time (default: the last 24 h) (GeoJSON)',
    query: sightingsQuery,
    response: sightingsCollection,
  });
  r.get('/sightings', list, async (req, res) => {
    res.type('application/geo+json').json(await sightings.listSince(sightingsQuery.parse(req.query).since));
  });
  const status = allow(only('pilot', 'commander', 'admin'), {
    summary: 'Confirm or dismiss a sighting',
    params: sightingIdParam,
    body: sightingStatusBody,
    response: sightingFeature,
  });
  r.patch('/sightings/:id', status, async (req, res) => {
    const { id } = sightingIdParam.parse(req.params);
    res.json(await sightings.setStatus(id, sightingStatusBody.parse(req.body).status, currentUser(req)));
  });
  const photo = allow(MAP, {
    summary: "A sighting's photo",
    params: sightingIdParam,
    response: raw('image/jpeg', 'The photo'),
  });
  r.get('/sightings/:id/photo', photo, async (req, res) => {
    const photo = await sightings.photo(sightingIdParam.parse(req.params).id);
    res.type('image/jpeg').set('cache-control', 'private, max-age=86400').send(photo);
  });
  return r;
}
