import type { Router } from 'express';
import type { Counter } from 'prom-client';
import { z } from 'zod';
import { droneIdParam, sightingKinds, videoSnapshotQuery, videoSnapshotResult } from '@lookout/contracts';
import { currentUser } from '../../auth/auth.middleware.ts';
import { allow, MAP } from '../../http/access.ts';
import { raw } from '../../http/contract.ts';
import { imageBody } from '../../http/image-body.ts';
import { createRouter } from '../../http/router.ts';
import type { SnapshotService } from './snapshot.service.ts';

/** The query as the route reads it: the case, and optionally what the picture shows and a note. */
const snapshotQuery = videoSnapshotQuery.extend({
  kind: z.enum(sightingKinds).default('person'),
  note: z.string().max(500).optional(),
});

export function snapshotRoutes(snapshots: SnapshotService, photoMaxBytes: number, refused: Counter<'reason'>): Router {
  const r = createRouter();
  const { raw: rawBody, tooLarge } = imageBody(photoMaxBytes, refused);
  const take = allow(MAP, {
    summary:
      "A picture from the drone's live video as a sighting of the case, placed at the laser rangefinder's target " +
      '(valid and under 10 s old) or else at the aircraft with a wider radius; 409 when the drone has no position',
    note: 'commanders and admins; the pilot flying the drone for the case; officers of the case',
    params: droneIdParam,
    query: snapshotQuery,
    body: raw('image/*', 'A JPEG, PNG or WebP picture as the raw body (re-encoded as JPEG without metadata)'),
    response: videoSnapshotResult,
    status: 201,
  });
  r.post('/drones/:id/video/snapshot', take, rawBody, async (req, res) => {
    const { id } = droneIdParam.parse(req.params);
    const q = snapshotQuery.parse(req.query);
    const out = await snapshots.snapshot(
      id,
      q.caseId,
      { bytes: req.body as Buffer, kind: q.kind, note: q.note },
      currentUser(req),
    );
    res.status(201).json(out);
  });
  r.use(tooLarge);
  return r;
}
