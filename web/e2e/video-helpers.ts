import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { E2eLookout } from './e2e-lookout.ts';

/** The live video tests' data, made through the API: drones with a fix, stream keys, cases with drones attached. */
export function videoSeed(e2e: E2eLookout) {
  return {
    /** A drone registered by the admin, with one fix at `at` (so it shows on the map with its callsign). */
    async droneAt(callsign: string, at: { lon: number; lat: number }): Promise<string> {
      const admin = await e2e.api('admin');
      type Made = { id: string; mqtt: { url: string; username: string; password: string } };
      const d = await admin<Made>('POST', '/drones', { callsign });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
      const client = await mqtt.connectAsync(d.body.mqtt.url, {
        clientId: d.body.mqtt.username,
        username: d.body.mqtt.username,
        password: d.body.mqtt.password,
        protocolVersion: 4,
      });
      const fix = {
        v: 1,
        id: randomUUID(),
        t: new Date().toISOString(),
        src: 'app',
        ...at,
        altMsl: 420,
        altRel: 80,
        bat: 76,
      };
      await client.publishAsync(`lookout/v1/drones/${d.body.id}/telemetry`, JSON.stringify(fix), { qos: 1 });
      await client.endAsync();
      return d.body.id;
    },

    /** A stream key made through the API by the admin: the RTMP URL to push to. */
    async rtmpUrlOf(droneId: string): Promise<string> {
      const r = await (await e2e.api('admin'))<{ rtmpUrl: string }>('POST', `/drones/${droneId}/video/publish-key`);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.rtmpUrl;
    },

    /** A lost-person case at `at` with these drones attached by the commander. */
    async caseWithDrones(title: string, at: { lon: number; lat: number }, droneIds: string[]): Promise<string> {
      const commander = await e2e.api('commander');
      const c = await commander<{ case: { id: string } }>('POST', '/cases', {
        kind: 'lost_person',
        title,
        subjectCategory: 'hiker',
        subjectCount: 1,
        ipp: { ...at, datum: 'wgs84' },
      });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      for (const droneId of droneIds) {
        const a = await commander('POST', `/cases/${c.body.case.id}/drones`, { droneId });
        expect(a.status, JSON.stringify(a.body)).toBeLessThan(300);
      }
      return c.body.case.id;
    },
  };
}

/**
 * The frame number the <video> shows now, read back from the pattern's top row (bit k at x = (k + ½)·w/16, y = 8,
 * white = 1); null while it has no picture.
 */
export function frameShown(page: Page, droneId: string): Promise<number | null> {
  return page
    .locator(`[data-testid=video-player][data-drone="${droneId}"] video`)
    .first()
    .evaluate((v: HTMLVideoElement) => {
      const w = v.videoWidth;
      const h = v.videoHeight;
      if (!w || !h || v.readyState < 2) return null;
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(v, 0, 0, w, h);
      let n = 0;
      for (let k = 0; k < 16; k++) {
        const [r, g, b] = ctx.getImageData(Math.floor(((k + 0.5) * w) / 16), 8, 1, 1).data;
        if (0.299 * r! + 0.587 * g! + 0.114 * b! > 128) n += 2 ** k;
      }
      return n;
    });
}

/** Frames advance in the page: a first picture, then one at least `by` frames later. */
export async function expectFramesAdvance(page: Page, droneId: string, by = 15): Promise<void> {
  let first: number | null = null;
  await expect
    .poll(
      async () => {
        first = await frameShown(page, droneId);
        return first;
      },
      { timeout: 60_000, interval: 250 },
    )
    .not.toBeNull();
  const from = first!;
  await expect.poll(() => frameShown(page, droneId), { timeout: 30_000, interval: 250 }).toBeGreaterThan(from + by);
}

export const playerIn = (page: Page, droneId: string, state: string) =>
  page.locator(`[data-testid=video-player][data-drone="${droneId}"][data-state="${state}"]`);
