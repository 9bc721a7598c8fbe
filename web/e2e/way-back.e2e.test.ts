/**
 * 原路返回 on the officer's phone, in Debian's Chromium against the real server (embedded PGlite + aedes, fresh
 * data folder, the offline sketch basemap): a dispatched officer walks 150 m north and 90 m east, turns on the way
 * back, and is guided back along his own track to where he set out, with the target still on the map for the
 * escort. At 360×640, in Chinese and in English. Screenshots: docs/screenshots/way-back-phone-{zh,en}.png.
 */
import type { GeoJSONSource } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { newOfficer } from './seed.ts';

const e2e = startE2eLookout({
  name: 'way-back',
  roles: ['commander', 'officer', 'admin'],
  viewport: 'phone',
  tiles: false,
});

const START = { latitude: 28.945, longitude: 120.07 };
const TARGET = { lon: 120.0731, lat: 28.9512 };
/** Metres per degree of latitude. */
const M_PER_DEG = 111_195;
const at = (northM: number, eastM: number) => ({
  latitude: START.latitude + northM / M_PER_DEG,
  longitude: START.longitude + eastM / (M_PER_DEG * Math.cos((START.latitude * Math.PI) / 180)),
  accuracy: 8,
});
/** The walk out: 150 m north, then 90 m east, a fix every 30 m. */
const WALK = [...[30, 60, 90, 120, 150].map((n) => at(n, 0)), ...[30, 60, 90].map((e) => at(150, e))];

/** A fresh officer sent to TARGET. */
async function dispatchedOfficer() {
  const { account, unitId } = await newOfficer(e2e);
  const commander = await e2e.api('commander');
  const c = await commander<{ case: { id: string } }>('POST', '/cases', {
    kind: 'lost_person',
    title: '笔架山 北坡 找到受伤驴友（护送下山）',
    subjectCategory: 'hiker',
    subjectCount: 1,
  });
  expect(c.status).toBe(201);
  const a = await commander('POST', `/cases/${c.body.case.id}/assignments`, {
    unitId,
    target: { kind: 'point', lon: TARGET.lon, lat: TARGET.lat, datum: 'wgs84' },
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  return account;
}

const distanceM = async (page: Page) => Number(await page.getByTestId('officer-distance').getAttribute('data-m'));

describe('原路返回', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: guides the officer back along his own track, the target kept on the map`, async () => {
      const officer = await dispatchedOfficer();
      const ctx = await e2e.newContext({
        ...PHONE,
        geolocation: at(0, 0),
        permissions: ['geolocation'],
      });
      if (lang === 'en') await presetLanguage(ctx, 'en');
      const page = await ctx.newPage();
      await e2e.login(page, officer);
      await page.getByTestId('officer-distance').waitFor({ timeout: 90_000 });
      await expect
        .poll(() => page.getByTestId('officer-page').getAttribute('data-map-ready'), { timeout: 120_000 })
        .toBe('true');

      // The walk out: each fix moves the distance to the target, so each step is known to have arrived.
      for (const p of WALK) {
        const before = await distanceM(page);
        await ctx.setGeolocation(p);
        await expect.poll(() => distanceM(page), { timeout: 30_000 }).not.toBe(before);
      }

      await page.getByTestId('way-back-toggle').click();
      await expect.poll(() => page.getByTestId('officer-page').getAttribute('data-way-back')).toBe('true');
      const line = page.getByTestId('officer-way-back');
      await expect.poll(() => line.textContent()).toContain(lang === 'zh' ? '原路返回' : 'Way back');
      // 90 m back west, then 150 m south: 240 m along the track, not the 175 m straight line.
      await expect.poll(() => distanceM(page), { timeout: 30_000 }).toBeGreaterThan(230);
      expect(await distanceM(page)).toBeLessThan(250);
      // The arrow points west, along the last leg.
      await expect
        .poll(async () => Number(await page.getByTestId('officer-bearing').getAttribute('data-deg')))
        .toBeGreaterThan(250);
      // The way back is drawn and the target stays on the map.
      const sources = () =>
        page.evaluate(async () => {
          const map = window.__lookout!.map!;
          const types = async (id: string) => {
            const data = (await (map.getSource(id) as GeoJSONSource).getData()) as GeoJSON.FeatureCollection;
            return data.features.map((f) => f.geometry.type).sort();
          };
          return { wayBack: await types('officer-way-back'), target: await types('officer-target') };
        });
      // No dashed line to the target on the way back: the line drawn is the track.
      await expect.poll(sources, { timeout: 30_000 }).toEqual({ wayBack: ['LineString', 'Point'], target: ['Point'] });
      await shot(page, `way-back-phone-${lang}.png`);

      // Down at the corner, and then back at the start.
      await ctx.setGeolocation(at(150, 0));
      await expect.poll(() => distanceM(page), { timeout: 30_000 }).toBeLessThan(160);
      await ctx.setGeolocation(at(3, 0));
      await expect.poll(() => line.getAttribute('data-arrived'), { timeout: 30_000 }).toBe('true');

      // Off again: the arrow points at the target once more.
      await page.getByTestId('way-back-toggle').click();
      await line.waitFor({ state: 'detached' });
      await expect.poll(() => distanceM(page)).toBeGreaterThan(600);
      expect(e2e.errors).toEqual([]);
    }, 300_000);
  }
});
