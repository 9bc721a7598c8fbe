import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Router } from 'express';
import type { Counter } from 'prom-client';
import type { Database } from '@lookout/db';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, ANYONE, LIAISON_DESK, STAFF, TADPOLE } from '../http/access.ts';
import { AppError } from '../errors.ts';
import { createRouter } from '../http/router.ts';
import { imageBody } from '../http/image-body.ts';
import {
  addGroupsBody,
  alertChange,
  alertDetail,
  alertIdParam,
  alertListResponse,
  alertPhotoUploaded,
  alertResponse,
  alertTimeline,
  anyFeatureCollection,
  capQuery,
  careLocationBody,
  caseFileResponse,
  createAlertBody,
  createdAlert,
  droppedResponse,
  foundBody,
  foundResponse,
  groupParams,
  guardianVerificationBody,
  guardianVerificationResponse,
  handoverBody,
  listAlertsQuery,
  markBody,
  markedTip,
  monthQuery,
  onSceneBody,
  onSceneResponse,
  patchAlertBody,
  patchCaseFileBody,
  photoIdParam,
  publicCardResponse,
  publicTipParams,
  publicTokenParam,
  queuedResponse,
  retractBody,
  retractionRequestBody,
  retractionRequestResponse,
  tadpoleMonthly,
  tipBody,
  tipIdParam,
  tipPhotoUploaded,
  tipPosted,
  tipsResponse,
} from '@lookout/contracts';
import { raw, type RouteContract } from '../http/contract.ts';
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

const photoBody = raw('image/*', 'A JPEG, PNG or WebP photo as the raw body');
const byId = { params: alertIdParam };

