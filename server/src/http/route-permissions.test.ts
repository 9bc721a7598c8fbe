import { readFileSync } from 'node:fs';
import express, { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { listRoutes, pathMatches, permissionFor, renderPermissionsMarkdown } from './route-permissions.ts';
import { permissionsDocFile } from './write-permissions-doc.ts';

describe('listRoutes', () => {
  it('walks nested routers with their mount paths, several methods and path arrays', () => {
    const app = express();
    const inner = Router();
    inner.get('/things/:id', (_q, s) => s.end());
    inner
      .route('/things')
      .get((_q, s) => s.end())
      .post((_q, s) => s.end());
    const outer = Router();
    outer.use(inner);
    outer.use(
      '/sub',
      Router().delete(['/a', '/b'], (_q, s) => s.end()),
    );
    outer.use('/files', express.static('/nonexistent'));
    app.use(express.json());
    app.use('/api', outer);
    app.get('/top', (_q, s) => s.end());
    expect(listRoutes(app)).toEqual([
      { method: 'GET', path: '/api/things/:id', kind: 'route' },
      { method: 'GET', path: '/api/things', kind: 'route' },
      { method: 'POST', path: '/api/things', kind: 'route' },
      { method: 'DELETE', path: '/api/sub/a', kind: 'route' },
      { method: 'DELETE', path: '/api/sub/b', kind: 'route' },
      { method: 'GET', path: '/api/files', kind: 'mount' },
      { method: 'GET', path: '/top', kind: 'route' },
    ]);
  });

  it('refuses a RegExp path instead of skipping it', () => {
    const app = express();
    app.get(/^\/re.*$/, (_q, s) => s.end());
    expect(() => listRoutes(app)).toThrow(/non-string path/);
  });

  it('refuses something that is not an express 5 app', () => {
    expect(() => listRoutes({} as express.Express)).toThrow(/app.router.stack/);
  });
});

describe('pathMatches / permissionFor', () => {
  it('matches parameters per segment and a final wildcard', () => {
    expect(pathMatches('/api/v1/cases/:id', '/api/v1/cases/abc')).toBe(true);
    expect(pathMatches('/api/v1/cases/:id', '/api/v1/cases/abc/close')).toBe(false);
    expect(pathMatches('/api/v1/cases/:id', '/api/v1/cases')).toBe(false);
    expect(pathMatches('/api/v1/basemap/{*file}', '/api/v1/basemap/1/2/3.png')).toBe(true);
    expect(pathMatches('/api/v1/basemap/{*file}', '/api/v1/basemap')).toBe(false);
  });

  it('finds the row of a concrete request, HEAD as GET', () => {
    expect(permissionFor('GET', '/api/v1/audit.csv')?.path).toBe('/api/v1/audit.csv');
    expect(permissionFor('HEAD', '/api/v1/drones')?.access).toEqual({
      kind: 'roles',
      roles: ['pilot', 'officer', 'commander', 'admin'],
    });
    expect(permissionFor('PUT', '/api/v1/drones')).toBeUndefined();
  });
});

describe('docs/permissions.md', () => {
  it('is the rendering of the table (run write-permissions-doc.ts after a change)', () => {
    expect(readFileSync(permissionsDocFile, 'utf8')).toBe(renderPermissionsMarkdown());
  });
});
