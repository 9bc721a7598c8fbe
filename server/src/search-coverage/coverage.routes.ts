import type { Router } from 'express';
import {
  caseIdParam as idParam,
  coveragePlanBody,
  coveragePlanResponse,
  coverageQuery,
  coverageResponse,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, MAP } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { CoverageService } from './coverage.service.ts';

const scope = 'whoever may work on the case (commanders, admins; officers their cases; pilots the cases they fly for)';

export function coverageRoutes(coverage: CoverageService): Router {
  const r = createRouter();
  const read = allow(MAP, {
    summary:
      "The ground the case's drones and officers have covered, the 50 % ring's gaps and the shares per ring and sector",
    note: `${scope}; at= replays the coverage as it stood then (minute steps)`,
    params: idParam,
    query: coverageQuery,
    response: coverageResponse,
  });
  r.get('/cases/:id/coverage', read, async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { at } = coverageQuery.parse(req.query);
    res.json(await coverage.coverage(id, currentUser(req), at));
  });
  const plan = allow(MAP, {
    summary: 'A lawnmower flight over an area: passes along its long axis, spaced by the camera footprint less overlap',
    note: `${scope}; the camera is the case's first drone's unless hfovDeg is given`,
    params: idParam,
    body: coveragePlanBody,
    response: coveragePlanResponse,
  });
  r.post('/cases/:id/coverage/plan', plan, async (req, res) => {
    const { id } = idParam.parse(req.params);
    res.json(await coverage.plan(id, currentUser(req), coveragePlanBody.parse(req.body)));
  });
  return r;
}
