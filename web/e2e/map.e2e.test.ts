/**
 * End to end through a real browser: starts the whole system (embedded PGlite + aedes + bridge + simulator +
 * server) on free ports with a fresh data folder, drives Debian's chromium with playwright-core, logs in, waits for
 * the map's `idle`, checks that the simulated drones are drawn and move, switches language, and saves screenshots
 * to docs/screenshots/. Needs `apt-get install -y chromium fonts-noto-cjk`. The server keeps its own start here (a
 * fresh database, not the template: the first start is measured; restarts on the same ports); each test opens its
 * own page and can run alone.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, SHOTS, WAIT } from './e2e-lookout.ts';
import { CHROMIUM, freePort, launchChromium, PHONE, tilePng } from './harness.ts';
import { LookoutProcess, type Account } from './lookout-process.ts';

const STARTUP_TIMEOUT_MS = WAIT.startupMs;

let lookout: LookoutProcess | null = null;
let dataDir = '';
let baseUrl = '';
let accounts: Account[] = [];
let browser: Browser | null = null;
let startedAt = 0;
let firstIdleMs = 0;
let readyMs = 0;
let tileServer: Server | null = null;
let tileRequests = 0;
let loginToIdleMs = 0;

let httpPort = 0;
let mqttPort = 0;

/** Starts the server; on a restart (same data folder and ports) the accounts printed the first time are kept. */
async function startServer(restart = false, extraEnv: Record<string, string> = {}): Promise<void> {
  startedAt = Date.now();
  baseUrl = '';
  lookout = await LookoutProcess.start({
    dataDir,
    env: extraEnv,
    ports: { http: httpPort, mqtt: mqttPort },
    readyRoles: restart ? [] : ['commander'],
    timeoutMs: STARTUP_TIMEOUT_MS,
  });
  baseUrl = lookout.baseUrl;
  if (!restart) {
    accounts = lookout.accounts;
    readyMs = Date.now() - startedAt;
  }
}

async function stopServer(): Promise<void> {
  await lookout?.stop();
}

/**
 * A PMTiles v3 archive holding one raster tile at z0 (MapLibre over-zooms it), written by hand from the spec
 * (github.com/protomaps/PMTiles spec/v3): 127-byte header, root directory, metadata, tile data; no compression.
 */
function pmtilesArchive(tile: Buffer): Buffer {
  const varint = (n: number) => {
    const out: number[] = [];
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
  };
  // One entry: tile id 0 (z0), run length 1, length, offset+1.
  const dir = Buffer.from([...varint(1), ...varint(0), ...varint(1), ...varint(tile.length), ...varint(1)]);
  const meta = Buffer.from('{}');
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'ascii');
  h[7] = 3;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  const rootOff = 127;
  const metaOff = rootOff + dir.length;
  const dataOff = metaOff + meta.length;
  u64(8, rootOff);
  u64(16, dir.length);
  u64(24, metaOff);
  u64(32, meta.length);
  u64(40, dataOff);
  u64(48, 0); // no leaf directories
  u64(56, dataOff);
  u64(64, tile.length);
  u64(72, 1);
  u64(80, 1);
  u64(88, 1);
  h[96] = 1; // clustered
  h[97] = 1; // internal compression: none
  h[98] = 1; // tile compression: none
  h[99] = 2; // tile type: png
  h[100] = 0; // min zoom
  h[101] = 0; // max zoom
  h.writeInt32LE(-180e7, 102);
  h.writeInt32LE(-85e7, 106);
  h.writeInt32LE(180e7, 110);
  h.writeInt32LE(85e7, 114);
  h[118] = 0;
  h.writeInt32LE(120.07e7, 119);
  h.writeInt32LE(28.95e7, 123);
  return Buffer.concat([h, dir, meta, tile]);
}

function account(role: string): Account {
  const a = accounts.find((x) => x.role === role);
  if (!a) throw new Error(`no ${role} account printed:\n${lookout?.log ?? ''}`);
  return a;
}

async function login(page: Page, a: Account): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('input[name=username]').fill(a.username);
  await page.locator('input[name=password]').fill(a.password);
  await page.locator('button[type=submit]').click();
}

async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
}

/** Drone positions as drawn: the features of the drones layer that MapLibre rendered. */
async function renderedDrones(page: Page): Promise<Record<string, [number, number]>> {
  return page.evaluate(() => {
    const map = window.__lookout!.map!;
    const out: Record<string, [number, number]> = {};
    for (const f of map.queryRenderedFeatures({ layers: ['drones-symbol'] })) {
      const g = f.geometry as { type: string; coordinates: [number, number] };
      out[String(f.properties.id)] = g.coordinates;
    }
    return out;
  });
}

