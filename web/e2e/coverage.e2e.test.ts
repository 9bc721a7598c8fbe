/**
 * Camera coverage in Debian's Chromium against the real server (embedded PGlite + aedes, a fresh data folder, a
 * local basemap): a drone attached to a case flies a lawnmower over the west half of the 50 % ring, its fixes
 * (with a height above ground) sent over MQTT like a real drone's; the commander's map fills the ground it saw by
 * band and hatches the rest of the ring red (未覆盖), the case panel gives the ring's covered share and POD, a
 * click on a gap and 建议航线 draws a lawnmower over it; the pilot's phone shows the same; the board's row gives
 * the 50 % ring's coverage; the replay shows the coverage as it stood at the slider's time; a panel open while the
 * drone flies follows it live (the server's coverage_changed), long before the page's 60 s fallback poll. A DJI
 * aircraft whose gateway says it streams its thermal camera counts that camera's narrower footprint, in the 热成像
 * column.
 * Screenshots: docs/screenshots/coverage-*.png.
 */
import { randomUUID } from 'node:crypto';
import { djiTopics } from '@lookout/drone-bridge';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { djiGateway } from './dji-gateway.ts';
import { clickMapAt, mapReady, openReplay, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { offset, openCase } from './seed.ts';

const e2e = startE2eLookout({ name: 'coverage', roles: ['pilot', 'commander', 'admin'] });

/** Away from the demo's place; a child of 1–3 in the mountains: the 50 % ring is 300 m across the IPP. */
const BASE = { lon: 120.236, lat: 29.021 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Fix {
  lon: number;
  lat: number;
  altRel: number;
  hdg: number;
}

/** North–south passes `spacingM` apart from `fromEastM` to `toEastM`, every 20 m, at a height above ground. */
function lawnmower(fromEastM: number, toEastM: number, spacingM: number, altRel: number): Fix[] {
  const fixes: Fix[] = [];
  let north = true;
  for (let e = fromEastM; e <= toEastM; e += spacingM) {
    for (let i = 0; i <= 32; i++) {
      const n = north ? -320 + i * 20 : 320 - i * 20;
      fixes.push({ ...offset(BASE, e, n), altRel, hdg: north ? 0 : 180 });
    }
    north = !north;
  }
  return fixes;
}

/** A case with an IPP, a fresh drone the pilot joins it with, and the drone's lawnmower sent over MQTT. */
async function seedFlight(
  title: string,
  /** Runs once the drone is attached, before it flies. */
  beforeFlying?: (caseId: string) => Promise<void>,
): Promise<{ caseId: string; droneId: string; fixes: number }> {
  const caseId = await openCase(e2e, title, {
    subjectCategory: 'child_1_3',
    terrain: 'temperate_mountain',
    ipp: { ...BASE, datum: 'wgs84' },
  });
  const admin = await e2e.api('admin');
  const drone = await admin<{ id: string; mqtt: { url: string; username: string; password: string } }>(
    'POST',
    '/drones',
    { callsign: `覆盖-${randomUUID().slice(0, 4)}` },
  );
  expect(drone.status, JSON.stringify(drone.body)).toBe(201);
  const joined = await (await e2e.api('pilot'))('POST', `/cases/${caseId}/drones`, { droneId: drone.body.id });
  expect(joined.status, JSON.stringify(joined.body)).toBeLessThan(300);
  // Fixes count from the moment the drone was attached: stamp them just after it, all in the past when sent.
  const attachedAt = Date.now();
  await beforeFlying?.(caseId);
  await sleep(Math.max(0, attachedAt + 3000 - Date.now()));
  const path = [...lawnmower(-290, -150, 70, 55), ...lawnmower(-60, -60, 70, 100)];
  const client = await mqtt.connectAsync(drone.body.mqtt.url, {
    clientId: drone.body.mqtt.username,
    username: drone.body.mqtt.username,
    password: drone.body.mqtt.password,
    protocolVersion: 4,
  });
  const stamped = path.map((f, i) => ({
    v: 1,
    id: randomUUID(),
    t: new Date(attachedAt + 200 + i * 10).toISOString(),
    src: 'sim',
    lon: f.lon,
    lat: f.lat,
    altMsl: 400 + f.altRel,
    altRel: f.altRel,
    hdg: f.hdg,
    gs: 8,
    bat: 80,
  }));
  for (let i = 0; i < stamped.length; i += 50) {
    await client.publishAsync(
      `lookout/v1/drones/${drone.body.id}/telemetry`,
      JSON.stringify({ v: 1, fixes: stamped.slice(i, i + 50) }),
      { qos: 1 },
    );
  }
  await client.endAsync();
  return { caseId, droneId: drone.body.id, fixes: stamped.length };
}

/** The server has counted the flight (its coverage worker follows new fixes). */
async function coverageCounted(caseId: string, fixes: number): Promise<void> {
  const commander = await e2e.api('commander');
  await expect
    .poll(
      async () =>
        (await commander<{ counted: { fixes: number } }>('GET', `/cases/${caseId}/coverage`)).body.counted?.fixes ?? 0,
      { timeout: 90_000, interval: 1000 },
    )
    .toBeGreaterThanOrEqual(fixes);
}

/** The commander's map with the case's panel open. */
async function commanderOnCase(title: string): Promise<Page> {
  const page = await e2e.newPage('commander', '#/map');
  await mapReady(page);
  await page.getByTestId('cases-toggle').click();
  await page.locator('.cases-list button', { hasText: title }).click();
  await page.locator('[data-testid=case-detail] h3', { hasText: title }).waitFor();
  return page;
}

/** How many features of a kind the coverage layer has drawn. */
function drawn(page: Page, layer: string): Promise<number> {
  return page.evaluate((l) => {
    const map = window.__lookout!.map!;
    return map.getLayer(l) ? map.queryRenderedFeatures({ layers: [l] }).length : 0;
  }, layer);
}

/** The 50 % ring's covered share in the case panel, as a number of percent (-1 while it is not shown). */
async function ringShare(page: Page): Promise<number> {
  const cell = page.locator('[data-testid=coverage-row][data-ref="50"] [data-testid=coverage-share]');
  if ((await cell.count()) === 0) return -1;
  const text = (await cell.textContent()) ?? '';
  return text.startsWith('<') ? 0.5 : Number.parseFloat(text);
}

/** The whole 50 % ring in view (west of the panel on the desk). */
async function frameRing(page: Page, padding: { top: number; bottom: number; left: number; right: number }) {
  await page.evaluate(
    ({ b, padding }) => {
      const map = window.__lookout!.map!;
      map.fitBounds(
        [
          [b.lon - 0.0042, b.lat - 0.0032],
          [b.lon + 0.0042, b.lat + 0.0032],
        ],
        { padding, duration: 0 },
      );
    },
    { b: BASE, padding },
  );
  await page.waitForTimeout(1500);
}

describe('camera coverage', () => {
  it('fills what the drone saw on the commander’s map, gives the share and POD, and plans a flight over a gap', async () => {
    const title = `覆盖 ${randomUUID().slice(0, 4)} 幼儿走失`;
    const flight = await seedFlight(title);
    await coverageCounted(flight.caseId, flight.fixes);

    const page = await commanderOnCase(title);

    // The panel: the 50 % ring partly covered, with a POD; the map: covered ground and gaps drawn.
    await page.getByTestId('coverage-section').scrollIntoViewIfNeeded();
    await expect.poll(() => ringShare(page), { timeout: 60_000 }).toBeGreaterThan(0);
    const pod = await page
      .locator('[data-testid=coverage-row][data-ref="50"] [data-testid=coverage-pod]')
      .textContent();
    expect(pod).toMatch(/^(<1|\d+)%$/);
    await page.locator('[data-testid=coverage-counted]', { hasText: String(flight.fixes) }).waitFor();
    await frameRing(page, { top: 60, bottom: 60, left: 400, right: 240 });
    await expect.poll(() => drawn(page, 'coverage-covered'), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => drawn(page, 'coverage-gap-fill'), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => drawn(page, 'coverage-gap-label'), { timeout: 30_000 }).toBeGreaterThan(0);

    // A click on the unsearched east of the ring selects that gap; 建议航线 at 80 m draws a lawnmower over it.
    await clickMapAt(page, offset(BASE, 200, 0), 0);
    const planner = page.getByTestId('coverage-planner');
    await planner.waitFor();
    await page.getByTestId('coverage-height').fill('80');
    await page.getByTestId('coverage-suggest').click();
    await page.locator('[data-testid=coverage-plan]', { hasText: '趟' }).waitFor();
    await expect.poll(() => drawn(page, 'coverage-plan-line'), { timeout: 30_000 }).toBeGreaterThan(0);
    await frameRing(page, { top: 60, bottom: 60, left: 400, right: 240 });
    await page.getByTestId('coverage-section').scrollIntoViewIfNeeded();
    await shot(page, 'coverage-commander-desk.png');

    // 清除航线 takes the path off the map; the toggle hides the coverage and shows it again.
    await page.getByTestId('coverage-clear').click();
    await expect.poll(() => drawn(page, 'coverage-plan-line')).toBe(0);
    await page.getByTestId('coverage-toggle').uncheck();
    await expect.poll(() => drawn(page, 'coverage-covered')).toBe(0);
    await page.getByTestId('coverage-toggle').check();
    await expect.poll(() => drawn(page, 'coverage-covered')).toBeGreaterThan(0);
    expect(e2e.errors).toEqual([]);
  }, 420_000);

  it('counts a DJI aircraft’s thermal camera apart while its gateway says it streams ir', async () => {
    const title = `覆盖热成像 ${randomUUID().slice(0, 4)}`;
    const caseId = await openCase(e2e, title, {
      subjectCategory: 'child_1_3',
      terrain: 'temperate_mountain',
      ipp: { ...BASE, datum: 'wgs84' },
    });
    const g = await djiGateway(e2e);
    const commander = await e2e.api('commander');
    const joined = await commander('POST', `/cases/${caseId}/drones`, { droneId: g.droneId });
    expect(joined.status, JSON.stringify(joined.body)).toBeLessThan(300);
    await sleep(1500);
    // The gateway's state: the aircraft's camera streams its infrared picture (Cloud API live_status).
    await g.send(djiTopics.state(g.serial), null, undefined, {
      live_status: [{ video_id: `${g.aircraft}/81-0-0/normal-0`, status: 1, video_quality: 0, video_type: 'ir' }],
    });
    await sleep(500);
    // Then the aircraft's OSD over the west of the ring, 55 m above its take-off point, camera straight down.
    const path = lawnmower(-290, -150, 70, 55);
    for (const f of path) {
      // A reading is known by (aircraft, envelope timestamp in ms): one envelope a millisecond at most.
      await sleep(3);
      await g.send(djiTopics.osd(g.aircraft), null, undefined, {
        latitude: f.lat,
        longitude: f.lon,
        height: 455,
        elevation: f.altRel,
        attitude_head: f.hdg,
        horizontal_speed: 8,
        vertical_speed: 0,
        battery: { capacity_percent: 80 },
        mode_code: 5,
      });
    }
    await coverageCounted(caseId, path.length);

    const page = await commanderOnCase(title);
    await page.getByTestId('coverage-section').scrollIntoViewIfNeeded();
    const ring = page.locator('[data-testid=coverage-row][data-ref="50"]');
    await ring.locator('[data-testid=coverage-thermal]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=coverage-table] th', { hasText: '热成像' }).waitFor();
    const percent = async (cell: string) => {
      const text = (await ring.locator(`[data-testid=${cell}]`).textContent()) ?? '';
      return text.startsWith('<') ? 0.5 : Number.parseFloat(text);
    };
    await expect.poll(() => percent('coverage-thermal'), { timeout: 60_000 }).toBeGreaterThan(0);
    // Every footprint was the thermal camera's: its share is the whole covered share.
    expect(await percent('coverage-thermal')).toBe(await percent('coverage-share'));
    await frameRing(page, { top: 60, bottom: 60, left: 400, right: 240 });
    await expect.poll(() => drawn(page, 'coverage-covered'), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, 'coverage-thermal-desk.png');
    await g.close();
    expect(e2e.errors).toEqual([]);
  }, 420_000);

  it('gives the 50 % ring’s coverage in the case’s row on the board', async () => {
    const title = `覆盖值班台 ${randomUUID().slice(0, 4)}`;
    const flight = await seedFlight(title);
    await coverageCounted(flight.caseId, flight.fixes);
    const board = await e2e.newPage('commander', '#/board');
    const row = board.locator(`[data-testid=board-row][data-case="${flight.caseId}"]`);
    await row.locator('[data-testid=board-coverage]', { hasText: '50%圈覆盖' }).waitFor({ timeout: 60_000 });
    await shot(board, 'coverage-board.png');
  }, 420_000);

  it('shows the pilot’s phone the coverage of the case he flies for, and plans a flight there too', async () => {
    const title = `覆盖手机 ${randomUUID().slice(0, 4)}`;
    const flight = await seedFlight(title);
    await coverageCounted(flight.caseId, flight.fixes);

    const page = await e2e.newPage('pilot', '#/map', PHONE);
    await mapReady(page);
    await page.getByTestId('pilot-toggle').click();
    await page.locator('[data-testid=pilot-cases] button', { hasText: title }).click();
    await page.locator('[data-testid=pilot-case] h3', { hasText: title }).waitFor();
    await page.getByTestId('coverage-section').scrollIntoViewIfNeeded();
    await expect.poll(() => ringShare(page), { timeout: 60_000 }).toBeGreaterThan(0);

    // The largest gap from the list; the flight over it at the default 60 m.
    await page.getByTestId('coverage-gap').first().click();
    await page.getByTestId('coverage-planner').waitFor();
    await page.getByTestId('coverage-suggest').click();
    await page.locator('[data-testid=coverage-plan]', { hasText: '趟' }).waitFor();
    await expect.poll(() => drawn(page, 'coverage-plan-line'), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => drawn(page, 'coverage-covered'), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('coverage-plan').scrollIntoViewIfNeeded();
    await shot(page, 'coverage-phone-panel.png');
    // The panel folded away: the coverage, the gaps and the suggested flight on the whole map.
    await page.getByTestId('pilot-toggle').click();
    await page.getByTestId('pilot-panel').waitFor({ state: 'detached' });
    await frameRing(page, { top: 130, bottom: 150, left: 10, right: 10 });
    await expect.poll(() => drawn(page, 'coverage-plan-line'), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, 'coverage-phone.png');
    expect(e2e.errors).toEqual([]);
  }, 420_000);

  it('replays the coverage as it stood at the slider’s time', async () => {
    const title = `覆盖回放 ${randomUUID().slice(0, 4)}`;
    const flight = await seedFlight(title);
    await coverageCounted(flight.caseId, flight.fixes);

    const page = await openReplay(e2e, flight.caseId);
    const hook = () => page.evaluate(() => window.__replayCoverage ?? null);
    const from = await page.evaluate(() => window.__replay!.durationMs);
    // At the start (the case just opened) the coverage asked for is the window's start…
    await expect.poll(async () => (await hook())?.at ?? null, { timeout: 30_000 }).not.toBeNull();
    // …and at the end, the whole flight.
    await page.getByTestId('replay-slider').evaluate((el, v) => {
      const input = el as HTMLInputElement;
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, from);
    await expect.poll(async () => (await hook())?.covered ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => drawn(page, 'replay-coverage-covered'), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, 'coverage-replay.png');
    expect(e2e.errors).toEqual([]);
  }, 420_000);

  it('follows a flight live in the open case panel, well before the 60 s fallback poll', async () => {
    const title = `覆盖实时 ${randomUUID().slice(0, 4)}`;
    let page: Page | null = null;
    let followedAt = 0;
    const flight = await seedFlight(title, async () => {
      page = await commanderOnCase(title);
      await page.getByTestId('coverage-section').scrollIntoViewIfNeeded();
      // The panel's first read: nothing flown yet.
      await page.getByTestId('coverage-counted').waitFor({ timeout: 30_000 });
      followedAt = Date.now();
    });
    const live = page as Page | null;
    if (!live) throw new Error('the case panel was not opened');
    // The page reads the coverage once on opening and then polls every 60 s: it shows the flight sooner only on
    // the live announcement.
    await live.locator('[data-testid=coverage-counted]', { hasText: String(flight.fixes) }).waitFor({
      timeout: Math.max(1000, followedAt + 50_000 - Date.now()),
    });
    expect(Date.now() - followedAt).toBeLessThan(55_000);
    await expect.poll(() => ringShare(live), { timeout: 5000 }).toBeGreaterThan(0);
    expect(e2e.errors).toEqual([]);
  }, 240_000);
});
