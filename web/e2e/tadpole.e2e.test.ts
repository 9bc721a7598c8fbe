/**
 * Issue 5 (tadpole 小蝌蚪) end to end in Debian's Chromium (playwright-core) against the real server (embedded
 * PGlite + aedes, fresh data folder, free ports), on 360×640 phones:
 * - a liaison opens on the tadpole pages, creates a found-child alert with a camera photo and her own location;
 *   she cannot publish it herself, a commander verifies it on his phone;
 * - the liaison watches the deliveries to the groups in the area, opens a WeChat group's forward kit (text, link,
 *   QR), taps 已转发, adds a far group by hand;
 * - a passer-by opens the public card (no login), sends a tip with a pin on the small map, and another through a
 *   dropped network (it is retried with the same key and stored once); the tips reach the liaison live, are
 *   grouped and marked useful;
 * - the liaison records the guardian verification and hands the child over; the commander retracts: the purge
 *   countdown shows, the public card turns into "孩子已找到，感谢转发" and the photo link stops working.
 * Screenshots go to docs/screenshots/tadpole-*.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, PHONE } from './harness.ts';
import { LookoutProcess, ROOT, startTileServer, type Api } from './lookout-process.ts';

const SHOTS = path.join(ROOT, 'docs/screenshots');
const STARTUP_TIMEOUT_MS = 180_000;
/** 花都路, where the passer-by found the boy (a made-up spot for the test). */
const FOUND = { latitude: 28.9012, longitude: 120.0731, accuracy: 12 };
let lookout: LookoutProcess;
let dataDir = '';
let browser: Browser | null = null;
let tiles: Awaited<ReturnType<typeof startTileServer>> | null = null;

const apiSession = (role: string): Promise<Api> => lookout.api(lookout.account(role));
const login = (page: Page, role: string, hash = ''): Promise<void> => lookout.login(page, lookout.account(role), hash);

/** A point `eastM`/`northM` metres from FOUND. */
function near(eastM: number, northM: number): { lon: number; lat: number } {
  return {
    lon: FOUND.longitude + eastM / (111_320 * Math.cos((FOUND.latitude * Math.PI) / 180)),
    lat: FOUND.latitude + northM / 110_574,
  };
}

