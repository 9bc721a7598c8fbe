import type { Router } from 'express';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, serviceToken, STAFF } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { amlCallerLocationBody, caseIdParam, manualCallerLocationBody } from '@lookout/contracts';
import type { CallerLocationsService } from './caller-locations.service.ts';

export function callerLocationsRoutes(callerLocations: CallerLocationsService): Router {
  const r = createRouter();
  r.post('/cases/:id/caller-locations', allow(STAFF), async (req, res) => {
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
  const access = allow(serviceToken('AML_SERVICE_TOKEN', token), 'only with AML_SERVICE_TOKEN set');
  r.post('/aml/caller-locations', access, async (req, res) => {
    res.status(201).json(await callerLocations.addAml(amlCallerLocationBody.parse(req.body)));
  });
  return r;
}
