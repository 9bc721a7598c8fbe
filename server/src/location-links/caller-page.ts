import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { allow, ANYONE } from '../http/access.ts';
import { raw } from '../http/contract.ts';
import { createRouter } from '../http/router.ts';
import { tokenParam } from '@lookout/contracts';
import { CALLER_PAGE_PATH, type LocationLinksService } from './location-links.service.ts';

/** The caller page, built by the web workspace into one self-contained HTML file (the one place that names it). */
export const defaultCallerPageFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist-caller/index.html',
);

const MISSING = `Lookout: the caller page is not built (web/dist-caller/index.html is missing; run npm run build:web).
定位页面未构建，请联系值班民警。`;

/** GET /l/:token: the same small page for every token (the page's own POST tells it whether the link works). */
export function callerPageRoutes(links: LocationLinksService, file: string, log: Logger): Router {
  const r = createRouter();
  const page = allow(ANYONE, {
    summary: 'The caller location page',
    note: 'the caller location page',
    params: tokenParam,
    response: { 200: raw('text/html', 'The page'), 503: raw('text/plain', 'The page is not built') },
  });
  r.get(`${CALLER_PAGE_PATH}:token`, page, (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    links.opened(req.params.token).catch((err: unknown) => log.warn({ err }, 'could not record the link opening'));
    if (!existsSync(file)) {
      res.status(503).type('text/plain; charset=utf-8').send(MISSING);
      return;
    }
    res.sendFile(file);
  });
  return r;
}
