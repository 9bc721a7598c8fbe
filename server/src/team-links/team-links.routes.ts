import type { Request, Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import {
  assignmentIdParam,
  assignmentStatusBody,
  positionsResponse,
  revokedTeamLink,
  teamLink,
  teamLinkIdParam,
  teamPageView,
  teamPositionsBody,
  teamStatusResult,
  tokenParam,
} from '@lookout/contracts';
import { allow, ANYONE, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { TeamLinksService } from './team-links.service.ts';

export const requestBase = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** Command re-issues or revokes an outside team's guidance link. */
export function teamLinksRoutes(links: TeamLinksService): Router {
  const r = createRouter();
  const reissue = allow(COMMAND, {
    summary: "A new guidance link for an outside team's assignment, sent by SMS (the old ones stop working)",
    note: 'cases in scope; outside teams only',
    params: assignmentIdParam,
    response: teamLink,
    status: 201,
  });
  r.post('/assignments/:id/team-link', reissue, async (req, res) => {
    const { id } = assignmentIdParam.parse(req.params);
    res.status(201).json(await links.reissue(id, currentUser(req), requestBase(req)));
  });
  const revoke = allow(COMMAND, {
    summary: "Revoke an outside team's guidance link",
    note: 'cases in scope',
    params: teamLinkIdParam,
    response: revokedTeamLink,
  });
  r.post('/team-links/:id/revoke', revoke, async (req, res) => {
    res.json(await links.revoke(teamLinkIdParam.parse(req.params).id, currentUser(req)));
  });
  return r;
}

/** The team has the link, not an account: its page's view, steps and positions. */
export function publicTeamRoutes(links: TeamLinksService): Router {
  const r = createRouter();
  const note = 'the outside team page; 404 unknown token, 410 revoked/expired/closed, rate-limited';
  const view = allow(ANYONE, {
    summary: "The outside team page's view: target, status, the case in outline",
    note,
    params: tokenParam,
    response: teamPageView,
  });
  r.get('/public/team/:token', view, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await links.view(tokenParam.parse(req.params).token, req.ip ?? 'unknown'));
  });
  const status = allow(ANYONE, {
    summary: 'A step from the outside team page (出发 / 到达 / 找到 / 撤回)',
    note,
    params: tokenParam,
    body: assignmentStatusBody,
    response: teamStatusResult,
  });
  r.post('/public/team/:token/status', status, async (req, res) => {
    res.json(await links.setStatus(tokenParam.parse(req.params).token, req.body, req.ip ?? 'unknown'));
  });
  const positions = allow(ANYONE, {
    summary: "The outside team's positions while its page is open",
    note,
    params: tokenParam,
    body: teamPositionsBody,
    response: positionsResponse,
  });
  r.post('/public/team/:token/positions', positions, async (req, res) => {
    res.json(await links.addPositions(tokenParam.parse(req.params).token, req.body, req.ip ?? 'unknown'));
  });
  return r;
}
