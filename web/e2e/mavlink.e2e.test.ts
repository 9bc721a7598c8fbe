/**
 * The MAVLink aircraft end to end: `npm start`'s whole system on free ports prints its `MAVLink: udp://…` line, the
 * demo aircraft 鹰眼-M sends signed MAVLink 2 over UDP to the bridge, and the map draws it like the other drones,
 * tagged "MAVLink". Saves docs/screenshots/mavlink-drone.png (1280×800). Needs Debian's chromium.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePgliteTemplate } from '@lookout/db/testing';
import { CHROMIUM, freePort, launchChromium } from './harness.ts';
import { LookoutProcess, ROOT } from './lookout-process.ts';

const SHOTS = path.join(ROOT, 'docs/screenshots');

let lookout: LookoutProcess | null = null;
let browser: Browser | null = null;
let dataDir = '';
let mavlinkPort = 0;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk`).toBe(true);
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-e2e-mavlink-'));
  // A migrated database to start from (a fresh PGlite+PostGIS takes minutes on a loaded machine).
  cpSync(await ensurePgliteTemplate(), dataDir, { recursive: true });
  mavlinkPort = await freePort();
  lookout = await LookoutProcess.start({
    dataDir,
    env: { MAVLINK_UDP_PORT: String(mavlinkPort) },
    readyRoles: ['commander'],
    timeoutMs: 300_000,
  });
  browser = await launchChromium();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** Labels of the drones MapLibre drew. */
function drawnLabels(page: Page): Promise<{ label: string; coordinates: [number, number] }[]> {
  return page.evaluate(() =>
    window.__lookout!.map!.queryRenderedFeatures({ layers: ['drones-symbol'] }).map((f) => ({
      label: String(f.properties.label),
      coordinates: (f.geometry as unknown as { coordinates: [number, number] }).coordinates,
    })),
  );
}

describe('MAVLink aircraft on the map', () => {
  it('prints the MAVLink line, lists 鹰眼-M as a signing MAVLink drone, and draws it tagged on the map', async () => {
    expect(lookout!.log).toContain(`MAVLink: udp://127.0.0.1:${mavlinkPort}`);

    const api = await lookout!.api(lookout!.account('commander'));
    await expect
      .poll(
        async () => {
          const { body } = await api<{
            drones: { callsign: string; source: string; mavlink: unknown; latest: unknown }[];
          }>('GET', '/drones');
          const m = body.drones.find((d) => d.callsign === '鹰眼-M');
          return m && m.latest ? { source: m.source, mavlink: m.mavlink } : null;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toEqual({ source: 'mavlink', mavlink: { systemId: 42, signing: true } });

    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await lookout!.login(page, lookout!.account('commander'));
    // With five drones moving every second, SwiftShader on a busy machine may never reach `idle`: wait for the map
    // and its drones layer instead.
    await page.waitForFunction(() => Boolean(window.__lookout?.map?.getLayer('drones-symbol')), null, {
      timeout: 240_000,
    });
    await expect
      .poll(async () => (await drawnLabels(page)).find((d) => d.label.startsWith('鹰眼-M'))?.label, {
        timeout: 60_000,
        interval: 500,
      })
      .toMatch(/^鹰眼-M · \d+% · MAVLink/);

    // Close in on the MAVLink aircraft, with its neighbours in view.
    const m = (await drawnLabels(page)).find((d) => d.label.startsWith('鹰眼-M'))!;
    await page.evaluate(
      ([lon, lat]) => window.__lookout!.map!.jumpTo({ center: [lon, lat - 0.004], zoom: 14.5 }),
      m.coordinates,
    );
    await page.locator('[data-testid=drone-list] .source-tag', { hasText: 'MAVLink' }).waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await drawnLabels(page)).some((d) => /^鹰眼-M · \d+% · MAVLink/.test(d.label)), {
        timeout: 20_000,
        interval: 500,
      })
      .toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'mavlink-drone.png') });
    await context.close();
    // Start-up, the first map idle and SwiftShader rendering take minutes on a loaded 2-core machine.
  }, 480_000);
});
