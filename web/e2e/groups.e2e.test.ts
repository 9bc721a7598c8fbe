/**
 * The community groups screen end to end in Debian's Chromium against the real server, with a local stand-in of
 * the vendors' robot webhooks (allowed through ROBOT_EXTRA_ORIGINS, as a deployment would allow one):
 * - on a 360×640 phone in Chinese, a liaison opens the groups from the tadpole pages, creates a WeCom group with a
 *   circle (centre tapped on the map, radius typed) and test-sends it: the robot gets the text, the card says so;
 * - at a 1280×800 desk in English, a commander edits a group without retyping its credentials (they are kept),
 *   redraws its area as a polygon, disables and enables it, and imports a CSV whose bad row is reported beside the
 *   good one.
 * Each test seeds what it needs. Screenshots: docs/screenshots/groups-phone-zh.png, groups-desk-en.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startVendorReceiver } from '@lookout/server/vendor-receiver';
import { DESKTOP, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';

const rx = await startVendorReceiver();
afterAll(() => rx.close());

/** A spot of the demo area (the map opens there), a little away from the demo story. */
const SPOT = { lon: 120.09, lat: 28.93 };
let serial = 0;
const robotToken = () => `e2e${Date.now().toString(36)}${serial++}abcdef`;

/** The form's map has its basemap and the draft layer. */
async function areaMapReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.__lookout?.map;
      return Boolean(map?.getLayer('group-draft-fill') && map.getSource('basemap') && map.isSourceLoaded('basemap'));
    },
    null,
    { timeout: 180_000 },
  );
}

