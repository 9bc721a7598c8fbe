/**
 * The commander board, in Debian's Chromium against the real server with its demo data (embedded PGlite
 * + aedes, fresh data folder): a commander opens 值班台, sees the demo lost-hikers case and a case opened through
 * the API with their running clocks, a new case reaches the board live, and one click opens a lost-person case on
 * the map page. Screenshot: docs/screenshots/board-desktop-zh.png (1280×800).
 */
import { describe, expect, it } from 'vitest';
import { shot, startE2eLookout } from './e2e-lookout.ts';

const DEMO_CASE_TITLE = '笔架山 三渡溪水库 三名驴友走失';

describe('commander board', () => {
  const e2e = startE2eLookout({ name: 'board', roles: ['commander'], env: { ESCALATION_EVERY_S: '2' } });

  it('lists the demo case with its running clock, most urgent first', async () => {
    const commander = await e2e.api('commander');
    const opened = await commander('POST', '/cases', {
      kind: 'lost_person',
      title: '东山公园 老人走失',
      subjectCategory: 'dementia',
      subjectCount: 1,
      ipp: { lon: 120.05, lat: 28.9, datum: 'wgs84' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const api = await commander<{ cases: { title: string; clock: unknown }[] }>('GET', '/board');
    expect(api.status).toBe(200);

    const page = await e2e.newPage('commander', '#/board');
    await page.getByTestId('board-page').waitFor();
    await page.locator('[data-testid=board-row]', { hasText: DEMO_CASE_TITLE }).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid=board-row]', { hasText: '东山公园 老人走失' }).waitFor();
    await expect.poll(() => page.getByTestId('nav-board').getAttribute('class')).toContain('active');
    const rows = page.getByTestId('board-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    // Every row has a clock "m:ss / m:ss" or says it has none; the first rows are the most urgent.
    const clocks = page.getByTestId('board-clock');
    await expect.poll(() => clocks.count()).toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => (await clocks.allTextContents()).filter((c) => !/\d+:\d\d \/ \d+:\d\d/.test(c)))
      .toEqual([]);
    const rank = { breached: 0, due_soon: 1, ok: 2 } as Record<string, number>;
    const ranks = async () =>
      (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-urgency')))).map((u) => rank[u ?? 'ok']!);
    await expect
      .poll(async () => {
        const r = await ranks();
        return [...r].sort((a, b) => a - b).join() === r.join();
      })
      .toBe(true);
    // The clock ticks in the browser.
    const fresh = page.locator('[data-testid=board-row]', { hasText: '东山公园 老人走失' }).getByTestId('board-clock');
    const before = await fresh.textContent();
    await expect.poll(() => fresh.textContent(), { timeout: 30_000 }).not.toBe(before);

    // A case reported by phone 3 minutes before it was typed in: the commander corrects the report time, the
    // acknowledge clock (2 min) is past its target, the row turns red, goes to the top and the banner says so.
    const late = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '西溪湿地 儿童走失（电话报警）',
      subjectCategory: 'child_4_6',
      subjectCount: 1,
    });
    expect(late.status).toBe(201);
    const corrected = await commander('POST', `/cases/${late.body.case.id}/clock-corrections`, {
      step: 'reported',
      at: new Date(Date.now() - 180_000).toISOString(),
      reason: '电话报警时间，录入晚了三分钟',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    const lateRow = page.locator(`[data-testid=board-row][data-case="${late.body.case.id}"]`);
    await expect.poll(() => lateRow.getAttribute('data-urgency'), { timeout: 30_000 }).toBe('breached');
    await page.getByTestId('board-banner').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('board-banner').textContent()).toContain('西溪湿地');
    await expect.poll(() => rows.first().getAttribute('data-case')).toBe(late.body.case.id);
    await shot(page, 'board-desktop-zh.png');
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('shows a case opened elsewhere live, and opens a lost-person case on the map', async () => {
    const commander = await e2e.api('commander');
    const page = await e2e.newPage('commander', '#/board');
    await page.getByTestId('board-page').waitFor();
    // The board has loaded its rows before the new case is opened: the row arrives live.
    await page.locator('[data-testid=board-row]').first().waitFor({ timeout: 120_000 });
    const opened = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '南溪 钓鱼人失联',
      subjectCategory: 'hiker',
      subjectCount: 1,
    });
    expect(opened.status).toBe(201);
    const row = page.locator('[data-testid=board-row]', { hasText: '南溪 钓鱼人失联' });
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.getAttribute('data-step')).toBe('reported');
    // Its steps arrive live: only this row is refetched and redrawn; closing it takes it off the board.
    const id = opened.body.case.id;
    expect((await commander('POST', `/cases/${id}/acknowledge`)).status).toBe(200);
    await expect.poll(() => row.getAttribute('data-step'), { timeout: 30_000 }).toBe('acknowledged');
    const other = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '北岭 采药人失联',
      subjectCategory: 'hiker',
      subjectCount: 1,
    });
    const closing = page.locator('[data-testid=board-row]', { hasText: '北岭 采药人失联' });
    await closing.waitFor({ timeout: 30_000 });
    expect((await commander('POST', `/cases/${other.body.case.id}/close`, { outcome: 'false_alarm' })).status).toBe(
      200,
    );
    await closing.waitFor({ state: 'detached', timeout: 30_000 });
    await row.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/map');
    expect(e2e.errors).toEqual([]);
  }, 240_000);
});
