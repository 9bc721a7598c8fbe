import { Router } from 'express';
import { currentUser, requireRole } from '../auth/auth.middleware.ts';
import { caseIdParam } from '../caller-locations/caller-locations.schemas.ts';
import type { MatchingService } from '../matching/matching.service.ts';
import { clockCorrectionBody, closeCaseBody, listCasesQuery, matchIdParam, openCaseBody } from './cases.schemas.ts';
import type { CasesService } from './cases.service.ts';

/** Mounted behind `requireSession`. */
export function casesRoutes(cases: CasesService, matching: MatchingService): Router {
  const r = Router();
  const staff = requireRole('officer', 'commander', 'admin');
  const command = requireRole('commander', 'admin');
  r.post('/cases', staff, async (req, res) => {
    res.status(201).json({ case: await cases.open(openCaseBody.parse(req.body), currentUser(req)) });
  });
  r.get('/cases', staff, async (req, res) => {
    res.json(await cases.list(listCasesQuery.parse(req.query).status, currentUser(req)));
  });
  r.get('/cases/:id', staff, async (req, res) => {
    res.json(await cases.detail(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  r.post('/cases/:id/acknowledge', command, async (req, res) => {
    res.json(await cases.acknowledge(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  r.post('/cases/:id/close', command, async (req, res) => {
    res.json(await cases.close(caseIdParam.parse(req.params).id, closeCaseBody.parse(req.body), currentUser(req)));
  });
  r.post('/cases/:id/clock-corrections', command, async (req, res) => {
    const id = caseIdParam.parse(req.params).id;
    res.status(201).json(await cases.correctClock(id, clockCorrectionBody.parse(req.body), currentUser(req)));
  });
  r.get('/cases/:id/rings', async (req, res) => {
    res.type('application/geo+json').json(await cases.rings(caseIdParam.parse(req.params).id));
  });
  r.get('/cases/:id/matches', staff, async (req, res) => {
    res.json(await cases.matches(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  r.post('/matches/:id/confirm', command, async (req, res) => {
    const match = await matching.confirm(matchIdParam.parse(req.params).id, currentUser(req));
    res.json({ match, case: await cases.readable(match.caseId, currentUser(req)) });
  });
  return r;
}
