/**
 * The pilot hands the point to the ground (issue 14 item 1), in Debian's Chromium against the real server (embedded
 * PGlite + aedes, fresh data folder, a local basemap): the pilot joins an open case with his drone from 我的任务, sees the caller's
 * fix, marks a sighting with a photo by tapping the map, and hands it to a unit (同步给地面); the commander's case
 * panel names the drone, the pilot's sighting and his hand-off in the timeline. On a 360×640 phone in Chinese and a
 * 1280×800 desk in English. Screenshots: docs/screenshots/pilot-handoff-*.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clickMapAt, DESKTOP, mapReady, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { callerFix, jpeg, newOfficer, offset, openCase } from './seed.ts';

const e2e = startE2eLookout({
  name: 'pilot-handoff',
  roles: ['pilot', 'commander', 'admin'],
  viewport: 'phone',
});

interface CaseEventBody {
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/** A case of its own place (far from the demo and the other test), a caller fix, a fresh drone and an officer. */
async function seed(title: string, base: { lon: number; lat: number }) {
  const caseId = await openCase(e2e, title, { ipp: { ...base, datum: 'wgs84' }, terrain: 'temperate_mountain' });
  await callerFix(e2e, caseId, offset(base, 250, 150), 40);
  const admin = await e2e.api('admin');
  const drone = await admin<{ id: string }>('POST', '/drones', { callsign: `飞鹰-${randomUUID().slice(0, 6)}` });
  expect(drone.status, JSON.stringify(drone.body)).toBe(201);
  const unitName = `地面 ${randomUUID().slice(0, 4)}`;
  const { unitId } = await newOfficer(e2e, unitName);
  const units = await (await e2e.api('commander'))<{ units: { id: string; callsign: string }[] }>('GET', '/units');
  const callsign = units.body.units.find((u) => u.id === unitId)!.callsign;
  return { caseId, droneId: drone.body.id, unitId, callsign };
}

async function pilotPage(lang: 'zh' | 'en', viewport: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const ctx = await e2e.newContext(viewport);
  if (lang === 'en') await presetLanguage(ctx, 'en');
  const page = await ctx.newPage();
  page.setDefaultTimeout(90_000);
  await e2e.login(page, 'pilot', '#/map');
  await mapReady(page);
  return page;
}

const events = async (caseId: string) =>
  (await (await e2e.api('commander'))<{ events: CaseEventBody[] }>('GET', `/cases/${caseId}`)).body.events;

