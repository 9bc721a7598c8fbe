import type { Router } from 'express';
import {
  caseIdParam,
  caseSectorParams,
  sectorCreateBody,
  sectorFeature,
  sectorPatchBody,
  sectorSplitBody,
  sectorsCollection,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, COMMAND, MAP, only } from '../http/access.ts';
import { NO_CONTENT } from '../http/contract.ts';
import { createRouter } from '../http/router.ts';
import type { SectorsService } from './sectors.service.ts';

const caseScope = 'officers and pilots: the cases they work on (the case scope of every case read)';

/** Search sectors of a case: drawn or split by the commander, searched by units, teams and drones. */
export function sectorsRoutes(sectors: SectorsService): Router {
  const r = createRouter();
  const list = allow(MAP, {
    summary: "The case's search sectors (GeoJSON polygons with name, priority, status, assignee)",
    note: caseScope,
    params: caseIdParam,
    response: sectorsCollection,
  });
  r.get('/cases/:id/sectors', list, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    res.json(await sectors.list(id, currentUser(req)));
  });
  const create = allow(COMMAND, {
    summary: 'A sector drawn by the commander: a simple polygon meeting a search ring, overlapping no other sector',
    note: '400 for a self-intersecting outline, one outside every ring or an assignee not on the case; 409 for an overlap',
    params: caseIdParam,
    body: sectorCreateBody,
    response: sectorFeature,
    status: 201,
  });
  r.post('/cases/:id/sectors', create, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    res.status(201).json(await sectors.create(id, sectorCreateBody.parse(req.body), currentUser(req)));
  });
  const split = allow(COMMAND, {
    summary: 'Split a ring or a drawn area into square sectors on a north-aligned grid, around the existing sectors',
    note: 'answers the sectors it made; 400 when the cell would make too many',
    params: caseIdParam,
    body: sectorSplitBody,
    response: sectorsCollection,
    status: 201,
  });
  r.post('/cases/:id/sectors/split', split, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    res.status(201).json(await sectors.split(id, sectorSplitBody.parse(req.body), currentUser(req)));
  });
  const patch = allow(only('pilot', 'officer', 'commander', 'admin'), {
    summary: "Change a sector's name, priority, status, assignee or outline",
    note:
      'officers: only the status of a sector assigned to their unit; pilots: only the status of a sector assigned ' +
      'to a drone they fly for the case (403 for another sector, 400 for another field)',
    params: caseSectorParams,
    body: sectorPatchBody,
    response: sectorFeature,
  });
  r.patch('/cases/:id/sectors/:sectorId', patch, async (req, res) => {
    const { id, sectorId } = caseSectorParams.parse(req.params);
    res.json(await sectors.patch(id, sectorId, sectorPatchBody.parse(req.body), currentUser(req)));
  });
  const remove = allow(COMMAND, {
    summary: 'Delete a sector',
    params: caseSectorParams,
    response: NO_CONTENT,
    status: 204,
  });
  r.delete('/cases/:id/sectors/:sectorId', remove, async (req, res) => {
    const { id, sectorId } = caseSectorParams.parse(req.params);
    await sectors.remove(id, sectorId, currentUser(req));
    res.status(204).end();
  });
  return r;
}
