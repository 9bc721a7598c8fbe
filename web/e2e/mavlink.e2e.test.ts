/**
 * The MAVLink aircraft end to end: `npm start`'s whole system on free ports prints its `MAVLink: udp://…` line, the
 * demo aircraft 鹰眼-M sends signed MAVLink 2 over UDP to the bridge, and the map draws it like the other drones,
 * tagged "MAVLink". Saves docs/screenshots/mavlink-drone.png (1280×800). Needs Debian's chromium.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, startE2eLookout } from './e2e-lookout.ts';
import { freePort } from './harness.ts';

// The bridge's MAVLink UDP port, chosen before the start (the harness spawns the server on free ports).
const mavlinkPort = await freePort();
const e2e = startE2eLookout({
  name: 'mavlink',
  roles: ['commander'],
  tiles: false,
  env: { MAVLINK_UDP_PORT: String(mavlinkPort) },
});

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
    expect(e2e.server.log).toContain(`MAVLink: udp://127.0.0.1:${mavlinkPort}`);

    const api = await e2e.api('commander');
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

    const page = await e2e.newPage('commander');
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
    await page.locator('[data-testid=drone-list] .source-tag', { hasText: 'MAVLink' }).waitFor();
    await expect
      .poll(async () => (await drawnLabels(page)).some((d) => /^鹰眼-M · \d+% · MAVLink/.test(d.label)), {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'mavlink-drone.png') });
    // Start-up, the first map idle and SwiftShader rendering take minutes on a loaded 2-core machine.
  }, 480_000);
});
