/**
 * The station's own basemap from OpenStreetMap: a small hand-made extract (roads, a footpath up to 鹰嘴峰, a
 * reservoir, 石门村) built with `lookout basemap build` (tilemaker) into data/basemap/, served by the server as
 * vector tiles. The desk sees the village and peak in Chinese and the path drawn; the officer's phone caches the
 * tiles around its target; a corrupt file is said on the map while the map goes on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SAMPLE, writeSampleOsm } from '@lookout/server/osm-sample';
import { DESKTOP, mapReady, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { ROOT } from './lookout-process.ts';
import { newOfficer } from './seed.ts';

const CENTRE: [number, number] = [120.07, 28.95];
let builtFile = '';

/** Builds the sample as an operator would: `npm run lookout -- basemap build <file> --name station`. */
async function buildStationBasemap(dataDir: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'lookout-osm-'));
  try {
    const input = await writeSampleOsm(path.join(work, 'station.osm'), CENTRE);
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/src/cli.ts'), 'basemap', 'build', input, '--name', 'station'],
      { cwd: ROOT, env: { ...process.env, LOOKOUT_DATA_DIR: dataDir }, encoding: 'utf8', stdio: 'pipe' },
    );
    builtFile = stdout.trim().split('\n').at(-1)!;
    expect(builtFile).toBe(path.join(dataDir, 'basemap', 'station.mbtiles'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const e2e = startE2eLookout({
  name: 'osm-basemap',
  roles: ['commander', 'admin'],
  tiles: false,
  env: { MAP_ZOOM: '13.8', MAP_CENTER: '120.073,28.951' },
  beforeStart: buildStationBasemap,
});

/** The labels (or lines) MapLibre drew on screen in these layers. */
const drawn = (page: Page, layer: string) =>
  page.evaluate(
    (layer) =>
      window
        .__lookout!.map!.queryRenderedFeatures({ layers: [layer] })
        .map((f) => String(f.properties['name:zh-Hans'] ?? f.properties['name:zh'] ?? f.properties.name ?? '')),
    layer,
  );

/** The offline sketch map shows instead, with the drones still drawn on it. */
async function goesOnWithTheSketchMap(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.basemap)).toBe('fallback');
  await expect
    .poll(
      () => page.evaluate(() => window.__lookout!.map!.queryRenderedFeatures({ layers: ['drones-symbol'] }).length),
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
}

describe('the station’s basemap built from OpenStreetMap', () => {
  it('desk: the village and the peak named in Chinese, the footpath drawn', async () => {
    const page = await e2e.newPage('commander', '', DESKTOP);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.basemap), { timeout: 120_000 })
      .toBe('vector');
    await mapReady(page);
    await expect.poll(() => drawn(page, 'osm-places'), { timeout: 60_000 }).toContain(SAMPLE.village);
    // The peak's `name` is romanised; the Chinese name:zh is the one shown.
    await expect.poll(() => drawn(page, 'osm-peaks'), { timeout: 60_000 }).toContain(SAMPLE.peak);
    await expect.poll(() => drawn(page, 'osm-paths'), { timeout: 60_000 }).toContain(SAMPLE.path);
    await expect.poll(() => drawn(page, 'osm-water')).toContain(SAMPLE.reservoir);
    await expect.poll(() => drawn(page, 'osm-roads-major')).toContain(SAMPLE.road);
    expect(await page.getByTestId('basemap-badge').count()).toBe(0);
    await shot(page, 'osm-basemap-desk.png');
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('phone: 下载本区域 keeps the station’s tiles around the target in the phone’s cache', async () => {
    const { account, api, unitId } = await newOfficer(e2e);
    const commander = await e2e.api('commander');
    const me = (await api<{ user: { id: string } }>('GET', '/auth/me')).body.user.id;
    await api('POST', '/me/positions', {
      positions: [{ lon: 120.069, lat: 28.951, accuracy: 8, t: Date.now(), idempotencyKey: `osm-${me}-1` }],
    });
    const c = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '鹰嘴峰 登山者走失',
      reporterPhone: '13800000000',
      subjectCount: 1,
      subjectCategory: 'hiker',
      terrain: 'temperate_mountain',
      ipp: { lon: 120.075, lat: 28.957, datum: 'wgs84' },
    });
    expect(c.status).toBe(201);
    const a = await commander('POST', `/cases/${c.body.case.id}/assignments`, {
      unitId,
      target: { kind: 'point', lon: 120.077, lat: 28.958, datum: 'wgs84' },
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);

    const ctx = await e2e.newContext({
      ...PHONE,
      geolocation: { latitude: 28.951, longitude: 120.069, accuracy: 8 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    await e2e.login(page, account);
    await expect
      .poll(() => page.locator('[data-testid=officer-page]').getAttribute('data-map-ready'), { timeout: 120_000 })
      .toBe('true');
    await page.getByTestId('download-area').click();
    await page.getByTestId('download-state').filter({ hasText: '已存本区域' }).waitFor({ timeout: 120_000 });
    // The service worker kept the vector tiles by URL: zooms 12–14 of the file (the map draws 15–16 from 14).
    const cached = await page.evaluate(async () => {
      const cache = await caches.open('lookout-tiles-v1');
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    const ours = cached.filter((p) => p.startsWith('/api/v1/basemap/station.mbtiles/'));
    expect(ours.some((p) => /\/14\/\d+\/\d+\.pbf$/.test(p))).toBe(true);
    expect(ours.some((p) => /\/12\/\d+\/\d+\.pbf$/.test(p))).toBe(true);
    expect(ours.some((p) => /\/1[56]\//.test(p))).toBe(false);
    await expect.poll(() => drawn(page, 'osm-places'), { timeout: 60_000 }).toContain(SAMPLE.village);
    await expect.poll(() => drawn(page, 'osm-paths'), { timeout: 60_000 }).toContain(SAMPLE.path);
    await shot(page, 'osm-basemap-phone.png');
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('a corrupt basemap file: the map says so, and goes on with the sketch map', async () => {
    writeFileSync(builtFile, Buffer.alloc(16_384, 0x5a)); // the file damaged in place
    const page = await e2e.newPage('commander', '', DESKTOP);
    const badge = page.getByTestId('basemap-badge');
    await badge.filter({ hasText: 'station.mbtiles is not a usable MBTiles file' }).waitFor({ timeout: 120_000 });
    await goesOnWithTheSketchMap(page);
    await shot(page, 'osm-basemap-corrupt-desk.png');
  }, 300_000);

  it('a corrupt PMTiles file dropped beside it: the map says why, and goes on with the sketch map', async () => {
    // A .pmtiles is preferred over an .mbtiles; this one is not a PMTiles archive at all.
    const broken = path.join(path.dirname(builtFile), 'broken.pmtiles');
    writeFileSync(broken, Buffer.alloc(16_384, 0x5a));
    try {
      const page = await e2e.newPage('commander', '', DESKTOP);
      const badge = page.getByTestId('basemap-badge');
      await badge.filter({ hasText: '底图加载失败' }).waitFor({ timeout: 120_000 });
      await expect.poll(() => badge.textContent()).not.toContain('未配置底图');
      await goesOnWithTheSketchMap(page);
    } finally {
      rmSync(broken, { force: true });
    }
  }, 300_000);
});
