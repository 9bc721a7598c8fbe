import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import { allow, ANYONE } from '../http/access.ts';
import { raw } from '../http/contract.ts';
import { createRouter } from '../http/router.ts';

/** The URL a pilot types into DJI Pilot 2 → Cloud Service → Open platform. */
export const PILOT_PAGE_PATH = '/pilot2';

/** Lookout's Pilot 2 page, built by the web workspace into one self-contained HTML file. */
export const defaultPilotPageFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist-pilot2/index.html',
);

const MISSING = `Lookout: the Pilot 2 page is not built (web/dist-pilot2/index.html is missing; run npm run build:web).
Pilot 2 登录页未构建，请联系管理员。`;

export function pilotPageRoutes(file: string): Router {
  const r = createRouter();
  const page = allow(ANYONE, {
    summary: 'The DJI Pilot 2 sign-in page',
    note: 'the DJI Pilot 2 sign-in page',
    response: { 200: raw('text/html', 'The page'), 503: raw('text/plain', 'The page is not built') },
  });
  r.get(PILOT_PAGE_PATH, page, (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    if (!existsSync(file)) {
      res.status(503).type('text/plain; charset=utf-8').send(MISSING);
      return;
    }
    res.sendFile(file);
  });
  return r;
}
