/**
 * The phone walk-through, role by role, in Debian's Chromium against the real server (embedded PGlite + aedes,
 * fresh data folder, free ports, the offline sketch basemap): the officer's guidance card and status bar at
 * 360×640 in Chinese and English, one connection state during an outage, sharing the target with GCJ-02 and an
 * AMap link, the purge countdown in hours and minutes, ☰ → 地图 right after login, no English or server path in
 * the Chinese UI, touch targets of at least 44 px, the map's loading state, and the admin's drone rows.
 * Screenshots go to docs/screenshots/phone-*.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import gcoord from 'gcoord';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, PHONE } from './harness.ts';
import { LookoutProcess, ROOT, type Account } from './lookout-process.ts';

const SHOTS = path.join(ROOT, 'docs/screenshots');
const STARTUP_TIMEOUT_MS = 300_000;
/** The officer's phone, on the path below 三渡溪水库. */
const START = { latitude: 28.945, longitude: 120.07, accuracy: 8 };
/** The target: ≈ 700 m north-east, up the hill. */
const TARGET = { lon: 120.0731, lat: 28.9512 };
const LONG_TITLE = '笔架山 三渡溪水库 北侧山脊 三名登山者走失（其中一人腿部受伤，手机电量低）';

let lookout: LookoutProcess;
let dataDir = '';
let browser: Browser | null = null;

/** Officers of our own (the demo scenario walks and dispatches the demo officer). */
const OFFICERS: Account[] = ['e2e-p1', 'e2e-p2', 'e2e-p3'].map((u) => ({
  username: u,
  password: `${u}-password-1`,
  role: 'officer',
}));

