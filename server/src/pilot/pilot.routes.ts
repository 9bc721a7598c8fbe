import type { Router } from 'express';
import type { Counter } from 'prom-client';
import {
  attachDroneBody,
  attachDroneResult,
  caseDroneParams,
  caseIdParam,
  markSightingBody,
  pilotCasesResponse,
  sightingFeature,
  sightingIdParam,
  sightingPhotoUploaded,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, only } from '../http/access.ts';
import { NO_CONTENT, raw } from '../http/contract.ts';
import { imageBody } from '../http/image-body.ts';
import { createRouter } from '../http/router.ts';
import type { PilotService } from './pilot.service.ts';

const FLIES = only('pilot', 'commander', 'admin');
const caseScope = 'pilots: the cases their drone is attached to; commanders: every case';

/** Drones attached to cases, the pilot's cases, and sightings marked from the pilot's map. */
export function pilotRoutes(pilot: PilotService, photoMaxBytes: number, rejected: Counter<'reason'>): Router {
  const r = createRouter();
  const { raw: rawBody, tooLarge } = imageBody(photoMaxBytes, rejected);

  const mine = allow(only('pilot'), {
    summary: 'The open cases the pilot flies a drone for, and the other open cases he may join',
    response: pilotCasesResponse,
  });
  r.get('/pilot/cases', mine, async (req, res) => {
    res.json(await pilot.pilotCases(currentUser(req)));
  });

  const attach = allow(FLIES, {
    summary: 'Attach a drone to an open case (the step `drone_attached`); 201 new, 200 already attached',
    note: 'pilots: their own drone, to any open case; commanders may name the pilot',
    params: caseIdParam,
    body: attachDroneBody,
    response: { 200: attachDroneResult, 201: attachDroneResult },
  });
  r.post('/cases/:id/drones', attach, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    const { created, ...out } = await pilot.attach(id, attachDroneBody.parse(req.body), currentUser(req));
    res.status(created ? 201 : 200).json(out);
  });

  const detach = allow(FLIES, {
    summary: 'Detach a drone from a case (the step `drone_detached`)',
    note: 'pilots: the drones they fly for the case',
    params: caseDroneParams,
    response: NO_CONTENT,
    status: 204,
  });
  r.delete('/cases/:id/drones/:droneId', detach, async (req, res) => {
    const { id, droneId } = caseDroneParams.parse(req.params);
    await pilot.detach(id, droneId, currentUser(req));
    res.status(204).end();
  });

  const mark = allow(FLIES, {
    summary: 'A sighting marked on the map for a case, by a drone attached to it; 201 new, 200 a retry',
    note: caseScope,
    body: markSightingBody,
    response: { 200: sightingFeature, 201: sightingFeature },
  });
  r.post('/sightings', mark, async (req, res) => {
    const out = await pilot.mark(markSightingBody.parse(req.body), currentUser(req));
    res.status(out.created ? 201 : 200).json(out.sighting);
  });

  const photo = allow(FLIES, {
    summary: "A marked sighting's photo, once (re-encoded as JPEG without EXIF/GPS)",
    note: caseScope,
    params: sightingIdParam,
    body: raw('image/*', 'A JPEG, PNG or WebP photo as the raw body'),
    response: sightingPhotoUploaded,
    status: 201,
  });
  r.put('/sightings/:id/photo', photo, rawBody, async (req, res) => {
    const { id } = sightingIdParam.parse(req.params);
    res.status(201).json(await pilot.photo(id, req.body as Buffer, currentUser(req)));
  });
  r.use(tooLarge);
  return r;
}
