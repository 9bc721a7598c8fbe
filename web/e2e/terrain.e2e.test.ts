/**
 * Terrain from a station's DEM, in Debian's Chromium against the real server: the test makes a cone hill (a GeoTIFF
 * with GDAL), runs `lookout terrain build` into the data folder before the server starts, and checks the desk's
 * contour lines (heights and where they lie on the cone, after a basemap switch too) and the officer's card (the
 * heights at him and at the target, and the climb in the walking time). Screenshots: docs/screenshots/terrain-desk.png
 * (1280×800) and terrain-officer-phone.png (360×640).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONE, coneHeight, fromSummit, writeConeDem } from '@lookout/server/terrain-cone-dem';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AREA_RADIUS_M, AREA_ZOOMS, tilesAround } from '../src/officer/offline-area.ts';
import { DESKTOP, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { ROOT, startTileServer } from './lookout-process.ts';
import { newOfficer } from './seed.ts';

const servers: { close(): Promise<void> }[] = [];

const e2e = startE2eLookout({
  name: 'terrain',
  roles: ['commander', 'admin'],
  tiles: false,
  beforeStart: (dataDir) => {
    const work = mkdtempSync(path.join(tmpdir(), 'terrain-dem-'));
    try {
      const dem = writeConeDem(work, 'cone');
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'terrain', 'build', dem], {
        cwd: ROOT,
        env: { ...process.env, LOOKOUT_DATA_DIR: dataDir },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n').pop()).toBe(path.join(dataDir, 'basemap', 'terrain', 'cone'));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return Promise.resolve();
  },
  env: async () => {
    const street = await startTileServer();
    const other = await startTileServer();
    servers.push(street, other);
    return {
      BASEMAP_URL: street.url,
      BASEMAP_ATTRIBUTION: 'e2e tiles',
      BASEMAPS: JSON.stringify([{ name: '第二底图', kind: 'terrain', url: other.url }]),
      MAP_CENTER: `${CONE.lon},${CONE.lat}`,
      MAP_ZOOM: '13',
    };
  },
});

interface Contour {
  ele: number;
  /** Metres from the summit of each vertex. */
  distances: number[];
  /** Which quarters around the summit (0 NE, 1 NW, 2 SW, 3 SE) its vertices lie in. */
  quarters: number[];
}

/** The contour lines drawn now, with each vertex's distance from the cone's summit. */
function drawnContours(page: Page, summit: [number, number]): Promise<Contour[]> {
  return page.evaluate((summit) => {
    const map = window.__lookout!.map!;
    const mPerDegLat = 110_574;
    const mPerDegLon = 111_320 * Math.cos((summit[1] * Math.PI) / 180);
    return map.queryRenderedFeatures({ layers: ['terrain-contour'] }).map((f) => {
      const g = f.geometry;
      const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
      const offsets = lines
        .flat()
        .map(([lon, lat]) => [(lon! - summit[0]) * mPerDegLon, (lat! - summit[1]) * mPerDegLat]);
      return {
        ele: Number(f.properties.ele),
        distances: offsets.map(([x, y]) => Math.hypot(x!, y!)),
        quarters: [...new Set(offsets.map(([x, y]) => (y! >= 0 ? (x! >= 0 ? 0 : 1) : x! < 0 ? 2 : 3)))],
      };
    });
  }, summit);
}

/** The levels drawn, and those that ring the whole hill (vertices in all four quarters around the summit). */
async function levels(page: Page): Promise<{ contours: Contour[]; levels: number; ringed: number }> {
  const contours = await drawnContours(page, [CONE.lon, CONE.lat]);
  const around = new Map<number, Set<number>>();
  for (const c of contours) for (const q of c.quarters) around.set(c.ele, (around.get(c.ele) ?? new Set()).add(q));
  return { contours, levels: around.size, ringed: [...around.values()].filter((q) => q.size === 4).length };
}

/** Contours at whole multiples of the interval, within the cone's heights, each where the cone has that height. */
async function expectConeContours(page: Page) {
  // Each level rings the whole hill once every tile of lines is in: none lost for want of a neighbouring tile.
  await expect
    .poll(
      async () => {
        const l = await levels(page);
        return l.levels >= 5 && l.ringed === l.levels;
      },
      { timeout: 120_000 },
    )
    .toBe(true);
  const { contours } = await levels(page);
  for (const c of contours) {
    expect(c.ele % 50).toBe(0);
    expect(c.ele).toBeGreaterThan(CONE.baseM);
    expect(c.ele).toBeLessThan(CONE.summitM);
    // On the cone, height h lies at R·(1 − (h − base)/(summit − base)) from the summit.
    const expected = CONE.radiusM * (1 - (c.ele - CONE.baseM) / (CONE.summitM - CONE.baseM));
    const sorted = [...c.distances].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(Math.abs(median - expected), `contour ${c.ele} m`).toBeLessThan(60);
  }
}

