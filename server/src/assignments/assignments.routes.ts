import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import {
  assignmentIdParam,
  assignmentStatusBody,
  caseIdParam,
  createAssignmentBody,
  positionsBody,
} from '@lookout/contracts';
import { allow, COMMAND, only, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { UnitsService } from '../units/units.service.ts';
import type { AssignmentsService } from './assignments.service.ts';

/** Dispatch and the officer's phone. */
export function assignmentsRoutes(assignments: AssignmentsService, units: UnitsService): Router {
  const r = createRouter();
  const command = allow(COMMAND);
  const officer = allow(only('officer'));
  r.get('/units', command, async (_req, res) => {
    res.json(await units.list());
  });
  r.post('/cases/:id/assignments', command, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    const out = await assignments.create(id, createAssignmentBody.parse(req.body), currentUser(req));
    res.status(out.outcome === 'dispatched' ? 201 : 200).json(out);
  });
  r.post('/assignments/:id/status', allow(STAFF, 'officers: their own unit only'), async (req, res) => {
    const { id } = assignmentIdParam.parse(req.params);
    res.json(await assignments.setStatus(id, assignmentStatusBody.parse(req.body), currentUser(req)));
  });
  r.get('/me/assignment', officer, async (req, res) => {
    res.json(await units.myAssignment(currentUser(req)));
  });
  r.post('/me/positions', officer, async (req, res) => {
    res.json(await units.addPositions(currentUser(req), positionsBody.parse(req.body)));
  });
  return r;
}
