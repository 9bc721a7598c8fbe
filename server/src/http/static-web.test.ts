import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { staticWeb } from './static-web.ts';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function serve(webDist: string): Promise<string> {
  const app = express().use(staticWeb(webDist));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server!.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('staticWeb', () => {
  it('serves files and falls back to index.html for client-side routes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Lookout</title>');
    writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const base = await serve(dir);
    const asset = await fetch(`${base}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const route = await fetch(`${base}/map/commander`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Lookout</title>');
    expect(route.headers.get('cache-control')).toBe('no-cache');
  });

  it('says so with a 503 page when the web app is not built', async () => {
    const base = await serve(path.join(tmpdir(), 'no-such-web-dist'));
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
  });

  it('leaves API and metrics paths in any spelling to the server, never the page', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Lookout</title>');
    const base = await serve(dir);
    const got: Record<string, number> = {};
    for (const p of [
      '/API/V1/DRONES',
      '/Api/v1/drones',
      '//api/v1/drones',
      '/%61pi/v1/drones',
      '/METRICS',
      '/metrics/',
      '/MAP/API/V1/workspaces/x/element-groups',
      '/map//api/v1/workspaces',
    ])
      got[p] = (await fetch(`${base}${p}`)).status;
    expect(got).toEqual({
      '/API/V1/DRONES': 404,
      '/Api/v1/drones': 404,
      '//api/v1/drones': 404,
      '/%61pi/v1/drones': 404,
      '/METRICS': 404,
      '/metrics/': 404,
      '/MAP/API/V1/workspaces/x/element-groups': 404,
      '/map//api/v1/workspaces': 404,
    });
    expect((await fetch(`${base}/apiary`)).status).toBe(200);
    expect((await fetch(`${base}/mapping`)).status).toBe(200);
  });

  it('leaves API paths to the API', async () => {
    const base = await serve(path.join(tmpdir(), 'no-such-web-dist'));
    expect((await fetch(`${base}/api/v1/whatever`)).status).toBe(404);
  });
});
