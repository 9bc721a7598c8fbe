import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Router } from 'express';
import { caseIdParam as idParam, replayResponse } from '@lookout/contracts';
import type { Database } from '@lookout/db';
import type { AuditRepo } from '../audit/audit.repo.ts';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { createReplayRepo } from './replay.repo.ts';
import { createReplayService, type ReplayService } from './replay.service.ts';

const gzipAsync = promisify(gzip);
/** Below this a JSON body goes out as it is. */
const GZIP_MIN_BYTES = 2048;

/**
 * `GET /cases/:id/replay` (commander, admin). The body of a 3-hour incident is a few MB of digits; it is gzipped
 * here (about 4×) for clients that accept it — the app has no global compression middleware.
 */
export function replayRoutes(replay: ReplayService): Router {
  const r = createRouter();
  const access = allow(COMMAND, {
    summary: 'The whole incident for replay (gzipped for clients that accept it)',
    note: 'the whole incident: tracks, fixes, sightings, matches, alerts, events; audited (case_replay)',
    params: idParam,
    response: replayResponse,
  });
  r.get('/cases/:id/replay', access, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = JSON.stringify(await replay.replay(id, currentUser(req), req.ip ?? null));
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('vary', 'accept-encoding');
    if (body.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('content-encoding', 'gzip');
      res.send(await gzipAsync(body, { level: 6 }));
      return;
    }
    res.send(body);
  });
  return r;
}

/** replay, wired once (app.ts mounts the result behind the session). */
export function replayModule(deps: { database: Database; audit: AuditRepo }): Router {
  return replayRoutes(createReplayService({ repo: createReplayRepo(deps.database), audit: deps.audit }));
}
