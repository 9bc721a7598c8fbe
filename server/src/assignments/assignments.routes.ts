import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import {
  assignment,
  assignmentIdParam,
  assignmentStatusBody,
  caseIdParam,
  createAssignmentBody,
  createUnitBody,
  dispatchResult,
  myAssignmentResponse,
  positionsBody,
  positionsResponse,
  unitListResponse,
  unitView,
} from '@lookout/contracts';
import { allow, COMMAND, only, STAFF } from '../http/access.ts';
import { requestBase } from '../team-links/team-links.routes.ts';
import { createRouter } from '../http/router.ts';
import type { UnitsService } from '../units/units.service.ts';
import type { AssignmentsService } from './assignments.service.ts';

/** Dispatch and the officer's phone. */
export function assignmentsRoutes(assignments: AssignmentsService, units: UnitsService): Router {
  const r = createRouter();
  const officer = only('officer');
  r.get(
    '/units',
    allow(only('pilot', 'commander', 'admin'), {
      summary: 'Every unit, its last position and assignment',
      note: 'pilots: to hand a sighting to the ground',
      response: unitListResponse,
    }),
    async (_req, res) => {
      res.json(await units.list());
    },
  );
  const addTeam = allow(COMMAND, {
    summary: 'An outside team without an account (fire rescue, a volunteer rescue team, a grid worker)',
    note: 'dispatching to it sends its guidance link by SMS',
    body: createUnitBody,
    response: unitView,
    status: 201,
  });
  r.post('/units', addTeam, async (req, res) => {
    res.status(201).json(await units.createTeam(createUnitBody.parse(req.body), currentUser(req)));
  });
  const dispatch = allow(only('pilot', 'commander', 'admin'), {
    summary: 'Send a unit to a target of the case (201 new, 200 retargeted or already on its way)',
    note: "pilots: the cases their drone is attached to (同步给地面), recorded as their dispatch; an outside team's new assignment gets its guidance link (SMS)",
    params: caseIdParam,
    body: createAssignmentBody,
    response: { 200: dispatchResult, 201: dispatchResult },
  });
  r.post('/cases/:id/assignments', dispatch, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    const out = await assignments.create(id, createAssignmentBody.parse(req.body), currentUser(req), requestBase(req));
    res.status(out.outcome === 'dispatched' ? 201 : 200).json(out);
  });
  const status = allow(STAFF, {
    summary: 'A step of an assignment (en route, on scene, found, stood down)',
    note: 'officers: their own unit only',
    params: assignmentIdParam,
    body: assignmentStatusBody,
    response: assignment,
  });
  r.post('/assignments/:id/status', status, async (req, res) => {
    const { id } = assignmentIdParam.parse(req.params);
    res.json(await assignments.setStatus(id, assignmentStatusBody.parse(req.body), currentUser(req)));
  });
  const mine = allow(officer, { summary: "The officer's unit, assignment and case", response: myAssignmentResponse });
  r.get('/me/assignment', mine, async (req, res) => {
    res.json(await units.myAssignment(currentUser(req)));
  });
  const positions = allow(officer, {
    summary: "Positions from the officer's phone, queued while offline",
    body: positionsBody,
    response: positionsResponse,
  });
  r.post('/me/positions', positions, async (req, res) => {
    res.json(await units.addPositions(currentUser(req), positionsBody.parse(req.body)));
  });
  return r;
}
