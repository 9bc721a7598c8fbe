/**
 * The tadpole (小蝌蚪) found-child alert end to end in Debian's Chromium (playwright-core) against the real server (embedded
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
 * Each test seeds its alert (and its tips, deliveries and steps) through the API and can run alone.
 * Screenshots go to docs/screenshots/tadpole-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE } from './harness.ts';
import { shot, startE2eLookout } from './e2e-lookout.ts';
import {
  acknowledgeDelivery,
  activeAlert,
  draftAlert,
  handOver,
  jpeg,
  markTipUseful,
  offset,
  publicTip,
  publicUrlOf,
  retract,
  type TadpoleAlertInput,
} from './seed.ts';
import type { Api } from './lookout-process.ts';

/** 花都路, where the passer-by found the boy (a made-up spot for the test). */
const FOUND = { latitude: 28.9012, longitude: 120.0731, accuracy: 12 };
/** The liaison's phone: where the child was found, with the clipboard for the forward kit. */
const LIAISON_PHONE = {
  ...PHONE,
  geolocation: FOUND,
  permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
};
/** Case notes: staff only, never on the card nor in what goes to a group. */
const CASE_NOTES = '路人在路边发现，民警带回花川派出所';

/** A point `eastM`/`northM` metres from FOUND. */
const near = (eastM: number, northM: number) => offset({ lon: FOUND.longitude, lat: FOUND.latitude }, eastM, northM);

/** The found boy of this story, as the liaison's form sends him. */
const BOY: TadpoleAlertInput = { at: near(0, 0), notes: CASE_NOTES, photo: true };

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

