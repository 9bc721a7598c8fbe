import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import { tokenParam } from '@lookout/contracts';
import { allow, ANYONE } from '../http/access.ts';
import { raw } from '../http/contract.ts';
import { createRouter } from '../http/router.ts';
import { TEAM_PAGE_PATH } from './team-links.service.ts';

/** The outside team page, built by the web workspace into one self-contained HTML file (the one place that names it). */
export const defaultTeamPageFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist-team/index.html',
);

const MISSING = `Lookout: the team page is not built (web/dist-team/index.html is missing; run npm run build:web).
队伍引导页面未构建，请联系指挥员。`;

/** GET /u/:token: the same small page for every token (the page's own API call tells it whether the link works). */
export function teamPageRoutes(file: string): Router {
  const r = createRouter();
  const page = allow(ANYONE, {
    summary: 'The outside team guidance page',
    note: 'the outside team page',
    params: tokenParam,
    response: { 200: raw('text/html', 'The page'), 503: raw('text/plain', 'The page is not built') },
  });
  r.get(`${TEAM_PAGE_PATH}:token`, page, (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!existsSync(file)) {
      res.status(503).type('text/plain; charset=utf-8').send(MISSING);
      return;
    }
    res.sendFile(file);
  });
  return r;
}
