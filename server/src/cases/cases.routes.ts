import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, COMMAND, only, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import {
  caseDetail,
  caseIdParam,
  caseListResponse,
  caseResponse,
  clockCorrectionBody,
  clockCorrectionResponse,
  closeCaseBody,
  confirmedMatch,
  listCasesQuery,
  matchesResponse,
  matchIdParam,
  openCaseBody,
  ringsCollection,
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
  const open = allow(STAFF, {
    summary: 'Open a lost-person case',
    body: openCaseBody,
    response: caseResponse,
    status: 201,
  });
  r.post('/cases', open, async (req, res) => {
    res.status(201).json({ case: await cases.open(openCaseBody.parse(req.body), currentUser(req)) });
  });
  const list = allow(STAFF, {
    summary: 'The cases',
    note: caseList,
    query: listCasesQuery,
    response: caseListResponse,
  });
  r.get('/cases', list, async (req, res) => {
    res.json(await cases.list(listCasesQuery.parse(req.query).status, currentUser(req)));
  });
  const detail = allow(only('pilot', 'officer', 'commander', 'admin'), {
    summary: 'A case with its events, caller locations, matches, assignments, rings and drones',
    note: `${ownCases}; pilots: the cases their drone is attached to, without the caller's phone; a caller's phone read is audited`,
    params: caseIdParam,
    response: caseDetail,
  });
  r.get('/cases/:id', detail, async (req, res) => {
    res.json(await cases.detail(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  const acknowledge = allow(COMMAND, { summary: 'Acknowledge a case', params: caseIdParam, response: caseResponse });
  r.post('/cases/:id/acknowledge', acknowledge, async (req, res) => {
    res.json(await cases.acknowledge(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  const close = allow(COMMAND, {
    summary: 'Close a case with its outcome',
    params: caseIdParam,
    body: closeCaseBody,
    response: caseResponse,
  });
  r.post('/cases/:id/close', close, async (req, res) => {
    res.json(await cases.close(caseIdParam.parse(req.params).id, closeCaseBody.parse(req.body), currentUser(req)));
  });
  const correct = allow(COMMAND, {
    summary: "Say a step's time again, with the reason",
    note: clockNote,
    params: caseIdParam,
    body: clockCorrectionBody,
    response: clockCorrectionResponse,
    status: 201,
  });
  r.post('/cases/:id/clock-corrections', correct, async (req, res) => {
    const id = caseIdParam.parse(req.params).id;
    res.status(201).json(await cases.correctClock(id, clockCorrectionBody.parse(req.body), currentUser(req)));
  });
  const rings = allow(STAFF, {
    summary: 'The ISRID rings around the IPP (GeoJSON)',
    params: caseIdParam,
    response: ringsCollection,
  });
  r.get('/cases/:id/rings', rings, async (req, res) => {
    res.type('application/geo+json').json(await cases.rings(caseIdParam.parse(req.params).id));
  });
  const matches = allow(STAFF, {
    summary: "The case's scored (caller location, sighting) pairs",
    note: ownCases,
    params: caseIdParam,
    response: matchesResponse,
  });
  r.get('/cases/:id/matches', matches, async (req, res) => {
    res.json(await cases.matches(caseIdParam.parse(req.params).id, currentUser(req)));
  });
  const confirm = allow(COMMAND, { summary: 'Confirm a match', params: matchIdParam, response: confirmedMatch });
  r.post('/matches/:id/confirm', confirm, async (req, res) => {
    const match = await matching.confirm(matchIdParam.parse(req.params).id, currentUser(req));
    res.json({ match, case: await cases.readable(match.caseId, currentUser(req)) });
  });
  return r;
}
