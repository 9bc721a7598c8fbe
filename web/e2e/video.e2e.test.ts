/**
 * Live video in Debian's Chromium against the real server with its embedded media server (RTMP on a free port):
 * Debian's ffmpeg pushes a test pattern whose frame number is drawn as 16 black/white blocks in the picture's top
 * rows; the page plays it through mpegts.js and the test reads the number back from the <video> with a canvas, so
 * "frames advance" means pictures decoded in the browser. Killing the push shows 卡顿 then 已结束, pushing again
 * plays again. Also: the stream URL made on the admin screen, the commander's desk with two drones side by side,
 * the officer's picture-in-picture that never covers his guidance card, and a play without a session refused.
 * Screenshots: docs/screenshots/video-case-view.png, video-desk.png, video-phone-pip.png.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pushTestPattern } from '@lookout/server/video-test-pattern';
import { DESKTOP, mapReady, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { newOfficer, offset } from './seed.ts';
import { expectFramesAdvance, playerIn, videoSeed } from './video-helpers.ts';

const e2e = startE2eLookout({
  name: 'video',
  roles: ['commander', 'admin'],
  // Short reconnect window: a killed push is 卡顿 for a few seconds, then 已结束.
  env: { VIDEO_RECONNECT_GRACE_S: '6' },
});
const errors = e2e.errors;
const { droneAt, rtmpUrlOf, caseWithDrones } = videoSeed(e2e);

type Push = ReturnType<typeof pushTestPattern>;
const pushes: Push[] = [];
afterEach(async () => {
  await Promise.all(pushes.splice(0).map((p) => p.stop()));
});
function push(url: string): Push {
  const p = pushTestPattern({ url, width: 640, height: 360, fps: 15, kbps: 600, gopS: 1 });
  pushes.push(p);
  return p;
}

describe('live video in the browser', () => {
  it('refuses a play without a session (401), and a stream URL without a token', async () => {
    const droneId = await droneAt('视频-无会话', { lon: 120.2, lat: 28.9 });
    const play = await fetch(`${e2e.baseUrl}/api/v1/drones/${droneId}/video/play`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quality: 'full' }),
    });
    expect(play.status).toBe(401);
    const status = await fetch(`${e2e.baseUrl}/api/v1/drones/${droneId}/video`);
    expect(status.status).toBe(401);
    const flv = await fetch(`${e2e.baseUrl}/video/live/${'a'.repeat(8)}.flv`);
    expect([401, 404]).toContain(flv.status);
  });

  it('the commander watches a drone beside the map: frames advance, 卡顿 then 已结束 when the push dies, plays again', async () => {
    const at = { lon: 120.1, lat: 28.965 };
    const droneId = await droneAt('鹰眼-视频1', offset(at, 120, 80));
    const title = '视频一 狮子岩 登山者失联';
    const caseId = await caseWithDrones(title, at, [droneId]);

    // The admin makes the stream key on the drones screen: the whole URL once, and the server and key apart.
    const adminPage = await e2e.newPage('admin', '#/admin', DESKTOP);
    await adminPage.locator(`tr[data-drone="${droneId}"] [data-testid=drone-stream-key]`).click();
    await adminPage.getByTestId('stream-key-make').click();
    const url = (await adminPage.getByTestId('stream-key-url').textContent())!;
    expect(url).toMatch(/^rtmp:\/\/[\w.-]+:\d+\/live\/\S+\?key=\S+$/);
    const server = (await adminPage.getByTestId('stream-key-server').textContent())!;
    const key = (await adminPage.getByTestId('stream-key-key').textContent())!;
    expect(`${server}/${key}`).toBe(url);
    await adminPage.context().close();

    push(url);
    const page = await e2e.newPage('commander', '#/map', DESKTOP);
    await mapReady(page);
    await page.getByTestId('cases-toggle').click();
    await page.locator('.cases-list button', { hasText: title }).click();
    await page.locator(`[data-testid=case-detail][data-case="${caseId}"]`).waitFor();
    await page.getByTestId(`video-open-${droneId}`).click();
    await page.getByTestId('video-panel').waitFor();
    await playerIn(page, droneId, 'live').waitFor({ timeout: 60_000 });
    // The embedded media server answers HTTP-FLV, played with mpegts.js.
    await expect.poll(() => playerIn(page, droneId, 'live').getAttribute('data-engine')).toBe('flv');
    await expectFramesAdvance(page, droneId);
    await expect.poll(() => page.getByTestId('video-state').textContent()).toContain('直播');

    // The case view as the commander sees it: the video above the case, the drone on the map beside them.
    await page.evaluate((p) => window.__lookout!.map!.jumpTo({ center: [p.lon + 0.004, p.lat], zoom: 15 }), at);
    await page.getByTestId('cases-panel').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, 'video-case-view.png');

    // 截图标记发现: the frame becomes a sighting at the aircraft's position (no laser on this drone).
    await page.getByTestId('video-snapshot').click();
    await page.getByTestId('video-snapshot-done').waitFor({ timeout: 30_000 });
    await shot(page, 'video-snapshot-sighting.png');

    // Enlarged, the panel takes the window; shrunk again, it sits in the dock.
    await page.getByTestId('video-enlarge').click();
    await expect.poll(async () => (await page.getByTestId('video-panel').boundingBox())?.width).toBe(1280);
    await page.getByTestId('video-enlarge').click();
    await expect.poll(async () => (await page.getByTestId('video-panel').boundingBox())?.width).toBeLessThan(400);

    // The push dies: 卡顿 with the last frame's age while the server waits for the drone, then 已结束.
    await pushes[0]!.stop();
    await playerIn(page, droneId, 'stalled').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('video-state').textContent()).toMatch(/卡顿最后画面 \d+ 秒前/);
    await playerIn(page, droneId, 'ended').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('video-state').textContent()).toContain('已结束');

    // The drone streams again: a new play URL, and frames advance again.
    push(url);
    await playerIn(page, droneId, 'live').waitFor({ timeout: 60_000 });
    await expectFramesAdvance(page, droneId);
    expect(errors).toEqual([]);
  }, 400_000);

  it("the commander's desk shows several drones side by side, each enlargeable", async () => {
    const at = { lon: 120.13, lat: 28.93 };
    const ids = [await droneAt('鹰眼-桌面A', at), await droneAt('鹰眼-桌面B', offset(at, 300, 0))];
    await caseWithDrones('视频二 双机搜索 河谷', at, ids);
    for (const id of ids) push(await rtmpUrlOf(id));
    const page = await e2e.newPage('commander', '#/board', DESKTOP);
    for (const id of ids) {
      await playerIn(page, id, 'live').waitFor({ timeout: 90_000 });
      await expectFramesAdvance(page, id, 10);
    }
    // Side by side: tiles share rows (the desk also holds the demo drone and earlier streams, so A and B may wrap).
    const boxes = (
      await Promise.all((await page.locator('[data-testid=video-tile]').all()).map((t) => t.boundingBox()))
    ).filter((b) => b !== null);
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    const sameRow = boxes.flatMap((a, i) =>
      boxes.slice(i + 1).filter((b) => Math.abs(a.y - b.y) < 2 && (a.x + a.width <= b.x || b.x + b.width <= a.x)),
    );
    expect(sameRow.length).toBeGreaterThanOrEqual(1);
    await page.getByTestId('video-desk').scrollIntoViewIfNeeded();
    await shot(page, 'video-desk.png');

    const tile = page.locator(`[data-testid=video-tile][data-drone="${ids[1]}"]`);
    await tile.getByTestId('video-enlarge').click();
    // The whole window below the top bar.
    await expect.poll(async () => (await tile.boundingBox())?.width).toBe(1280);
    await expect.poll(async () => ((b) => (b ? b.y + b.height : 0))(await tile.boundingBox())).toBe(800);
    await tile.getByTestId('video-enlarge').click();
    await expect.poll(async () => (await tile.boundingBox())?.height).toBeLessThan(400);
    expect(errors).toEqual([]);
  }, 300_000);

  it("the officer's phone shows the case drone as a picture-in-picture, never over the guidance card", async () => {
    const start = { lon: 120.16, lat: 28.9 };
    const target = offset(start, 400, 500);
    const droneId = await droneAt('鹰眼-单兵', target);
    const title = '视频三 单兵画中画 竹林';
    const caseId = await caseWithDrones(title, start, [droneId]);
    const { account, api, unitId } = await newOfficer(e2e, '画中画 民警');
    const pos = await api('POST', '/me/positions', {
      positions: [{ ...start, accuracy: 8, t: Date.now(), idempotencyKey: randomUUID() }],
    });
    expect(pos.status, JSON.stringify(pos.body)).toBeLessThan(300);
    const sent = await (
      await e2e.api('commander')
    )('POST', `/cases/${caseId}/assignments`, {
      unitId,
      target: { kind: 'point', ...target, datum: 'wgs84' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    push(await rtmpUrlOf(droneId));

    const ctx = await e2e.newContext({
      ...PHONE,
      viewport: { width: 360, height: 740 },
      geolocation: { latitude: start.lat, longitude: start.lon, accuracy: 8 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    await e2e.login(page, account, '#/officer');
    await page.getByTestId('officer-distance').waitFor({ timeout: 90_000 });
    const pip = page.locator(`[data-testid=video-pip][data-drone="${droneId}"]`);
    await pip.waitFor({ timeout: 60_000 });
    // The light variant by default: key frames only, about one a second.
    await expect.poll(() => pip.getByTestId('video-player').getAttribute('data-quality')).toBe('low');
    await playerIn(page, droneId, 'live').waitFor({ timeout: 90_000 });
    await expectFramesAdvance(page, droneId, 3);

    const clear = async () => {
      const card = (await page.getByTestId('officer-card').boundingBox())!;
      const box = (await pip.boundingBox())!;
      return box.y >= card.y + card.height || box.y + box.height <= card.y;
    };
    await expect.poll(clear).toBe(true);
    await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain('直播');
    await expect
      .poll(() => page.getByTestId('officer-page').getAttribute('data-map-ready'), { timeout: 120_000 })
      .toBe('true');
    await shot(page, 'video-phone-pip.png');

    // Tap: larger, still clear of the card; × closes it.
    await page.getByTestId('video-pip-enlarge').click();
    await expect.poll(async () => (await pip.boundingBox())?.width ?? 0).toBeGreaterThan(300);
    await expect.poll(clear).toBe(true);
    await page.getByTestId('video-pip-close').click();
    await expect.poll(() => pip.count()).toBe(0);
    expect(errors).toEqual([]);
  }, 400_000);
});