/** Staff routes (paths under /api/v1). */
export function tadpoleRoutes(d: TadpoleRouteDeps): Router {
  const r = createRouter();
  const staff = (contract: RouteContract) => allow(TADPOLE, contract);
  const police = (contract: RouteContract) => allow(STAFF, contract);
  const caseFile = (contract: Omit<RouteContract, 'note'>) =>
    allow(LIAISON_DESK, {
      note: 'service: commander, admin, or the liaison who created the alert; every read and refusal audited',
      ...contract,
    });
  const { raw: rawBody, tooLarge } = imageBody(d.photoMaxBytes, d.rejected);

  const create = staff({
    summary: 'Draft a child alert (a police officer verifies it before it goes out)',
    body: createAlertBody,
    response: createdAlert,
    status: 201,
  });
  r.post('/tadpole/alerts', create, async (req, res) => {
    res.status(201).json(await d.alerts.create(createAlertBody.parse(req.body), currentUser(req), origin(req)));
  });
  r.get(
    '/tadpole/alerts',
    staff({ summary: 'The alerts', query: listAlertsQuery, response: alertListResponse }),
    async (req, res) => {
      res.json(await d.alerts.list(listAlertsQuery.parse(req.query).status));
    },
  );
  r.get(
    '/tadpole/alerts/:id',
    staff({ summary: 'An alert and all it led to', ...byId, response: alertDetail }),
    async (req, res) => {
      res.json(await d.exports.detail(alertIdParam.parse(req.params).id, origin(req)));
    },
  );
  const patch = staff({
    summary: 'Change an alert (an active one issues a CAP Update)',
    ...byId,
    body: patchAlertBody,
    response: alertChange,
  });
  r.patch('/tadpole/alerts/:id', patch, async (req, res) => {
    const id = alertIdParam.parse(req.params).id;
    res.json(await d.alerts.patch(id, patchAlertBody.parse(req.body), currentUser(req), req.ip ?? null));
  });
  const photo = staff({
    summary: "The alert's card photo",
    ...byId,
    body: photoBody,
    response: alertPhotoUploaded,
    status: 201,
  });
  r.post('/tadpole/alerts/:id/photos', photo, rawBody, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.status(201).json(await d.alerts.uploadPhoto(id, req.body, req.get('content-type'), currentUser(req)));
  });
  const staffPhoto = staff({
    summary: 'A card photo, for staff',
    params: photoIdParam,
    response: raw('image/*', 'The photo in its stored type'),
  });
  r.get('/tadpole/photos/:id', staffPhoto, async (req, res) => {
    const p = await d.alerts.staffPhoto(photoIdParam.parse(req.params).id);
    res.setHeader('cache-control', 'private, no-store');
    res.type(p.mime).send(p.bytes);
  });
  const verify = police({ summary: 'Verify a draft: the alert goes out', ...byId, response: alertChange });
  r.post('/tadpole/alerts/:id/verify', verify, async (req, res) => {
    res.json(await d.alerts.verify(alertIdParam.parse(req.params).id, currentUser(req)));
  });
  const addGroups = staff({
    summary: 'Send the alert to more groups',
    ...byId,
    body: addGroupsBody,
    response: queuedResponse,
  });
  r.post('/tadpole/alerts/:id/groups', addGroups, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(await d.alerts.addGroups(id, addGroupsBody.parse(req.body).groupIds, currentUser(req)));
  });
  const dropGroup = staff({
    summary: "Drop a group's queued deliveries of the alert",
    params: groupParams,
    response: droppedResponse,
  });
  r.delete('/tadpole/alerts/:id/groups/:groupId', dropGroup, async (req, res) => {
    const { id, groupId } = groupParams.parse(req.params);
    res.json(await d.alerts.dropGroup(id, groupId, currentUser(req)));
  });
  const readCaseFile = caseFile({ summary: "The alert's sealed case file", ...byId, response: caseFileResponse });
  r.get('/tadpole/alerts/:id/case-file', readCaseFile, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await d.alerts.readCaseFile(alertIdParam.parse(req.params).id, currentUser(req), req.ip ?? 'unknown'));
  });
  const patchCaseFile = caseFile({
    summary: "Change the alert's case file",
    ...byId,
    body: patchCaseFileBody,
    response: caseFileResponse,
  });
  r.patch('/tadpole/alerts/:id/case-file', patchCaseFile, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(
      await d.alerts.patchCaseFile(id, patchCaseFileBody.parse(req.body), currentUser(req), req.ip ?? 'unknown'),
    );
  });
  r.get(
    '/tadpole/alerts/:id/tips',
    staff({ summary: "The alert's tips", ...byId, response: tipsResponse }),
    async (req, res) => {
      res.json(await d.tips.list(alertIdParam.parse(req.params).id));
    },
  );
  const mark = staff({ summary: 'Mark a tip useful or not', params: tipIdParam, body: markBody, response: markedTip });
  r.post('/tadpole/tips/:id/mark', mark, async (req, res) => {
    res.json(await d.tips.mark(tipIdParam.parse(req.params).id, markBody.parse(req.body).useful, currentUser(req)));
  });
  const onScene = police({
    summary: 'An officer is on scene: with the found child, or at the place a lost child was last seen',
    note: 'once per case (the clocks’ on-scene step); a second tap answers the first time',
    ...byId,
    body: onSceneBody,
    response: onSceneResponse,
  });
  r.post('/tadpole/alerts/:id/on-scene', onScene, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(await d.reunion.onScene(id, onSceneBody.parse(req.body ?? {}), currentUser(req)));
  });
  const careLocation = staff({
    summary: 'Where the child is now (staff only, never on the public card)',
    ...byId,
    body: careLocationBody,
    response: alertResponse,
  });
  r.put('/tadpole/alerts/:id/care-location', careLocation, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(await d.alerts.setCareLocation(id, careLocationBody.parse(req.body).careLocation, currentUser(req)));
  });
  const found = staff({ summary: 'The child is found', ...byId, body: foundBody, response: foundResponse });
  r.post('/tadpole/alerts/:id/found', found, async (req, res) => {
    res.json(await d.reunion.found(alertIdParam.parse(req.params).id, foundBody.parse(req.body), currentUser(req)));
  });
  const guardian = staff({
    summary: 'The guardian is verified',
    ...byId,
    body: guardianVerificationBody,
    response: guardianVerificationResponse,
  });
  r.post('/tadpole/alerts/:id/guardian-verification', guardian, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.json(await d.reunion.verifyGuardian(id, guardianVerificationBody.parse(req.body), currentUser(req)));
  });
  const handover = staff({
    summary: 'The child is handed over',
    ...byId,
    body: handoverBody,
    response: alertResponse,
  });
  r.post('/tadpole/alerts/:id/handover', handover, async (req, res) => {
    res.json(
      await d.reunion.handover(alertIdParam.parse(req.params).id, handoverBody.parse(req.body ?? {}), currentUser(req)),
    );
  });
  r.post(
    '/tadpole/alerts/:id/retraction-request',
    staff({
      summary: 'Ask the police to retract the alert',
      note: 'a `retraction_requested` event (once per case) for the commander, who retracts',
      ...byId,
      body: retractionRequestBody,
      response: retractionRequestResponse,
    }),
    async (req, res) => {
      const { id } = alertIdParam.parse(req.params);
      res.json(await d.reunion.requestRetraction(id, retractionRequestBody.parse(req.body ?? {}), currentUser(req)));
    },
  );
  const retract = police({
    summary: 'Retract the alert (a CAP Cancel)',
    ...byId,
    body: retractBody,
    response: alertChange,
  });
  r.post('/tadpole/alerts/:id/retract', retract, async (req, res) => {
    res.json(
      await d.reunion.retract(alertIdParam.parse(req.params).id, retractBody.parse(req.body ?? {}), currentUser(req)),
    );
  });
  const cap = staff({
    summary: "The alert's CAP 1.2 message (the newest, or `?message=`)",
    ...byId,
    query: capQuery,
    response: raw('application/cap+xml', 'CAP 1.2 XML'),
  });
  r.get('/tadpole/alerts/:id/cap.xml', cap, async (req, res) => {
    const { id } = alertIdParam.parse(req.params);
    res.type('application/cap+xml; charset=utf-8').send(await d.cap.xml(id, capQuery.parse(req.query).message));
  });
  const geojson = staff({
    summary: 'The alert, its area and tips as GeoJSON',
    ...byId,
    response: anyFeatureCollection,
  });
  r.get('/tadpole/alerts/:id/export.geojson', geojson, async (req, res) => {
    res.type('application/geo+json').json(await d.exports.geojson(alertIdParam.parse(req.params).id));
  });
  const clocks = staff({ summary: "The alert's steps and each group's delivery", ...byId, response: alertTimeline });
  r.get('/tadpole/alerts/:id/clocks', clocks, async (req, res) => {
    res.json(await d.clocks.timeline(alertIdParam.parse(req.params).id));
  });
  const monthly = police({
    summary: "A month's alerts against their intervals",
    query: monthQuery,
    response: tadpoleMonthly,
  });
  r.get('/tadpole/clocks', monthly, async (req, res) => {
    res.json(await d.clocks.monthly(monthQuery.parse(req.query).month));
  });
  r.use(tooLarge);
  return r;
}

