/**
 * Place search end to end in Debian's Chromium against the real server (embedded PGlite, the demo's gazetteer
 * imported on start): on a 1280×800 desk and a 360×640 phone, in Chinese and in English, the commander types the
 * initials "bjs" into the map's search box, sees 笔架山 listed with its kind and distance, picks it, and the map
 * flies there and labels it. On the desk the new-case form takes its IPP from a place picked by pinyin.
 * The admin imports a CSV gazetteer in GCJ-02 on 管理 → 地名: a bad row is refused by its line number, then skipped.
 * Screenshots: docs/screenshots/places-{list,search}-{desk,phone}-{zh,en}.png, places-new-case-zh.png,
 * places-import-zh.png.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, mapReady, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';

/** 笔架山 and 三渡溪水库 as the demo gazetteer (server/src/demo/places-demo.geojson) places them. */
const BIJIASHAN = { lon: 120.0738, lat: 28.9536 };

const LANGS = {
  zh: { peak: '山峰', lang: 'zh-CN' },
  en: { peak: 'Peak', lang: 'en' },
} as const;
type Lang = keyof typeof LANGS;

const SCREENS: Record<'desk' | 'phone', BrowserContextOptions> = {
  desk: DESKTOP,
  phone: { ...PHONE },
};

/** Metres between the map's centre and a point (small distances). */
async function centreOffsetM(page: Page, p: { lon: number; lat: number }): Promise<number> {
  const c = await page.evaluate(() => window.__lookout!.map!.getCenter().toArray());
  const dx = (c[0]! - p.lon) * 111_320 * Math.cos((p.lat * Math.PI) / 180);
  const dy = (c[1]! - p.lat) * 110_574;
  return Math.hypot(dx, dy);
}

describe('place search', () => {
  const e2e = startE2eLookout({ name: 'places', roles: ['commander', 'admin'] });

  async function openMap(screen: 'desk' | 'phone', lang: Lang): Promise<Page> {
    const ctx = await e2e.newContext({ ...SCREENS[screen], locale: LANGS[lang].lang });
    await presetLanguage(ctx, LANGS[lang].lang);
    const page = await ctx.newPage();
    await e2e.login(page, 'commander');
    await mapReady(page);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(LANGS[lang].lang);
    return page;
  }

  for (const screen of ['desk', 'phone'] as const) {
    for (const lang of ['zh', 'en'] as const) {
      it(`${screen} ${lang}: "bjs" finds 笔架山; picking it flies the map there and labels it`, async () => {
        const page = await openMap(screen, lang);
        const box = page.getByTestId('map-place-search');
        await box.getByTestId('place-search-input').fill('bjs');
        const option = box.locator('li[data-place=笔架山]', { hasText: LANGS[lang].peak });
        await option.waitFor();
        // Distances from the map's centre (the demo area): the peak is a few hundred metres off.
        await expect.poll(() => option.locator('.place-distance').textContent()).toMatch(/\d/);
        await expect
          .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
          .toBeLessThanOrEqual(SCREENS[screen].viewport!.width);
        await shot(page, `places-list-${screen}-${lang}.png`);

        await option.click();
        await expect.poll(() => centreOffsetM(page, BIJIASHAN), { timeout: 30_000 }).toBeLessThan(30);
        await expect.poll(() => page.evaluate(() => window.__lookout!.map!.getZoom())).toBeGreaterThanOrEqual(14.9);
        await expect
          .poll(() =>
            page.evaluate(() =>
              window
                .__lookout!.map!.queryRenderedFeatures({ layers: ['picked-place-label'] })
                .map((f) => f.properties.name as string),
            ),
          )
          .toContain('笔架山');
        await expect.poll(() => box.getByTestId('place-search-list').count()).toBe(0);
        await shot(page, `places-search-${screen}-${lang}.png`);
        expect(e2e.errors).toEqual([]);
      }, 300_000);
    }
  }

  it('the new-case form takes its IPP from a place picked by pinyin', async () => {
    const page = await openMap('desk', 'zh');
    if ((await page.getByTestId('cases-panel').count()) === 0) await page.getByTestId('cases-toggle').click();
    await page.getByTestId('new-case').click();
    const form = page.getByTestId('new-case-form');
    await form.waitFor();
    const search = form.getByTestId('ipp-place-search');
    await search.getByTestId('place-search-input').fill('sanduxi');
    const option = search.locator('li[data-place=三渡溪水库]', { hasText: '水库' });
    await option.waitFor();
    await option.click();
    await form.getByTestId('ipp-place').filter({ hasText: '三渡溪水库' }).waitFor();
    await expect
      .poll(async () => Number(await form.locator('input[name=ippLon]').inputValue()))
      .toBeCloseTo(120.064, 2);
    await expect.poll(async () => Number(await form.locator('input[name=ippLat]').inputValue())).toBeCloseTo(28.942, 2);
    await shot(page, 'places-new-case-zh.png');
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('the admin imports a CSV gazetteer in GCJ-02: a bad row is named by its line, then skipped', async () => {
    const page = await e2e.newPage('admin', '#/admin', DESKTOP);
    await page.locator('.adm-tabs [data-tab=places]').click();
    const panel = page.getByTestId('places-import-panel');
    await panel.waitFor();
    // 岭下哨所 at 120.0800, 28.9700 (WGS-84), written as AMap shows it (GCJ-02, ~+0.0047/−0.0027 here).
    const csv = 'name,kind,lon,lat,datum\n岭下哨所,post,120.084710,28.967258,gcj02\n坏行,peak,abc,28.9,wgs84\n';
    await panel.getByTestId('places-file').setInputFiles({
      name: 'e2e-gazetteer.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await panel.locator('button[type=submit]').click();
    await panel.getByTestId('places-import-problems').filter({ hasText: '第 3 行' }).waitFor();
    await panel.locator('input[type=checkbox]').check();
    await panel.locator('button[type=submit]').click();
    await panel.getByTestId('places-import-result').filter({ hasText: '导入 1 个地名' }).waitFor();
    await shot(page, 'places-import-zh.png');

    const found = await (
      await e2e.api('admin')
    )<{ places: { name: string; lon: number; lat: number }[] }>('GET', '/places?q=lxss');
    const post = found.body.places.find((p) => p.name === '岭下哨所');
    expect(post?.lon).toBeCloseTo(120.08, 3);
    expect(post?.lat).toBeCloseTo(28.97, 3);
    expect(e2e.errors).toEqual([]);
  }, 300_000);
});
