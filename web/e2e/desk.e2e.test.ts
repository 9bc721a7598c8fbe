/**
 * The commander at the desk, in Debian's Chromium against the real server (embedded PGlite + aedes, fresh data
 * folder): the sighting detail and the case panel side by side, dispatch from a match row and a sighting, weak
 * matches folded after a confirmation, the 导出 menu in the case panel and the replay, the clock breach badge on
 * every page and a board row that opens the case panel, a draft alert checked with its photo, a published alert
 * with no group in range, and the monthly report's interval chart and table. Each test seeds what it needs
 * through the API (sightings through MQTT, as a drone sends them) and can run alone.
 * Screenshots: docs/screenshots/desk-*.png (1280×800, and 360×640 where the page is used on phones).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clickMapAt, DESKTOP, mapReady, shot, startE2eLookout, type Role } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { jpeg, offset } from './seed.ts';

const e2e = startE2eLookout({
  name: 'desk',
  roles: ['commander', 'liaison', 'officer', 'admin'],
  env: { ESCALATION_EVERY_S: '2' },
});
const errors = e2e.errors;

const apiOf = (role: Role) => e2e.api(role);

/** A browser of this shape signed in as `role` on `hash`; closed after the test (each renders a live map). */
async function newPage(options: BrowserContextOptions, role: Role, hash: string): Promise<Page> {
  const page = await e2e.newPage(role, hash, { acceptDownloads: true, ...options });
  // The machine is shared: software WebGL and a fresh server leave the page slow to answer at times.
  page.setDefaultTimeout(90_000);
  return page;
}

/** The map page has its map with style and tiles loaded (mapReady), or the test says what the page showed. */
async function mapIdle(page: Page): Promise<void> {
  try {
    await mapReady(page);
  } catch (err) {
    await page.screenshot({ path: path.join(tmpdir(), 'desk-map-timeout.png') }).catch(() => undefined);
    const seen = await page
      .evaluate(() => ({
        text: document.body.innerText.slice(0, 400),
        hook: Object.keys(window.__lookout ?? {}),
        layers: Boolean(window.__lookout?.map?.getLayer('drones-symbol')),
      }))
      .catch((e: unknown) => String(e));
    throw new Error(`map not loaded: ${JSON.stringify(seen)} errors=${JSON.stringify(errors)}`, { cause: err });
  }
}

interface MatchBody {
  id: number;
  sightingId: number;
  score: number;
  distanceM: number;
  status: string;
}

/**
 * A lost-person case at `base` (each test its own place, ≥ 14 km from the others and the demo, so no sighting
 * matches another test's case) with one rough caller fix and a drone's sightings at these distances, seen 15
 * minutes before the fix: the server matches them. Returns the case and its matches, best first.
 */
