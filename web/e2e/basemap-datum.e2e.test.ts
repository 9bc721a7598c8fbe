/**
 * A GCJ-02 basemap, as AMap or Tencent serve one: a synthetic raster tile server marks one known place with a
 * magenta square where a GCJ-02 map has it, and Lookout (BASEMAP_DATUM=gcj02) must draw its WGS-84 data on that
 * mark, and store the WGS-84 coordinate of a point picked on the mark. Without the conversion everything would sit
 * about 500 m (some 1900 screen pixels at zoom 19) away.
 */
import { createServer, type Server } from 'node:http';
import distance from '@turf/distance';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWgs84 } from '@lookout/contracts';
import { DESKTOP, shot, startE2eLookout } from './e2e-lookout.ts';
import { freePort, PHONE } from './harness.ts';
import { openCase } from './seed.ts';

/** The place: a trail junction in the demo hills near Yongkang, in WGS-84. */
const PLACE: [number, number] = [120.0731, 28.9512];
const ZOOM = 19;
const MARK_HALF = 5;
const TILE = 256;

/** Web Mercator world pixel of a [lon, lat] at zoom z. */
function worldPixel([lon, lat]: [number, number], z: number): [number, number] {
  const size = TILE * 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

/** A tile of the GCJ-02 map: pale, with the magenta mark centred on where a GCJ-02 map puts PLACE. */
async function tile(z: number, x: number, y: number): Promise<Buffer> {
  const raw = Buffer.alloc(TILE * TILE * 3, 235);
  const [mx, my] = worldPixel(fromWgs84(PLACE, 'gcj02'), z).map(Math.floor) as [number, number];
  for (let py = my - MARK_HALF; py <= my + MARK_HALF; py++)
    for (let px = mx - MARK_HALF; px <= mx + MARK_HALF; px++) {
      const tx = px - x * TILE;
      const ty = py - y * TILE;
      if (tx < 0 || ty < 0 || tx >= TILE || ty >= TILE) continue;
      raw.set([255, 0, 255], (ty * TILE + tx) * 3);
    }
  return sharp(raw, { raw: { width: TILE, height: TILE, channels: 3 } })
    .png()
    .toBuffer();
}

let tiles: Server | null = null;
const env: Record<string, string> = {
  BASEMAP_DATUM: 'gcj02',
  MAP_CENTER: `${PLACE[0]},${PLACE[1]}`,
  MAP_ZOOM: String(ZOOM),
};

/** The centre of the magenta mark on the page's screenshot (CSS pixels), or null when it is not on screen. */
async function markOnScreen(page: Page): Promise<[number, number] | null> {
  // Only the basemap: what Lookout draws on the mark (the IPP itself) would hide it.
  const hidden = await page.evaluate(() => {
    const map = window.__lookout!.map!;
    const ids = map
      .getStyle()
      .layers.map((l) => l.id)
      .filter((id) => id !== 'background' && id !== 'basemap' && map.getLayoutProperty(id, 'visibility') !== 'none');
    for (const id of ids) map.setLayoutProperty(id, 'visibility', 'none');
    return ids;
  });
  await page.waitForFunction(() => window.__lookout!.map!.loaded(), undefined, { timeout: 30_000 }).catch(() => {});
  const png = await page.screenshot();
  await page.evaluate((ids) => {
    const map = window.__lookout!.map!;
    for (const id of ids) map.setLayoutProperty(id, 'visibility', 'visible');
  }, hidden);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let [sx, sy, n] = [0, 0, 0];
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * info.channels;
      if (data[i]! > 230 && data[i + 1]! < 30 && data[i + 2]! > 230) {
        sx += x;
        sy += y;
        n++;
      }
    }
  // The whole mark (11×11), not a stray pixel of some other magenta.
  return n >= (2 * MARK_HALF + 1) ** 2 * 0.8 ? [sx / n + 0.5, sy / n + 0.5] : null;
}

/** Where MapLibre drew the case's IPP (CSS pixels of the page). */
const drawnIpp = (page: Page) =>
  page.evaluate(() => {
    const map = window.__lookout!.map!;
    const f = map.queryRenderedFeatures({ layers: ['case-ipp-point'] })[0];
    if (!f || f.geometry.type !== 'Point') return null;
    const p = map.project(f.geometry.coordinates as [number, number]);
    const box = map.getContainer().getBoundingClientRect();
    return [box.left + p.x, box.top + p.y] as [number, number];
  });