describe('community groups screen', () => {
  const e2e = startE2eLookout({
    name: 'groups',
    roles: ['commander', 'liaison'],
    viewport: 'phone',
    env: { ROBOT_EXTRA_ORIGINS: rx.url, STATION_NAME: '花川派出所' },
  });

  it('a liaison on a phone creates a WeCom group with a circle and test-sends it (zh-CN, 360×640)', async () => {
    const token = robotToken();
    const webhook = rx.addRobot({ channel: 'wecom', token });
    const name = `花川三组 ${Date.now().toString(36)}`;
    const page = await e2e.newPage('liaison', '#/tadpole');
    // The way in sits under the alert list's head; no button label there wraps onto a second line.
    await page.getByTestId('tadpole-groups').waitFor();
    const heights = await page
      .locator('[data-testid=tadpole-list] .tp-list-head button, [data-testid=tadpole-groups]')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(60);
    await shot(page, 'groups-phone-entry-zh.png');
    await page.getByTestId('tadpole-groups').click();
    await page.getByTestId('groups-page').waitFor();
    const headButtons = await page
      .locator('.gp-head button')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
    expect(Math.max(...headButtons)).toBeLessThan(60);
    await page.getByTestId('group-card').first().waitFor();
    await shot(page, 'groups-phone-list-zh.png');
    await page.getByTestId('group-new').click();
    const form = page.getByTestId('group-form');
    await form.waitFor();

    // Saving an empty form says what is missing instead of sending.
    await form.getByTestId('group-save').click();
    await form.locator('.tp-error', { hasText: '请填写群名称' }).waitFor();

    await form.getByTestId('group-name').fill(name);
    await form.getByTestId('group-grid').fill('花川-3');
    await form.getByTestId('group-members').fill('286');
    await form.getByTestId('area-circle').click();
    await areaMapReady(page);
    await page.evaluate((p) => window.__lookout!.map!.jumpTo({ center: [p.lon, p.lat], zoom: 15 }), SPOT);
    const map = form.getByTestId('area-map');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await form.getByTestId('area-hint').filter({ hasText: '圆心' }).waitFor();
    await form.getByTestId('area-radius').fill('600');
    await form.getByTestId('group-channel').selectOption('wecom');
    await form.getByTestId('group-webhook').fill(webhook);
    await form.getByTestId('area-map').scrollIntoViewIfNeeded();
    await shot(page, 'groups-phone-form-zh.png');
    await form.getByTestId('group-save').click();

    const card = page.getByTestId('group-card').filter({ hasText: name });
    await card.waitFor();
    await card.getByTestId('group-credentials').filter({ hasText: '已设置' }).waitFor();
    await expect.poll(() => card.textContent()).not.toContain(token);
    await card.getByTestId('group-test').click();
    await card.getByTestId('group-test-result').filter({ hasText: '测试消息已送达' }).waitFor();
    await card.getByTestId('group-last-test').filter({ hasText: '成功' }).waitFor();
    await expect.poll(() => rx.accepted(token).length).toBe(1);
    expect(JSON.stringify(rx.accepted(token)[0]!.body)).toContain('测试消息');

    // The group's circle is where the liaison tapped, about 600 m across its radius.
    const liaison = await e2e.api('liaison');
    const groups = (await liaison<{ groups: { name: string; liaisonName: string | null }[] }>('GET', '/tadpole/groups'))
      .body.groups;
    expect(groups.find((g) => g.name === name)?.liaisonName).toBeTruthy();

    // The card in the middle of the screen, clear of the app bar.
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'groups-phone-zh.png');
  });

  it('a commander at the desk edits a group keeping its credentials, disables it and imports a CSV (English)', async () => {
    const commander = await e2e.api('commander');
    const token = robotToken();
    const name = `Huachuan 5 ${Date.now().toString(36)}`;
    const created = await commander<{ id: string; credentialsHint: string }>('POST', '/tadpole/groups', {
      name,
      channel: 'wecom',
      gridName: 'HC-5',
      memberCount: 120,
      area: { circle: { ...SPOT, radiusM: 500, datum: 'wgs84' } },
      credentials: { webhookUrl: rx.addRobot({ channel: 'wecom', token }) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const ctx = await e2e.newContext(DESKTOP);
    await presetLanguage(ctx, 'en');
    const page = await ctx.newPage();
    await e2e.login(page, 'commander', '#/tadpole/groups');
    const card = page.getByTestId('group-card').filter({ hasText: name });
    await card.waitFor();
    await card.getByTestId('group-edit').click();
    const form = page.getByTestId('group-form');
    await form.getByTestId('credentials-stored').filter({ hasText: 'write-only' }).waitFor();
    await expect.poll(() => form.getByTestId('group-webhook').inputValue()).toBe('');
    const renamed = `${name} East`;
    await form.getByTestId('group-name').fill(renamed);
    await form.getByTestId('group-members').fill('140');
    // The area redrawn as a triangle: three corners tapped on the map.
    await form.getByTestId('area-polygon').click();
    await areaMapReady(page);
    const map = form.getByTestId('area-map');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    for (const [fx, fy] of [
      [0.3, 0.3],
      [0.7, 0.35],
      [0.5, 0.75],
    ] as const) {
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    }
    await form.getByTestId('area-hint').filter({ hasText: '3 so far' }).waitFor();
    await form.getByTestId('group-save').click();

    const edited = page.getByTestId('group-card').filter({ hasText: renamed });
    await edited.getByTestId('group-credentials').filter({ hasText: created.body.credentialsHint }).waitFor();
    const stored = await commander<{
      memberCount: number;
      hasCredentials: boolean;
      area: { type: string; coordinates: number[][][] };
    }>('GET', `/tadpole/groups/${created.body.id}`);
    expect(stored.body).toMatchObject({ memberCount: 140, hasCredentials: true, area: { type: 'Polygon' } });
    // A closed triangle near where the circle was.
    expect(stored.body.area.coordinates[0]).toHaveLength(4);
    for (const [lon, lat] of stored.body.area.coordinates[0]!) {
      expect(Math.abs(lon! - SPOT.lon)).toBeLessThan(0.02);
      expect(Math.abs(lat! - SPOT.lat)).toBeLessThan(0.02);
    }
    // The kept credentials still reach the robot.
    expect((await commander<{ ok: boolean }>('POST', `/tadpole/groups/${created.body.id}/test`, {})).body.ok).toBe(
      true,
    );
    await expect.poll(() => rx.accepted(token).length).toBe(1);

    await edited.getByTestId('group-toggle').click();
    await edited.getByTestId('group-enabled').filter({ hasText: 'Disabled' }).waitFor();
    await expect
      .poll(
        async () => (await commander<{ disabled: boolean }>('GET', `/tadpole/groups/${created.body.id}`)).body.disabled,
      )
      .toBe(true);
    await edited.getByTestId('group-toggle').click();
    await edited.getByTestId('group-enabled').filter({ hasText: 'Enabled' }).waitFor();

    // A CSV with a good row and a bad one: both reported, the good one added.
    const csvName = `CSV grid ${Date.now().toString(36)}`;
    await page.getByTestId('group-import-open').click();
    const importer = page.getByTestId('group-import');
    await importer
      .getByTestId('group-import-text')
      .fill(
        [
          'name,channel,grid,members,lon,lat,radius_m',
          `${csvName},forward_kit,HC-9,75,${(SPOT.lon + 0.01).toFixed(4)},${SPOT.lat},400`,
          `No area,forward_kit,HC-10,10,,,`,
        ].join('\n'),
      );
    await importer.getByTestId('group-import-run').click();
    const result = importer.getByTestId('group-import-result');
    await result.filter({ hasText: '1 added, 1 failed' }).waitFor();
    await result.locator('li', { hasText: 'no area' }).waitFor();
    await page.getByTestId('group-card').filter({ hasText: csvName }).waitFor();

    await page.getByTestId('groups-page').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, 'groups-desk-en.png');
  });
});
