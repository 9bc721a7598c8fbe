/**
 * The phone walk-through, role by role, in Debian's Chromium against the real server (embedded PGlite + aedes,
 * fresh data folder, free ports, the offline sketch basemap): the officer's guidance card and status bar at
 * 360×640 in Chinese and English, one connection state during an outage, sharing the target with GCJ-02 and an
 * AMap link, the purge countdown in hours and minutes, ☰ → 地图 right after login, no English or server path in
 * the Chinese UI, touch targets of at least 44 px, the map's loading state, and the admin's drone rows.
 * Each test seeds its own officer, case and alert through the API and can run alone.
 * Screenshots go to docs/screenshots/phone-*.png.
 */
import gcoord from 'gcoord';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import type { Account } from './lookout-process.ts';
import { newOfficer } from './seed.ts';

// The offline sketch basemap: no tile server.
const e2e = startE2eLookout({
  name: 'phone',
  roles: ['commander', 'officer', 'liaison', 'admin'],
  viewport: 'phone',
  tiles: false,
});

/** The officer's phone, on the path below 三渡溪水库. */
const START = { latitude: 28.945, longitude: 120.07, accuracy: 8 };
/** The target: ≈ 700 m north-east, up the hill. */
const TARGET = { lon: 120.0731, lat: 28.9512 };
const LONG_TITLE = '笔架山 三渡溪水库 北侧山脊 三名登山者走失（其中一人腿部受伤，手机电量低）';

