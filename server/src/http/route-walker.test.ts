import express, { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { ADMIN, ALL, allow, ANYONE } from './access.ts';
import { raw } from './contract.ts';
import { assertEveryRouteDeclared, listRoutes, undeclaredRoutes } from './route-walker.ts';
import { createRouter } from './router.ts';

const ok: express.RequestHandler = (_q, s) => s.end();

function strictApp(): express.Express {
  const app = express();
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  return app;
}

describe('listRoutes', () => {
  it('walks nested routers with their mount paths, methods, path arrays, static mounts and declarations', () => {
    const app = strictApp();
    const inner = createRouter();
    const thing = { note: 'one thing', response: raw('text/plain', 'the thing') };
    inner.get('/things/:id', allow(ALL, thing), ok);
    inner.route('/things').get(allow(ALL), ok).post(allow(ADMIN), ok);
    const outer = createRouter();
    outer.use(inner);
    outer.use('/sub', createRouter().delete(['/a', '/b'], allow(ADMIN), ok));
    const tiles = { note: 'tiles', response: raw('*/*', 'a tile') };
    outer.use('/files', allow(ALL, tiles), express.static('/nonexistent'));
    app.use(express.json());
    app.use('/api', outer);
    app.get('/top', allow(ANYONE), ok);
    const all = { kind: 'roles', roles: ['pilot', 'officer', 'liaison', 'commander', 'admin'] };
    const admin = { kind: 'roles', roles: ['admin'] };
    expect(listRoutes(app)).toEqual([
      {
        method: 'GET',
        path: '/api/things/:id',
        kind: 'route',
        declaration: { access: all, note: 'one thing', contract: thing },
      },
      { method: 'GET', path: '/api/things', kind: 'route', declaration: { access: all } },
      { method: 'POST', path: '/api/things', kind: 'route', declaration: { access: admin } },
      { method: 'DELETE', path: '/api/sub/a', kind: 'route', declaration: { access: admin } },
      { method: 'DELETE', path: '/api/sub/b', kind: 'route', declaration: { access: admin } },
      {
        method: 'GET',
        path: '/api/files/{*file}',
        kind: 'mount',
        declaration: { access: all, note: 'tiles', contract: tiles },
      },
      { method: 'GET', path: '/top', kind: 'route', declaration: { access: { kind: 'anyone' } } },
    ]);
  });

  it('refuses a RegExp path instead of skipping it', () => {
    const app = strictApp();
    app.get(/^\/re.*$/, allow(ALL), ok);
    expect(() => listRoutes(app)).toThrow(/non-string path/);
  });

  it('refuses something that is not an express 5 app', () => {
    expect(() => listRoutes({} as express.Express)).toThrow(/app.router.stack/);
  });

  it('refuses an app that matches paths in any letter case or with a trailing slash', () => {
    const app = express();
    app.get('/x', allow(ALL), ok);
    expect(() => listRoutes(app)).toThrow(/case sensitive routing/);
  });

  it('refuses a router not made by createRouter (case-insensitive, not strict)', () => {
    const app = strictApp();
    app.use('/api', Router().get('/x', allow(ALL), ok));
    expect(() => listRoutes(app)).toThrow(/router at \/api is not made by createRouter/);
  });
});

describe('every route declares its access', () => {
  it('a route without allow(…) first, or static files without one, is undeclared and stops the app', () => {
    const app = strictApp();
    const r = createRouter();
    r.get('/declared', allow(ALL), ok);
    r.get('/bare', ok);
    r.post('/late', ok, allow(ALL), ok);
    r.use('/files', express.static('/nonexistent'));
    app.use('/api', r);
    expect(undeclaredRoutes(listRoutes(app))).toEqual(['GET /api/bare', 'POST /api/late', 'GET /api/files/{*file}']);
    expect(() => assertEveryRouteDeclared(app)).toThrow(
      /without an access declaration .*GET \/api\/bare, POST \/api\/late, GET \/api\/files\/\{\*file\}/,
    );
  });

  it('refuses an app with a route that declares access but no contract', () => {
    const app = strictApp();
    app.use(
      '/api',
      createRouter()
        .get('/x', allow(ALL, { response: raw('text/plain', 'x') }), ok)
        .get('/y', allow(ALL), ok),
    );
    expect(() => assertEveryRouteDeclared(app)).toThrow(/without a contract .*: GET \/api\/y$/);
  });

  it('passes an app whose every route declares access and a contract', () => {
    const app = strictApp();
    app.use('/api', createRouter().get('/x', allow(ALL, { response: raw('text/plain', 'x') }), ok));
    expect(assertEveryRouteDeclared(app)).toHaveLength(1);
  });
});