async function caseWithMatches(
  title: string,
  base: { lon: number; lat: number },
  distancesM: number[],
): Promise<{ caseId: string; matches: MatchBody[]; sightingPoints: { lon: number; lat: number }[] }> {
  const commander = await apiOf('commander');
  const admin = await apiOf('admin');
  const opened = await commander<{ case: { id: string } }>('POST', '/cases', {
    kind: 'lost_person',
    title,
    subjectCategory: 'hiker',
    subjectCount: 1,
    ipp: { ...base, datum: 'wgs84' },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const caseId = opened.body.case.id;
  const fix = await commander('POST', `/cases/${caseId}/caller-locations`, {
    lon: base.lon,
    lat: base.lat,
    datum: 'wgs84',
    accuracyM: 500,
    idempotencyKey: randomUUID(),
  });
  expect(fix.status, JSON.stringify(fix.body)).toBe(201);

  const drone = await admin<{ id: string; mqtt: { url: string; username: string; password: string } }>(
    'POST',
    '/drones',
    { callsign: `桌面-${title.slice(0, 4)}` },
  );
  expect(drone.status, JSON.stringify(drone.body)).toBe(201);
  const client = await mqtt.connectAsync(drone.body.mqtt.url, {
    clientId: drone.body.mqtt.username,
    username: drone.body.mqtt.username,
    password: drone.body.mqtt.password,
    protocolVersion: 4,
  });
  const sightingPoints = distancesM.map((d, i) => offset(base, d * Math.cos(i), d * Math.sin(i)));
  const t = new Date(Date.now() - 15 * 60_000).toISOString();
  for (const p of sightingPoints) {
    await client.publishAsync(
      `lookout/v1/drones/${drone.body.id}/sightings`,
      JSON.stringify({ v: 1, id: randomUUID(), t, ...p, uncM: 15, conf: 0.7, kind: 'person', count: 1 }),
      { qos: 1 },
    );
  }
  await client.endAsync();
  let matches: MatchBody[] = [];
  await expect
    .poll(
      async () => {
        const r = await commander<{ matches: MatchBody[] }>('GET', `/cases/${caseId}/matches`);
        matches = r.body.matches ?? [];
        return matches.length;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(distancesM.length);
  return { caseId, matches: [...matches].sort((a, b) => b.score - a.score), sightingPoints };
}

/** The officer's unit exists once the officer's phone sent a position. */
async function ensureOfficerUnit(): Promise<void> {
  const officer = await apiOf('officer');
  const r = await officer('POST', '/me/positions', {
    positions: [{ lon: 120.07, lat: 28.94, accuracy: 8, t: new Date().toISOString(), idempotencyKey: randomUUID() }],
  });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
}

/** Open this case in the map page's panel: 警情, then its row. */
async function openCaseInPanel(page: Page, title: string): Promise<void> {
  await mapIdle(page);
  if ((await page.getByTestId('cases-panel').count()) === 0) await page.getByTestId('cases-toggle').click();
  await page.locator('.cases-list button', { hasText: title }).click();
  await page.locator('[data-testid=case-detail] h3', { hasText: title }).waitFor({ timeout: 30_000 });
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Both panels are on screen, whole, and neither covers the other. */
async function expectSideBySide(page: Page): Promise<void> {
  const sighting = page.getByTestId('sighting-panel');
  const cases = page.getByTestId('cases-panel');
  await sighting.waitFor({ timeout: 30_000 });
  await expect
    .poll(async () => {
      const a = await sighting.boundingBox();
      const b = await cases.boundingBox();
      return a && b && a.height > 40 && b.height > 40 ? overlaps(a, b) : null;
    })
    .toBe(false);
  // What is on top at each panel's centre is that panel (nothing else covers it).
  for (const id of ['sighting-panel', 'cases-panel']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    const hit = await page.evaluate(
      ({ x, y, id }) => document.elementFromPoint(x, y)?.closest(`[data-testid="${id}"]`) !== null,
      { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 40), id },
    );
    expect(hit, `${id} covered`).toBe(true);
  }
}

describe('the commander at the desk', () => {
  it('stacks the sighting detail and the case panel so neither hides the other (desktop and phone)', async () => {
    const title = '桌面五 山谷 徒步者失联';
    const seeded = await caseWithMatches(title, { lon: 120.3, lat: 28.75 }, [120, 600]);
    for (const [options, name, shiftUp] of [
      [DESKTOP, 'desk-05-panels.png', 0],
      // On the phone: below the place search box, above the case panel.
      [PHONE, 'desk-05-panels-phone.png', 150],
    ] as const) {
      const page = await newPage(options, 'commander', '#/map');
      await openCaseInPanel(page, title);
      await clickMapAt(page, seeded.sightingPoints[0]!, shiftUp);
      await expectSideBySide(page);
      // The open case's commander sends a unit to the sighting from its detail.
      await page.getByTestId('sighting-dispatch').waitFor();
      await shot(page, name);
    }
    expect(errors).toEqual([]);
  }, 300_000);

  it('dispatches from a match row, names targets by rank with distance, score and status, and folds weak matches', async () => {
    const title = '桌面六 林场 护林员失联';
    await ensureOfficerUnit();
    const seeded = await caseWithMatches(title, { lon: 120.45, lat: 28.75 }, [100, 700, 1300, 1900]);
    const page = await newPage(DESKTOP, 'commander', '#/map');
    await openCaseInPanel(page, title);
    const rows = page.getByTestId('match-row');
    await expect.poll(() => rows.count()).toBe(4);
    await expect.poll(() => rows.first().textContent()).toMatch(/#1 · \d+ 米 · 得分 0\.\d\d · 待确认/);
    // The target list names every match and sighting by rank, distance, score and status, never by database id.
    const targetOptions = async () =>
      (
        await page
          .locator('[data-testid=dispatch-target] option')
          .evaluateAll((os) => os.map((o) => [o.getAttribute('value'), o.textContent]))
      ).filter(([v]) => v?.startsWith('match:') || v?.startsWith('sighting:'));
    await expect.poll(async () => (await targetOptions()).length).toBe(8);
    const targets = await targetOptions();
    for (const [, text] of targets) expect(text).toMatch(/#[1-4] · \d+(\.\d)? (米|公里) · 得分 \d\.\d\d · 待确认/);

    // 派往此处 on the best match: the unit goes there without hunting for it in the list.
    const best = rows.first();
    await best.getByTestId('match-dispatch').click();
    await best.getByTestId('match-dispatch-unit').selectOption({ index: 1 });
    await best.getByTestId('match-dispatch-send').click();
    await page.locator('[data-testid=assignments-section]', { hasText: '匹配 #1' }).waitFor({ timeout: 30_000 });
    await shot(page, 'desk-06-dispatch.png');

    // Confirming the second match folds the other three under "其他 3 个较弱匹配".
    await rows.nth(1).getByTestId('match-confirm').click();
    await page
      .locator('[data-testid=weak-matches-toggle]', { hasText: '其他 3 个较弱匹配' })
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().getAttribute('data-status')).toBe('confirmed');
    await expect.poll(() => rows.first().getAttribute('data-rank')).toBe('2');
    await page.getByTestId('weak-matches-toggle').click();
    await expect.poll(() => page.locator('[data-testid=weak-matches] [data-testid=match-row]').count()).toBe(3);
    expect(seeded.matches[1]!.id).toBeGreaterThan(0);
    await shot(page, 'desk-06-weak-matches.png');
    expect(errors).toEqual([]);
  }, 300_000);

  it('exports GPX, KML, GeoJSON and the timeline CSV from the case panel and the replay', async () => {
    const title = '桌面七 水库 钓鱼人失联';
    const { caseId } = await caseWithMatches(title, { lon: 120.6, lat: 28.75 }, [150]);
    const page = await newPage(DESKTOP, 'commander', '#/map');
    await openCaseInPanel(page, title);
    const download = async (key: string) => {
      await page.getByTestId('export-toggle').click();
      const link = page.getByTestId(`export-${key}`);
      await link.waitFor();
      const [d] = await Promise.all([page.waitForEvent('download'), link.click()]);
      return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
    };
    const gpx = await download('gpx');
    expect(gpx.name).toMatch(/\.gpx$/);
    expect(gpx.text).toContain('<gpx');
    const kml = await download('kml');
    expect(kml.name).toMatch(/\.kml$/);
    expect(kml.text).toContain('<kml');
    const geojson = await download('geojson');
    expect(geojson.name).toMatch(/\.geojson$/);
    expect(JSON.parse(geojson.text)).toMatchObject({ type: 'FeatureCollection' });
    const csv = await download('csv');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.split('\n').length).toBeGreaterThan(2);
    await page.getByTestId('export-toggle').click();
    await shot(page, 'desk-07-export.png');

    await page.goto(`${e2e.baseUrl}/#/replay/${caseId}`);
    await page.getByTestId('replay-page').waitFor();
    await page.getByTestId('export-toggle').click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(d.suggestedFilename()).toMatch(/\.csv$/);
    await page.getByTestId('export-toggle').click();
    await page.getByTestId('export-gpx').waitFor();
    await shot(page, 'desk-07-export-replay.png');
    expect(errors).toEqual([]);
  }, 300_000);

  it('shows a clock breach on every page, and a board row opens the case panel', async () => {
    const commander = await apiOf('commander');
    const title = '桌面八 老街 老人走失（电话报警）';
    const late = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title,
      subjectCategory: 'dementia',
      subjectCount: 1,
    });
    expect(late.status).toBe(201);
    const caseId = late.body.case.id;
    const page = await newPage(DESKTOP, 'commander', '#/map');
    await mapIdle(page);
    const corrected = await commander('POST', `/cases/${caseId}/clock-corrections`, {
      step: 'reported',
      at: new Date(Date.now() - 180_000).toISOString(),
      reason: '电话报警时间，录入晚了三分钟',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    // On the map page, then on the reports page: the badge names the late case.
    const badge = page.getByTestId('breach-badge');
    await expect.poll(() => badge.getAttribute('title'), { timeout: 30_000 }).toContain(title);
    await shot(page, 'desk-08-breach-map.png');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('reports-page').waitFor();
    await expect.poll(() => badge.getAttribute('title'), { timeout: 30_000 }).toContain(title);

    // The badge leads to the board; a click on the row opens the case in the panel, not just the map.
    await badge.click();
    const row = page.locator(`[data-testid=board-row][data-case="${caseId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.locator(`[data-testid=case-detail][data-case="${caseId}"]`).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/map');
    await shot(page, 'desk-08-board-opens-case.png');

    const phone = await newPage(PHONE, 'commander', '#/map');
    await expect
      .poll(() => phone.getByTestId('breach-badge').getAttribute('title'), { timeout: 30_000 })
      .toContain(title);
    await shot(phone, 'desk-08-breach-phone.png');
    expect(errors).toEqual([]);
  }, 300_000);

  it('shows the photo of a draft alert while it is checked before publishing', async () => {
    const liaison = await apiOf('liaison');
    const created = await liaison<{ alert: { id: string } }>('POST', '/tadpole/alerts', {
      kind: 'found_child',
      ageBand: 'child_1_3',
      sex: 'male',
      heightCm: 92,
      clothing: '黄色上衣，蓝色裤子',
      placeText: '桌面九 菜市场门口',
      point: { lon: 120.08, lat: 28.89, datum: 'wgs84' },
      seenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      contactPhone: '0579-88881100',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.alert.id;
    const photo = await jpeg(1200, 900, '#d08050');
    expect(await e2e.upload('liaison', 'POST', `/tadpole/alerts/${id}/photos`, photo, 'image/jpeg')).toBe(201);

    // The commander who checks it (not the liaison's page that took the photo) sees the photo on the card.
    const page = await newPage(PHONE, 'commander', `#/tadpole/a/${id}`);
    await page.getByTestId('draft-panel').waitFor({ timeout: 30_000 });
    const img = page.locator('[data-testid=public-card] .tp-public-card-photo img');
    await img.waitFor({ timeout: 30_000 });
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('public-card').textContent()).not.toContain('发布后显示');
    await shot(page, 'desk-09-draft-photo-phone.png');
    expect(errors).toEqual([]);
  }, 300_000);

  it('says a published alert has no group in range, with its radius, when it widens, and what to do', async () => {
    const commander = await apiOf('commander');
    const created = await commander<{ alert: { id: string } }>('POST', '/tadpole/alerts', {
      kind: 'lost_child',
      ageBand: 'child_4_6',
      sex: 'female',
      heightCm: 108,
      clothing: '红色外套',
      placeText: '桌面十 山村小学门口',
      point: { lon: 119.7, lat: 29.4, datum: 'wgs84' },
      seenAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      contactPhone: '0579-88881100',
      caseFile: { data: { childName: '小梅' }, lawfulBasis: 'consent', guardianConsent: true },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.alert.id;
    expect((await commander('POST', `/tadpole/alerts/${id}/verify`, {})).status).toBe(200);

    const page = await newPage(PHONE, 'liaison', `#/tadpole/a/${id}`);
    const view = page.getByTestId('alert-view');
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 30_000 }).toBe('active');
    const box = page.locator('[data-testid=no-groups]', { hasText: '范围内没有群' });
    await box.waitFor({ timeout: 30_000 });
    await expect.poll(() => box.textContent()).toMatch(/当前发布范围 \d+\.\d 公里/);
    await expect
      .poll(() => page.getByTestId('no-groups-widen').textContent())
      .toMatch(/约 \d\d:\d\d 自动扩大到 \d+\.\d 公里/);
    await expect.poll(() => page.getByTestId('deliveries-tab').textContent()).not.toContain('还没有发送');
    await box.scrollIntoViewIfNeeded();
    await shot(page, 'desk-10-no-groups-phone.png');
    await page.getByTestId('no-groups-kit').click();
    await page.locator('[data-testid=add-groups-dialog]', { hasText: '选择要转发的微信群' }).waitFor();
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('no-groups-add').click();
    await page.locator('[data-testid=add-groups-dialog]', { hasText: '选择要加发的群' }).waitFor();
    expect(errors).toEqual([]);
  }, 300_000);

  it('draws the report intervals to a linear scale and shows the whole table in English', async () => {
    const commander = await apiOf('commander');
    // Acknowledged within seconds: a sub-minute interval this month.
    const opened = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '桌面十一 快速接警',
      subjectCategory: 'hiker',
      subjectCount: 1,
    });
    expect(opened.status).toBe(201);
    expect((await commander('POST', `/cases/${opened.body.case.id}/acknowledge`)).status).toBe(200);

    const page = await newPage(DESKTOP, 'commander', '#/reports');
    await page.getByTestId('reports-page').waitFor({ timeout: 30_000 });
    await page.evaluate(() => localStorage.setItem('lookout.lang', 'en'));
    await page.reload();
    await page.locator('[data-testid=chart-intervals][data-rendered=true]').waitFor({ timeout: 30_000 });
    const ack = page.locator('[data-testid=report-intervals] tr[data-interval=acknowledged] [data-cell=median]');
    await expect.poll(async () => Number(await ack.getAttribute('data-s'))).toBeLessThan(60);

    // Each bar's length along the value axis is its value (the same pixels per minute for every bar, a negative
    // one, from a corrected step time, drawn the other way), so a sub-minute interval is a short bar, not one
    // reaching down from a minute, and 0 s draws nothing.
    const bars = await page.evaluate(() => {
      const chart = window.__charts!['chart-intervals']!;
      const opt = chart.getOption() as { xAxis: { type: string }[] };
      const vertical = opt.xAxis[0]!.type === 'category';
      const model = (
        chart as unknown as {
          getModel(): {
            getSeriesByIndex(i: number): {
              getData(): {
                count(): number;
                get(dim: string, i: number): number;
                getItemLayout(i: number): { width: number; height: number };
                mapDimension(d: string): string;
              };
            };
          };
        }
      ).getModel();
      const out: { value: number; length: number }[] = [];
      for (const s of [0, 1]) {
        const data = model.getSeriesByIndex(s).getData();
        for (let i = 0; i < data.count(); i++) {
          const value = data.get(data.mapDimension(vertical ? 'y' : 'x'), i);
          const l = data.getItemLayout(i);
          if (Number.isFinite(value)) out.push({ value, length: vertical ? -l.height : l.width });
        }
      }
      return out;
    });
    expect(bars.some((b) => Math.abs(b.value) < 1)).toBe(true);
    const perMinute = bars.filter((b) => b.value !== 0).map((b) => b.length / b.value);
    expect(perMinute[0]!, JSON.stringify(bars)).toBeGreaterThan(0);
    for (const r of perMinute)
      expect(Math.abs(r - perMinute[0]!) / perMinute[0]!, JSON.stringify(bars)).toBeLessThan(0.05);
    for (const b of bars.filter((x) => x.value === 0)) expect(Math.abs(b.length)).toBeLessThan(1);

    // The whole table fits its box in English: "Within target" is not cut off.
    const within = page.locator('[data-testid=report-intervals] th', { hasText: 'Within target' });
    await within.waitFor();
    const fit = await page.evaluate(() => {
      const wrap = document.querySelector('.reports-table-wrap')!;
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    const th = (await within.boundingBox())!;
    const wrapBox = (await page.locator('.reports-table-wrap').boundingBox())!;
    expect(th.x + th.width).toBeLessThanOrEqual(wrapBox.x + wrapBox.width + 1);
    await shot(page, 'desk-11-report-en.png');
    await page.evaluate(() => localStorage.setItem('lookout.lang', 'zh-CN'));
    await page.reload();
    await page.locator('[data-testid=chart-intervals][data-rendered=true]').waitFor({ timeout: 30_000 });
    await shot(page, 'desk-11-report-zh.png');
    expect(errors).toEqual([]);
  }, 300_000);
});
