import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { allow, ANYONE } from './access.ts';
import { raw } from './contract.ts';
import { createRouter } from './router.ts';

const MISSING_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Lookout</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Lookout: 网页未构建 / web app not built</h1>
<p>The server is running, but <code>web/dist</code> is missing. Build it with <code>npm run build:web</code>
(<code>npm start</code> does this by itself) and reload. The API answers under <code>/api/v1</code>.</p></body></html>`;

/**
 * The API, metrics and DJI Pilot 2's map-element paths (`/map/api/…`) in any spelling (`/API/V1/…`, `//api`,
 * `/%61pi`) stay theirs: a 404, never the app's page.
 */
function serverPath(p: string): boolean {
  let decoded = p;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    // a malformed escape: judge the path as it came
  }
  return /^\/+(api|metrics|map\/+api)(\/|$)/i.test(decoded);
}

/**
 * The built web app with an SPA fallback to index.html for client-side routes; without a build, a 503 page
 * that says so. Hashed assets are cached for a year, index.html never.
 */
export function staticWeb(webDist: string): Router {
  const r = createRouter();
  const index = path.join(webDist, 'index.html');
  r.use(
    allow(ANYONE, {
      summary: 'The built web app: its files',
      note: 'the built web app: its files',
      response: raw('*/*', 'A file of the built web app'),
    }),
    express.static(webDist, {
      index: false,
      setHeaders(res, file) {
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  const page = allow(ANYONE, {
    summary: 'The web app page for a client-side route',
    note: 'the built web app: index.html for client routes',
    response: { 200: raw('text/html', 'index.html'), 503: raw('text/html', 'The web app is not built') },
  });
  r.get('/{*any}', page, (req, res, next) => {
    if (serverPath(req.path)) {
      next();
      return;
    }
    if (!existsSync(index)) {
      res.status(503).type('html').send(MISSING_PAGE);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
