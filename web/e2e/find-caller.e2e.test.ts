/**
 * Finding the caller end to end through a real browser (Debian chromium via playwright-core) against the real server
 * (embedded PGlite + aedes + bridge + simulator, fresh data folder, free ports):
 * - the caller page with geolocation granted at a fixed position, on localhost and on a throttled link
 *   (≈50 kB/s, 500 ms RTT), then with the permission denied, and with unknown and revoked links;
 * - the officer view on a 360×640 phone: moving position uploaded, the assignment arriving live, status buttons;
 * - a liaison opening the officer view is refused;
 * - the commander's case panel.
 * Each test opens its own case (and seeds its caller fixes) through the API and can run alone.
 * Prints `caller-page bytes=… bytes_gz=… localhost_fix_ms=… throttled_fix_ms=…` and saves screenshots to
 * docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP, mapReady, SHOTS, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { ROOT, type Api } from './lookout-process.ts';
import { callerFix, newOfficer } from './seed.ts';

const WEB = path.join(ROOT, 'web');
/** 三渡溪水库 on 笔架山, roughly: where the story of these tests happens. */
const CALLER = { latitude: 28.9512, longitude: 120.0731, accuracy: 80 };
const CASE_TITLE = '笔架山 三渡溪水库 三名登山者走失';
const figures: Record<string, number> = {};

async function openCase(api: Api, title: string): Promise<string> {
  const r = await api<{ case: { id: string } }>('POST', '/cases', {
    kind: 'lost_person',
    title,
    reporterPhone: '13800000000',
    subjectCount: 3,
    subjectCategory: 'hiker',
    terrain: 'temperate_mountain',
    ipp: { lon: 120.068, lat: 28.948, datum: 'wgs84' },
  });
  expect(r.status).toBe(201);
  return r.body.case.id;
}

async function createLink(api: Api, caseId: string): Promise<{ id: string; url: string }> {
  const r = await api<{ id: string; url: string; smsText: string }>('POST', `/cases/${caseId}/location-links`, {
    phone: '13800000000',
  });
  expect(r.status).toBe(201);
  expect(r.body.smsText).toContain(r.body.url);
  return r.body;
}

interface CallerFeature {
  geometry: { coordinates: [number, number] };
  properties: { source: string; accuracyM: number; battery?: number | null };
}
async function callerFixes(api: Api, caseId: string): Promise<CallerFeature[]> {
  const r = await api<{ callerLocations: { features: CallerFeature[] } }>('GET', `/cases/${caseId}`);
  expect(r.status).toBe(200);
  return r.body.callerLocations.features;
}

interface CallerProbe {
  requestedAt: number | null;
  firstFixAt: number | null;
  storedAt: number | null;
  posts: number;
  stored: number;
  retries: number;
  state: string;
}

/** Opens the caller page and waits until the first fix is stored; returns the page's own timings and bytes. */
async function runCallerPage(ctx: BrowserContext, url: string, throttle: boolean) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 500,
      downloadThroughput: 50 * 1024,
      uploadThroughput: 50 * 1024,
    });
  }
  let encoded = 0;
  const urls: string[] = [];
  cdp.on('Network.responseReceived', (e: { response: { url: string } }) => urls.push(e.response.url));
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (encoded += e.encodedDataLength));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t0 = Date.now();
  await page.goto(url);
  await page.locator('#status[data-state=sent]').waitFor({ timeout: 60_000 });
  const openToStoredMs = Date.now() - t0;
  const probe = (await page.evaluate(() => window.__caller)) as CallerProbe;
  expect(errors).toEqual([]);
  return { page, probe, openToStoredMs, encoded, urls };
}