async function settle(page: Page): Promise<void> {
  // Let MapLibre finish the frame it is drawing, so a screenshot shows the current data.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__lookout!.map!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

describe('map in a real browser', () => {
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk`).toBe(true);
    // web/dist is built once by web/e2e/global-setup.ts.
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-e2e-data-'));
    httpPort = await freePort();
    mqttPort = await freePort();
    await startServer();
    // playwright-core's launch() gives every browser a fresh temporary profile (its own --user-data-dir).
    browser = await launchChromium();
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (tileServer ? tileServer.close(() => r()) : r()));
    await stopServer();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const contexts: BrowserContext[] = [];
  /** A context of this test (closed after it), with waits for a loaded machine. */
  const newContext = async (options: BrowserContextOptions = DESKTOP): Promise<BrowserContext> => {
    const ctx = await browser!.newContext(options);
    contexts.push(ctx);
    ctx.setDefaultTimeout(WAIT.actionMs);
    ctx.setDefaultNavigationTimeout(WAIT.navigationMs);
    return ctx;
  };
  /** The commander's map on the desk, drawn, with the simulator's drones on it. */
  const openMap = async (): Promise<Page> => {
    const page = await (await newContext()).newPage();
    await login(page, account('commander'));
    await waitForIdle(page);
    await expect
      .poll(async () => Object.keys(await renderedDrones(page)).length, { timeout: 90_000, interval: 500 })
      .toBeGreaterThanOrEqual(3);
    return page;
  };

  it('logs in, shows the map and the simulated drones moving', async () => {
    const page = await (await newContext()).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const t0 = Date.now();
    await login(page, account('commander'));
    await waitForIdle(page);
    loginToIdleMs = Date.now() - t0;
    firstIdleMs = Date.now() - startedAt;

    // Chinese by default.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect
      .poll(() => page.locator('.topbar [data-conn]').getAttribute('data-conn'), { timeout: 30_000 })
      .toBe('connected');
    await expect.poll(() => page.locator('.conn-text').textContent()).toBe('已连接');

    // The simulator's drones appear on the map…
    await expect
      .poll(async () => Object.keys(await renderedDrones(page)).length, { timeout: 60_000, interval: 500 })
      .toBeGreaterThanOrEqual(3);
    const first = await renderedDrones(page);
    // …and move.
    await expect
      .poll(
        async () => {
          const now = await renderedDrones(page);
          return Object.entries(now).filter(([id, c]) => {
            const before = first[id];
            return before && (Math.abs(before[0] - c[0]) > 1e-7 || Math.abs(before[1] - c[1]) > 1e-7);
          }).length;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(2);

    // Trails are drawn.
    await expect
      .poll(
        () => page.evaluate(() => window.__lookout!.map!.queryRenderedFeatures({ layers: ['trails-line'] }).length),
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThan(0);

    // The basemap says what it is (no configured basemap in a fresh data folder → the offline sketch).
    const basemap = await page.evaluate(() => document.documentElement.dataset.basemap);
    if (basemap === 'fallback')
      await expect.poll(() => page.locator('[data-testid=basemap-badge]').textContent()).toContain('离线简图');

    expect(await page.evaluate(() => window.__lookout!.errors)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('opens a sighting and shows its details', async () => {
    const page = await openMap();
    // The simulator reports sightings now and then; wait for one to be drawn.
    await expect
      .poll(
        () =>
          page.evaluate(() => window.__lookout!.map!.queryRenderedFeatures({ layers: ['sightings-symbol'] }).length),
        { timeout: 90_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    // Centre the map on the sighting (so no panel or control covers it), then click it like a user would.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = window.__lookout!.map!;
          const f = map.queryRenderedFeatures({ layers: ['sightings-symbol'] })[0]!;
          const g = f.geometry as unknown as { coordinates: [number, number] };
          map.once('idle', () => resolve());
          map.jumpTo({ center: g.coordinates });
        }),
    );
    const point = await page.evaluate(() => {
      const rect = window.__lookout!.map!.getCanvas().getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(point.x, point.y);
    const panel = page.locator('[data-testid=sighting-panel]');
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain('置信度');
    await expect.poll(() => panel.locator('button', { hasText: '确认' }).count()).toBe(1);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-desktop-sighting-zh.png') });
    // A commander confirms it: PATCH /sightings/:id, and the panel and the map show the new status.
    await panel.locator('button', { hasText: '确认' }).click();
    await expect.poll(() => panel.locator('.status').textContent(), { timeout: 10_000 }).toBe('已确认');
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            window
              .__lookout!.map!.queryRenderedFeatures({ layers: ['sightings-symbol'] })
              .filter((f) => f.properties.status === 'confirmed').length,
        ),
      )
      .toBeGreaterThan(0);
    await panel.locator('button[aria-label]').first().click();
    await panel.waitFor({ state: 'detached' });
  }, 300_000);

  it('switches to English and remembers it', async () => {
    const page = await openMap();
    await expect.poll(() => page.locator('.conn-text').textContent()).toBe('已连接');
    await page.locator('[data-testid=lang-switch]').click();
    await expect.poll(() => page.locator('.conn-text').textContent()).toBe('Connected');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('lookout.lang'))).toBe('en');
    await page.reload();
    await waitForIdle(page);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect
      .poll(async () => Object.keys(await renderedDrones(page)).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-desktop-en.png') });
    // Back to Chinese for the phone views.
    await page.locator('[data-testid=lang-switch]').click();
    await expect.poll(() => page.locator('.conn-text').textContent()).toBe('已连接');
  }, 300_000);

  it('works on a 360×640 phone', async () => {
    const phone = await newContext(PHONE);
    const p = await phone.newPage();
    await login(p, account('commander'));
    await waitForIdle(p);
    await expect
      .poll(async () => Object.keys(await renderedDrones(p)).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    // Nothing wider than the screen, and the main buttons are large enough to hit.
    await expect.poll(() => p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expect
      .poll(async () => (await p.locator('.menu-toggle').boundingBox())?.height ?? 0)
      .toBeGreaterThanOrEqual(44);
    await settle(p);
    await p.screenshot({ path: path.join(SHOTS, 'map-phone-zh.png') });
    await p.locator('.menu-toggle').click();
    await p.locator('.topbar-nav.open').waitFor();
    await p.screenshot({ path: path.join(SHOTS, 'map-phone-menu-zh.png') });
  }, 240_000);

  it('with no basemap configured says how to add one and still shows the demo place names and the grid', async () => {
    /** The place names MapLibre drew (a label may lose a collision with a drone's), and those it was given. */
    const namesDrawn = (page: Page) =>
      page.evaluate(() =>
        window
          .__lookout!.map!.queryRenderedFeatures({ layers: ['place-names-label'] })
          .map((f) => String(f.properties.name)),
      );
    const namesGiven = (page: Page) =>
      page.evaluate(() =>
        window.__lookout!.map!.querySourceFeatures('place-names').map((f) => String(f.properties.name)),
      );
    const showMountain = (page: Page) =>
      page.evaluate(() => window.__lookout!.map!.jumpTo({ center: [120.068, 28.95], zoom: 13 }));

    const page = await (await newContext()).newPage();
    await login(page, account('commander'));
    await waitForIdle(page);
    const howTo = page.locator('[data-testid=basemap-howto]');
    await howTo.filter({ hasText: 'npm run lookout -- basemap build' }).filter({ hasText: 'terrain build' }).waitFor();
    expect(await page.locator('[data-testid=basemap-badge]').getAttribute('title')).toContain('data/basemap/');
    // The grid is on by default over the sketch map, and can be turned off.
    await expect.poll(() => page.locator('[data-testid=grid-toggle]').getAttribute('aria-pressed')).toBe('true');
    await showMountain(page);
    await expect.poll(() => namesGiven(page), { timeout: 30_000 }).toContain('笔架山');
    // Drones and sightings win label collisions, so not every name is drawn where the demo flies.
    await expect.poll(async () => (await namesDrawn(page)).length).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => page.evaluate(() => window.__lookout!.map!.queryRenderedFeatures({ layers: ['grid-line'] }).length))
      .toBeGreaterThan(0);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-desktop-first-look-zh.png') });
    await page.locator('[data-testid=grid-toggle]').click();
    await expect.poll(() => page.locator('[data-testid=grid-toggle]').getAttribute('aria-pressed')).toBe('false');

    await page.context().close();

    // On a phone the names and the grid stay; the server-side how-to is not for the officer's small screen.
    const p = await (await newContext(PHONE)).newPage();
    await login(p, account('commander'));
    await waitForIdle(p);
    await showMountain(p);
    await expect.poll(() => namesGiven(p), { timeout: 30_000 }).toContain('笔架山');
    await expect.poll(async () => (await namesDrawn(p)).length).toBeGreaterThan(0);
    await expect.poll(() => p.locator('[data-testid=basemap-howto]').isVisible()).toBe(false);
    await settle(p);
    await p.screenshot({ path: path.join(SHOTS, 'map-phone-first-look-zh.png') });
  }, 300_000);

  it('lets an admin register a drone and shows its credentials once', async () => {
    const p = await (await newContext()).newPage();
    await login(p, account('admin'));
    await p.locator('.topbar-nav').getByRole('button', { name: '管理', exact: true }).click();
    await p.locator('.adm-tabs [data-tab=drones][aria-selected=true]').waitFor();
    await p.locator('input[name=callsign]').fill(`E2E-${Date.now() % 10_000}`);
    await p.locator('.admin-page button[type=submit]').click();
    const creds = p.locator('[data-testid=drone-creds]');
    await creds.waitFor();
    await expect.poll(() => creds.textContent()).toContain('只显示这一次');
    await expect.poll(() => creds.locator('code').count()).toBe(3);
    await p.screenshot({ path: path.join(SHOTS, 'admin-desktop-zh.png') });
    console.log(
      `e2e server ready ${readyMs} ms after spawn; map idle ${firstIdleMs} ms after spawn, ${loginToIdleMs} ms after the login click`,
    );
  }, 300_000);

  it('shows a PMTiles basemap dropped into data/basemap/', async () => {
    const page = await openMap();
    const dir = path.join(dataDir, 'basemap');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'e2e.pmtiles');
    writeFileSync(file, pmtilesArchive(tilePng([225, 215, 240])));
    await page.reload();
    await waitForIdle(page);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.basemap)).toBe('pmtiles-raster');
    await expect.poll(() => page.locator('[data-testid=basemap-badge]').count()).toBe(0);
    expect(await page.evaluate(() => window.__lookout!.errors)).toEqual([]);
    // The archive's tile was read through the pmtiles protocol (Range requests to the server) without an error.
    await expect.poll(() => page.evaluate(() => window.__lookout!.map!.isSourceLoaded('basemap'))).toBe(true);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-desktop-pmtiles-zh.png') });
    rmSync(file);
    await page.reload();
    await waitForIdle(page);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.basemap)).toBe('fallback');
  }, 300_000);

  it('says when the connection drops and resumes when the server is back', async () => {
    const page = await openMap();
    await expect
      .poll(() => page.locator('.topbar [data-conn]').getAttribute('data-conn'), { timeout: 30_000 })
      .toBe('connected');
    // The overview of the drones with their trails.
    await page.evaluate(() => {
      const map = window.__lookout!.map!;
      const pts = map
        .queryRenderedFeatures({ layers: ['drones-symbol'] })
        .map((f) => (f.geometry as unknown as { coordinates: [number, number] }).coordinates);
      if (pts.length === 0) return;
      const lons = pts.map((p) => p[0]);
      const lats = pts.map((p) => p[1]);
      map.fitBounds(
        [
          [Math.min(...lons), Math.min(...lats)],
          [Math.max(...lons), Math.max(...lats)],
        ],
        { padding: 200, maxZoom: 14, duration: 0 },
      );
    });
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-desktop-zh.png') });
    await stopServer();
    await expect
      .poll(() => page.locator('.topbar [data-conn]').getAttribute('data-conn'), { timeout: 30_000 })
      .toBe('reconnecting');
    await expect.poll(() => page.locator('.conn-text').textContent()).toBe('正在重连…');
    // After 20 s without a connection: "离线 自 HH:MM".
    await expect
      .poll(() => page.locator('.conn-text').textContent(), { timeout: 40_000, interval: 1000 })
      .toMatch(/^离线 自 \d\d:\d\d$/);
    // With no fixes for longer than staleAfterS, the drones turn grey and say how long ago they reported.
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              window
                .__lookout!.map!.queryRenderedFeatures({ layers: ['drones-symbol'] })
                .filter((f) => f.properties.stale === true && String(f.properties.label).includes('秒前')).length,
          ),
        { timeout: 60_000, interval: 1000 },
      )
      .toBeGreaterThanOrEqual(3);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-desktop-offline-zh.png') });

    // Restart with a configured XYZ basemap, served by a tile server on localhost.
    const png = tilePng();
    tileServer = createHttpServer((_req, res) => {
      tileRequests++;
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      res.end(png);
    });
    const tilePort = await freePort();
    await new Promise<void>((r) => tileServer!.listen(tilePort, '127.0.0.1', () => r()));
    await startServer(true, {
      BASEMAP_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
      BASEMAP_ATTRIBUTION: 'e2e tiles',
    });
    await expect
      .poll(() => page.locator('.topbar [data-conn]').getAttribute('data-conn'), { timeout: 60_000 })
      .toBe('connected');
    const before = await renderedDrones(page);
    await expect
      .poll(
        async () => {
          const now = await renderedDrones(page);
          return Object.entries(now).filter(([id, c]) => {
            const b = before[id];
            return b && (b[0] !== c[0] || b[1] !== c[1]);
          }).length;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBeGreaterThanOrEqual(1);

    // The basemap is read when the map is created: after a reload the map shows the configured tiles, no badge.
    await page.reload();
    await waitForIdle(page);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.basemap)).toBe('xyz');
    expect(tileRequests).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=basemap-badge]').count()).toBe(0);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-desktop-xyz-zh.png') });
  }, 600_000); // a stop, 20 s offline, stale drones, a restart and a reload, each slow on a loaded machine
});
