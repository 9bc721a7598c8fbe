import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { caseIdParam, createLinkBody, linkIdParam, tokenParam } from '@lookout/contracts';
import { allow, ANYONE, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { LocationLinksService } from './location-links.service.ts';

export function locationLinksRoutes(links: LocationLinksService): Router {
  const r = createRouter();
  const staff = allow(STAFF);
  r.post('/cases/:id/location-links', staff, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.status(201).json(await links.create(id, createLinkBody.parse(req.body), currentUser(req), base));
  });
  r.post('/location-links/:id/revoke', staff, async (req, res) => {
    res.json(await links.revoke(linkIdParam.parse(req.params).id, currentUser(req)));
  });
  return r;
}

/** The caller has the link, not an account. */
export function publicLocateRoutes(links: LocationLinksService): Router {
  const r = createRouter();
  r.post('/public/locate/:token', allow(ANYONE, 'the caller page; rate-limited'), async (req, res) => {
    const { token } = tokenParam.parse(req.params);
    res.status(201).json(await links.locate(token, req.body, req.ip ?? 'unknown'));
  });
  return r;
}
