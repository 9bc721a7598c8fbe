/**
 * The case log between command and field (issue 14 item 4), in Debian's Chromium against the real server (embedded
 * PGlite + aedes, fresh data folder, a local basemap): the commander at the desk (English) writes to the officer
 * sent to the case, with a map point; the officer reads it on his phone (Chinese) without leaving guidance and
 * answers while his phone is offline; the answer waits, goes once when the link is back and shows on the
 * commander's panel live. Screenshots: docs/screenshots/case-log-{phone-zh,desk-en}.png.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, mapReady, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { newOfficer, openCase } from './seed.ts';

const e2e = startE2eLookout({ name: 'case-log', roles: ['commander', 'admin'], viewport: 'phone' });

const BASE = { lon: 120.45, lat: 28.58 };

describe('the case log', () => {
  it('carries the commander’s message to the officer’s phone and the officer’s offline answer back, once', async () => {
    const title = `沟通 ${Date.now().toString(36)} 三渡溪水库 钓鱼人失联`;
    const caseId = await openCase(e2e, title, { ipp: { ...BASE, datum: 'wgs84' } });
    const officer = await newOfficer(e2e, '民警 沟通组');
    const commander = await e2e.api('commander');
    const sent = await commander('POST', `/cases/${caseId}/assignments`, {
      unitId: officer.unitId,
      target: { kind: 'point', ...BASE, datum: 'wgs84' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    // The commander at the desk, in English: a message with a map point.
    const deskCtx = await e2e.newContext(DESKTOP);
    await presetLanguage(deskCtx, 'en');
    const desk = await deskCtx.newPage();
    desk.setDefaultTimeout(90_000);
    await e2e.login(desk, 'commander', '#/map');
    await mapReady(desk);
    if ((await desk.getByTestId('cases-panel').count()) === 0) await desk.getByTestId('cases-toggle').click();
    await desk.locator('.cases-list button', { hasText: title }).click();
    const deskLog = desk.getByTestId('case-log');
    await deskLog.waitFor();
    await deskLog.getByTestId('case-log-text').fill('北坡信号最好，先沿溪边向上游搜 500 米');
    await deskLog.getByTestId('case-log-pin').click();
    const box = (await desk.locator('.maplibregl-canvas').boundingBox())!;
    await desk.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await deskLog.getByTestId('case-log-send').click();
    await deskLog.getByTestId('case-log-message').filter({ hasText: '沿溪边' }).waitFor();
    await deskLog.locator('.case-log-pin').first().waitFor();

    // The officer's phone, in Chinese: the bar above the status buttons opens the latest messages.
    const phoneCtx = await e2e.newContext({
      ...PHONE,
      geolocation: { latitude: 28.575, longitude: 120.445 },
      permissions: ['geolocation'],
    });
    const phone = await phoneCtx.newPage();
    phone.setDefaultTimeout(90_000);
    await e2e.login(phone, officer.account);
    await phone.getByTestId('officer-case-log-toggle').click();
    const log = phone.getByTestId('case-log');
    await log.getByTestId('case-log-message').filter({ hasText: '沿溪边' }).waitFor();

    // Offline: the answer waits in the outbox, then goes once the link is back.
    await phoneCtx.setOffline(true);
    await log.getByTestId('case-log-text').fill('收到，已到溪边，向上游搜');
    await log.getByTestId('case-log-send').click();
    await log.getByTestId('case-log-queued').waitFor();
    await shot(phone, 'case-log-phone-zh.png');
    await phoneCtx.setOffline(false);
    await log.getByTestId('case-log-queued').waitFor({ state: 'detached', timeout: 60_000 });

    // The commander's panel shows it live; the server has it once.
    await deskLog.getByTestId('case-log-message').filter({ hasText: '已到溪边' }).waitFor({ timeout: 60_000 });
    await desk.locator('[data-testid=case-timeline]', { hasText: 'Case log message' }).waitFor();
    await deskLog.scrollIntoViewIfNeeded();
    await shot(desk, 'case-log-desk-en.png');
    await expect
      .poll(async () =>
        (await commander<{ messages: { body: string }[] }>('GET', `/cases/${caseId}/messages`)).body.messages.map(
          (m) => m.body,
        ),
      )
      .toEqual(['北坡信号最好，先沿溪边向上游搜 500 米', '收到，已到溪边，向上游搜']);
    expect(e2e.errors).toEqual([]);
  }, 500_000);
});