/** The public card and its tips (paths under /api/v1). */
export function publicTadpoleRoutes(d: TadpoleRouteDeps): Router {
  const r = createRouter();
  const { raw: rawBody, tooLarge } = imageBody(d.photoMaxBytes, d.rejected);
  const card = allow(ANYONE, {
    summary: 'The public card of an alert',
    note: 'the public card',
    params: publicTokenParam,
    response: publicCardResponse,
  });
  r.get('/public/alerts/:token', card, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await d.alerts.publicCard(publicTokenParam.parse(req.params).token, origin(req)));
  });
  const tip = allow(ANYONE, {
    summary: 'A tip from the public card (201 new, 200 the same again)',
    note: 'tips; rate-limited',
    params: publicTokenParam,
    body: tipBody,
    response: { 200: tipPosted, 201: tipPosted },
  });
  r.post('/public/alerts/:token/tips', tip, async (req, res) => {
    const { token } = publicTokenParam.parse(req.params);
    const { created, ...out } = await d.tips.post(token, req.body, req.ip ?? 'unknown');
    res.status(created ? 201 : 200).json(out);
  });
  const tipPhoto = allow(ANYONE, {
    summary: "A tip's photo (with the tip's `x-upload-token`)",
    note: 'needs the tip upload token',
    params: publicTipParams,
    body: photoBody,
    response: tipPhotoUploaded,
    status: 201,
  });
  r.put('/public/alerts/:token/tips/:tipId/photo', tipPhoto, rawBody, async (req, res) => {
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
  const photo = allow(ANYONE, {
    summary: 'A card photo by its expiring link',
    note: 'expiring photo link',
    params: publicTokenParam,
    response: raw('image/*', 'The photo in its stored type'),
  });
  r.get(`${PHOTO_LINK_PATH}:token`, photo, async (req, res) => {
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
  const page = allow(ANYONE, {
    summary: 'The public card page',
    note: 'the public card page',
    params: publicTokenParam,
    response: { 200: raw('text/html', 'The page'), 503: raw('text/plain', 'The page is not built') },
  });
  r.get(`${PUBLIC_CARD_PATH}:token`, page, (_req, res) => {
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