describe('find the caller in a real browser', () => {
  // A local XYZ basemap (on by default), so the officer's phone has tiles to keep for offline use.
  const e2e = startE2eLookout({
    name: 'caller',
    roles: ['commander', 'officer', 'liaison', 'admin'],
    viewport: 'phone',
  });
  let commander: Api;
  /** A case of this test (its own caller fixes and links). */
  const newCase = async (title = CASE_TITLE): Promise<string> => {
    commander = await e2e.api('commander');
    return openCase(commander, title);
  };

  afterAll(() => {
    const line = ['bytes', 'bytes_gz', 'localhost_fix_ms', 'throttled_fix_ms', 'localhost_open_ms', 'throttled_open_ms']
      .filter((k) => figures[k] !== undefined)
      .map((k) => `${k}=${figures[k]}`)
      .join(' ');
    console.log(`caller-page ${line}`);
  });

  it('caller page: the first fix is stored at once and the caller is told so (localhost)', async () => {
    const caseId = await newCase();
    const link = await createLink(commander, caseId);
    const ctx = await e2e.newContext({ ...PHONE, geolocation: CALLER, permissions: ['geolocation'] });
    const { page, probe, openToStoredMs, encoded, urls } = await runCallerPage(ctx, link.url, false);
    await expect.poll(() => page.locator('#status-main').textContent()).toBe('位置已发送 ±80 米');
    // The numbers the caller would read out, in 度分秒 and decimal.
    await expect.poll(() => page.locator('#lat-dms').textContent()).toBe('北纬 28°57′04.3″');
    await expect.poll(() => page.locator('#lon-dms').textContent()).toBe('东经 120°04′23.2″');
    await expect.poll(() => page.locator('#decimal').textContent()).toBe('28.951200, 120.073100');

    const fixes = await callerFixes(commander, caseId);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.properties.source).toBe('link');
    expect(fixes[0]!.properties.accuracyM).toBe(80);
    expect(fixes[0]!.geometry.coordinates[0]).toBeCloseTo(CALLER.longitude, 6);
    expect(fixes[0]!.geometry.coordinates[1]).toBeCloseTo(CALLER.latitude, 6);

    // One document, nothing else fetched but the post itself.
    expect(urls.filter((u) => !u.includes('/api/v1/public/locate/'))).toEqual([link.url]);
    const html = readFileSync(path.join(WEB, 'dist-caller/index.html'));
    figures.bytes = encoded;
    figures.bytes_gz = gzipSync(html, { level: 6 }).length;
    expect(figures.bytes_gz).toBeLessThanOrEqual(30 * 1024);
    figures.localhost_fix_ms = Math.round(probe.storedAt! - probe.requestedAt!);
    figures.localhost_open_ms = openToStoredMs;
    await page.screenshot({ path: path.join(SHOTS, 'caller-phone-sent-zh.png') });
    await ctx.close();
  }, 180_000);

  it('caller page: a throttled link (50 kB/s, 500 ms RTT) still delivers the first fix', async () => {
    const caseId = await newCase();
    const link = await createLink(commander, caseId);
    const ctx = await e2e.newContext({
      ...PHONE,
      geolocation: { ...CALLER, latitude: CALLER.latitude + 0.001 },
      permissions: ['geolocation'],
    });
    const before = (await callerFixes(commander, caseId)).length;
    const { probe, openToStoredMs } = await runCallerPage(ctx, link.url, true);
    expect(await callerFixes(commander, caseId)).toHaveLength(before + 1);
    figures.throttled_fix_ms = Math.round(probe.storedAt! - probe.requestedAt!);
    figures.throttled_open_ms = openToStoredMs;
    // Three round trips at least: the page, then the post (with its preflight-free JSON body).
    expect(openToStoredMs).toBeGreaterThanOrEqual(1000);
    await ctx.close();
  }, 180_000);

  it('caller page: a large move is posted at once, and a repeated key stores nothing twice', async () => {
    const caseId = await newCase();
    const link = await createLink(commander, caseId);
    const ctx = await e2e.newContext({ ...PHONE, geolocation: CALLER, permissions: ['geolocation'] });
    const { page } = await runCallerPage(ctx, link.url, false);
    const before = (await callerFixes(commander, caseId)).length;
    await ctx.setGeolocation({ latitude: CALLER.latitude + 0.003, longitude: CALLER.longitude, accuracy: 30 }); // ≈ 330 m north
    await expect
      .poll(async () => (await page.evaluate(() => window.__caller as CallerProbe)).stored, { timeout: 30_000 })
      .toBe(2);
    await expect.poll(() => page.locator('#status-main').textContent()).toBe('位置已发送 ±30 米');
    expect(await callerFixes(commander, caseId)).toHaveLength(before + 1);
    // The server's side of the retry contract: the same idempotency key twice stores one row.
    const token = new URL(link.url).pathname.split('/').pop()!;
    const body = { lat: 28.96, lon: 120.08, accuracy: 50, t: Date.now(), idempotencyKey: 'e2e-same-key' };
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${e2e.baseUrl}/api/v1/public/locate/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status).toBe(201);
    }
    expect(await callerFixes(commander, caseId)).toHaveLength(before + 2);
    await ctx.close();
  }, 180_000);

  it('caller page: permission denied says what to do', async () => {
    const caseId = await newCase();
    const link = await createLink(commander, caseId);
    const ctx = await e2e.newContext({ ...PHONE });
    const page = await ctx.newPage();
    await page.goto(link.url);
    await page.locator('#status[data-state=error]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('#status-main').textContent()).toBe('您没有允许获取位置。');
    await expect.poll(() => page.locator('#help').textContent()).toContain('110');
    await expect.poll(() => page.locator('#retry').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'caller-phone-denied-zh.png') });
    await ctx.close();
  }, 180_000);

  it('caller page: unknown and revoked links say so', async () => {
    const ctx = await e2e.newContext({ ...PHONE, geolocation: CALLER, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    await page.goto(`${e2e.baseUrl}/l/${'A'.repeat(43)}`);
    await page.locator('#status[data-state=error]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('#status-main').textContent()).toBe('链接无效（可能没有复制完整）。');

    const caseId = await newCase();
    const link = await createLink(commander, caseId);
    expect((await commander('POST', `/location-links/${link.id}/revoke`)).status).toBe(200);
    await page.goto(link.url);
    await page.locator('#status[data-state=error]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('#status-main').textContent()).toBe('此链接已过期或已被撤回。');
    await expect.poll(() => page.locator('#help').textContent()).toContain('110');
    await page.screenshot({ path: path.join(SHOTS, 'caller-phone-revoked-zh.png') });
    await ctx.close();
  }, 180_000);

  it('officer view: own position uploaded, the assignment arrives live, status buttons set the clocks', async () => {
    const start = { latitude: 28.945, longitude: 120.07, accuracy: 8 };
    // The orientation sensors too: the compass asks for them (DeviceOrientationEvent.requestPermission).
    const ctx = await e2e.newContext({
      ...PHONE,
      geolocation: start,
      permissions: ['geolocation', 'accelerometer', 'gyroscope', 'magnetometer'],
    });
    const caseId = await newCase();
    // His target: the caller's fix, as the caller page stores it.
    await callerFix(e2e, caseId, { lon: CALLER.longitude, lat: CALLER.latitude }, CALLER.accuracy);
    // An officer of our own: the demo scenario walks and dispatches the demo officer, which would mix into this
    // test's positions and assignment.
    const officer = await newOfficer(e2e, 'E2E 民警');
    const page = await ctx.newPage();
    await e2e.login(page, officer.account);
    const view = page.locator('[data-testid=officer-page]');
    await view.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('[data-testid=officer-card]').textContent(), { timeout: 30_000 })
      .toContain('暂无任务');
    // The live socket is up before the dispatch, so the assignment can only arrive through it (or the 30 s poll).
    await expect
      .poll(() => page.locator('.topbar [data-conn]').getAttribute('data-conn'), { timeout: 30_000 })
      .toBe('connected');

    // The officer's position reaches the server (GET /units shows it).
    interface UnitRow {
      id: string;
      userId: string;
      callsign: string;
      position: { lon: number; lat: number } | null;
    }
    const officerUserId = (await officer.api<{ user: { id: string } }>('GET', '/auth/me')).body.user.id;
    const officerUnit = async () =>
      (await commander<{ units: UnitRow[] }>('GET', '/units')).body.units.find((u) => u.userId === officerUserId);
    await expect
      .poll(async () => (await officerUnit())?.position?.lat ?? null, { timeout: 30_000 })
      .toBeCloseTo(start.latitude, 5);
    const unit = (await officerUnit())!;

    // The commander assigns him to the caller's fix; his phone shows it without a reload.
    const fixes = (
      await commander<{
        callerLocations: { features: { geometry: { coordinates: [number, number] }; properties: { id: number } }[] };
      }>('GET', `/cases/${caseId}`)
    ).body.callerLocations.features;
    const ref = fixes.find((f) => Math.abs(f.geometry.coordinates[1] - CALLER.latitude) < 1e-7)!.properties.id;
    const dispatchedAt = Date.now();
    const a = await commander<{ id: string; target: { lon: number; lat: number } }>(
      'POST',
      `/cases/${caseId}/assignments`,
      {
        unitId: unit.id,
        target: { kind: 'caller_location', ref },
      },
    );
    expect(a.status).toBe(201);
    await expect.poll(() => view.getAttribute('data-assignment'), { timeout: 35_000 }).toBe(a.body.id);
    const liveMs = Date.now() - dispatchedAt;
    // The tiles around the target are saved for offline use as soon as the assignment arrives (z12–16, ±1.5 km).
    const saved = page.locator('[data-testid=download-state]');
    await expect.poll(() => saved.textContent(), { timeout: 60_000 }).toMatch(/已存本区域 \d+ 张图块/);
    const savedCount = Number(/(\d+)/.exec((await saved.textContent())!)![1]);
    expect(savedCount).toBeGreaterThan(50);
    const cachedTiles = await page.evaluate(async () => (await (await caches.open('lookout-tiles-v1')).keys()).length);
    expect(cachedTiles).toBeGreaterThanOrEqual(savedCount);
    console.log(`officer-view area_tiles=${savedCount} cached_tiles=${cachedTiles}`);
    const viaSocket = (await view.getAttribute('data-arrived-live')) === 'true';
    console.log(`officer-view assignment_arrival_ms=${liveMs} via=${viaSocket ? 'socket' : 'poll'}`);

    // Distance and bearing to the target, against turf's numbers for the same two points (computed in the page).
    const distance = page.locator('[data-testid=officer-distance]');
    await distance.waitFor();
    await expect.poll(async () => Number(await distance.getAttribute('data-m'))).toBeGreaterThan(600);
    const d0 = Number(await distance.getAttribute('data-m'));
    expect(d0).toBeLessThan(800);
    const bearingEl = page.locator('[data-testid=officer-bearing]');
    await expect.poll(async () => Number(await bearingEl.getAttribute('data-deg'))).toBeGreaterThan(20);
    const bearing = Number(await bearingEl.getAttribute('data-deg'));
    expect(bearing).toBeLessThan(40);

    // The compass: the browser asks for permission (DeviceOrientationEvent.requestPermission, iOS and this
    // Chromium) on a tap; then the phone turned to face west (an absolute orientation event, alpha
    // counter-clockwise from north = 90°, heading 270°) turns the arrow so it still points at the target.
    const arrow = page.locator('.officer-arrow');
    await expect.poll(async () => Number(await arrow.getAttribute('data-rotation'))).toBe(Math.round(bearing));
    const hasPermissionApi = await page.evaluate(
      () => typeof (DeviceOrientationEvent as unknown as { requestPermission?: unknown }).requestPermission,
    );
    if (hasPermissionApi === 'function') await page.locator('[data-testid=compass-enable]').click();
    await page.waitForTimeout(200);
    await page.evaluate(() => {
      const name = 'ondeviceorientationabsolute' in window ? 'deviceorientationabsolute' : 'deviceorientation';
      window.dispatchEvent(new DeviceOrientationEvent(name, { alpha: 90, beta: 10, gamma: 0, absolute: true }));
    });
    await expect
      .poll(async () => Number(await arrow.getAttribute('data-rotation')), { timeout: 30_000 })
      .toBe(Math.round((bearing + 90) % 360));
    await page.locator('[data-testid=compass-on]').waitFor();

    // He walks up the hill: the distance shrinks and the new position is uploaded.
    await ctx.setGeolocation({ latitude: 28.949, longitude: 120.072, accuracy: 6 });
    await expect
      .poll(async () => Number(await distance.getAttribute('data-m')), { timeout: 30_000 })
      .toBeLessThan(d0 - 300);
    await expect
      .poll(async () => (await officerUnit())?.position?.lat ?? null, { timeout: 30_000 })
      .toBeCloseTo(28.949, 5);

    // Follow-me: a pan breaks it, the button restores it.
    await expect.poll(() => view.getAttribute('data-follow')).toBe('following');
    // A one-finger pan, as on the phone (touch events through the DevTools protocol).
    await expect.poll(() => view.getAttribute('data-map-ready')).toBe('true');
    const box = (await page.locator('.map-view').boundingBox())!;
    const touch = await ctx.newCDPSession(page);
    const [x, y] = [box.x + box.width * 0.3, box.y + box.height * 0.55]; // clear of the cards and buttons
    const pan = async () => {
      await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      for (let i = 1; i <= 8; i++) {
        await touch.send('Input.dispatchTouchEvent', {
          type: 'touchMove',
          touchPoints: [{ x: x + i * 12, y: y + i * 6 }],
        });
        await page.waitForTimeout(16);
      }
      await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      return expect
        .poll(() => view.getAttribute('data-follow'), { timeout: 3000 })
        .toBe('free')
        .then(() => true)
        .catch(() => false);
    };
    let attempts = 1;
    let broke = await pan();
    // A gesture that lands while the map is still easing to the last fix can be taken by MapLibre as "stop the
    // animation"; a phone user would simply swipe again.
    while (!broke && attempts < 3) {
      attempts++;
      broke = await pan();
    }
    if (attempts > 1) console.log(`follow-me broke after ${attempts} pans (broke=${broke})`);
    expect(broke).toBe(true);
    await page.locator('[data-testid=recenter]').click();
    await expect.poll(() => view.getAttribute('data-follow')).toBe('following');

    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, 'officer-phone-zh.png') });

    // 出发 then 到达: each reaches the server with its idempotency key.
    await page.locator('button[data-status=en_route]').click();
    await expect
      .poll(
        async () =>
          (
            await commander<{ assignments: { id: string; status: string }[] }>('GET', `/cases/${caseId}`)
          ).body.assignments.find((x) => x.id === a.body.id)?.status,
        { timeout: 30_000 },
      )
      .toBe('en_route');

    // Offline: 到达 waits in the outbox, counted on screen, and goes out when the network is back.
    await ctx.setOffline(true);
    await page.locator('button[data-status=on_scene]').click();
    await expect
      .poll(async () => Number(await page.locator('[data-testid=officer-queue]').getAttribute('data-count')), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('[data-testid=officer-queue]').textContent()).toMatch(/待发送 \d+ 条/);
    await page.screenshot({ path: path.join(SHOTS, 'officer-phone-offline-zh.png') });
    await ctx.setOffline(false);
    await expect
      .poll(async () => Number(await page.locator('[data-testid=officer-queue]').getAttribute('data-count')), {
        timeout: 40_000,
      })
      .toBe(0);
    await expect
      .poll(
        async () =>
          (
            await commander<{ assignments: { id: string; status: string }[] }>('GET', `/cases/${caseId}`)
          ).body.assignments.find((x) => x.id === a.body.id)?.status,
        { timeout: 30_000 },
      )
      .toBe('on_scene');

    // Share the target as text (decimal + 度分秒) and a QR code.
    await page.locator('[data-testid=share-target]').click();
    const dialog = page.locator('[data-testid=share-dialog]');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain('28.951200, 120.073100');
    await expect.poll(() => dialog.textContent()).toContain('北纬 28°57′04.3″，东经 120°04′23.2″');
    await expect.poll(() => dialog.locator('svg').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'officer-phone-share-zh.png') });
    await dialog.locator('button', { hasText: '关闭' }).click();

    // The service worker keeps the app shell and the officer's own data: a reload without any network still shows
    // the view, the target, the distance and the arrow.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload(); // now under the worker's control, so what the view fetches is cached as it goes
    await page.locator('[data-testid=officer-distance]').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(async () => (await caches.keys()).sort()), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['lookout-data-v1', 'lookout-shell-v1']));
    // Go offline only once the map has fetched (and the worker cached) every tile of the view the reload shows:
    // the map is idle with the target drawn and no tile was asked for during the last two seconds.
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await expect
      .poll(() => page.evaluate(() => window.__lookout!.map!.querySourceFeatures('officer-target').length), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(1);
    let tilesSeen = -1;
    await expect
      .poll(
        async () => {
          const settled =
            e2e.tileRequests.length === tilesSeen &&
            (await page.evaluate(() => window.__lookout!.map!.areTilesLoaded()));
          tilesSeen = e2e.tileRequests.length;
          return settled;
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(true);
    await ctx.setOffline(true);
    await page.reload();
    await page.locator('[data-testid=officer-distance]').waitFor({ timeout: 30_000 });
    await expect.poll(() => view.getAttribute('data-assignment')).toBe(a.body.id);
    // The map too: basemap tiles, own position and the target, all from the phone's caches.
    const tilesBefore = e2e.tileRequests.length;
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.basemap)).toBe('xyz');
    await expect.poll(() => page.evaluate(() => window.__lookout!.map!.isSourceLoaded('basemap'))).toBe(true);
    // A loaded machine can leave the view after the reload a pixel off the one cached before it: a tile or two at
    // its edge then fail offline (MapLibre's AJAXError). Anything else is an error; most of the view is cached.
    const mapErrors = await page.evaluate(() => window.__lookout!.errors);
    const edgeTiles = mapErrors.filter((m) => /^AJAXError: Failed to fetch \(0\): .*\/\d+\/\d+\/\d+\.png$/.test(m));
    expect(mapErrors.filter((m) => !edgeTiles.includes(m))).toEqual([]);
    expect(edgeTiles.length).toBeLessThanOrEqual(4);
    expect(e2e.tileRequests.length).toBe(tilesBefore);
    await expect
      .poll(() => page.evaluate(() => window.__lookout!.map!.querySourceFeatures('officer-target').length), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(SHOTS, 'officer-phone-offline-reload-zh.png') });
    await ctx.setOffline(false);
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('case panel: a commander opens the case, sees the rings and the caller fixes, enters a location, makes a link', async () => {
    // A case with three fixes from the caller's phone, as the caller page sends them while he moves.
    const title = '笔架山 三渡溪水库 三名登山者走失（案件面板）';
    const caseId = await newCase(title);
    for (const dLat of [0, 0.001, 0.003]) {
      await callerFix(e2e, caseId, { lon: CALLER.longitude, lat: CALLER.latitude + dLat }, CALLER.accuracy);
    }
    const page = await e2e.newPage('commander', '', PHONE);
    await mapReady(page);
    await page.locator('[data-testid=cases-toggle]').click();
    const panel = page.locator('[data-testid=cases-panel]');
    await panel.locator('button', { hasText: title }).click();
    const detail = page.locator('[data-testid=case-detail]');
    await detail.waitFor({ timeout: 30_000 });
    // ISRID rings with their percentages and the source cited; drawn on the map too.
    const rings = detail.locator('[data-testid=rings-section]');
    await expect.poll(() => rings.textContent()).toMatch(/25%.*50%|95%/);
    await expect.poll(() => rings.textContent()).toContain('Koester');
    await expect
      .poll(() => page.evaluate(() => window.__lookout!.map!.querySourceFeatures('case-rings').length), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(4);
    // The caller's fixes, on the map with their accuracy circles.
    await expect
      .poll(() => page.evaluate(() => window.__lookout!.map!.querySourceFeatures('case-caller').length), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(3);

    // A location typed by staff: a bad string shows the server's reason; a good one is added.
    const manual = detail.locator('[data-testid=manual-section]');
    await manual.locator('textarea').fill('在水库边上');
    await manual.locator('button.primary').click();
    await manual.locator('[data-testid=manual-error]').waitFor({ timeout: 30_000 });
    const before = (await callerFixes(commander, caseId)).length;
    await manual.locator('textarea').fill('28°57′02″N 120°04′21″E');
    await manual.locator('select').selectOption('wgs84');
    await manual.locator('button.primary').click();
    await expect.poll(async () => (await callerFixes(commander, caseId)).length, { timeout: 30_000 }).toBe(before + 1);

    // A location link: SMS text to send, copy button and QR code.
    const linkSection = detail.locator('[data-testid=link-section]');
    await linkSection.locator('button.primary').click();
    const result = linkSection.locator('[data-testid=link-result]');
    await result.waitFor({ timeout: 30_000 });
    await expect.poll(() => result.locator('textarea').inputValue()).toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
    await expect.poll(() => result.locator('svg').count()).toBe(1);

    await detail.locator('[data-testid=rings-section]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'cases-phone-zh.png') });
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'cases-phone-link-zh.png') });
    expect(e2e.errors).toEqual([]);
    await page.context().close();

    // On a desktop the panel sits beside the map.
    const dp = await e2e.newPage('commander', '', DESKTOP);
    await mapReady(dp);
    await dp.locator('[data-testid=cases-toggle]').click();
    await dp.locator('[data-testid=cases-panel] button', { hasText: title }).click();
    await dp.locator('[data-testid=case-detail]').waitFor({ timeout: 30_000 });
    await dp.waitForTimeout(1000);
    await dp.screenshot({ path: path.join(SHOTS, 'cases-desktop-zh.png') });
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('a liaison opening the officer view is refused', async () => {
    const page = await e2e.newPage('liaison', '#/officer', PHONE);
    await page.locator('[data-testid=officer-forbidden]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid=officer-forbidden]').textContent()).toContain('仅限民警');
    const liaison = await e2e.api('liaison');
    expect((await liaison('GET', '/me/assignment')).status).toBe(403);
  }, 180_000);
});
