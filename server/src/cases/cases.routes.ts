import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, COMMAND, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import {
  caseIdParam,
  clockCorrectionBody,
  closeCaseBody,
  listCasesQuery,
  matchIdParam,
  openCaseBody,
} from '@lookout/contracts';
import type { MatchingService } from '../matching/matching.service.ts';
import type { CasesService } from './cases.service.ts';

export function casesRoutes(cases: CasesService, matching: MatchingService): Router {
  const r = createRouter();
  const ownCases = 'officers: only cases they opened or are assigned to (403 otherwise)';
  const caseList =
    'officers: their own cases (opened by them or their unit assigned) in full, the other open cases in brief ' +
    '(no phone, no description); phone numbers in it are audited';
  const clockNote = 'a `clock_corrected` event with its reason; the original events stay';
  r.post('/cases', allow(STAFF), async (req, res) => {
    res.status(201).json({ case: await cases.open(openCaseBody.parse(req.body), currentUser(req)) });
  });
  r.get('/cases', allow(STAFF, caseList), async (req, res) => {
    res.json(await cases.list(listCasesQuery.parse(req.query).status, currentUser(req)));
  });
  r.get('/cases/:id', allow(STAFF, `${ownCases}; a caller's phone read is audited`), async (req, res) => {
    res.json(await cases.detail(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  r.post('/cases/:id/acknowledge', allow(COMMAND), async (req, res) => {
    res.json(await cases.acknowledge(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  r.post('/cases/:id/close', allow(COMMAND), async (req, res) => {
    res.json(await cases.close(caseIdParam.parse(req.params).id, closeCaseBody.parse(req.body), currentUser(req)));
  });
  r.post('/cases/:id/clock-corrections', allow(COMMAND, clockNote), async (req, res) => {
    const id = caseIdParam.parse(req.params).id;
    res.status(201).json(await cases.correctClock(id, clockCorrectionBody.parse(req.body), currentUser(req)));
  });
  r.get('/cases/:id/rings', allow(STAFF), async (req, res) => {
    res.type('application/geo+json').json(await cases.rings(caseIdParam.parse(req.params).id));
  });
  r.get('/cases/:id/matches', allow(STAFF, ownCases), async (req, res) => {
    res.json(await cases.matches(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  r.post('/matches/:id/confirm', allow(COMMAND), async (req, res) => {
    const match = await matching.confirm(matchIdParam.parse(req.params).id, currentUser(req));
    res.json({ match, case: await cases.readable(match.caseId, currentUser(req)) });
  });
  return r;
}
