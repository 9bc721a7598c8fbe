import type { Router } from 'express';
import type { z } from 'zod';
import {
  djiLiveAnswer,
  djiLiveLensBody,
  djiLiveQualityBody,
  djiLiveStartBody,
  droneIdParam,
  type DjiLiveAnswer,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, only } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { DjiLiveFailure, DjiLiveService } from './dji-live.service.ts';

/** Commanders and admins; pilots for the drone they fly for an open case (checked by the service). */
const LIVE = only('pilot', 'commander', 'admin');
const note = 'pilots: only the drone they fly for an open case; a DJI refusal is 409 with its code, no answer 502';

/** Parse input with its contract; a refusal is counted before the error boundary answers 400. */
const parser =
  (failed: (method: DjiLiveAnswer['method'], reason: DjiLiveFailure) => void, method: DjiLiveAnswer['method']) =>
  <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
    const result = schema.safeParse(input);
    if (!result.success) {
      failed(method, 'bad_input');
      throw result.error;
    }
    return result.data;
  };

/** Live video of a DJI aircraft through its gateway (DJI Cloud API `live_*` services). */
export function djiLiveRoutes(
  live: DjiLiveService,
  failed: (method: DjiLiveAnswer['method'], reason: DjiLiveFailure) => void,
): Router {
  const r = createRouter();
  const base = '/drones/:id/video/dji';

  const start = allow(LIVE, {
    summary: "Ask a DJI aircraft's gateway to push its live video to Lookout's media server (live_start_push)",
    note,
    params: droneIdParam,
    body: djiLiveStartBody,
    response: djiLiveAnswer,
  });
  r.post(`${base}/start`, start, async (req, res) => {
    const parse = parser(failed, 'live_start_push');
    const { id } = parse(droneIdParam, req.params);
    res.json(await live.start(id, parse(djiLiveStartBody, req.body ?? {}), currentUser(req), req.hostname));
  });

  const stop = allow(LIVE, {
    summary: "Ask a DJI aircraft's gateway to stop pushing its live video (live_stop_push)",
    note,
    params: droneIdParam,
    response: djiLiveAnswer,
  });
  r.post(`${base}/stop`, stop, async (req, res) => {
    const { id } = parser(failed, 'live_stop_push')(droneIdParam, req.params);
    res.json(await live.stop(id, currentUser(req)));
  });

  const quality = allow(LIVE, {
    summary: "Set a DJI aircraft's live video quality, 0 adaptive … 4 ultra-high (live_set_quality)",
    note,
    params: droneIdParam,
    body: djiLiveQualityBody,
    response: djiLiveAnswer,
  });
  r.put(`${base}/quality`, quality, async (req, res) => {
    const parse = parser(failed, 'live_set_quality');
    const { id } = parse(droneIdParam, req.params);
    res.json(await live.setQuality(id, parse(djiLiveQualityBody, req.body).quality, currentUser(req)));
  });

  const lens = allow(LIVE, {
    summary: "Switch a DJI aircraft's live video lens: normal, wide, zoom or ir (live_lens_change)",
    note,
    params: droneIdParam,
    body: djiLiveLensBody,
    response: djiLiveAnswer,
  });
  r.put(`${base}/lens`, lens, async (req, res) => {
    const parse = parser(failed, 'live_lens_change');
    const { id } = parse(droneIdParam, req.params);
    res.json(await live.setLens(id, parse(djiLiveLensBody, req.body).lens, currentUser(req)));
  });
  return r;
}
