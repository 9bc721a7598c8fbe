/**
 * An outside team without an account, in Debian's Chromium against the real server (embedded PGlite + aedes, fresh
 * data folder): the commander, on a 1280×800 desk in English, adds a volunteer rescue team and dispatches it to
 * the caller's location; its guidance link (SMS through the embedded sink, copy, QR code) opens on the team
 * leader's 360×640 phone in Chinese without a login, shows the arrow, distance and walking time, and goes
 * 出发 → 到达 → 找到 while sharing its position; the desk's map shows the team, with its agency, moving and
 * changing status, and the case's clocks count its steps.
 * Screenshots: docs/screenshots/team-link-phone-{zh,en}.png, docs/screenshots/team-dispatch-desk-en.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, mapReady, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';

const IPP = { lon: 120.068, lat: 28.948 };
/** Where the caller's page says the hikers are: the team's target. */
const CALLER = { lon: 120.074, lat: 28.952 };
/** The team sets off about 1 km south-west of the target, then walks up to it. */
const START = { longitude: 120.066, latitude: 28.946, accuracy: 10 };
const NEARER = { longitude: 120.0725, latitude: 28.951, accuracy: 8 };
const CALLSIGN = `Blue Sky ${randomUUID().slice(0, 4)}`;

describe('an outside team without an account', () => {
  const e2e = startE2eLookout({ name: 'outside-team', roles: ['commander'] });

  /** An open, acknowledged case whose caller's page has sent one fix. */
  async function caseWithCaller(title: string): Promise<string> {
    const commander = await e2e.api('commander');
    const opened = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title,
      subjectCategory: 'hiker',
      subjectCount: 2,
      ipp: { ...IPP, datum: 'wgs84' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseId = opened.body.case.id;
    expect((await commander('POST', `/cases/${caseId}/acknowledge`)).status).toBe(200);
    const link = await commander<{ url: string }>('POST', `/cases/${caseId}/location-links`, { phone: '13800000001' });
    const token = new URL(link.body.url).pathname.split('/').pop()!;
    const res = await fetch(`${e2e.baseUrl}/api/v1/public/locate/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...CALLER, accuracy: 30, t: Date.now(), idempotencyKey: randomUUID() }),
    });
    expect(res.status).toBe(201);
    return caseId;
  }

  /** The label the desk's map draws for the team, and where, once the map has it (centred on `at`). */
  async function teamOnMap(desk: Page, at: { lon: number; lat: number }) {
    return desk.evaluate(
      ({ at, callsign }) => {
        const map = window.__lookout!.map!;
        map.jumpTo({ center: [at.lon, at.lat], zoom: 14 });
        const f = map
          .queryRenderedFeatures({ layers: ['units-symbol'] })
          .find((x) => String(x.properties?.label ?? '').startsWith(callsign));
        if (!f || f.geometry.type !== 'Point') return null;
        return { label: String(f.properties.label), lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! };
      },
      { at, callsign: CALLSIGN },
    );
  }

  it('is added and dispatched at the desk, guided on the phone, and seen moving on the map', async () => {
    const title = 'Baiyun hill, two hikers lost';
    const caseId = await caseWithCaller(title);

    // The desk, in English: add the team and dispatch it to the caller's location.
    const deskCtx = await e2e.newContext({ ...DESKTOP, locale: 'en-US' });
    await presetLanguage(deskCtx, 'en');
    const desk = await deskCtx.newPage();
    await e2e.login(desk, 'commander', '#/map');
    await mapReady(desk);
    if ((await desk.getByTestId('cases-panel').count()) === 0) await desk.getByTestId('cases-toggle').click();
    await desk.locator('.cases-list button', { hasText: title }).click();
    await desk.locator('[data-testid=case-detail] h3', { hasText: title }).waitFor();
    await desk.getByTestId('outside-team-open').click();
    await desk.getByTestId('team-callsign').fill(CALLSIGN);
    await desk.getByTestId('team-agency').fill('蓝天救援队');
    await desk.getByTestId('team-phone').fill('139 0000 1234');
    await desk.getByTestId('team-members').fill('5');
    await desk.getByTestId('team-add').click();
    const unitSelect = desk.getByTestId('dispatch-unit');
    await desk
      .locator('[data-testid=dispatch-unit] option', { hasText: `${CALLSIGN} (蓝天救援队)` })
      .waitFor({ state: 'attached' });
    await expect
      .poll(() => unitSelect.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text ?? ''))
      .toContain(CALLSIGN);
    await desk.getByTestId('dispatch-target').selectOption({ index: 1 });
    await desk.getByTestId('dispatch-submit').click();
    const panel = desk.getByTestId('team-link');
    await panel.waitFor();
    // The embedded default has no SMS gateway: the desk says the SMS was only written to the sink.
    await desk.locator('[data-testid=team-link-sms]', { hasText: 'No SMS gateway is configured' }).waitFor();
    await desk.getByTestId('team-link-qr').locator('svg').waitFor();
    const url = await desk.getByTestId('team-link-url').inputValue();
    expect(url).toMatch(/\/u\/[A-Za-z0-9_-]{43}$/);
    const row = desk.locator('[data-testid=assignment-row]', { hasText: CALLSIGN });
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status')).toBe('dispatched');

    // The team leader's phone, in Chinese, without a login.
    const phoneCtx = await e2e.newContext({ ...PHONE, geolocation: START, permissions: ['geolocation'] });
    const phone = await phoneCtx.newPage();
    await phone.goto(url);
    await phone.locator('#conn[data-state=online]').waitFor();
    await phone.locator('#who', { hasText: `${CALLSIGN}（蓝天救援队）` }).waitFor();
    await phone.locator('#case', { hasText: '寻找走失人员，2 人' }).waitFor();
    await phone.locator('#status-value', { hasText: '已派出' }).waitFor();
    await phone.locator('#distance', { hasText: /^1\.\d 公里$/ }).waitFor();
    await phone.locator('#eta', { hasText: /步行约 \d+ 分钟/ }).waitFor();
    await phone.locator('#bearing', { hasText: /目标在东北方 \d+°/ }).waitFor();
    await phone.locator('#heading-mode', { hasText: '没有罗盘' }).waitFor();

    // 出发: the step reaches the desk's case panel and map.
    await phone.locator('#step-en_route').click();
    await phone.locator('#status-value', { hasText: '已出发' }).waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('en_route');
    await expect
      .poll(async () => (await teamOnMap(desk, CALLER))?.label ?? null, { timeout: 60_000 })
      .toBe(`${CALLSIGN} (蓝天救援队) · En route`);

    // The team walks on; its page sends the new position and the desk's map moves it.
    await phoneCtx.setGeolocation(NEARER);
    await phone.locator('#distance', { hasText: /^\d+ 米$/ }).waitFor();
    const seen: { map?: unknown; api?: unknown; probe?: unknown } = {};
    try {
      await expect
        .poll(
          async () => {
            const p = await teamOnMap(desk, CALLER);
            seen.map = p;
            return p
              ? Math.abs(p.lat - NEARER.latitude) < 0.0002 && Math.abs(p.lon - NEARER.longitude) < 0.0002
              : false;
          },
          { timeout: 90_000 },
        )
        .toBe(true);
    } catch (err) {
      const units = await (
        await e2e.api('commander')
      )<{ units: { callsign: string; position: unknown }[] }>('GET', '/units');
      seen.api = units.body.units.find((u) => u.callsign === CALLSIGN)?.position;
      seen.probe = await phone.evaluate(() => window.__team);
      throw new Error(`the team did not move on the desk's map: ${JSON.stringify(seen)}`, { cause: err });
    }

    // 到达 without a network: the page keeps the tap, says so, and sends it when the network is back.
    await phoneCtx.setOffline(true);
    await phone.locator('#step-on_scene').click();
    await phone.locator('#status-value', { hasText: '已到达' }).waitFor();
    await phone.locator('#message', { hasText: '已记录「到达」，网络恢复后发送' }).waitFor();
    await phone.locator('#conn[data-state=retrying]', { hasText: '没有网络' }).waitFor();
    expect(await row.getAttribute('data-status')).toBe('en_route');
    await phoneCtx.setOffline(false);
    await phone.locator('#conn[data-state=online]').waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('on_scene');
    await phone.locator('#message').waitFor({ state: 'hidden' });

    // 找到.
    await phone.locator('#step-found').click();
    await phone.locator('#status-value', { hasText: '已找到' }).waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('found');
    await expect
      .poll(async () => (await teamOnMap(desk, CALLER))?.label ?? null, { timeout: 60_000 })
      .toBe(`${CALLSIGN} (蓝天救援队) · Found`);
    for (const step of ['en_route', 'on_scene', 'found', 'stood_down']) {
      await expect.poll(() => phone.locator(`#step-${step}`).isDisabled()).toBe(true);
    }
    await shot(phone, 'team-link-phone-zh.png');
    // The same page in English, a tap away.
    await phone.locator('#lang').click();
    await phone.locator('#status-value', { hasText: 'found' }).waitFor();
    await expect.poll(() => phone.locator('#step-found').textContent()).toContain('Found');
    await expect.poll(() => phone.locator('h1, #title').first().textContent()).toContain('Search guidance');
    await shot(phone, 'team-link-phone-en.png');

    // The clocks count the team's steps.
    const commander = await e2e.api('commander');
    const detail = await commander<{ case: { times: Record<string, string | null> } }>('GET', `/cases/${caseId}`);
    expect(detail.body.case.times.on_scene).not.toBeNull();
    expect(detail.body.case.times.reunion).not.toBeNull();

    await teamOnMap(desk, { lon: (CALLER.lon + NEARER.longitude) / 2, lat: NEARER.latitude });
    await desk.getByTestId('dispatch-section').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(desk, 'team-dispatch-desk-en.png');

    // Revoked, the link stops working on the phone.
    await desk.getByTestId('team-link-revoke').click();
    await desk.getByTestId('team-link-revoked').waitFor();
    await phone.reload();
    await phone.locator('#conn[data-state=gone]').waitFor();
    expect(e2e.errors).toEqual([]);
  }, 600_000);
});
