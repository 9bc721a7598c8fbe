/**
 * The station's basemaps in the map's switcher: its own (a GCJ-02 street map), a WGS-84 satellite picture from
 * BASEMAPS, and a third whose tile server is down. Each is a local tile server of a colour of its own; the choice
 * is remembered per user, the same place stays in the middle across datums, and a dead tile server is said on
 * the map while drones and everything else go on.
 */
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, shot, startE2eLookout } from './e2e-lookout.ts';
import { freePort, PHONE, tilePng } from './harness.ts';

const STREET = tilePng([250, 236, 200]);
const SATELLITE = tilePng([40, 70, 60]);
const requests = { street: 0, satellite: 0 };
const servers: Server[] = [];

async function tileServer(png: Buffer, counter: keyof typeof requests): Promise<string> {
  const port = await freePort();
  const server = createServer((req, res) => {
    requests[counter]++;
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  servers.push(server);
  return `http://127.0.0.1:${port}/{z}/{x}/{y}.png`;
}

const env: Record<string, string> = { BASEMAP_DATUM: 'gcj02' };

/** The centre as the coordinate readout shows it (WGS-84). */
const centre = async (page: Page): Promise<[number, number]> => {
  const text = (await page.getByTestId('coords').locator('.coords-dec').textContent()) ?? '';
  const [lat, lon] = [...text.matchAll(/-?\d+\.\d+/g)].map((m) => Number(m[0]));
  return [lon!, lat!];
};

const dronesDrawn = (page: Page) =>
  page.evaluate(() => window.__lookout!.map!.queryRenderedFeatures({ layers: ['drones-symbol'] }).length);

describe('basemaps to switch between', () => {
  beforeAll(async () => {
    env.BASEMAP_URL = await tileServer(STREET, 'street');
    const satellite = await tileServer(SATELLITE, 'satellite');
    const dead = `http://127.0.0.1:${await freePort()}/{z}/{x}/{y}.png`;
    env.BASEMAPS = JSON.stringify([
      { name: '卫星', kind: 'satellite', url: satellite, datum: 'wgs84' },
      { name: '断线图', kind: 'terrain', url: dead },
    ]);
  });
  const e2e = startE2eLookout({ name: 'basemaps', roles: ['commander', 'pilot'], tiles: false, env });
  afterAll(async () => {
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  });

  it('switches from the GCJ-02 street map to the WGS-84 satellite, keeps the place, and remembers it per user', async () => {
    const page = await e2e.newPage('commander', '', DESKTOP);
    const switcher = page.getByTestId('basemap-switcher');
    await switcher.locator('button[aria-pressed=true]', { hasText: '街道' }).waitFor();
    await page.getByTestId('map-datum').filter({ hasText: 'GCJ-02' }).waitFor();
    await expect.poll(() => requests.street).toBeGreaterThan(0);
    await expect.poll(() => dronesDrawn(page), { timeout: 60_000 }).toBeGreaterThan(0);
    const before = await centre(page);

    await switcher.locator('button', { hasText: '卫星' }).click();
    await switcher.locator('button[aria-pressed=true]', { hasText: '卫星' }).waitFor();
    await expect.poll(() => page.getByTestId('map-datum').getAttribute('data-datum')).toBe('wgs84');
    await expect.poll(() => requests.satellite).toBeGreaterThan(0);
    // The same WGS-84 place in the middle, though the map moved ~500 m of GCJ-02 offset under it.
    const after = await centre(page);
    expect(Math.abs(after[0] - before[0])).toBeLessThan(2e-5);
    expect(Math.abs(after[1] - before[1])).toBeLessThan(2e-5);
    await expect.poll(() => dronesDrawn(page), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot(page, 'basemaps-satellite-desk.png');

    // Remembered for him on this device; another user still starts on the station's own.
    await page.reload();
    await page.getByTestId('basemap-switcher').locator('button[aria-pressed=true]', { hasText: '卫星' }).waitFor();
    // The same device (its storage), signed in as the pilot.
    const { origins } = await page.context().storageState();
    const other = await e2e.newPage('pilot', '', { ...PHONE, storageState: { cookies: [], origins } });
    await other.getByTestId('basemap-switcher').locator('button[aria-pressed=true]', { hasText: '街道' }).waitFor();
    await expect.poll(() => dronesDrawn(other), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot(other, 'basemaps-street-phone.png');
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('says so on the map when a basemap’s tile server is down, and the drones go on', async () => {
    const page = await e2e.newPage('commander', '', DESKTOP);
    const switcher = page.getByTestId('basemap-switcher');
    await switcher.locator('button', { hasText: '断线图' }).click();
    await page.getByTestId('tiles-down').filter({ hasText: '底图瓦片无法加载' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => dronesDrawn(page), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot(page, 'basemaps-tiles-down-desk.png');
    // Back on a working one, the warning goes.
    await switcher.locator('button', { hasText: '街道' }).click();
    await expect.poll(() => page.getByTestId('tiles-down').count(), { timeout: 60_000 }).toBe(0);
  }, 300_000);
});
