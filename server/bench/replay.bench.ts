/**
 * bench:replay — the whole-incident replay of a 3-hour incident (5 drones at 2 Hz, 10 officers every 5 s; see
 * replay-bench.ts) on PGlite in a temporary folder (or DATABASE_URL), the built web app and Debian's Chromium at
 * 1280×800 with SwiftShader WebGL. The basemap is a local XYZ raster server, as a station configures one
 * (REPLAY_BENCH_BASEMAP=fallback: the bundled Natural Earth land instead, whose 10m polygons the page converts and
 * tiles while loading). Build the web app first (`npm run build:web`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openDb } from '@lookout/db';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { startHttpServer } from '../src/http/server.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import { createTestUser, login } from '../src/testing/harness.ts';
import { measureReplay } from './replay-bench.ts';

// A development React build (e.g. what the e2e global setup leaves in web/dist: it builds under vitest's
// NODE_ENV=test) runs StrictMode's double effects — every request twice — and would measure the wrong thing.
const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const entry = /src="\/?(assets\/index-[^"]+\.js)"/.exec(readFileSync(path.join(webDist, 'index.html'), 'utf8'))?.[1];
if (!entry) throw new Error('web/dist/index.html has no entry script: run `npm run build:web`');
if (readFileSync(path.join(webDist, entry), 'utf8').includes('Each child in a list should have a unique')) {
  throw new Error('web/dist is a development build of React (NODE_ENV was not production): run `npm run build:web`');
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-bench-replay-'));
const database = await openDb(
  process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: path.join(dataDir, 'db') },
);
// One pale 1×1 PNG for every tile: the map draws a raster basemap without any network.
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const fallback = process.env.REPLAY_BENCH_BASEMAP === 'fallback';
const tiles = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
  res.end(TILE);
});
await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', () => r()));
const tileUrl = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png`;
try {
  const config = loadConfig({
    LOOKOUT_DATA_DIR: dataDir,
    ESCALATION_EVERY_S: '0',
    DEMO: 'false',
    ...(fallback ? {} : { BASEMAP_URL: tileUrl, BASEMAP_ATTRIBUTION: 'bench tiles' }),
  });
  const registry = new Registry();
  const server = await startHttpServer({
    database,
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
  const commander = await createTestUser(database, 'commander');
  const [name, value] = (await login(base, commander.username, commander.password)).split('=') as [string, string];
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
  try {
    const f = await measureReplay({ base, cookie: { name, value }, database, browser });
    console.log(
      `replay (${fallback ? 'fallback basemap' : 'XYZ raster basemap'}): ${f.points} track points; API ${f.apiMs.toFixed(0)} ms, ${(f.apiBytes / 1024).toFixed(0)} KiB JSON (${(f.apiGzipBytes / 1024).toFixed(0)} KiB gzipped); ` +
        `page: request ${f.fetchStartMs.toFixed(0)}–${f.fetchEndMs.toFixed(0)} ms, JSON parsed at ${f.parsedMs.toFixed(0)} ms, tracks decoded at ${f.decodedMs.toFixed(0)} ms, data in the page at ${f.dataMs.toFixed(0)} ms, first frame set at ${f.firstFrameMs.toFixed(0)} ms, ` +
        `on screen (map idle) at ${f.loadMs.toFixed(0)} ms; playing at 10×: ${f.frames} frames, interval p50 ` +
        `${f.frameP50Ms.toFixed(1)} ms, p99 ${f.frameP99Ms.toFixed(1)} ms; per-frame update p99 ${f.updateP99Ms.toFixed(2)} ms`,
    );
    console.log(`bench:replay replay_load_ms=${Math.round(f.loadMs)} replay_frame_p99_ms=${f.frameP99Ms.toFixed(1)}`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  tiles.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
