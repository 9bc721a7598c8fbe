import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, serviceToken, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import {
  amlCallerLocationBody,
  callerLocationFeature,
  caseIdParam,
  manualCallerLocationBody,
} from '@lookout/contracts';
import type { CallerLocationsService } from './caller-locations.service.ts';

export function callerLocationsRoutes(callerLocations: CallerLocationsService): Router {
  const r = createRouter();
  const manual = allow(STAFF, {
    summary: "A caller's location typed in by staff (text, 度分秒, MGRS, a map share, or lon/lat)",
    params: caseIdParam,
    body: manualCallerLocationBody,
    response: callerLocationFeature,
    status: 201,
  });
  r.post('/cases/:id/caller-locations', manual, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    res
      .status(201)
      .json(await callerLocations.addManual(id, manualCallerLocationBody.parse(req.body), currentUser(req)));
  });
  return r;
}

/** Without a configured token there is no such route (404). */
export function amlRoutes(callerLocations: CallerLocationsService, token: string | undefined): Router {
  const r = createRouter();
  if (!token) return r;
  const access = allow(serviceToken('AML_SERVICE_TOKEN', token), {
    summary: "The call centre's AML push of a handset location",
    note: 'only with AML_SERVICE_TOKEN set',
    body: amlCallerLocationBody,
    response: callerLocationFeature,
    status: 201,
  });
  r.post('/aml/caller-locations', access, async (req, res) => {
    res.status(201).json(await callerLocations.addAml(amlCallerLocationBody.parse(req.body)));
  });
  return r;
}
