/**
 * What the browser benchmarks share: a check that web/dist is a production build, a stand-in XYZ tile server (a
 * station configures a raster basemap; no network here), the HTTP server in this process with a signed-in
 * commander, and Debian's Chromium with SwiftShader WebGL (this machine has no GPU).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Database } from '@lookout/db';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { startHttpServer } from '../src/http/server.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import { createTestUser, login } from '../src/testing/harness.ts';

/**
 * A development React build (what a build under NODE_ENV=test gives) runs StrictMode's double effects — every
 * request twice — and would measure the wrong thing.
 */
export function assertProductionWebBuild(): void {
  const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  const entry = /src="\/?(assets\/index-[^"]+\.js)"/.exec(readFileSync(path.join(webDist, 'index.html'), 'utf8'))?.[1];
  if (!entry) throw new Error('web/dist/index.html has no entry script: run `npm run build:web`');
  if (readFileSync(path.join(webDist, entry), 'utf8').includes('Each child in a list should have a unique')) {
    throw new Error('web/dist is a development build of React (NODE_ENV was not production): run `npm run build:web`');
  }
}

// One pale 1×1 PNG for every tile.
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export interface BenchStack {
  base: string;
  /** The commander's session cookie, as a browser context takes it and as a request header. */
  cookie: { name: string; value: string };
  cookieHeader: string;
  browser: Browser;
  close(): Promise<void>;
}

/** `basemap: 'fallback'` draws the bundled Natural Earth land instead of the stand-in raster tiles. */
export async function startBenchStack(opts: {
  database: Database;
  dataDir: string;
  basemap?: 'xyz' | 'fallback';
}): Promise<BenchStack> {
  const tiles = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(TILE);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', () => r()));
  const tileUrl = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png`;
  const config = loadConfig({
    LOOKOUT_DATA_DIR: opts.dataDir,
    ESCALATION_EVERY_S: '0',
    DEMO: 'false',
    ...(opts.basemap === 'fallback' ? {} : { BASEMAP_URL: tileUrl, BASEMAP_ATTRIBUTION: 'bench tiles' }),
  });
  const registry = new Registry();
  const server = await startHttpServer({
    database: opts.database,
    config,
    log: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }),
    registry,
    metrics: createMetrics(registry, { defaultMetrics: false }),
    mqttStatus: () => 'ok',
    brokerUrlFor: (host) => `mqtt://${host}:1883`,
    port: 0,
    host: '127.0.0.1',
  });
  const base = `http://127.0.0.1:${server.port}`;
  const commander = await createTestUser(opts.database, 'commander');
  const cookieHeader = (await login(base, commander.username, commander.password)).split(';')[0]!;
  const [name, value] = cookieHeader.split('=') as [string, string];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  return {
    base,
    cookie: { name, value },
    cookieHeader,
    browser,
    async close() {
      await browser.close();
      await server.close();
      tiles.close();
    },
  };
}