async function createGroup(
  api: Api,
  name: string,
  channel: 'forward_kit' | 'sms',
  at: { lon: number; lat: number },
  radiusM: number,
  memberCount: number,
): Promise<string> {
  const r = await api<{ id: string }>('POST', '/tadpole/groups', {
    name,
    channel,
    gridName: name.split(' ')[0],
    memberCount,
    area: { circle: { ...at, radiusM, datum: 'wgs84' } },
    ...(channel === 'sms' ? { credentials: { phones: ['13800000001', '13800000002'] } } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** The map of the page has drawn (tiles and layers) since the last move. */
async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__lookout?.map?.loaded() === true, null, { timeout: 60_000 });
}

interface AlertDetailBody {
  alert: { id: string; status: string; retractedAt: string | null; purgeAfter: string | null };
  publicUrl: string;
  tips: {
    id: number;
    useful: boolean | null;
    location: { lon: number; lat: number } | null;
    photoId: number | string | null;
  }[];
}

describe('tadpole: a found child, from the liaison phone to the public card and back', () => {
  let commander: Api;
  let liaisonApi: Api;
  const groups: Record<string, string> = {};
  let liaisonCtx: BrowserContext;
  let liaison: Page;
  let alertId = '';
  let publicUrl = '';
  let photoUrl = '';
  const errors: string[] = [];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk`).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-e2e-tadpole-'));
    tiles = await startTileServer();
    lookout = await LookoutProcess.start({
      dataDir,
      env: { BASEMAP_URL: tiles.url, BASEMAP_ATTRIBUTION: 'e2e tiles', STATION_NAME: '花川派出所' },
      readyRoles: ['commander', 'liaison'],
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    browser = await launchChromium();
    commander = await apiSession('commander');
    liaisonApi = await apiSession('liaison');
    // Three groups whose areas cover the place, one far away (added by hand later).
    groups.a = await createGroup(commander, '花川社区 业主群', 'forward_kit', near(0, 0), 400, 420);
    groups.b = await createGroup(commander, '花都网格 居民群', 'forward_kit', near(500, 100), 350, 260);
    groups.c = await createGroup(commander, '花川 联络员短信', 'sms', near(-200, -200), 600, 12);
    groups.d = await createGroup(commander, '江南街道 家长群', 'forward_kit', near(9000, 9000), 300, 150);
    liaisonCtx = await browser.newContext({
      ...PHONE,
      geolocation: FOUND,
      permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
    });
    liaison = await liaisonCtx.newPage();
    liaison.on('pageerror', (e) => errors.push(e.message));
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await lookout?.stop();
    await tiles?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('a liaison opens on the tadpole pages and creates a found-child alert with a photo', async () => {
    await login(liaison, 'liaison');
    await liaison.locator('[data-testid=tadpole-list]').waitFor({ timeout: 30_000 });
    expect(new URL(liaison.url()).hash).toBe('');
    await liaison.locator('[data-testid=tadpole-new]').click();
    const form = liaison.locator('[data-testid=tadpole-form]');
    await form.waitFor();

    // Nothing filled: the form says what is missing instead of sending.
    await form.locator('[data-testid=tadpole-submit]').click();
    await expect.poll(() => form.locator('.tp-error').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => form.textContent()).toContain('请选年龄段');

    const started = Date.now();
    await form.locator('[data-kind=found_child]').click();
    await form.locator('[data-age=child_1_3]').click();
    await form.locator('[data-sex=male]').click();
    await form.locator('input[name=heightCm]').fill('95');
    await form.locator('textarea[name=clothing]').fill('蓝色上衣，黑色短裤，红色凉鞋');
    await form.locator('.tp-form-body').evaluate((el) => el.scrollTo(0, 0));
    await shot(liaison, 'tadpole-phone-create-top-zh.png');
    // A camera photo (4000×3000, as a phone takes it): shrunk in the browser before the upload.
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#d08050' } })
      .jpeg({ quality: 95 })
      .toBuffer();
    await form
      .locator('[data-testid=photo-input]')
      .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.locator('[data-testid=my-location]').click();
    await expect.poll(() => form.locator('[data-testid=place-set]').textContent()).toContain('28.90120');
    await form.locator('input[name=placeText]').fill('花都路 公交站旁');
    await form.locator('input[name=contactPhone]').fill('0579-8888 1100');
    await shot(liaison, 'tadpole-phone-create-zh.png');
    // The staff-only part, clearly apart.
    await form.locator('textarea[name=caseNotes]').fill('路人在路边发现，民警带回花川派出所');
    await form.locator('.tp-internal').scrollIntoViewIfNeeded();
    await expect.poll(() => form.locator('.tp-internal').textContent()).toContain('仅内部可见');
    await shot(liaison, 'tadpole-phone-create-internal-zh.png');

    await form.locator('[data-testid=tadpole-submit]').click();
    const view = liaison.locator('[data-testid=alert-view]');
    await view.waitFor({ timeout: 30_000 });
    const createdMs = Date.now() - started;
    alertId = /#\/tadpole\/a\/([0-9a-f-]{36})/.exec(liaison.url())![1]!;
    expect(await view.getAttribute('data-status')).toBe('draft');
    // A liaison cannot publish: the page says who does.
    await expect.poll(() => liaison.locator('[data-testid=waiting-officer]').textContent()).toContain('民警核实');
    await expect.poll(() => liaison.locator('[data-testid=verify]').count()).toBe(0);
    const d = await liaisonApi<{ alert: { hasPhoto: boolean; ageBand: string; clothing: string } }>(
      'GET',
      `/tadpole/alerts/${alertId}`,
    );
    expect(d.body.alert).toMatchObject({
      hasPhoto: true,
      ageBand: 'child_1_3',
      clothing: '蓝色上衣，黑色短裤，红色凉鞋',
    });
    console.log(`tadpole-create form_to_saved_ms=${createdMs} (machine filling; a person types the two texts)`);
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-draft-zh.png');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a commander verifies it on his phone; deliveries go to the groups in the area', async () => {
    const ctx = await browser!.newContext({ ...PHONE });
    const page = await ctx.newPage();
    await login(page, 'commander', `#/tadpole/a/${alertId}`);
    const view = page.locator('[data-testid=alert-view]');
    await view.waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=verify]').waitFor();
    await mapIdle(page);
    await shot(page, 'tadpole-phone-verify-zh.png');
    await page.locator('[data-testid=verify]').click();
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 20_000 }).toBe('active');
    await ctx.close();

    // The liaison's phone follows without a reload.
    const lv = liaison.locator('[data-testid=alert-view]');
    await expect.poll(() => lv.getAttribute('data-status'), { timeout: 30_000 }).toBe('active');
    const tab = liaison.locator('[data-testid=deliveries-tab]');
    await expect.poll(() => tab.locator('li[data-group]').count(), { timeout: 30_000 }).toBe(3);
    expect(await tab.locator(`li[data-group="${groups.d}"]`).count()).toBe(0);
    // Reach: 3 groups, 420 + 260 + 12 members.
    await expect.poll(() => liaison.locator('[data-testid=reach]').textContent()).toBe('3 个群 · 692 人');
    // The WeChat groups wait for their liaison.
    expect(await tab.locator(`li[data-group="${groups.a}"] [data-testid=acknowledge]`).count()).toBe(1);
    // The groups' areas on the map, coloured by state.
    await expect
      .poll(() => liaison.evaluate(() => window.__lookout!.map!.querySourceFeatures('tadpole-groups').length), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(3);
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-deliveries-zh.png');
  }, 150_000);

  it('the forward kit: text, link and QR to paste, then 已转发; a far group added by hand', async () => {
    const tab = liaison.locator('[data-testid=deliveries-tab]');
    await tab.locator(`li[data-group="${groups.a}"] [data-testid=open-kit]`).click();
    const kit = liaison.locator('[data-testid=kit-dialog]');
    await kit.waitFor();
    await expect.poll(() => kit.locator('[data-testid=kit-text]').inputValue(), { timeout: 15_000 }).toContain('95');
    const text = await kit.locator('[data-testid=kit-text]').inputValue();
    expect(text).toContain('88881100');
    // Nothing of the case file in what goes to a group.
    expect(text).not.toContain('花川派出所，民警带回');
    publicUrl = (await kit.locator('[data-testid=kit-link]').textContent())!;
    expect(publicUrl).toMatch(/\/t\/[A-Za-z0-9_-]+$/);
    expect(await kit.locator('[data-testid=kit-qr] svg').count()).toBe(1);
    await kit.locator('[data-testid=kit-copy]').click();
    await expect.poll(() => kit.locator('[data-testid=kit-copy]').textContent()).toContain('已复制');
    expect(await liaison.evaluate(() => navigator.clipboard.readText())).toBe(text);
    await shot(liaison, 'tadpole-phone-kit-zh.png');
    await kit.locator('[data-testid=kit-acknowledge]').click();
    await expect
      .poll(() => tab.locator(`li[data-group="${groups.a}"]`).getAttribute('data-status'), { timeout: 15_000 })
      .toBe('acknowledged');

    await tab.locator('[data-testid=add-groups]').click();
    const dialog = liaison.locator('[data-testid=add-groups-dialog]');
    await dialog.locator('label', { hasText: '江南街道' }).click();
    await dialog.locator('button.primary').click();
    await expect.poll(() => tab.locator(`li[data-group="${groups.d}"]`).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => tab.locator(`li[data-group="${groups.d}"]`).textContent()).toContain('手动添加');
  }, 90_000);

  it('the public card takes a tip with a pin, and one through a dropped network, stored once', async () => {
    const ctx = await browser!.newContext({
      ...PHONE,
      geolocation: { latitude: near(60, 80).lat, longitude: near(60, 80).lon, accuracy: 20 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(publicUrl);
    await page.locator('main[data-view=card]').waitFor({ timeout: 30_000 });
    const body = await page.locator('main').textContent();
    expect(body).toContain('孩子找家长');
    expect(body).toContain('1–3');
    expect(body).toContain('蓝色上衣');
    expect(body).not.toContain('民警带回'); // the case file never reaches the card
    await expect.poll(() => page.locator('#call').getAttribute('href')).toBe('tel:057988881100');
    photoUrl = (await page.locator('#card-photo').getAttribute('src'))!;
    expect((await fetch(photoUrl)).status).toBe(200);
    await shot(page, 'tadpole-card-phone-zh.png');

    // Empty text: told, nothing sent.
    await page.locator('#send-tip').click();
    await expect.poll(() => page.locator('.problem').textContent()).toContain('请写一下');
    // A pin on the small map: a tap 40 px right of the centre (east of the place the child was found).
    const map = page.locator('#pin-map');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2 + 40, box.y + box.height / 2);
    await page.locator('#pin-state').waitFor();
    await page.locator('textarea[name=text]').fill('下午在花都路公交站看到这个小男孩，一个人往北走');
    await page.locator('input[name=phone]').fill('13900000000');
    // A photo with the tip (uploaded after it with the one-time upload token).
    const tipPhoto = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#5080d0' } })
      .jpeg()
      .toBuffer();
    await page
      .locator('input[name=photo]')
      .setInputFiles({ name: 'tip.jpg', mimeType: 'image/jpeg', buffer: tipPhoto });
    await shot(page, 'tadpole-card-form-zh.png');
    await page.locator('#send-tip').click();
    await page.locator('#tip-status[data-state=sent]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => window.__card!.photo), { timeout: 30_000 }).toBe('sent');
    await page.locator('#tip-status').scrollIntoViewIfNeeded();
    await shot(page, 'tadpole-card-sent-zh.png');

    // The second tip goes out with the network down: retried with the same key until it is stored, once.
    await page.locator('#tip-again').click();
    await page.locator('#use-location').click();
    await page.locator('#locate-state').waitFor();
    await page.locator('textarea[name=text]').fill('超市门口也看到了，穿红色凉鞋');
    await ctx.setOffline(true);
    await page.locator('#send-tip').click();
    await expect.poll(() => page.evaluate(() => window.__card!.retries), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('#tip-status').textContent()).toContain('正在重试');
    await ctx.setOffline(false);
    await page.locator('#tip-status[data-state=sent]').waitFor({ timeout: 60_000 });
    const probe = await page.evaluate(() => window.__card!);
    console.log(`tadpole-card posts=${probe.posts} retries=${probe.retries}`);

    const tips = (await liaisonApi<AlertDetailBody>('GET', `/tadpole/alerts/${alertId}`)).body.tips;
    expect(tips).toHaveLength(2);
    expect(tips.every((t) => t.location !== null)).toBe(true);
    expect(tips.filter((t) => t.photoId !== null)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    await ctx.close();
  }, 150_000);

  it('the tips reach the liaison live, grouped, and are marked useful', async () => {
    await liaison.locator('[data-tab=tips]').click();
    const tab = liaison.locator('[data-testid=tips-tab]');
    await expect.poll(() => tab.locator('article[data-tip]').count(), { timeout: 30_000 }).toBe(2);
    // Both within ~150 m: one group of two.
    await expect.poll(() => tab.locator('section[data-count="2"]').count()).toBe(1);
    await expect.poll(() => tab.textContent()).toContain('13900000000');
    // The tip's photo, through the staff route.
    await expect
      .poll(() => tab.locator('img.tp-tip-photo').evaluate((img) => (img as HTMLImageElement).naturalWidth), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    const first = tab.locator('article[data-tip]').first();
    await first.locator('[data-testid=tip-useful]').click();
    await expect.poll(() => first.getAttribute('data-useful'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(
        // A feature is returned once per tile it touches: count distinct tips.
        () =>
          liaison.evaluate(
            () =>
              new Set(window.__lookout!.map!.querySourceFeatures('tadpole-tips').map((f) => String(f.properties.id)))
                .size,
          ),
        { timeout: 15_000 },
      )
      .toBe(2);
    const marked = (await liaisonApi<AlertDetailBody>('GET', `/tadpole/alerts/${alertId}`)).body.tips;
    expect(marked.filter((t) => t.useful === true)).toHaveLength(1);
    await tab.evaluate((el) => el.parentElement!.scrollTo(0, 0));
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-tips-zh.png');
  }, 90_000);

  it('reunion: handover only after the guardian is verified, then the commander retracts', async () => {
    await liaison.locator('[data-tab=reunion]').click();
    const tab = liaison.locator('[data-testid=reunion-tab]');
    await expect.poll(() => tab.locator('[data-testid=handover]').isDisabled()).toBe(true);
    await tab.locator('[data-method=id_checked]').check();
    await tab.locator('[data-method=photo_match]').check();
    await tab.locator('input[name=relation]').fill('母亲');
    await tab.locator('[data-testid=guardian-section] h3').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(liaison, 'tadpole-phone-guardian-zh.png');
    await tab.locator('[data-testid=verify-guardian]').click();
    await expect
      .poll(() => tab.locator('[data-testid=guardian-verified]').textContent(), { timeout: 15_000 })
      .toContain('核验身份证、照片比对');
    await tab.locator('[data-testid=handover]').click();
    await tab.locator('[data-testid=handed-over]').waitFor({ timeout: 15_000 });
    expect(await liaison.locator('[data-testid=alert-view]').getAttribute('data-status')).toBe('handed_over');
    // The liaison cannot retract; the page says who does.
    await expect.poll(() => tab.locator('[data-testid=retract-section]').textContent()).toContain('民警');
    await shot(liaison, 'tadpole-phone-reunion-zh.png');

    const ctx = await browser!.newContext({ ...PHONE });
    const page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept());
    await login(page, 'commander', `#/tadpole/a/${alertId}`);
    await page.locator('[data-testid=alert-view]').waitFor({ timeout: 30_000 });
    await page.locator('[data-tab=reunion]').click();
    await page.locator('[data-testid=retract-reunited]').click();
    await page.locator('[data-testid=purge-banner]').waitFor({ timeout: 20_000 });
    await ctx.close();

    // The liaison sees the retraction and the purge countdown in hours and minutes, with the moment (24 h).
    const banner = liaison.locator('[data-testid=purge-countdown]');
    await expect
      .poll(() => banner.textContent(), { timeout: 30_000 })
      .toMatch(/^公开资料将于 2[34] 小时 \d{1,2} 分后删除（\d{1,2}\/\d{1,2}\s\d\d:\d\d）$/);
    // The liaison's page was behind the commander's: in front again for the screenshots.
    await liaison.bringToFront();
    await liaison.locator('[data-tab=deliveries]').click();
    // A Cancel goes to the groups that had the alert: the forwarded WeChat group is asked to forward it too.
    const tab2 = liaison.locator('[data-testid=deliveries-tab]');
    await expect
      .poll(() => tab2.locator(`li[data-group="${groups.a}"]`).textContent(), { timeout: 20_000 })
      .toContain('撤回');
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-retracted-zh.png');
    // Every clock of the case, from the events.
    await liaison.locator('[data-tab=timeline]').click();
    const steps = liaison.locator('[data-testid=timeline-tab] li.done');
    await expect.poll(() => steps.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    await shot(liaison, 'tadpole-phone-timeline-zh.png');
    expect(errors).toEqual([]);
  }, 120_000);

  it('after the retraction the public card thanks and asks to delete; the photo link is dead; no more tips', async () => {
    const ctx = await browser!.newContext({ ...PHONE });
    const page = await ctx.newPage();
    await page.goto(publicUrl);
    await page.locator('main[data-view=retracted]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('#closed-title').textContent()).toBe('孩子已找到，感谢转发');
    const text = await page.locator('main').textContent();
    expect(text).not.toContain('蓝色上衣');
    expect(await page.locator('#tip-form').count()).toBe(0);
    await shot(page, 'tadpole-card-retracted-zh.png');
    expect((await fetch(photoUrl)).status).toBe(410);
    const token = new URL(publicUrl).pathname.split('/').pop()!;
    const late = await fetch(`${lookout.baseUrl}/api/v1/public/alerts/${token}/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idempotencyKey: 'late-tip-0001', text: '还在吗', location: null }),
    });
    expect(late.status).toBe(410);
    // A forged token: the page says the link is not valid.
    await page.goto(`${lookout.baseUrl}/t/${'A'.repeat(43)}`);
    await page.locator('main[data-view=unknown]').waitFor({ timeout: 30_000 });
    await ctx.close();
  }, 60_000);

  it('a lost child: "found" with where (a tap on the map), then the handover', async () => {
    const created = await liaisonApi<{ alert: { id: string } }>('POST', '/tadpole/alerts', {
      kind: 'lost_child',
      ageBand: 'child_4_6',
      sex: 'female',
      heightCm: 110,
      clothing: '粉色连衣裙',
      placeText: '花川公园 北门',
      point: { ...near(-300, 300), datum: 'wgs84' },
      seenAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      contactPhone: '0579-88881100',
      caseFile: {
        data: { childName: '小雨', guardian: { name: '李女士' } },
        lawfulBasis: 'consent',
        guardianConsent: true,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.alert.id;
    expect((await commander('POST', `/tadpole/alerts/${id}/verify`, {})).status).toBe(200);

    await liaison.goto(`${lookout.baseUrl}/#/tadpole/a/${id}`);
    const view = liaison.locator('[data-testid=alert-view]');
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 30_000 }).toBe('active');
    await liaison.locator('[data-tab=reunion]').click();
    const tab = liaison.locator('[data-testid=reunion-tab]');
    await expect.poll(() => tab.locator('[data-testid=handover]').isDisabled()).toBe(true);
    await tab.getByRole('button', { name: '用地图上点的位置' }).click();
    await mapIdle(liaison);
    const box = (await liaison.locator('.tp-map').boundingBox())!;
    await liaison.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.6);
    await tab.locator('[data-testid=record-found]:not([disabled])').click();
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 15_000 }).toBe('found');
    await tab.locator('[data-testid=handover]:not([disabled])').click();
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 15_000 }).toBe('handed_over');
    await shot(liaison, 'tadpole-phone-lost-found-zh.png');
    const d = await liaisonApi<{ timeline: { steps: { step: string; at: string | null }[] } }>(
      'GET',
      `/tadpole/alerts/${id}`,
    );
    expect(d.body.timeline.steps.find((x) => x.step === 'found')?.at).toBeTruthy();
  }, 90_000);

  it('the SMS roster went out through the delivery worker (the sink on the embedded default)', async () => {
    const r = await liaisonApi<{ deliveries: { groupId: string; status: string; msgType: string }[] }>(
      'GET',
      `/tadpole/deliveries?alertId=${alertId}`,
    );
    const sms = r.body.deliveries.filter((d) => d.groupId === groups.c);
    expect(sms.map((d) => `${d.msgType}:${d.status}`).sort()).toEqual(['Alert:sent', 'Cancel:sent']);
  }, 30_000);

  it('in English too (the liaison switches language)', async () => {
    await liaison.evaluate(() => localStorage.setItem('lookout.lang', 'en'));
    await liaison.goto(`${lookout.baseUrl}/#/tadpole/a/${alertId}`);
    await liaison.reload();
    await liaison.locator('[data-testid=alert-view]').waitFor({ timeout: 30_000 });
    await expect.poll(() => liaison.locator('[data-testid=alert-status]').textContent()).toBe('Retracted');
    const all = await liaison.locator('body').textContent();
    expect(all).not.toMatch(/tadpole\.\w+\.\w+/); // no untranslated keys
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-retracted-en.png');
    // Back to the list: the alert is among the closed ones.
    await liaison.locator('.tp-back').click();
    await liaison.locator('[data-testid=tadpole-list]').waitFor();
    await liaison.locator('.tp-seg button', { hasText: 'Closed' }).click();
    await liaison.locator(`button[data-alert="${alertId}"]`).waitFor({ timeout: 15_000 });
    await shot(liaison, 'tadpole-phone-list-en.png');
    await liaison.evaluate(() => localStorage.setItem('lookout.lang', 'zh-CN'));
  }, 60_000);
});