describe('terrain', () => {
  it('draws a hillshade and contour lines at the cone’s heights, and keeps them over another basemap', async () => {
    const page = await e2e.newPage('commander', '', DESKTOP);
    await page.waitForFunction(() => Boolean(window.__lookout?.map?.getLayer('terrain-hillshade')), null, {
      timeout: 180_000,
    });
    await expectConeContours(page);
    await shot(page, 'terrain-desk.png');

    const switcher = page.getByTestId('basemap-switcher');
    await switcher.locator('button', { hasText: '第二底图' }).click();
    await switcher.locator('button[aria-pressed=true]', { hasText: '第二底图' }).waitFor();
    await page.waitForFunction(() => Boolean(window.__lookout?.map?.getLayer('terrain-hillshade')), null, {
      timeout: 60_000,
    });
    await expectConeContours(page);
    expect(e2e.errors).toEqual([]);
    expect(await page.evaluate(() => window.__lookout!.errors)).toEqual([]);
    await Promise.all(servers.map((s) => s.close()));
  }, 400_000);

  it('shows the officer the heights at him and at the target, and adds the climb to the walking time', async () => {
    const { account, unitId } = await newOfficer(e2e);
    const commander = await e2e.api('commander');
    const c = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '锥形山 北坡 寻找走失老人',
      subjectCategory: 'dementia',
      subjectCount: 1,
    });
    expect(c.status).toBe(201);
    // From 1.5 km south of the summit (350 m) up to 300 m north of it (710 m).
    const [tLon, tLat] = fromSummit(300, 0);
    const [mLon, mLat] = fromSummit(1500, 180);
    const a = await commander('POST', `/cases/${c.body.case.id}/assignments`, {
      unitId,
      target: { kind: 'point', lon: tLon, lat: tLat, datum: 'wgs84' },
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);

    const ctx = await e2e.newContext({
      ...PHONE,
      geolocation: { latitude: mLat, longitude: mLon, accuracy: 8 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    await e2e.login(page, account);
    const heights = page.getByTestId('officer-heights');
    await heights.filter({ hasText: '爬升' }).waitFor({ timeout: 120_000 });
    const from = Number(await heights.getAttribute('data-from'));
    const to = Number(await heights.getAttribute('data-to'));
    expect(Math.abs(from - coneHeight(mLon, mLat))).toBeLessThan(8);
    expect(Math.abs(to - coneHeight(tLon, tLat))).toBeLessThan(8);
    const climb = Number(await heights.getAttribute('data-climb'));
    expect(climb).toBe(to - from);
    expect(Number(await heights.getAttribute('data-climb-min'))).toBe(Math.round(climb / 10));
    await heights.filter({ hasText: `爬升 ${climb} 米` }).waitFor();
    expect(await heights.getAttribute('title')).toContain('每爬升 10 米加 1 分钟');

    // The assignment fetched the area around the target for offline use: the basemap's tiles and the terrain's,
    // so the heights and the climb still work when the signal drops.
    const built = await commander<{ terrain: { maxzoom: number } }>('GET', '/config');
    const terrainTiles = tilesAround(tLon, tLat, AREA_RADIUS_M, AREA_ZOOMS[0], built.body.terrain.maxzoom);
    const basemapTiles = tilesAround(tLon, tLat, AREA_RADIUS_M, AREA_ZOOMS[0], AREA_ZOOMS[1]);
    await page
      .getByTestId('download-state')
      .filter({ hasText: `已存本区域 ${basemapTiles.length + terrainTiles.length} 张图块` })
      .waitFor({ timeout: 120_000 });
    const cached = await page.evaluate(async () => {
      const cache = await caches.open('lookout-tiles-v1');
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    for (const t of terrainTiles) expect(cached).toContain(`/api/v1/basemap/terrain/cone/${t.z}/${t.x}/${t.y}.png`);

    // 1.8 km at 3 km/h is 36 min; the climb's minutes come on top.
    const distanceM = Number(await page.getByTestId('officer-distance').getAttribute('data-m'));
    const eta = Number(await page.getByTestId('officer-eta').getAttribute('data-min'));
    expect(eta).toBe(Math.ceil(distanceM / 50 + climb / 10));
    expect(eta).toBeGreaterThan(70);
    await expect
      .poll(() => page.getByTestId('officer-page').getAttribute('data-map-ready'), { timeout: 120_000 })
      .toBe('true');
    await page.waitForFunction(() => Boolean(window.__lookout?.map?.getLayer('terrain-contour')), null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(3000);
    await shot(page, 'terrain-officer-phone.png');
    expect(e2e.errors).toEqual([]);
  }, 400_000);
});
