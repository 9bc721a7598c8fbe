import { readFileSync } from 'node:fs';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@lookout/db/testing';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { allow, ANYONE } from './access.ts';
import { raw } from './contract.ts';
import { buildOpenApi, openApiPath } from './openapi.ts';
import { listRoutes, routesWithoutContract } from './route-walker.ts';
import { appForDocs } from './write-permissions-doc.ts';
import { openApiDocFile, openApiDocFor } from './write-openapi-doc.ts';

const database = await openTestDatabase();
// The real app with every optional route registered (as docs/permissions.md and docs/openapi.json are made).
const routes = listRoutes(appForDocs(database));
const doc = buildOpenApi(routes);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await database.close();
});

interface Operation {
  security?: unknown[];
  'x-roles'?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
const operationOf = (method: string, path: string) =>
  (doc.paths?.[openApiPath(path).path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the session, DJI token and bearer token schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual([
      'bearer_AML_SERVICE_TOKEN',
      'bearer_METRICS_TOKEN',
      'bearer_VIDEO_HOOK_TOKEN',
      'djiToken',
      'session',
    ]);
  });

  it('every route of the app declares a contract', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routesWithoutContract(routes)).toEqual([]);
  });

  it('has every walked route, each answer with a schema or a content type, its roles and security', () => {
    const problems: string[] = [];
    for (const r of routes) {
      const op = operationOf(r.method, r.path);
      if (!op) {
        problems.push(`${r.method} ${r.path}: missing`);
        continue;
      }
      if (!op.security || !op['x-roles']) problems.push(`${r.method} ${r.path}: no security or x-roles`);
      const answers = Object.entries(op.responses ?? {}).filter(([status]) => status !== 'default');
      if (!answers.length) problems.push(`${r.method} ${r.path}: no answers`);
      for (const [status, answer] of answers) {
        if (status === '204') continue;
        const media = Object.values(answer.content ?? {});
        if (!media.length || media.some((m) => !m.schema)) problems.push(`${r.method} ${r.path} ${status}: no schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('maps express paths to OpenAPI templates', () => {
    expect(openApiPath('/api/v1/users/:id/sessions/:sessionId')).toEqual({
      path: '/api/v1/users/{id}/sessions/{sessionId}',
      params: ['id', 'sessionId'],
    });
    expect(openApiPath('/api/v1/basemap/{*file}')).toEqual({ path: '/api/v1/basemap/{file}', params: ['file'] });
  });

  it('fails on a route without a contract', () => {
    const app = express();
    app.set('case sensitive routing', true);
    app.set('strict routing', true);
    app.get('/described', allow(ANYONE, { response: raw('text/plain', 'words') }), (_req, res) => {
      res.send('words');
    });
    app.get('/bare', allow(ANYONE), (_req, res) => {
      res.send('?');
    });
    const tiny = listRoutes(app);
    expect(routesWithoutContract(tiny)).toEqual(['GET /bare']);
    expect(() => buildOpenApi(tiny)).toThrow(/GET \/bare has no contract/);
  });

  it('docs/openapi.json is the document of the routes (regenerate: npx tsx server/src/http/write-openapi-doc.ts)', () => {
    expect(readFileSync(openApiDocFile, 'utf8')).toBe(openApiDocFor(database));
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('needs a session', async () => {
    expect((await fetch(`${h.base}/api/v1/openapi.json`)).status).toBe(401);
  });

  it("serves the document of the server's own routes to any signed-in user", async () => {
    const res = await fetch(`${h.base}/api/v1/openapi.json`, { headers: { cookie: await sessionFor(h, 'liaison') } });
    expect(res.status).toBe(200);
    const served = (await res.json()) as typeof doc;
    expect(served.openapi).toBe('3.1.0');
    // The harness registers neither the AML push nor a built web app: the rest are the same operations.
    const ops = (d: typeof doc) =>
      Object.entries(d.paths ?? {}).flatMap(([p, o]) => Object.keys(o as object).map((m) => `${m} ${p}`));
    const servedOps = ops(served);
    expect(servedOps).toContain('get /api/v1/openapi.json');
    expect(servedOps.every((o) => ops(doc).includes(o))).toBe(true);
  });
});
