import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import {
  caseIdParam,
  createdLink,
  createLinkBody,
  linkIdParam,
  locateBody,
  locateResult,
  revokedLink,
  tokenParam,
} from '@lookout/contracts';
import { allow, ANYONE, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { LocationLinksService } from './location-links.service.ts';

export function locationLinksRoutes(links: LocationLinksService): Router {
  const r = createRouter();
  const create = allow(STAFF, {
    summary: 'A location link for the caller: its SMS text and QR code',
    params: caseIdParam,
    body: createLinkBody,
    response: createdLink,
    status: 201,
  });
  r.post('/cases/:id/location-links', create, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.status(201).json(await links.create(id, createLinkBody.parse(req.body), currentUser(req), base));
  });
  const revoke = allow(STAFF, { summary: 'Revoke a location link', params: linkIdParam, response: revokedLink });
  r.post('/location-links/:id/revoke', revoke, async (req, res) => {
    res.json(await links.revoke(linkIdParam.parse(req.params).id, currentUser(req)));
  });
  return r;
}

/** The caller has the link, not an account. */
export function publicLocateRoutes(links: LocationLinksService): Router {
  const r = createRouter();
  const locate = allow(ANYONE, {
    summary: "The caller page's fix",
    note: 'the caller page; rate-limited',
    params: tokenParam,
    body: locateBody,
    response: locateResult,
    status: 201,
  });
  r.post('/public/locate/:token', locate, async (req, res) => {
    const { token } = tokenParam.parse(req.params);
    res.status(201).json(await links.locate(token, req.body, req.ip ?? 'unknown'));
  });
  return r;
}
