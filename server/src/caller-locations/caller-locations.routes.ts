import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { currentUser, requireRole } from '../auth/auth.middleware.ts';
import { AppError } from '../http/errors.ts';
import { amlCallerLocationBody, caseIdParam, manualCallerLocationBody } from './caller-locations.schemas.ts';
import type { CallerLocationsService } from './caller-locations.service.ts';

/** Mounted behind `requireSession`. */
export function callerLocationsRoutes(callerLocations: CallerLocationsService): Router {
  const r = Router();
  r.post('/cases/:id/caller-locations', requireRole('officer', 'commander', 'admin'), async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    res
      .status(201)
      .json(await callerLocations.addManual(id, manualCallerLocationBody.parse(req.body), currentUser(req)));
  });
  return r;
}

function requireServiceToken(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7).trim() : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('unauthorized', 'The AML push needs the service token');
    }
    next();
  };
}

/** Mounted before `requireSession`; without a configured token there is no such route (404 / 401). */
export function amlRoutes(callerLocations: CallerLocationsService, serviceToken: string | undefined): Router {
  const r = Router();
  if (!serviceToken) return r;
  r.post('/aml/caller-locations', requireServiceToken(serviceToken), async (req, res) => {
    res.status(201).json(await callerLocations.addAml(amlCallerLocationBody.parse(req.body)));
  });
  return r;
}