/** The map of the page has drawn (tiles and layers) since the last move. */
async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__lookout?.map?.loaded() === true, null, { timeout: 90_000 });
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
  const e2e = startE2eLookout({
    name: 'tadpole',
    roles: ['commander', 'liaison'],
    viewport: 'phone',
    // Several tests send tips from this one address: the per-address limit is not what they test.
    env: { STATION_NAME: '花川派出所', TIP_RATE_PER_10MIN: '100' },
  });
  /** The groups of the area (three cover the place, one far away is added by hand); read-only for the tests. */
  const groups: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  const seedGroups = async () => {
    if (groups.a) return;
    const commander = await e2e.api('commander');
    groups.a = await createGroup(commander, '花川社区 业主群', 'forward_kit', near(0, 0), 400, 420);
    groups.b = await createGroup(commander, '花都网格 居民群', 'forward_kit', near(500, 100), 350, 260);
    groups.c = await createGroup(commander, '花川 联络员短信', 'sms', near(-200, -200), 600, 12);
    groups.d = await createGroup(commander, '江南街道 家长群', 'forward_kit', near(9000, 9000), 300, 150);
  };
  /** The liaison's phone on an alert's page. */
  const liaisonOn = async (alertId: string): Promise<Page> => {
    const page = await e2e.newPage('liaison', `#/tadpole/a/${alertId}`, LIAISON_PHONE);
    await page.locator('[data-testid=alert-view]').waitFor();
    return page;
  };

  it('a liaison opens on the tadpole pages and creates a found-child alert with a photo', async () => {
    const liaison = await e2e.newPage('liaison', '', LIAISON_PHONE);
    const liaisonApi = await e2e.api('liaison');
    await liaison.locator('[data-testid=tadpole-list]').waitFor();
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
    const photo = await jpeg(4000, 3000, '#d08050', 95);
    await form
      .locator('[data-testid=photo-input]')
      .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.locator('[data-testid=my-location]').click();
    await expect.poll(() => form.locator('[data-testid=place-set]').textContent()).toContain('28.90120');
    await form.locator('input[name=placeText]').fill('花都路 公交站旁');
    await form.locator('input[name=contactPhone]').fill('0579-8888 1100');
    await shot(liaison, 'tadpole-phone-create-zh.png');
    // The staff-only part, clearly apart.
    await form.locator('textarea[name=caseNotes]').fill(CASE_NOTES);
    await form.locator('.tp-internal').scrollIntoViewIfNeeded();
    await expect.poll(() => form.locator('.tp-internal').textContent()).toContain('仅内部可见');
    await shot(liaison, 'tadpole-phone-create-internal-zh.png');

    await form.locator('[data-testid=tadpole-submit]').click();
    const view = liaison.locator('[data-testid=alert-view]');
    await view.waitFor();
    const createdMs = Date.now() - started;
    const alertId = /#\/tadpole\/a\/([0-9a-f-]{36})/.exec(liaison.url())![1]!;
    await expect.poll(() => view.getAttribute('data-status')).toBe('draft');
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
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('a commander verifies it on his phone; deliveries go to the groups in the area', async () => {
    await seedGroups();
    const alert = await draftAlert(e2e, BOY);
    const liaison = await liaisonOn(alert.id);
    const lv = liaison.locator('[data-testid=alert-view]');
    await expect.poll(() => lv.getAttribute('data-status')).toBe('draft');

    const page = await e2e.newPage('commander', `#/tadpole/a/${alert.id}`, PHONE);
    const view = page.locator('[data-testid=alert-view]');
    await view.waitFor();
    await page.locator('[data-testid=verify]').waitFor();
    await mapIdle(page);
    await shot(page, 'tadpole-phone-verify-zh.png');
    await page.locator('[data-testid=verify]').click();
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 30_000 }).toBe('active');
    await page.context().close();

    // The liaison's phone follows without a reload.
    await expect.poll(() => lv.getAttribute('data-status'), { timeout: 30_000 }).toBe('active');
    const tab = liaison.locator('[data-testid=deliveries-tab]');
    await expect.poll(() => tab.locator('li[data-group]').count(), { timeout: 30_000 }).toBe(3);
    expect(await tab.locator(`li[data-group="${groups.d}"]`).count()).toBe(0);
    // Reach: 3 groups, 420 + 260 + 12 members.
    await expect.poll(() => liaison.locator('[data-testid=reach]').textContent()).toBe('3 个群 · 692 人');
    // The WeChat groups wait for their liaison.
    await expect.poll(() => tab.locator(`li[data-group="${groups.a}"] [data-testid=acknowledge]`).count()).toBe(1);
    // The groups' areas on the map, coloured by state.
    await expect
      .poll(() => liaison.evaluate(() => window.__lookout!.map!.querySourceFeatures('tadpole-groups').length), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(3);
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-deliveries-zh.png');
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('the forward kit: text, link and QR to paste, then 已转发; a far group added by hand', async () => {
    await seedGroups();
    const alert = await activeAlert(e2e, BOY);
    const liaison = await liaisonOn(alert.id);
    const tab = liaison.locator('[data-testid=deliveries-tab]');
    await tab.locator(`li[data-group="${groups.a}"] [data-testid=open-kit]`).click();
    const kit = liaison.locator('[data-testid=kit-dialog]');
    await kit.waitFor();
    await expect.poll(() => kit.locator('[data-testid=kit-text]').inputValue(), { timeout: 30_000 }).toContain('95');
    const text = await kit.locator('[data-testid=kit-text]').inputValue();
    expect(text).toContain('88881100');
    // Nothing of the case file in what goes to a group.
    expect(text).not.toContain(CASE_NOTES);
    expect(text).not.toContain('民警带回');
    const link = kit.locator('[data-testid=kit-link]');
    await expect.poll(() => link.textContent()).toMatch(/\/t\/[A-Za-z0-9_-]+$/);
    const publicUrl = await publicUrlOf(e2e, alert.id);
    await expect.poll(() => link.textContent()).toBe(publicUrl);
    await expect.poll(() => kit.locator('[data-testid=kit-qr] svg').count()).toBe(1);
    await kit.locator('[data-testid=kit-copy]').click();
    // The label changes once the clipboard write has settled.
    await kit.locator('[data-testid=kit-copy]', { hasText: '已复制' }).waitFor();
    expect(await liaison.evaluate(() => navigator.clipboard.readText())).toBe(text);
    await shot(liaison, 'tadpole-phone-kit-zh.png');
    await kit.locator('[data-testid=kit-acknowledge]').click();
    await expect
      .poll(() => tab.locator(`li[data-group="${groups.a}"]`).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('acknowledged');

    await tab.locator('[data-testid=add-groups]').click();
    const dialog = liaison.locator('[data-testid=add-groups-dialog]');
    await dialog.locator('label', { hasText: '江南街道' }).click();
    await dialog.locator('button.primary').click();
    await expect.poll(() => tab.locator(`li[data-group="${groups.d}"]`).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => tab.locator(`li[data-group="${groups.d}"]`).textContent()).toContain('手动添加');
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('the public card takes a tip with a pin, and one through a dropped network, stored once', async () => {
    const alert = await activeAlert(e2e, BOY);
    const publicUrl = await publicUrlOf(e2e, alert.id);
    const liaisonApi = await e2e.api('liaison');
    const ctx = await e2e.newContext({
      ...PHONE,
      geolocation: { latitude: near(60, 80).lat, longitude: near(60, 80).lon, accuracy: 20 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    await page.goto(publicUrl);
    await page.locator('main[data-view=card]').waitFor();
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain('孩子找家长');
    await expect.poll(() => main.textContent()).toContain('1–3');
    await expect.poll(() => main.textContent()).toContain('蓝色上衣');
    await expect.poll(() => main.textContent()).not.toContain('民警带回'); // the case file never reaches the card
    await expect.poll(() => page.locator('#call').getAttribute('href')).toBe('tel:057988881100');
    await expect.poll(() => page.locator('#card-photo').getAttribute('src')).toMatch(/^https?:\/\//);
    const photoUrl = (await page.locator('#card-photo').getAttribute('src'))!;
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
    await page
      .locator('input[name=photo]')
      .setInputFiles({ name: 'tip.jpg', mimeType: 'image/jpeg', buffer: await jpeg(800, 600, '#5080d0') });
    await shot(page, 'tadpole-card-form-zh.png');
    await page.locator('#send-tip').click();
    await page.locator('#tip-status[data-state=sent]').waitFor();
    await expect.poll(() => page.evaluate(() => window.__card!.photo), { timeout: 60_000 }).toBe('sent');
    await page.locator('#tip-status').scrollIntoViewIfNeeded();
    await shot(page, 'tadpole-card-sent-zh.png');

    // The second tip goes out with the network down: retried with the same key until it is stored, once.
    await page.locator('#tip-again').click();
    await page.locator('#use-location').click();
    await page.locator('#locate-state').waitFor();
    await page.locator('textarea[name=text]').fill('超市门口也看到了，穿红色凉鞋');
    await ctx.setOffline(true);
    await page.locator('#send-tip').click();
    await expect.poll(() => page.evaluate(() => window.__card!.retries), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('#tip-status').textContent()).toContain('正在重试');
    await ctx.setOffline(false);
    await page.locator('#tip-status[data-state=sent]').waitFor({ timeout: 90_000 });
    const probe = await page.evaluate(() => window.__card!);
    console.log(`tadpole-card posts=${probe.posts} retries=${probe.retries}`);

    const tips = (await liaisonApi<AlertDetailBody>('GET', `/tadpole/alerts/${alert.id}`)).body.tips;
    expect(tips).toHaveLength(2);
    expect(tips.every((t) => t.location !== null)).toBe(true);
    expect(tips.filter((t) => t.photoId !== null)).toHaveLength(1);
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('the tips reach the liaison live, grouped, and are marked useful', async () => {
    const alert = await activeAlert(e2e, BOY);
    const publicUrl = await publicUrlOf(e2e, alert.id);
    const liaisonApi = await e2e.api('liaison');
    const liaison = await liaisonOn(alert.id);
    await liaison.locator('[data-tab=tips]').click();
    const tab = liaison.locator('[data-testid=tips-tab]');
    await tab.waitFor();
    // Two passers-by send tips while the liaison's page is open, both within ~150 m of each other.
    await publicTip(e2e, publicUrl, {
      text: '下午在花都路公交站看到这个小男孩，一个人往北走',
      at: near(100, 80),
      phone: '13900000000',
      photo: true,
    });
    await publicTip(e2e, publicUrl, { text: '超市门口也看到了，穿红色凉鞋', at: near(60, 80) });
    await expect.poll(() => tab.locator('article[data-tip]').count(), { timeout: 30_000 }).toBe(2);
    // One group of two.
    await expect.poll(() => tab.locator('section[data-count="2"]').count()).toBe(1);
    await expect.poll(() => tab.textContent()).toContain('13900000000');
    // The tip's photo, through the staff route.
    await expect
      .poll(() => tab.locator('img.tp-tip-photo').evaluate((img) => (img as HTMLImageElement).naturalWidth), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    const first = tab.locator('article[data-tip]').first();
    await first.locator('[data-testid=tip-useful]').click();
    await expect.poll(() => first.getAttribute('data-useful'), { timeout: 30_000 }).toBe('true');
    await expect
      .poll(
        // A feature is returned once per tile it touches: count distinct tips.
        () =>
          liaison.evaluate(
            () =>
              new Set(window.__lookout!.map!.querySourceFeatures('tadpole-tips').map((f) => String(f.properties.id)))
                .size,
          ),
        { timeout: 30_000 },
      )
      .toBe(2);
    const marked = (await liaisonApi<AlertDetailBody>('GET', `/tadpole/alerts/${alert.id}`)).body.tips;
    expect(marked.filter((t) => t.useful === true)).toHaveLength(1);
    await tab.evaluate((el) => el.parentElement!.scrollTo(0, 0));
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-tips-zh.png');
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('reunion: handover only after the guardian is verified, then the commander retracts', async () => {
    await seedGroups();
    // Published, forwarded to the WeChat group, and a useful tip in: the story so far.
    const alert = await activeAlert(e2e, BOY);
    await acknowledgeDelivery(e2e, alert.id, groups.a);
    const tipId = await publicTip(e2e, await publicUrlOf(e2e, alert.id), {
      text: '下午在花都路公交站看到这个小男孩',
      at: near(60, 80),
    });
    await markTipUseful(e2e, tipId);

    const liaison = await liaisonOn(alert.id);
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
      .poll(() => tab.locator('[data-testid=guardian-verified]').textContent(), { timeout: 30_000 })
      .toContain('核验身份证、照片比对');
    await tab.locator('[data-testid=handover]').click();
    await tab.locator('[data-testid=handed-over]').waitFor();
    await expect
      .poll(() => liaison.locator('[data-testid=alert-view]').getAttribute('data-status'))
      .toBe('handed_over');
    // The liaison cannot retract; the page says who does.
    await expect.poll(() => tab.locator('[data-testid=retract-section]').textContent()).toContain('民警');
    await shot(liaison, 'tadpole-phone-reunion-zh.png');

    const page = await e2e.newPage('commander', `#/tadpole/a/${alert.id}`, PHONE);
    page.on('dialog', (d) => void d.accept());
    await page.locator('[data-testid=alert-view]').waitFor();
    await page.locator('[data-tab=reunion]').click();
    await page.locator('[data-testid=retract-reunited]').click();
    await page.locator('[data-testid=purge-banner]').waitFor();
    await page.context().close();

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
      .poll(() => tab2.locator(`li[data-group="${groups.a}"]`).textContent(), { timeout: 30_000 })
      .toContain('撤回');
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-retracted-zh.png');
    // Every clock of the case, from the events.
    await liaison.locator('[data-tab=timeline]').click();
    const steps = liaison.locator('[data-testid=timeline-tab] li.done');
    await expect.poll(() => steps.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    await shot(liaison, 'tadpole-phone-timeline-zh.png');
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('after the retraction the public card thanks and asks to delete; the photo link is dead; no more tips', async () => {
    const alert = await activeAlert(e2e, BOY);
    const publicUrl = await publicUrlOf(e2e, alert.id);
    const token = new URL(publicUrl).pathname.split('/').pop()!;
    const card = (await (await fetch(`${e2e.baseUrl}/api/v1/public/alerts/${token}`)).json()) as {
      card: { photoUrl: string | null };
    };
    const photoUrl = card.card.photoUrl!;
    expect((await fetch(photoUrl)).status).toBe(200);
    await handOver(e2e, alert.id);
    await retract(e2e, alert.id);

    const page = await e2e.newPage(null, '', PHONE);
    await page.goto(publicUrl);
    await page.locator('main[data-view=retracted]').waitFor();
    await expect.poll(() => page.locator('#closed-title').textContent()).toBe('孩子已找到，感谢转发');
    const text = await page.locator('main').textContent();
    expect(text).not.toContain('蓝色上衣');
    expect(await page.locator('#tip-form').count()).toBe(0);
    await shot(page, 'tadpole-card-retracted-zh.png');
    expect((await fetch(photoUrl)).status).toBe(410);
    const late = await fetch(`${e2e.baseUrl}/api/v1/public/alerts/${token}/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idempotencyKey: 'late-tip-0001', text: '还在吗', location: null }),
    });
    expect(late.status).toBe(410);
    // A forged token: the page says the link is not valid.
    await page.goto(`${e2e.baseUrl}/t/${'A'.repeat(43)}`);
    await page.locator('main[data-view=unknown]').waitFor();
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('a lost child: "found" with where (a tap on the map), then the handover', async () => {
    const liaisonApi = await e2e.api('liaison');
    const commander = await e2e.api('commander');
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

    const liaison = await liaisonOn(id);
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
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 30_000 }).toBe('found');
    await tab.locator('[data-testid=handover]:not([disabled])').click();
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 30_000 }).toBe('handed_over');
    await shot(liaison, 'tadpole-phone-lost-found-zh.png');
    const d = await liaisonApi<{ timeline: { steps: { step: string; at: string | null }[] } }>(
      'GET',
      `/tadpole/alerts/${id}`,
    );
    expect(d.body.timeline.steps.find((x) => x.step === 'found')?.at).toBeTruthy();
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('the SMS roster went out through the delivery worker (the sink on the embedded default)', async () => {
    await seedGroups();
    const liaisonApi = await e2e.api('liaison');
    const sms = async (alertId: string) => {
      const r = await liaisonApi<{ deliveries: { groupId: string; status: string; msgType: string }[] }>(
        'GET',
        `/tadpole/deliveries?alertId=${alertId}`,
      );
      return (r.body.deliveries ?? [])
        .filter((d) => d.groupId === groups.c)
        .map((d) => `${d.msgType}:${d.status}`)
        .sort();
    };
    const alert = await activeAlert(e2e, BOY);
    // The worker sends the Alert in the background; the Cancel follows the retraction.
    await expect.poll(() => sms(alert.id), { timeout: 60_000 }).toEqual(['Alert:sent']);
    await handOver(e2e, alert.id);
    await retract(e2e, alert.id);
    await expect.poll(() => sms(alert.id), { timeout: 60_000 }).toEqual(['Alert:sent', 'Cancel:sent']);
  }, 180_000);

  it('the duty officer (officer and commander in one account) is on scene and notes where the child is now', async () => {
    const alert = await activeAlert(e2e, BOY);
    // The demo's duty officer of a small station holds both roles.
    const duty = { username: 'duty', password: 'lookout-duty', role: 'officer' };
    const page = await e2e.newPage(duty, `#/tadpole/a/${alert.id}`, LIAISON_PHONE);
    await page.locator('[data-testid=alert-view]').waitFor();
    await page.locator('[data-tab=reunion]').click();
    const card = page.locator('[data-testid=on-scene-card]');
    await card.locator('[data-testid=on-scene]').click();
    await expect.poll(() => card.locator('[data-testid=on-scene-done]').textContent()).toMatch(/^民警到场 /);
    await card.locator('input[name=careLocation]').fill('花川派出所值班室');
    await card.locator('[data-testid=care-location-save]').click();
    await expect.poll(() => card.locator('[data-testid=care-location-save]').isDisabled()).toBe(true);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'tadpole-phone-on-scene-zh.png');
    // The liaison sees both; the public card shows neither where the child is now nor the step.
    const liaison = await liaisonOn(alert.id);
    await liaison.locator('[data-tab=reunion]').click();
    const seen = liaison.locator('[data-testid=on-scene-card]');
    await expect.poll(() => seen.locator('input[name=careLocation]').inputValue()).toBe('花川派出所值班室');
    await expect.poll(() => seen.locator('[data-testid=on-scene]').count()).toBe(0);
    const token = new URL(await publicUrlOf(e2e, alert.id)).pathname.split('/').pop()!;
    const publicCard = await fetch(`${e2e.baseUrl}/api/v1/public/alerts/${token}`);
    expect(publicCard.status).toBe(200);
    const publicText = await publicCard.text();
    expect(publicText).toContain('花都路');
    expect(publicText).not.toContain('花川派出所值班室');
    await liaison.locator('[data-tab=timeline]').click();
    await expect.poll(() => liaison.locator('[data-testid=timeline-tab]').textContent()).toContain('民警到场');
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('in English too (the liaison switches language)', async () => {
    const alert = await activeAlert(e2e, BOY);
    await handOver(e2e, alert.id);
    await retract(e2e, alert.id);
    const liaison = await liaisonOn(alert.id);
    await liaison.evaluate(() => localStorage.setItem('lookout.lang', 'en'));
    await liaison.reload();
    await liaison.locator('[data-testid=alert-view]').waitFor();
    await expect.poll(() => liaison.locator('[data-testid=alert-status]').textContent()).toBe('Retracted');
    const all = await liaison.locator('body').textContent();
    expect(all).not.toMatch(/tadpole\.\w+\.\w+/); // no untranslated keys
    await mapIdle(liaison);
    await shot(liaison, 'tadpole-phone-retracted-en.png');
    // Back to the list: the alert is among the closed ones.
    await liaison.locator('.tp-back').click();
    await liaison.locator('[data-testid=tadpole-list]').waitFor();
    await liaison.locator('.tp-seg button', { hasText: 'Closed' }).click();
    await liaison.locator(`button[data-alert="${alert.id}"]`).waitFor();
    await shot(liaison, 'tadpole-phone-list-en.png');
    expect(e2e.errors).toEqual([]);
  }, 180_000);
});
