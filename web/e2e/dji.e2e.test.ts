/**
 * A DJI gateway in Chromium's eyes: a test gateway logs in to Lookout's broker with a pilot's DJI credentials
 * (POST /dji/connect), announces its aircraft (`update_topo`) and publishes health (`hms`), flight-task progress
 * and OSD over MQTT, as a DJI dock or Pilot 2 does. Its level-2 warning reaches the commander's board, its events
 * show on the drone's panel on the map, and an admin's new name for the aircraft survives its next topology.
 * Screenshots: docs/screenshots/dji-hms-board.png (zh-CN, 1280×800), dji-hms-board-phone.png (360×640) and
 * dji-drone-events.png.
 */
import { djiTopics } from '@lookout/drone-bridge';
import { describe, expect, it } from 'vitest';
import { djiGateway } from './dji-gateway.ts';
import { DESKTOP, mapReady, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';

/** Near the map's default centre (MAP_CENTER 120.07, 28.95). */
const HOME = { lat: 28.947, lon: 120.062 };

/** One DJI health item about the aircraft, as a dock reports it. */
const hmsItem = (level: number, code: string, inTheSky: 0 | 1) => ({
  level,
  module: 3,
  in_the_sky: inTheSky,
  code,
  device_type: '0-91-1',
  imminent: 0,
  args: { component_index: 0, sensor_index: 0 },
});

describe('DJI health, events and names in the browser', () => {
  const e2e = startE2eLookout({ name: 'dji', roles: ['commander', 'pilot', 'admin'] });

  it('puts a gateway’s level-2 hms warning on the commander’s open board, in the sky first and loud', async () => {
    const g = await djiGateway(e2e);
    // The board is open before the warning comes: it arrives without a reload and is announced.
    const page = await e2e.newPage('commander', '#/board');
    await page.getByTestId('board-page').waitFor();
    // One answer of the board's health poll has arrived (what it holds at load is known, not announced).
    await page.waitForResponse((r) => r.url().endsWith('/api/v1/board/drone-health') && r.ok(), { timeout: 60_000 });
    await g.send(djiTopics.events(g.serial), djiTopics.eventsReply(g.serial), 'hms', {
      list: [hmsItem(2, '0x16100083', 1), hmsItem(1, '0x1B0300A1', 1)],
    });
    const item = page.locator(`[data-testid=board-health-item][data-drone="${g.droneId}"]`, {
      hasText: g.callsign,
    });
    await item.waitFor({ timeout: 60_000 });
    await expect.poll(() => item.textContent()).toContain('警告：健康管理 · 代码 0x16100083');
    await expect.poll(() => item.locator('.board-health-where').textContent()).toBe('空中');
    await expect.poll(() => item.getAttribute('data-active')).toBe('true');
    await page
      .getByTestId('board-banner')
      .filter({ hasText: `无人机健康告警：${g.callsign}（空中）` })
      .waitFor();
    // Level 1 (caution) stays on the drone's own panel.
    await expect.poll(() => page.locator(`[data-testid=board-health-item][data-code="0x1B0300A1"]`).count()).toBe(0);
    await page.getByTestId('board-drone-health').locator('h2', { hasText: '无人机健康告警' }).waitFor();
    await shot(page, 'dji-hms-board.png');

    // On a phone the section wraps inside the screen.
    const phone = await e2e.newPage('commander', '#/board', PHONE);
    const onPhone = phone.locator(`[data-testid=board-health-item][data-drone="${g.droneId}"]`);
    await onPhone.waitFor({ timeout: 60_000 });
    await expect
      .poll(() =>
        phone.getByTestId('board-drone-health').evaluate((el) => el.getBoundingClientRect().right <= window.innerWidth),
      )
      .toBe(true);
    await shot(phone, 'dji-hms-board-phone.png');
    await g.close();
    expect(e2e.errors).toEqual([]);
  }, 480_000);

  it('shows the aircraft’s hms and flight-task events and its named heights on its panel', async () => {
    const g = await djiGateway(e2e);
    await g.send(djiTopics.osd(g.aircraft), null, undefined, {
      latitude: HOME.lat,
      longitude: HOME.lon,
      height: 160.5,
      elevation: 60.2,
      attitude_head: 45,
      horizontal_speed: 4,
      vertical_speed: 0,
      battery: { capacity_percent: 81 },
      mode_code: 5,
    });
    await g.send(djiTopics.events(g.serial), djiTopics.eventsReply(g.serial), 'hms', {
      list: [hmsItem(1, '0x1B0300A1', 1)],
    });
    await g.send(djiTopics.events(g.serial), djiTopics.eventsReply(g.serial), 'flighttask_progress', {
      result: 0,
      output: {
        status: 'in_progress',
        progress: { current_step: 24, percent: 42 },
        ext: { current_waypoint_index: 3 },
      },
    });

    const page = await e2e.newPage('pilot', '', DESKTOP);
    await mapReady(page);
    const entry = page.locator(`[data-testid=drone-list] button[data-drone="${g.droneId}"]`, { hasText: g.callsign });
    await entry.click();
    const panel = page.locator(`[data-testid=drone-panel][data-drone="${g.droneId}"]`);
    await panel
      .locator('[data-testid=drone-event][data-type=flighttask_progress]', {
        hasText: '航线任务 执行中 · 42% · 航点 3',
      })
      .waitFor();
    await panel
      .locator('[data-testid=drone-event][data-type=hms]', { hasText: '注意：健康管理 · 代码 0x1B0300A1' })
      .waitFor();
    await panel.locator('dt', { hasText: '海拔（EGM96）' }).waitFor();
    // 160.5 m above the ellipsoid is about 151.7 m above EGM96 sea level here.
    await expect.poll(() => panel.getByTestId('drone-height-msl').textContent()).toMatch(/^15\d\.\d 米$/);
    await page.locator('[data-testid=map-loading]').waitFor({ state: 'detached', timeout: 120_000 });
    await shot(page, 'dji-drone-events.png');
    await g.close();
    expect(e2e.errors).toEqual([]);
  }, 480_000);

  it('lets an admin rename the aircraft, and the name survives its next update_topo', async () => {
    const g = await djiGateway(e2e);
    const name = `鹰眼-${g.aircraft.slice(-4)}`;
    const page = await e2e.newPage('admin', '#/admin');
    const row = page.locator(`[data-testid=drones-panel] tr[data-drone="${g.droneId}"]`);
    await row.getByTestId('drone-callsign').filter({ hasText: g.callsign }).waitFor();
    await row.getByTestId('drone-rename').click();
    await row.locator('input[name=callsign]').fill(name);
    await row.locator('button[type=submit]').click();
    await row.getByTestId('drone-callsign').filter({ hasText: name }).waitFor();

    await g.send(djiTopics.status(g.serial), djiTopics.statusReply(g.serial), 'update_topo', {
      domain: '2',
      type: 144,
      sub_type: 0,
      sub_devices: [{ sn: g.aircraft, domain: '0', type: 91, sub_type: 1, index: 'A' }],
    });
    const admin = await e2e.api('admin');
    const callsign = async () =>
      (await admin<{ drones: { id: string; callsign: string }[] }>('GET', '/drones')).body.drones.find(
        (d) => d.id === g.droneId,
      )?.callsign;
    expect(await callsign()).toBe(name);
    // The rename is in the audit log like every admin write.
    await expect
      .poll(async () => {
        const r = await admin<{ entries: { action: string; targetId: string | null }[] }>(
          'GET',
          '/audit?action=PATCH%20*',
        );
        return (r.body.entries ?? []).some((e) => e.action === 'PATCH /api/v1/drones/:id' && e.targetId === g.droneId);
      })
      .toBe(true);
    await g.close();
    expect(e2e.errors).toEqual([]);
  }, 480_000);
});
