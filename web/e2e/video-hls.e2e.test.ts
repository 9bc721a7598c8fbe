/**
 * Live video over HLS in Debian's Chromium: Lookout as in a station with its own media server (VIDEO_MEDIA=nginx-rtmp)
 * in front of it — Debian's nginx with libnginx-mod-rtmp, run with the config Lookout generates. ffmpeg pushes the
 * test pattern with the drone's key to nginx; the commander opens the drone's video beside the case, the play answer
 * is HLS, hls.js plays it, and the frame number drawn into the picture, read back from the <video>, advances. When
 * the push stops, nginx reports it (on_publish_done) and the picture shows 已结束: external mode has no 卡顿.
 * Screenshot: docs/screenshots/video-hls.png. Skipped only where nginx's RTMP module or ffmpeg is not installed.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  lookoutEnvFor,
  nginxRtmpMissing,
  nginxRtmpPorts,
  nginxRtmpSkipReason,
  startNginxRtmp,
  type NginxRtmp,
  type NginxRtmpPorts,
} from '@lookout/server/video-nginx-rtmp';
import { pushTestPattern } from '@lookout/server/video-test-pattern';
import { DESKTOP, mapReady, shot, startE2eLookout } from './e2e-lookout.ts';
import { offset } from './seed.ts';
import { expectFramesAdvance, playerIn, videoSeed } from './video-helpers.ts';

const missing = nginxRtmpMissing();
if (missing.length) console.warn(`video-hls.e2e.test.ts skipped: ${nginxRtmpSkipReason(missing)}`);

describe.skipIf(missing.length > 0)('live video over HLS from an external nginx-rtmp', () => {
  const hookToken = `hook-${randomBytes(12).toString('hex')}`;
  let ports: NginxRtmpPorts;
  let nginx: NginxRtmp | undefined;
  const e2e = startE2eLookout({
    name: 'video-hls',
    roles: ['commander', 'admin'],
    env: async () => {
      ports = await nginxRtmpPorts();
      return lookoutEnvFor(ports, hookToken);
    },
  });
  const { droneAt, rtmpUrlOf, caseWithDrones } = videoSeed(e2e);

  beforeAll(async () => {
    // nginx calls Lookout by address (its resolver may try ::1 for localhost first); the page's origin may fetch
    // the HLS files from nginx's port.
    const api = new URL('/api/v1', e2e.baseUrl);
    api.hostname = '127.0.0.1';
    nginx = await startNginxRtmp({
      ports,
      lookoutApi: api.href,
      hookToken,
      allowOrigin: new URL(e2e.baseUrl).origin,
    });
  }, 60_000);
  afterAll(async () => {
    await nginx?.stop();
  }, 30_000);

  const pushes: ReturnType<typeof pushTestPattern>[] = [];
  afterEach(async () => {
    await Promise.all(pushes.splice(0).map((p) => p.stop()));
  });

  it('the commander watches a drone beside the case: HLS, frames advance, 已结束 when the push stops', async () => {
    const at = { lon: 120.07, lat: 28.94 };
    const droneId = await droneAt('鹰眼-HLS', offset(at, 150, 60));
    const title = '视频 HLS 方岩 采药人失联';
    const caseId = await caseWithDrones(title, at, [droneId]);
    const rtmpUrl = await rtmpUrlOf(droneId);
    expect(rtmpUrl.startsWith(`rtmp://127.0.0.1:${ports.rtmp}/live/`)).toBe(true);
    const push = pushTestPattern({ url: rtmpUrl, width: 640, height: 360, fps: 15, kbps: 600, gopS: 1 });
    pushes.push(push);

    const page = await e2e.newPage('commander', '#/map', DESKTOP);
    await mapReady(page);
    await page.getByTestId('cases-toggle').click();
    await page.locator('.cases-list button', { hasText: title }).click();
    await page.locator(`[data-testid=case-detail][data-case="${caseId}"]`).waitFor();
    // Every play answer the page gets for this drone is HLS from nginx.
    const answers: { kind: string; url: string }[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith(`/drones/${droneId}/video/play`) && res.ok())
        void res.json().then((b: { kind: string; url: string }) => answers.push(b));
    });
    await page.getByTestId(`video-open-${droneId}`).click();
    await page.getByTestId('video-panel').waitFor();
    await expect.poll(() => answers.length, { timeout: 60_000 }).toBeGreaterThan(0);
    const player = page.locator(`[data-testid=video-player][data-drone="${droneId}"]`);
    await expect.poll(() => player.getAttribute('data-engine'), { timeout: 60_000 }).toBe('hls.js');
    await playerIn(page, droneId, 'live').waitFor({ timeout: 90_000 });
    await expectFramesAdvance(page, droneId);
    await expect.poll(() => page.getByTestId('video-state').textContent()).toContain('直播');
    await expect.poll(() => page.getByTestId('video-error').count()).toBe(0);

    // The case view as the commander sees it: the HLS picture above the case, the drone on the map beside them.
    await page.evaluate((p) => window.__lookout!.map!.jumpTo({ center: [p.lon + 0.004, p.lat], zoom: 15 }), at);
    await page.getByTestId('cases-panel').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, 'video-hls.png');

    // The push stops: nginx tells Lookout (on_publish_done), and the picture says 已结束.
    await push.stop();
    await playerIn(page, droneId, 'ended').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('video-state').textContent()).toContain('已结束');
    for (const a of answers) {
      expect(a.kind).toBe('hls');
      expect(a.url.startsWith(`${nginx!.hlsBase}/`), a.url).toBe(true);
    }
    expect(e2e.errors).toEqual([]);
  }, 400_000);
});