/** The map, its GCJ-02 tiles drawn, at zoom 19 over the mark, north up (one tile pixel on one screen pixel). */
async function overTheMark(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__lookout?.map?.isSourceLoaded('basemap') === true, undefined, {
    timeout: 180_000,
  });
  await page.evaluate(
    ([lon, lat, zoom]) => window.__lookout!.map!.jumpTo({ center: [lon!, lat!], zoom, bearing: 0, pitch: 0 }),
    [...fromWgs84(PLACE, 'gcj02'), ZOOM],
  );
  await page.waitForFunction(
    () => {
      const map = window.__lookout!.map!;
      return map.isSourceLoaded('basemap') && map.areTilesLoaded();
    },
    undefined,
    { timeout: 120_000 },
  );
}

describe('a GCJ-02 basemap', () => {
  beforeAll(async () => {
    const port = await freePort();
    tiles = createServer((req, res) => {
      const m = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
      if (!m) return void res.writeHead(404).end();
      void tile(Number(m[1]), Number(m[2]), Number(m[3])).then((png) =>
        res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png),
      );
    });
    await new Promise<void>((r) => tiles!.listen(port, '127.0.0.1', () => r()));
    env.BASEMAP_URL = `http://127.0.0.1:${port}/{z}/{x}/{y}.png`;
  });
  const e2e = startE2eLookout({ name: 'datum', roles: ['commander'], tiles: false, env });
  afterAll(async () => {
    await new Promise<void>((r) => (tiles ? tiles.close(() => r()) : r()));
  });

  it('draws a WGS-84 point on the GCJ-02 map’s own pixel, and says the map is GCJ-02', async () => {
    const title = `datum-${Date.now()}`;
    await openCase(e2e, title, { ipp: { lon: PLACE[0], lat: PLACE[1], datum: 'wgs84' } });
    const page = await e2e.newPage('commander', '', DESKTOP);
    await page.getByTestId('map-datum').filter({ hasText: 'GCJ-02' }).waitFor();
    if ((await page.getByTestId('cases-panel').count()) === 0) await page.getByTestId('cases-toggle').click();
    await page.locator('.cases-list button', { hasText: title }).click();
    await overTheMark(page);
    await expect.poll(() => drawnIpp(page), { timeout: 60_000 }).not.toBeNull();
    const ipp = (await drawnIpp(page))!;
    const mark = await markOnScreen(page);
    expect(mark, 'the magenta mark of the GCJ-02 tiles is on screen').not.toBeNull();
    // One screen pixel is 0.26 m here: the IPP sits on the mark, not 500 m off.
    expect(Math.hypot(ipp[0] - mark![0], ipp[1] - mark![1])).toBeLessThan(3);
    await shot(page, 'basemap-gcj02-ipp.png');
  }, 300_000);

  it('on a 360×640 phone the map says it shows GCJ-02 too', async () => {
    const page = await e2e.newPage('commander', '', PHONE);
    await page.getByTestId('map-datum').filter({ hasText: 'GCJ-02' }).waitFor();
    await overTheMark(page);
    expect(await markOnScreen(page), 'the GCJ-02 tiles are drawn').not.toBeNull();
    await shot(page, 'basemap-gcj02-phone.png');
  }, 300_000);

  it('stores the WGS-84 coordinate of a point picked on the GCJ-02 map, within 1 m', async () => {
    const page = await e2e.newPage('commander', '', DESKTOP);
    if ((await page.getByTestId('cases-panel').count()) === 0) await page.getByTestId('cases-toggle').click();
    await page.getByTestId('new-case').click();
    const form = page.getByTestId('new-case-form');
    await form.waitFor();
    await overTheMark(page);
    const mark = await markOnScreen(page);
    expect(mark, 'the magenta mark of the GCJ-02 tiles is on screen').not.toBeNull();
    await form.getByTestId('pick-ipp').click();
    await page.mouse.click(mark![0], mark![1]);
    await expect.poll(async () => (await form.locator('input[name=ippLon]').inputValue()) !== '').toBe(true);
    const picked: [number, number] = [
      Number(await form.locator('input[name=ippLon]').inputValue()),
      Number(await form.locator('input[name=ippLat]').inputValue()),
    ];
    const title = `datum-pick-${Date.now()}`;
    await form.locator('input[name=title]').fill(title);
    await form.locator('button[type=submit]').click();
    const commander = await e2e.api('commander');
    const stored = async () => {
      const r = await commander<{ cases: { title: string; ipp: { lon: number; lat: number } | null }[] }>(
        'GET',
        '/cases',
      );
      return r.body.cases.find((c) => c.title === title)?.ipp ?? null;
    };
    await expect.poll(stored).not.toBeNull();
    const ipp = (await stored())!;
    expect(distance(picked, [ipp.lon, ipp.lat], { units: 'meters' })).toBeLessThan(0.2);
    expect(distance(PLACE, [ipp.lon, ipp.lat], { units: 'meters' })).toBeLessThan(1);
  }, 300_000);
});
