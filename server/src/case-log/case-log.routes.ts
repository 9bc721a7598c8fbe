import type { Router } from 'express';
import type { Counter } from 'prom-client';
import {
  caseIdParam,
  caseMessage,
  caseMessageParams,
  caseMessagePhotoUploaded,
  caseMessagesResponse,
  postCaseMessageBody,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, only } from '../http/access.ts';
import { raw } from '../http/contract.ts';
import { imageBody } from '../http/image-body.ts';
import { createRouter } from '../http/router.ts';
import type { CaseLogService } from './case-log.service.ts';

const ON_THE_CASE = only('pilot', 'officer', 'commander', 'admin');
const scope = 'officers: their own cases; pilots: the cases their drone is attached to';

/** The case log between command and field. */
export function caseLogRoutes(log: CaseLogService, photoMaxBytes: number, rejected: Counter<'reason'>): Router {
  const r = createRouter();
  const { raw: rawBody, tooLarge } = imageBody(photoMaxBytes, rejected);

  const list = allow(ON_THE_CASE, {
    summary: 'The case log, oldest first (the latest 500)',
    note: scope,
    params: caseIdParam,
    response: caseMessagesResponse,
  });
  r.get('/cases/:id/messages', list, async (req, res) => {
    res.json(await log.list(caseIdParam.parse(req.params).id, currentUser(req)));
  });

  const post = allow(ON_THE_CASE, {
    summary: 'A message to the case log (text, a map pin); 201 new, 200 a resend of the same key',
    note: `${scope}; the step \`case_message\``,
    params: caseIdParam,
    body: postCaseMessageBody,
    response: { 200: caseMessage, 201: caseMessage },
  });
  r.post('/cases/:id/messages', post, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    const out = await log.post(id, postCaseMessageBody.parse(req.body), currentUser(req));
    res.status(out.created ? 201 : 200).json(out.message);
  });

  const addPhoto = allow(ON_THE_CASE, {
    summary: "A message's photo, by its author, once (re-encoded as JPEG without EXIF/GPS)",
    note: scope,
    params: caseMessageParams,
    body: raw('image/*', 'A JPEG, PNG or WebP photo as the raw body'),
    response: caseMessagePhotoUploaded,
    status: 201,
  });
  r.put('/cases/:id/messages/:messageId/photo', addPhoto, rawBody, async (req, res) => {
    const { id, messageId } = caseMessageParams.parse(req.params);
    res.status(201).json(await log.addPhoto(id, messageId, req.body as Buffer, currentUser(req)));
  });

  const photo = allow(ON_THE_CASE, {
    summary: "A message's photo",
    note: scope,
    params: caseMessageParams,
    response: raw('image/jpeg', 'The photo'),
  });
  r.get('/cases/:id/messages/:messageId/photo', photo, async (req, res) => {
    const { id, messageId } = caseMessageParams.parse(req.params);
    const bytes = await log.photo(id, messageId, currentUser(req));
    res.type('image/jpeg').set('cache-control', 'private, max-age=86400').send(bytes);
  });
  r.use(tooLarge);
  return r;
}