async function handOff(lang: 'zh' | 'en', viewport: typeof PHONE | typeof DESKTOP, base: { lon: number; lat: number }) {
  const zh = lang === 'zh';
  const phone = viewport === PHONE;
  const title = zh
    ? `飞手 ${randomUUID().slice(0, 4)} 笔架山 三人失联`
    : `Pilot ${randomUUID().slice(0, 4)} three hikers`;
  const s = await seed(title, base);
  const page = await pilotPage(lang, viewport);

  // 我的任务: the open case, joined with the new drone.
  await page.getByTestId('pilot-toggle').click();
  await page.getByTestId(`join-drone-${s.caseId}`).selectOption(s.droneId);
  await page.getByTestId(`join-${s.caseId}`).click();
  await page.locator('[data-testid=pilot-case] h3', { hasText: title }).waitFor();
  // The caller's fix with its accuracy is in the panel (and drawn on the map).
  await page.locator('[data-testid=pilot-case]', { hasText: '±40' }).waitFor();

  // 标记发现: tap the map where the group is, say what, add a photo.
  const seen = offset(base, 120, 90);
  const shiftUp = phone ? 150 : 0;
  await page.getByTestId('mark').click();
  await page.getByTestId('mark-sighting').waitFor();
  await clickMapAt(page, seen, shiftUp);
  await page
    .getByTestId('mark-point')
    .filter({ hasText: zh ? '位置' : 'At' })
    .waitFor();
  await page.getByTestId('mark-kind').selectOption('group');
  await page.getByTestId('mark-count').fill('3');
  await page
    .getByTestId('mark-note')
    .fill(zh ? '三人，一人穿红色外套，在溪边' : 'three, one in a red jacket, by the stream');
  await page
    .getByTestId('mark-photo')
    .setInputFiles({ name: 'seen.jpg', mimeType: 'image/jpeg', buffer: await jpeg(640, 480, '#2e7d32') });
  await page.getByTestId('mark-submit').click();
  const done = page.getByTestId('mark-sighting-done');
  await done.filter({ hasText: '#' }).waitFor();
  const sightingId = Number(/#(\d+)/.exec((await done.textContent()) ?? '')?.[1]);
  expect(sightingId).toBeGreaterThan(0);

  // 同步给地面: the sighting on the map, handed to the unit.
  await clickMapAt(page, seen, shiftUp);
  await page.getByTestId('sighting-panel').waitFor();
  await page
    .getByTestId('sighting-dispatch')
    .filter({ hasText: zh ? '同步给地面' : 'Hand to the ground' })
    .click();
  await page.getByTestId('sighting-dispatch-unit').selectOption(s.unitId);
  await page.getByTestId('sighting-dispatch-send').click();
  await page.getByTestId('sighting-dispatch-sent').filter({ hasText: s.callsign }).waitFor();
  // The unit and its step show in the pilot's case panel.
  await page.locator('[data-testid=pilot-units] li', { hasText: s.callsign }).waitFor();
  await page.getByTestId('sighting-dispatch-sent').scrollIntoViewIfNeeded();
  await shot(page, `pilot-handoff-${phone ? 'phone' : 'desk'}-${lang}.png`);

  // Stored: the drone's step, the sighting with its photo for the case, and the hand-off as the pilot's dispatch.
  const pilotId = (await (await e2e.api('pilot'))<{ user: { id: string } }>('GET', '/auth/me')).body.user.id;
  await expect
    .poll(async () => (await events(s.caseId)).map((e) => `${e.type}:${e.actorId === pilotId}`))
    .toEqual(expect.arrayContaining(['drone_attached:true', 'sighting_marked:true', 'unit_dispatched:true']));
  const dispatched = (await events(s.caseId)).find((e) => e.type === 'unit_dispatched');
  expect(dispatched?.data).toMatchObject({ handOff: true, targetKind: 'sighting', targetRef: String(sightingId) });
  const list = await (
    await e2e.api('commander')
  )<{ features: { id: number; properties: { hasPhoto: boolean } }[] }>('GET', '/sightings');
  expect(list.body.features.find((f) => f.id === sightingId)?.properties.hasPhoto).toBe(true);
  expect(e2e.errors).toEqual([]);
  return { ...s, title };
}

describe('the pilot hands the point to the ground', () => {
  it('zh, phone: joins with his drone, marks a sighting with a photo on the map, hands it to a unit', async () => {
    await handOff('zh', PHONE, { lon: 120.52, lat: 28.62 });
  }, 400_000);

  it('en, desk: the same, and the commander’s timeline names the drone, the sighting and the hand-off', async () => {
    const s = await handOff('en', DESKTOP, { lon: 120.62, lat: 28.52 });
    const ctx = await e2e.newContext(DESKTOP);
    await presetLanguage(ctx, 'en');
    const page = await ctx.newPage();
    page.setDefaultTimeout(90_000);
    await e2e.login(page, 'commander', '#/map');
    await mapReady(page);
    if ((await page.getByTestId('cases-panel').count()) === 0) await page.getByTestId('cases-toggle').click();
    await page.locator('.cases-list button', { hasText: s.title }).click();
    const timeline = page.getByTestId('case-timeline');
    await timeline.filter({ hasText: 'handed to the ground by the pilot' }).waitFor();
    await timeline.filter({ hasText: 'Pilot marked a sighting' }).waitFor();
    await timeline.filter({ hasText: 'Drone attached' }).waitFor();
    await page.locator('[data-testid=case-drones]', { hasText: 'pilot' }).waitFor();
    await page.getByTestId('case-timeline').scrollIntoViewIfNeeded();
    await shot(page, 'pilot-handoff-commander-desk-en.png');
    expect(e2e.errors).toEqual([]);
  }, 500_000);
});