/** Through the admin API, as the admin page does it (a CLI run would open the database a second time). */
async function createUser(a: Account): Promise<void> {
  const admin = await lookout.api(lookout.account('admin'));
  const r = await admin('POST', '/users', { username: a.username, role: a.role, password: a.password });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** A case and an assignment of `officer` to the target, with the officer's position known to the server. */
async function dispatch(officer: Account, title = LONG_TITLE): Promise<{ caseId: string; assignmentId: string }> {
  const commander = await lookout.api(lookout.account('commander'));
  const own = await lookout.api(officer);
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

/** The officer's phone on the officer view with its assignment and own position shown. */
async function officerPhone(
  officer: Account,
  locale: 'zh-CN' | 'en' = 'zh-CN',
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await phoneContext({ ...PHONE, geolocation: START, permissions: ['geolocation'] });
  if (locale === 'en') await ctx.addInitScript(() => localStorage.setItem('lookout.lang', 'en'));
  const page = await ctx.newPage();
  await lookout.login(page, officer);
  await page.locator('[data-testid=officer-distance]').waitFor({ timeout: 40_000 });
  await expect
    .poll(() => page.locator('[data-testid=officer-page]').getAttribute('data-map-ready'), { timeout: 60_000 })
    .toBe('true');
  return { ctx, page };
}

/** A browser context with timeouts fit for a loaded 2-core machine (SwiftShader draws the map). */
async function phoneContext(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const ctx = await browser!.newContext(options);
  ctx.setDefaultTimeout(45_000);
  ctx.setDefaultNavigationTimeout(90_000);
  return ctx;
}

type Rect = { left: number; top: number; right: number; bottom: number };

/** Whether a screen point lies under one of these elements. */
function covered(p: { x: number; y: number }, rects: Rect[]): boolean {
  return rects.some((r) => p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom);
}

describe('phones: the officer, the liaison and everyone', () => {
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk`).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-e2e-phone-'));
    lookout = await LookoutProcess.start({
      dataDir,
      readyRoles: ['commander', 'officer', 'liaison', 'admin'],
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    for (const o of OFFICERS) await createUser(o);
    browser = await launchChromium();
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await lookout?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('officer: a compact card, the status on its own line, the target and own position never under the overlays', async () => {
    await dispatch(OFFICERS[0]!);
    const { ctx, page } = await officerPhone(OFFICERS[0]!);
    const card = page.locator('[data-testid=officer-card]');
    const status = page.locator('[data-testid=officer-status-line]');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('当前状态：已派出');
    // The status is a line of its own, never cut off by a long title.
    expect(await status.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    const cardBox = (await card.boundingBox())!;
    expect(cardBox.height).toBeLessThanOrEqual(116);

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
        { timeout: 20_000 },
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
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 30_000 });
    await shot(page, 'phone-12-guidance-zh.png');
    await ctx.close();
  }, 240_000);

  it('officer: one connection state, top and bottom, through an outage', async () => {
    await dispatch(OFFICERS[1]!);
    const { ctx, page } = await officerPhone(OFFICERS[1]!);
    const top = page.locator('.topbar [data-conn]');
    const bottom = page.locator('[data-testid=officer-conn]');
    await expect.poll(() => top.getAttribute('data-conn'), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => bottom.getAttribute('data-conn'), { timeout: 5_000 }).toBe('connected');
    await ctx.setOffline(true);
    // Both say the same within a few seconds; never "connected" on top while the bottom says offline.
    await expect.poll(() => top.getAttribute('data-conn'), { timeout: 5_000 }).toBe('offline');
    await expect.poll(() => bottom.getAttribute('data-conn'), { timeout: 5_000 }).toBe('offline');
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all([top.getAttribute('data-conn'), bottom.getAttribute('data-conn')]);
      expect(a).toBe('offline');
      expect(b).toBe('offline');
      await page.waitForTimeout(500);
    }
    await shot(page, 'phone-13-offline-zh.png');
    await ctx.setOffline(false);
    await expect.poll(() => top.getAttribute('data-conn'), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => bottom.getAttribute('data-conn'), { timeout: 5_000 }).toBe('connected');
    await ctx.close();
  }, 240_000);

  it('officer in English: the status buttons wrap, nothing runs off the 360 px screen', async () => {
    const { ctx, page } = await officerPhone(OFFICERS[0]!, 'en');
    await page.locator('button[data-status=stood_down]', { hasText: 'Stand down' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.officer-status, .officer-share, .officer-tool, .topbar > *')]
        .filter((el) => el.offsetParent !== null)
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < 0 || r.right > window.innerWidth + 0.5 || el.scrollWidth > el.clientWidth + 1;
        })
        .map((el) => el.textContent),
    );
    expect(clipped).toEqual([]);
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 60_000 });
    await shot(page, 'phone-14-status-en.png');
    await ctx.close();
  }, 240_000);

  it('officer: 分享目标 gives WGS-84 and GCJ-02 with an AMap link, no number broken over two lines', async () => {
    const { ctx, page } = await officerPhone(OFFICERS[0]!);
    await page.locator('[data-testid=share-target]').click();
    const dialog = page.locator('[data-testid=share-dialog]');
    await dialog.waitFor();
    const [glon, glat] = gcoord.transform([TARGET.lon, TARGET.lat], gcoord.WGS84, gcoord.GCJ02);
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('28.951200, 120.073100');
    await expect(dialog.textContent()).resolves.toContain(`${glat!.toFixed(6)}, ${glon!.toFixed(6)}`);
    await expect(dialog.textContent()).resolves.toContain('GCJ-02');
    const amap = dialog.locator('[data-testid=share-amap]');
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
    const liaisonApi = await lookout.api(lookout.account('liaison'));
    const commander = await lookout.api(lookout.account('commander'));
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

    const ctx = await phoneContext({ ...PHONE, timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });
    const page = await ctx.newPage();
    await lookout.login(page, lookout.account('liaison'), `#/tadpole/a/${id}`);
    const countdown = page.locator('[data-testid=purge-countdown]');
    await expect
      .poll(() => countdown.textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`^公开资料将于 2[34] 小时 \\d{1,2} 分后删除（${when.replace(/\//g, '\\/')}）$`));
    await shot(page, 'phone-17-purge-zh.png');
    await ctx.close();
  }, 240_000);

  it('liaison: ☰ → 地图 right after login shows the map', async () => {
    const ctx = await phoneContext({ ...PHONE });
    const page = await ctx.newPage();
    await lookout.login(page, lookout.account('liaison'));
    await page.locator('[data-testid=tadpole-list]').waitFor({ timeout: 30_000 });
    await page.locator('.menu-toggle').click();
    await page.locator('.topbar-nav button', { hasText: '地图' }).click();
    await page.locator('.map-page').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid=tadpole-list]').waitFor({ state: 'detached', timeout: 10_000 });
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 60_000 });
    await shot(page, 'phone-18-map-zh.png');
    await ctx.close();
  }, 240_000);

  it('liaison: the app requests no route the liaison cannot read', async () => {
    const ctx = await phoneContext({ ...PHONE });
    const page = await ctx.newPage();
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await lookout.login(page, lookout.account('liaison'));
    await page.locator('[data-testid=tadpole-list]').waitFor({ timeout: 30_000 });
    await page.locator('.menu-toggle').click();
    await page.locator('.topbar-nav button', { hasText: '地图' }).click();
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 60_000 });
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

    const commanderApi = await lookout.api(lookout.account('commander'));
    const liaisonApi = await lookout.api(lookout.account('liaison'));
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
    const ctx = await phoneContext({ ...PHONE });
    const page = await ctx.newPage();
    const bodies: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/'))
        void r.text().then(
          (t) => bodies.push(t),
          () => undefined,
        );
    });
    await lookout.login(page, lookout.account('liaison'), `#/tadpole/a/${alertId}`);
    await page.locator('[data-tab=deliveries]').click();
    const smsRow = page.locator(`li[data-group="${g.body.id}"]`);
    await expect.poll(() => smsRow.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    await expect.poll(() => smsRow.textContent(), { timeout: 10_000 }).toContain('短信');
    expect((await latinWords(page)).filter((w) => !allowed.has(w))).toEqual([]);
    expect(bodies.filter((b) => b.includes(dataDir))).toEqual([]);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(dataDir);
    await ctx.close();

    // The commander's case panel with the ISRID rings and their source.
    const cctx = await phoneContext({ ...PHONE });
    const cp = await cctx.newPage();
    await dispatch(OFFICERS[2]!, '笔架山 两名登山者走失');
    await lookout.login(cp, lookout.account('commander'));
    await cp.locator('[data-testid=cases-toggle]').click();
    await cp.locator('[data-testid=cases-panel] button', { hasText: '两名登山者' }).first().click();
    const rings = cp.locator('[data-testid=rings-section]');
    await expect.poll(() => rings.textContent(), { timeout: 15_000 }).toContain('Koester');
    expect((await latinWords(cp)).filter((w) => !allowed.has(w))).toEqual([]);
    await cctx.close();

    // The admin registering a callsign that exists: the refusal in Chinese.
    const actx = await phoneContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const ap = await actx.newPage();
    await lookout.login(ap, lookout.account('admin'), '#/admin');
    const form = ap.locator('[data-testid=drones-panel] form');
    await form.locator('input[name=callsign]').fill('鹰眼-1');
    await form.locator('button[type=submit]').click();
    const err = ap.locator('[data-testid=drones-panel] .error');
    await expect.poll(() => err.textContent(), { timeout: 10_000 }).toContain('鹰眼-1');
    await expect(err.textContent()).resolves.toMatch(/^登记失败：[^A-Za-z]+$/);
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

    const ctx = await phoneContext({ ...PHONE });
    const page = await ctx.newPage();
    await lookout.login(page, lookout.account('commander'));
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 60_000 });
    await page.locator('.maplibregl-ctrl-group button').first().waitFor();
    expect(await small(page, '.maplibregl-ctrl-group button, .maplibregl-ctrl-attrib-button')).toEqual([]);
    await ctx.close();

    const liaisonApi = await lookout.api(lookout.account('liaison'));
    const commander = await lookout.api(lookout.account('commander'));
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
    const lctx = await phoneContext({ ...PHONE });
    const lp = await lctx.newPage();
    await lookout.login(lp, lookout.account('liaison'), `#/tadpole/a/${created.body.alert.id}`);
    await lp.locator('[data-testid=public-link]').waitFor({ timeout: 30_000 });
    expect(await small(lp, '[data-testid=public-link]')).toEqual([]);
    await lctx.close();

    const pctx = await phoneContext({ ...PHONE });
    const pp = await pctx.newPage();
    await pp.goto(created.body.publicUrl);
    await pp.locator('#lang').waitFor({ timeout: 30_000 });
    expect(await small(pp, '#lang')).toEqual([]);
    await pctx.close();
  }, 300_000);

  it('the map shows a loading state until it has drawn', async () => {
    const ctx = await phoneContext({ ...PHONE });
    // Record from the first paint whether the loading state was ever on screen.
    await ctx.addInitScript(() => {
      const seen = { loading: false };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=map-loading]')) seen.loading = true;
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await ctx.newPage();
    await lookout.login(page, lookout.account('commander'));
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 60_000 });
    await page.locator('[data-testid=map-loading]').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __seen: { loading: boolean } }).__seen.loading)).toBe(
      true,
    );
    await ctx.close();
  }, 240_000);

  it('officer on the offline sketch basemap: no 下载本区域 button', async () => {
    const { ctx, page } = await officerPhone(OFFICERS[0]!);
    expect(await page.evaluate(() => document.documentElement.dataset.basemap)).toBe('fallback');
    await page.locator('[data-testid=follow-toggle]').waitFor();
    expect(await page.locator('[data-testid=download-area]').count()).toBe(0);
    await ctx.close();
  }, 240_000);

  it('the ☰ menu closes after a language switch', async () => {
    const ctx = await phoneContext({ ...PHONE });
    const page = await ctx.newPage();
    await lookout.login(page, lookout.account('commander'));
    await page.locator('.menu-toggle').click();
    const nav = page.locator('.topbar-nav');
    await expect.poll(() => nav.evaluate((el) => el.classList.contains('open')), { timeout: 10_000 }).toBe(true);
    await page.locator('[data-testid=lang-switch]').click();
    await page.locator('.topbar-nav button', { hasText: 'Map' }).waitFor({ state: 'attached' });
    await expect.poll(() => nav.evaluate((el) => el.classList.contains('open')), { timeout: 10_000 }).toBe(false);
    await expect
      .poll(() => page.locator('.menu-toggle').getAttribute('aria-expanded'), { timeout: 10_000 })
      .toBe('false');
    await ctx.close();
  }, 240_000);

  it('admin: the menu says 管理; a drone row can be disabled and its credentials reset', async () => {
    const adminApi = await lookout.api(lookout.account('admin'));
    const reg = await adminApi<{ id: string; mqtt: { password: string } }>('POST', '/drones', { callsign: '鹰眼-E2E' });
    expect(reg.status).toBe(201);
    const ctx = await phoneContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await lookout.login(page, lookout.account('admin'));
    const navAdmin = page.locator('.topbar-nav button', { hasText: /^管理$/ });
    await navAdmin.click();
    const row = page.locator(`tr[data-drone="${reg.body.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    const confirm = page.locator('[data-testid=admin-confirm]');
    await row.locator('[data-testid=drone-reset]').click();
    await confirm.locator('[data-testid=confirm-ok]').click();
    await confirm.waitFor({ state: 'detached', timeout: 10_000 });
    const creds = page.locator('[data-testid=drone-creds]');
    await expect.poll(() => creds.textContent(), { timeout: 10_000 }).toContain(reg.body.id);
    const newPassword = (await creds.locator('dd code').nth(2).textContent())!;
    expect(newPassword).not.toBe(reg.body.mqtt.password);
    expect(newPassword.length).toBeGreaterThanOrEqual(16);
    await row.locator('[data-testid=drone-disable]').click();
    await confirm.locator('[data-testid=confirm-ok]').click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    const list = await adminApi<{ drones: { id: string }[] }>('GET', '/drones');
    expect(list.body.drones.map((d) => d.id)).not.toContain(reg.body.id);
    await ctx.close();
  }, 240_000);
});