/** A case and an assignment of `officer` to the target, with the officer's position known to the server. */
async function dispatch(officer: Account, title = LONG_TITLE): Promise<{ caseId: string; assignmentId: string }> {
  const commander = await e2e.api('commander');
  const own = await e2e.api(officer);
  const me = (await own<{ user: { id: string } }>('GET', '/auth/me')).body.user.id;
  const pos = await own('POST', '/me/positions', {
    positions: [
      { lon: START.longitude, lat: START.latitude, accuracy: 8, t: Date.now(), idempotencyKey: `seed-${me}-0001` },
    ],
  });
  expect(pos.status, JSON.stringify(pos.body)).toBeLessThan(300);
  const c = await commander<{ case: { id: string } }>('POST', '/cases', {
    kind: 'lost_person',
    title,
    reporterPhone: '13800000000',
    subjectCount: 3,
    subjectCategory: 'hiker',
    terrain: 'temperate_mountain',
    ipp: { lon: 120.068, lat: 28.948, datum: 'wgs84' },
  });
  expect(c.status).toBe(201);
  const units = await commander<{ units: { id: string; userId: string }[] }>('GET', '/units');
  const unit = units.body.units.find((u) => u.userId === me)!;
  const a = await commander<{ id: string }>('POST', `/cases/${c.body.case.id}/assignments`, {
    unitId: unit.id,
    target: { kind: 'point', lon: TARGET.lon, lat: TARGET.lat, datum: 'wgs84' },
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  return { caseId: c.body.case.id, assignmentId: a.body.id };
}

/** A fresh officer of this test (the demo officer is walked and dispatched by the demo scenario), sent to TARGET. */
async function dispatchedOfficer(title = LONG_TITLE): Promise<Account> {
  const { account } = await newOfficer(e2e);
  await dispatch(account, title);
  return account;
}

/** The officer's phone on the officer view with its assignment and own position shown. */
async function officerPhone(
  officer: Account,
  locale: 'zh-CN' | 'en' = 'zh-CN',
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await e2e.newContext({ ...PHONE, geolocation: START, permissions: ['geolocation'] });
  if (locale === 'en') await presetLanguage(ctx, 'en');
  const page = await ctx.newPage();
  await e2e.login(page, officer);
  await page.locator('[data-testid=officer-distance]').waitFor({ timeout: 90_000 });
  await expect
    .poll(() => page.locator('[data-testid=officer-page]').getAttribute('data-map-ready'), { timeout: 120_000 })
    .toBe('true');
  return { ctx, page };
}

type Rect = { left: number; top: number; right: number; bottom: number };

/** Whether a screen point lies under one of these elements. */
function covered(p: { x: number; y: number }, rects: Rect[]): boolean {
  return rects.some((r) => p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom);
}

describe('phones: the officer, the liaison and everyone', () => {
  it('officer: a compact card, the status on its own line, the target and own position never under the overlays', async () => {
    const { ctx, page } = await officerPhone(await dispatchedOfficer());
    const card = page.locator('[data-testid=officer-card]');
    const status = page.locator('[data-testid=officer-status-line]');
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain('当前状态：已派出');
    // The status is a line of its own, never cut off by a long title.
    await expect.poll(() => status.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await expect.poll(async () => (await card.boundingBox())?.height ?? Infinity).toBeLessThanOrEqual(116);

    // The camera frames both the officer and the target clear of the card, the side buttons and the sheet.
    const overlays = async () =>
      page.evaluate(() =>
        ['.officer-card', '.officer-side > *', '.officer-sheet', '.topbar'].flatMap((sel) =>
          [...document.querySelectorAll(sel)].map((el) => {
            const r = el.getBoundingClientRect();
            return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
          }),
        ),
      );
    const screenOf = (lon: number, lat: number) =>
      page.evaluate(
        ([lo, la]) => {
          const map = window.__lookout!.map!;
          const p = map.project([lo!, la!]);
          const r = map.getContainer().getBoundingClientRect();
          return { x: r.left + p.x, y: r.top + p.y, inside: p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height };
        },
        [lon, lat],
      );
    await expect
      .poll(
        async () => {
          const rects = await overlays();
          const target = await screenOf(TARGET.lon, TARGET.lat);
          const me = await screenOf(START.longitude, START.latitude);
          return target.inside && me.inside && !covered(target, rects) && !covered(me, rects);
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    // The drone beacon, when it is on screen, is not under an overlay either.
    const beacon = await page.evaluate(() => {
      const f = window.__lookout!.map!.querySourceFeatures('officer-beacon')[0];
      return f ? (f.geometry as GeoJSON.Point).coordinates : null;
    });
    if (beacon) {
      const b = await screenOf(beacon[0]!, beacon[1]!);
      if (b.inside) expect(covered(b, await overlays())).toBe(false);
    }
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await shot(page, 'phone-12-guidance-zh.png');
    await ctx.close();
  }, 240_000);

  it('officer: one connection state, top and bottom, through an outage', async () => {
    const { ctx, page } = await officerPhone(await dispatchedOfficer());
    const top = page.locator('.topbar [data-conn]');
    const bottom = page.locator('[data-testid=officer-conn]');
    await expect.poll(() => top.getAttribute('data-conn'), { timeout: 60_000 }).toBe('connected');
    await expect.poll(() => bottom.getAttribute('data-conn'), { timeout: 5_000 }).toBe('connected');
    await ctx.setOffline(true);
    // Both say the same within a few seconds; never "connected" on top while the bottom says offline.
    await expect.poll(() => top.getAttribute('data-conn'), { timeout: 15_000 }).toBe('offline');
    await expect.poll(() => bottom.getAttribute('data-conn'), { timeout: 5_000 }).toBe('offline');
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all([top.getAttribute('data-conn'), bottom.getAttribute('data-conn')]);
      expect(a).toBe('offline');
      expect(b).toBe('offline');
      await page.waitForTimeout(500);
    }
    await shot(page, 'phone-13-offline-zh.png');
    await ctx.setOffline(false);
    await expect.poll(() => top.getAttribute('data-conn'), { timeout: 60_000 }).toBe('connected');
    await expect.poll(() => bottom.getAttribute('data-conn'), { timeout: 5_000 }).toBe('connected');
    await ctx.close();
  }, 240_000);

  it('officer in English: the status buttons wrap, nothing runs off the 360 px screen', async () => {
    const { ctx, page } = await officerPhone(await dispatchedOfficer(), 'en');
    await page.locator('button[data-status=stood_down]', { hasText: 'Stand down' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const clipped = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.officer-status, .officer-share, .officer-tool, .topbar > *')]
          .filter((el) => el.offsetParent !== null)
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.left < 0 || r.right > window.innerWidth + 0.5 || el.scrollWidth > el.clientWidth + 1;
          })
          .map((el) => el.textContent),
      );
    await expect.poll(clipped).toEqual([]);
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await shot(page, 'phone-14-status-en.png');
    await ctx.close();
  }, 240_000);

  it('officer: 分享目标 gives WGS-84 and GCJ-02 with an AMap link, no number broken over two lines', async () => {
    const { ctx, page } = await officerPhone(await dispatchedOfficer());
    await page.locator('[data-testid=share-target]').click();
    const dialog = page.locator('[data-testid=share-dialog]');
    await dialog.waitFor();
    const [glon, glat] = gcoord.transform([TARGET.lon, TARGET.lat], gcoord.WGS84, gcoord.GCJ02);
    await expect.poll(() => dialog.textContent(), { timeout: 60_000 }).toContain('28.951200, 120.073100');
    await expect.poll(() => dialog.textContent()).toContain(`${glat!.toFixed(6)}, ${glon!.toFixed(6)}`);
    await expect.poll(() => dialog.textContent()).toContain('GCJ-02');
    const amap = dialog.locator('[data-testid=share-amap]');
    await expect.poll(() => amap.getAttribute('href')).toMatch(/^https:\/\/uri\.amap\.com\//);
    const href = (await amap.getAttribute('href'))!;
    const u = new URL(href);
    expect(u.host).toBe('uri.amap.com');
    expect(u.searchParams.get('position')).toBe(`${glon!.toFixed(6)},${glat!.toFixed(6)}`);
    expect(u.searchParams.get('coordinate')).toBe('gaode');
    // Every number of the text on one line.
    const broken = await dialog.evaluate((root) => {
      const out: string[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of (n.textContent ?? '').matchAll(/\d+(?:[.°′″]\d*)+[″NE]?|\d{3,}/g)) {
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(m[0]);
        }
      }
      return out;
    });
    expect(broken).toEqual([]);
    await shot(page, 'phone-15-share-zh.png');
    await ctx.close();
  }, 240_000);

  it('liaison: the purge countdown reads in hours and minutes with the date and time of the purge', async () => {
    const liaisonApi = await e2e.api('liaison');
    const commander = await e2e.api('commander');
    const created = await liaisonApi<{ alert: { id: string } }>('POST', '/tadpole/alerts', {
      kind: 'found_child',
      ageBand: 'child_1_3',
      sex: 'male',
      clothing: '蓝色上衣',
      placeText: '花都路',
      point: { lon: 120.0731, lat: 28.9012, datum: 'wgs84' },
      seenAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      contactPhone: '0579-88881100',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.alert.id;
    expect((await commander('POST', `/tadpole/alerts/${id}/verify`, {})).status).toBe(200);
    const r = await commander<{ alert: { purgeAfter: string } }>('POST', `/tadpole/alerts/${id}/retract`, {
      reason: 'withdrawn',
    });
    expect(r.status).toBe(200);
    const purge = new Date(r.body.alert.purgeAfter);
    const p = (n: number) => String(n).padStart(2, '0');
    const when = `${purge.getMonth() + 1}/${purge.getDate()}\u00a0${p(purge.getHours())}:${p(purge.getMinutes())}`;

    const ctx = await e2e.newContext({ ...PHONE, timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });
    const page = await ctx.newPage();
    await e2e.login(page, 'liaison', `#/tadpole/a/${id}`);
    const countdown = page.locator('[data-testid=purge-countdown]');
    await expect
      .poll(() => countdown.textContent(), { timeout: 60_000 })
      .toMatch(new RegExp(`^公开资料将于 2[34] 小时 \\d{1,2} 分后删除（${when.replace(/\//g, '\\/')}）$`));
    await shot(page, 'phone-17-purge-zh.png');
    await ctx.close();
  }, 240_000);

  it('liaison: ☰ → 地图 right after login shows the map', async () => {
    const ctx = await e2e.newContext({ ...PHONE });
    const page = await ctx.newPage();
    await e2e.login(page, 'liaison');
    await page.locator('[data-testid=tadpole-list]').waitFor({ timeout: 60_000 });
    await page.locator('.menu-toggle').click();
    await page.locator('.topbar-nav button', { hasText: '地图' }).click();
    await page.locator('.map-page').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=tadpole-list]').waitFor({ state: 'detached', timeout: 60_000 });
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await shot(page, 'phone-18-map-zh.png');
    await ctx.close();
  }, 240_000);

  it('liaison: the app requests no route the liaison cannot read', async () => {
    const ctx = await e2e.newContext({ ...PHONE });
    const page = await ctx.newPage();
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await e2e.login(page, 'liaison');
    await page.locator('[data-testid=tadpole-list]').waitFor({ timeout: 60_000 });
    await page.locator('.menu-toggle').click();
    await page.locator('.topbar-nav button', { hasText: '地图' }).click();
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await page.waitForTimeout(2000);
    expect(refused).toEqual([]);
    await ctx.close();
  }, 240_000);

  it('no English and no server path in the Chinese pages', async () => {
    // Proper names, units and codes that stay in Latin letters in the Chinese UI, and the demo commander's own
    // display name (指挥长 Commander): data, not a text of the app.
    const allowed = new Set([
      'Lookout',
      'English',
      'Commander',
      'Koester',
      'Lost',
      'Person',
      'Behavior',
      'ISRID',
      'MQTT',
      'WGS',
      'GCJ',
      'GPS',
      'CSV',
      // Export formats and the program a KML opens in, named as their users know them.
      'GPX',
      'KML',
      'GeoJSON',
      'Google',
      'QR',
      'km',
    ]);
    const latinWords = (page: Page) =>
      page.evaluate(() => {
        const words: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el || el.closest('.user, code, input, textarea, .maplibregl-ctrl-attrib-inner, [data-raw]')) continue;
          if (!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) continue;
          for (const m of (n.textContent ?? '').matchAll(/[A-Za-z]{2,}/g)) words.push(m[0]);
        }
        return words;
      });

    const commanderApi = await e2e.api('commander');
    const liaisonApi = await e2e.api('liaison');
    // An SMS roster in the area, so a delivery goes to the SMS sink.
    const g = await commanderApi<{ id: string }>('POST', '/tadpole/groups', {
      name: '花川 联络员短信',
      channel: 'sms',
      gridName: '花川',
      memberCount: 12,
      area: { circle: { lon: 120.0731, lat: 28.9012, radiusM: 800, datum: 'wgs84' } },
      credentials: { phones: ['13800000001', '13800000002'] },
    });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    const created = await liaisonApi<{ alert: { id: string } }>('POST', '/tadpole/alerts', {
      kind: 'found_child',
      ageBand: 'child_4_6',
      sex: 'female',
      placeText: '花都路',
      point: { lon: 120.0731, lat: 28.9012, datum: 'wgs84' },
      seenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      contactPhone: '0579-88881100',
    });
    expect(created.status).toBe(201);
    const alertId = created.body.alert.id;
    expect((await commanderApi('POST', `/tadpole/alerts/${alertId}/verify`, {})).status).toBe(200);

    // The liaison's deliveries: the SMS roster's row, in Chinese, without the server's file path.
    const ctx = await e2e.newContext({ ...PHONE });
    const page = await ctx.newPage();
    const bodies: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/'))
        void r.text().then(
          (t) => bodies.push(t),
          () => undefined,
        );
    });
    await e2e.login(page, 'liaison', `#/tadpole/a/${alertId}`);
    await page.locator('[data-tab=deliveries]').click();
    const smsRow = page.locator(`li[data-group="${g.body.id}"]`);
    await expect.poll(() => smsRow.getAttribute('data-status'), { timeout: 60_000 }).toBe('sent');
    await expect.poll(() => smsRow.textContent(), { timeout: 60_000 }).toContain('短信');
    expect((await latinWords(page)).filter((w) => !allowed.has(w))).toEqual([]);
    expect(bodies.filter((b) => b.includes(e2e.dataDir))).toEqual([]);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(e2e.dataDir);
    await ctx.close();

    // The commander's case panel with the ISRID rings and their source.
    const cctx = await e2e.newContext({ ...PHONE });
    const cp = await cctx.newPage();
    await dispatchedOfficer('笔架山 两名登山者走失');
    await e2e.login(cp, 'commander');
    await cp.locator('[data-testid=cases-toggle]').click();
    await cp.locator('[data-testid=cases-panel] button', { hasText: '两名登山者' }).first().click();
    const rings = cp.locator('[data-testid=rings-section]');
    await expect.poll(() => rings.textContent(), { timeout: 60_000 }).toContain('Koester');
    expect((await latinWords(cp)).filter((w) => !allowed.has(w))).toEqual([]);
    await cctx.close();

    // The admin registering a callsign that exists: the refusal in Chinese.
    const actx = await e2e.newContext(DESKTOP);
    const ap = await actx.newPage();
    await e2e.login(ap, 'admin', '#/admin');
    const form = ap.locator('[data-testid=drones-panel] form');
    await form.locator('input[name=callsign]').fill('鹰眼-1');
    await form.locator('button[type=submit]').click();
    const err = ap.locator('[data-testid=drones-panel] .error');
    await expect.poll(() => err.textContent(), { timeout: 60_000 }).toContain('鹰眼-1');
    await expect.poll(() => err.textContent()).toMatch(/^登记失败：[^A-Za-z]+$/);
    expect((await latinWords(ap)).filter((w) => !allowed.has(w))).toEqual([]);
    await actx.close();
  }, 300_000);

  it("touch targets of 44 px and more: map controls, 数据来源, 打开公开页面, the card's language link", async () => {
    const small = (page: Page, selector: string) =>
      page.evaluate((sel) => {
        return [...document.querySelectorAll<HTMLElement>(sel)]
          .filter((el) => el.offsetParent !== null)
          .map((el) => {
            const r = el.getBoundingClientRect();
            return { sel, text: el.textContent ?? el.className, w: Math.round(r.width), h: Math.round(r.height) };
          })
          .filter((x) => x.w < 44 || x.h < 44);
      }, selector);

    const ctx = await e2e.newContext({ ...PHONE });
    const page = await ctx.newPage();
    await e2e.login(page, 'commander');
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await page.locator('.maplibregl-ctrl-group button').first().waitFor();
    await expect.poll(() => small(page, '.maplibregl-ctrl-group button, .maplibregl-ctrl-attrib-button')).toEqual([]);
    await ctx.close();

    const liaisonApi = await e2e.api('liaison');
    const commander = await e2e.api('commander');
    const created = await liaisonApi<{ alert: { id: string }; publicUrl: string }>('POST', '/tadpole/alerts', {
      kind: 'found_child',
      ageBand: 'child_1_3',
      sex: 'unknown',
      placeText: '花都路',
      point: { lon: 120.0741, lat: 28.9022, datum: 'wgs84' },
      seenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      contactPhone: '0579-88881100',
    });
    expect(created.status).toBe(201);
    expect((await commander('POST', `/tadpole/alerts/${created.body.alert.id}/verify`, {})).status).toBe(200);
    const lctx = await e2e.newContext({ ...PHONE });
    const lp = await lctx.newPage();
    await e2e.login(lp, 'liaison', `#/tadpole/a/${created.body.alert.id}`);
    await lp.locator('[data-testid=public-link]').waitFor({ timeout: 60_000 });
    await expect.poll(() => small(lp, '[data-testid=public-link]')).toEqual([]);
    await lctx.close();

    const pctx = await e2e.newContext({ ...PHONE });
    const pp = await pctx.newPage();
    await pp.goto(created.body.publicUrl);
    await pp.locator('#lang').waitFor({ timeout: 60_000 });
    await expect.poll(() => small(pp, '#lang')).toEqual([]);
    await pctx.close();
  }, 300_000);

  it('the map shows a loading state until it has drawn', async () => {
    const ctx = await e2e.newContext({ ...PHONE });
    // Record from the first paint whether the loading state was ever on screen.
    await ctx.addInitScript(() => {
      const seen = { loading: false };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=map-loading]')) seen.loading = true;
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await ctx.newPage();
    await e2e.login(page, 'commander');
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await page.locator('[data-testid=map-loading]').waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { __seen: { loading: boolean } }).__seen.loading)).toBe(
      true,
    );
    await ctx.close();
  }, 240_000);

  it('officer on the offline sketch basemap: no 下载本区域 button', async () => {
    const { ctx, page } = await officerPhone(await dispatchedOfficer());
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.basemap)).toBe('fallback');
    await page.locator('[data-testid=follow-toggle]').waitFor();
    expect(await page.locator('[data-testid=download-area]').count()).toBe(0);
    await ctx.close();
  }, 240_000);

  it('the ☰ menu closes after a language switch', async () => {
    const ctx = await e2e.newContext({ ...PHONE });
    const page = await ctx.newPage();
    await e2e.login(page, 'commander');
    await page.locator('.menu-toggle').click();
    const nav = page.locator('.topbar-nav');
    await expect.poll(() => nav.evaluate((el) => el.classList.contains('open')), { timeout: 60_000 }).toBe(true);
    await page.locator('[data-testid=lang-switch]').click();
    await page.locator('.topbar-nav button', { hasText: 'Map' }).waitFor({ state: 'attached' });
    await expect.poll(() => nav.evaluate((el) => el.classList.contains('open')), { timeout: 60_000 }).toBe(false);
    await expect
      .poll(() => page.locator('.menu-toggle').getAttribute('aria-expanded'), { timeout: 60_000 })
      .toBe('false');
    await ctx.close();
  }, 240_000);

  it('admin: the menu says 管理; a drone row can be disabled and its credentials reset', async () => {
    const adminApi = await e2e.api('admin');
    const reg = await adminApi<{ id: string; mqtt: { password: string } }>('POST', '/drones', { callsign: '鹰眼-E2E' });
    expect(reg.status).toBe(201);
    const ctx = await e2e.newContext(DESKTOP);
    const page = await ctx.newPage();
    await e2e.login(page, 'admin');
    const navAdmin = page.locator('.topbar-nav button', { hasText: /^管理$/ });
    await navAdmin.click();
    const row = page.locator(`tr[data-drone="${reg.body.id}"]`);
    await row.waitFor({ timeout: 60_000 });
    const confirm = page.locator('[data-testid=admin-confirm]');
    await row.locator('[data-testid=drone-reset]').click();
    await confirm.locator('[data-testid=confirm-ok]').click();
    await confirm.waitFor({ state: 'detached', timeout: 60_000 });
    const creds = page.locator('[data-testid=drone-creds]');
    await expect.poll(() => creds.textContent(), { timeout: 60_000 }).toContain(reg.body.id);
    const newPassword = (await creds.locator('dd code').nth(2).textContent())!;
    expect(newPassword).not.toBe(reg.body.mqtt.password);
    expect(newPassword.length).toBeGreaterThanOrEqual(16);
    await row.locator('[data-testid=drone-disable]').click();
    await confirm.locator('[data-testid=confirm-ok]').click();
    await row.waitFor({ state: 'detached', timeout: 60_000 });
    const list = await adminApi<{ drones: { id: string }[] }>('GET', '/drones');
    expect(list.body.drones.map((d) => d.id)).not.toContain(reg.body.id);
    await ctx.close();
  }, 240_000);
});
