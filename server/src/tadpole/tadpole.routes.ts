import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { Counter } from 'prom-client';
import type { Database } from '@lookout/db';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, ANYONE, LIAISON_DESK, STAFF, TADPOLE } from '../http/access.ts';
import { AppError } from '../errors.ts';
import { createRouter } from '../http/router.ts';
import {
  addGroupsBody,
  alertIdParam,
  capQuery,
  createAlertBody,
  foundBody,
  groupParams,
  guardianVerificationBody,
  handoverBody,
  listAlertsQuery,
  markBody,
  monthQuery,
  patchAlertBody,
  patchCaseFileBody,
  photoIdParam,
  publicTipParams,
  publicTokenParam,
  retractBody,
  retractionRequestBody,
  tipIdParam,
} from '@lookout/contracts';
import type { AlertsService } from './alerts/alerts.service.ts';
import { PUBLIC_CARD_PATH } from './alerts/public-token.ts';
import type { CapService } from './cap/cap.service.ts';
import type { ClocksService } from './clocks/clocks.service.ts';
import type { TadpoleExport } from './export/export.service.ts';
import { PHOTO_LINK_PATH, photoByLink } from './photos/photo-links.ts';
import type { ReunionService } from './reunion/reunion.service.ts';
import type { TipsService } from './tips/tips.service.ts';

export interface TadpoleRouteDeps {
  database: Database;
  alerts: AlertsService;
  tips: TipsService;
  reunion: ReunionService;
  cap: CapService;
  clocks: ClocksService;
  exports: TadpoleExport;
  photoMaxBytes: number;
  rejected: Counter<'reason'>;
}

const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** A raw image body up to the limit; an oversized one becomes a counted 413. */
function imageBody(maxBytes: number, rejected: Counter<'reason'>) {
  const raw = express.raw({ type: () => true, limit: maxBytes });
  const tooLarge: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
    if ((err as { type?: unknown }).type === 'entity.too.large') {
      rejected.inc({ reason: 'photo_too_large' });
      next(new AppError('payload_too_large', `Photos are limited to ${maxBytes} bytes`, { maxBytes }));
      return;
    }
    next(err);
  };
  return { raw, tooLarge };
}

/** Staff routes (paths under /api/v1). */
export function tadpoleRoutes(d: TadpoleRouteDeps): Router {
  const r = createRouter();
  const staff = allow(TADPOLE);
  const police = allow(STAFF);
  const caseFile = allow(
    LIAISON_DESK,
    'service: commander, admin, or the liaison who created the alert; every read and refusal audited',
  );
  const { raw, tooLarge } = imageBody(d.photoMaxBytes, d.rejected);

  r.post('/tadpole/alerts', staff, async (req, res) => {
    res.status(201).json(await d.alerts.create(createAlertBody.parse(req.body), currentUser(req), origin(req)));
  });
  r.get('/tadpole/alerts', staff, async (req, res) => {
    res.json(await d.alerts.list(listAlertsQuery.parse(req.query).status));
  });
  r.get('/tadpole/alerts/:id', staff, async (req, res) => {
    res.json(await d.exports.detail(alertIdParam.parse(req.params).id, origin(req)));
  });
  r.patch('/tadpole/alerts/:id', staff, async (req, res) => {
    const id = alertIdParam.parse(req.params).id;
    res.json(await d.alerts.patch(id, patchAlertBody.parse(req.body), currentUser(req), req.ip ?? null));
  });
  r.post('/tadpole/alerts/:id/photos', staff, raw, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.status(201).json(await d.alerts.uploadPhoto(id, req.body, req.get('content-type'), currentUser(req)));
  });
  r.get('/tadpole/photos/:id', staff, async (req, res) => {
    const p = await d.alerts.staffPhoto(photoIdParam.parse(req.params).id);
    res.setHeader('cache-control', 'private, no-store');
    res.type(p.mime).send(p.bytes);
  });
  r.post('/tadpole/alerts/:id/verify', police, async (req, res) => {
    res.json(await d.alerts.verify(alertIdParam.parse(req.params).id, currentUser(req)));
  });
  r.post('/tadpole/alerts/:id/groups', staff, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(await d.alerts.addGroups(id, addGroupsBody.parse(req.body).groupIds, currentUser(req)));
  });
  r.delete('/tadpole/alerts/:id/groups/:groupId', staff, async (req, res) => {
    const { id, groupId } = groupParams.parse(req.params);
    res.json(await d.alerts.dropGroup(id, groupId, currentUser(req)));
  });
  r.get('/tadpole/alerts/:id/case-file', caseFile, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await d.alerts.readCaseFile(alertIdParam.parse(req.params).id, currentUser(req), req.ip ?? 'unknown'));
  });
  r.patch('/tadpole/alerts/:id/case-file', caseFile, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(
      await d.alerts.patchCaseFile(id, patchCaseFileBody.parse(req.body), currentUser(req), req.ip ?? 'unknown'),
    );
  });
  r.get('/tadpole/alerts/:id/tips', staff, async (req, res) => {
    res.json(await d.tips.list(alertIdParam.parse(req.params).id));
  });
  r.post('/tadpole/tips/:id/mark', staff, async (req, res) => {
    res.json(await d.tips.mark(tipIdParam.parse(req.params).id, markBody.parse(req.body).useful, currentUser(req)));
  });
  r.post('/tadpole/alerts/:id/found', staff, async (req, res) => {
    res.json(await d.reunion.found(alertIdParam.parse(req.params).id, foundBody.parse(req.body), currentUser(req)));
  });
  r.post('/tadpole/alerts/:id/guardian-verification', staff, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(await d.reunion.verifyGuardian(id, guardianVerificationBody.parse(req.body), currentUser(req)));
  });
  r.post('/tadpole/alerts/:id/handover', staff, async (req, res) => {
    res.json(
      await d.reunion.handover(alertIdParam.parse(req.params).id, handoverBody.parse(req.body ?? {}), currentUser(req)),
    );
  });
  r.post(
    '/tadpole/alerts/:id/retraction-request',
    allow(TADPOLE, 'a `retraction_requested` event (once per case) for the commander, who retracts'),
    async (req, res) => {
      const { id } = alertIdParam.parse(req.params);
      res.json(await d.reunion.requestRetraction(id, retractionRequestBody.parse(req.body ?? {}), currentUser(req)));
    },
  );
  r.post('/tadpole/alerts/:id/retract', police, async (req, res) => {
    res.json(
      await d.reunion.retract(alertIdParam.parse(req.params).id, retractBody.parse(req.body ?? {}), currentUser(req)),
    );
  });
  r.get('/tadpole/alerts/:id/cap.xml', staff, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.type('application/cap+xml; charset=utf-8').send(await d.cap.xml(id, capQuery.parse(req.query).message));
  });
  r.get('/tadpole/alerts/:id/export.geojson', staff, async (req, res) => {
    res.type('application/geo+json').json(await d.exports.geojson(alertIdParam.parse(req.params).id));
  });
  r.get('/tadpole/alerts/:id/clocks', staff, async (req, res) => {
    res.json(await d.clocks.timeline(alertIdParam.parse(req.params).id));
  });
  r.get('/tadpole/clocks', police, async (req, res) => {
    res.json(await d.clocks.monthly(monthQuery.parse(req.query).month));
  });
  r.use(tooLarge);
  return r;
}

/** The public card and its tips (paths under /api/v1). */
export function publicTadpoleRoutes(d: TadpoleRouteDeps): Router {
  const r = createRouter();
  const { raw, tooLarge } = imageBody(d.photoMaxBytes, d.rejected);
  r.get('/public/alerts/:token', allow(ANYONE, 'the public card'), async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await d.alerts.publicCard(publicTokenParam.parse(req.params).token, origin(req)));
  });
  r.post('/public/alerts/:token/tips', allow(ANYONE, 'tips; rate-limited'), async (req, res) => {
    const { token } = publicTokenParam.parse(req.params);
    const { created, ...out } = await d.tips.post(token, req.body, req.ip ?? 'unknown');
    res.status(created ? 201 : 200).json(out);
  });
  const tipPhoto = allow(ANYONE, 'needs the tip upload token');
  r.put('/public/alerts/:token/tips/:tipId/photo', tipPhoto, raw, async (req, res) => {
    const { token, tipId } = publicTipParams.parse(req.params);
    const out = await d.tips.uploadPhoto(
      token,
      tipId,
      req.get('x-upload-token'),
      req.body,
      req.get('content-type'),
      req.ip ?? 'unknown',
    );
    res.status(201).json(out);
  });
  r.use(tooLarge);
  return r;
}

export const defaultCardPageFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist-card/index.html',
);

const MISSING_CARD = `Lookout: the public card page is not built (web/dist-card/index.html is missing; run npm run build:web).
信息页面未构建，请拨打派出所电话。`;

/** Outside /api/v1: the photo links and the public card page. */
export function tadpolePageRoutes(d: Pick<TadpoleRouteDeps, 'database' | 'rejected'>, cardPageFile: string): Router {
  const r = createRouter();
  r.get(`${PHOTO_LINK_PATH}:token`, allow(ANYONE, 'expiring photo link'), async (req, res) => {
    try {
      const photo = await photoByLink(d.database, req.params.token);
      res.setHeader('cache-control', 'private, max-age=300');
      res.setHeader('referrer-policy', 'no-referrer');
      res.type(photo.mime).send(photo.bytes);
    } catch (err) {
      if (err instanceof AppError)
        d.rejected.inc({ reason: err.status === 404 ? 'photo_link_unknown' : 'photo_link_gone' });
      throw err;
    }
  });
  r.get(`${PUBLIC_CARD_PATH}:token`, allow(ANYONE, 'the public card page'), (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!existsSync(cardPageFile)) {
      res.status(503).type('text/plain; charset=utf-8').send(MISSING_CARD);
      return;
    }
    res.sendFile(cardPageFile);
  });
  return r;
}
