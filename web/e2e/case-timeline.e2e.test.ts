/**
 * The case panel's clocks and timeline, in Debian's Chromium against the real server with its demo data
 * (embedded PGlite + aedes, fresh data folder): a commander opens the demo lost-hikers case on the map page, sees
 * each step's time and interval and the timeline from case_events, an acknowledgement arrives live, he corrects the
 * report time with a reason and sees the correction in the clocks and the timeline; a correction in the future and
 * one with a blank reason show the server's 400 in Chinese. An officer's list shows 仅概要 for a case not his.
 * Screenshot: docs/screenshots/case-timeline.png (1280×800).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, startE2eLookout } from './e2e-lookout.ts';

const DEMO_CASE_TITLE = '笔架山 三渡溪水库 三名驴友走失';

/** A datetime-local value `offsetS` from now, in the browser's own time zone. */
function localInput(page: Page, offsetS: number): Promise<string> {
  return page.evaluate((s) => {
    const d = new Date(Date.now() + s * 1000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, offsetS);
}

describe('case timeline and clocks in the case panel', () => {
  const e2e = startE2eLookout({ name: 'timeline', roles: ['commander', 'officer'] });

  it('shows the clocks and the timeline, live, and takes a correction with its reason', async () => {
    const commander = await e2e.api('commander');
    let demoId = '';
    await expect
      .poll(
        async () => {
          const r = await commander<{ cases: { id: string; title: string }[] }>('GET', '/cases?status=open');
          demoId = r.body?.cases?.find((c) => c.title === DEMO_CASE_TITLE)?.id ?? '';
          return demoId;
        },
        { timeout: 60_000 },
      )
      .not.toBe('');

    const page = await e2e.newPage('commander', '#/map');
    await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
    await page.getByTestId('cases-toggle').click();
    await page.getByTestId('cases-panel').locator('button', { hasText: DEMO_CASE_TITLE }).click();
    const timeline = page.getByTestId('case-timeline');
    await timeline.waitFor();

    // The six steps of a case; the report has a time, the acknowledgement's 2-minute clock runs.
    const clocks = page.getByTestId('case-clocks').locator('li');
    await expect.poll(() => clocks.count()).toBe(6);
    const reported = page.getByTestId('clock-reported');
    await expect.poll(() => reported.getByTestId('clock-at').textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    const ack = page.getByTestId('clock-acknowledged');
    await expect.poll(() => ack.getAttribute('data-status')).toMatch(/^(running|overdue)$/);
    await expect.poll(() => ack.textContent()).toContain('目标 2:00');
    await expect.poll(() => page.getByTestId('clock-on_scene').textContent()).toContain('目标 15:00');
    // The timeline from case_events: the opening with its time and who opened it.
    const opened = timeline.locator('[data-testid=timeline-event][data-type=opened]');
    await expect.poll(() => opened.textContent()).toMatch(/^\d\d:\d\d:\d\d立案/);
    await expect.poll(() => timeline.textContent()).not.toContain('undefined');

    // Acknowledged elsewhere: the step and its line arrive live.
    expect((await commander('POST', `/cases/${demoId}/acknowledge`)).status).toBe(200);
    await expect.poll(() => ack.getAttribute('data-status'), { timeout: 30_000 }).toMatch(/^(done|late)$/);
    await timeline.locator('[data-testid=timeline-event][data-type=acknowledged]', { hasText: '指挥确认' }).waitFor();
    await expect.poll(() => ack.getByTestId('clock-since').textContent()).toMatch(/^\+\d+:\d\d$/);

    // The report came in by phone five minutes before it was typed in: 更正时间 with a reason.
    await reported.getByTestId('clock-edit').click();
    const form = page.getByTestId('correct-form-reported');
    const at = await localInput(page, -300);
    await form.getByTestId('correct-at').fill(at);
    await form.getByTestId('correct-reason').fill('电话报警时间早于录入五分钟');
    await form.getByTestId('correct-submit').click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await expect
      .poll(() => reported.getByTestId('clock-corrected').textContent())
      .toContain('电话报警时间早于录入五分钟');
    await expect.poll(() => reported.getByTestId('clock-at').textContent()).toBe(at.slice(11));
    const line = timeline.locator('[data-testid=timeline-event][data-type=clock_corrected]');
    await expect.poll(() => line.textContent()).toContain(`报警 → ${at.slice(11)}，原因：电话报警时间早于录入五分钟`);
    // The acknowledgement is now over five minutes after the report: late, in red.
    await expect.poll(() => ack.getAttribute('data-status'), { timeout: 30_000 }).toBe('late');
    // The server agrees: its step time is the corrected one.
    const detail = await commander<{ events: { type: string; data: { reason?: string } }[] }>(
      'GET',
      `/cases/${demoId}`,
    );
    expect(detail.body.events.filter((e) => e.type === 'clock_corrected').map((e) => e.data.reason)).toEqual([
      '电话报警时间早于录入五分钟',
    ]);

    // A correction in the future is refused; so is a reason of blanks and two characters. Nothing is written.
    await page.getByTestId('clock-on_scene').getByTestId('clock-edit').click();
    const bad = page.getByTestId('correct-form-on_scene');
    await bad.getByTestId('correct-at').fill(await localInput(page, 3600));
    await bad.getByTestId('correct-reason').fill('到场时间填错了');
    await bad.getByTestId('correct-submit').click();
    await expect.poll(() => bad.getByTestId('correct-error').textContent()).toBe('更正失败：时间不能晚于现在');
    await bad.getByTestId('correct-at').fill(await localInput(page, -60));
    await bad.getByTestId('correct-reason').fill('  ab');
    await bad.getByTestId('correct-submit').click();
    await expect
      .poll(() => bad.getByTestId('correct-error').textContent(), { timeout: 30_000 })
      .toBe('更正失败：请填写有效的时间和 3–500 字的原因');
    await expect
      .poll(() => timeline.locator('[data-testid=timeline-event][data-type=clock_corrected]').count())
      .toBe(1);
    await bad.getByTestId('correct-reason').fill('到场时间填错了');
    await bad.getByTestId('correct-at').fill(await localInput(page, 3600));
    await bad.getByTestId('correct-submit').click();
    await bad.getByTestId('correct-error').waitFor();
    await bad.locator('button', { hasText: '取消' }).click();

    // The screenshot: the clocks with the corrected report time, and the timeline with the correction.
    await timeline.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'case-timeline.png') });
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it("shows 仅概要 for an officer's brief rows, never undefined", async () => {
    const commander = await e2e.api('commander');
    const other = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '东湖 游客失联',
      subjectCategory: 'hiker',
      subjectCount: 1,
      reporterPhone: '13900001234',
      description: '游客在东湖绿道失联',
    });
    expect(other.status).toBe(201);
    const officer = await e2e.api('officer');
    const list = await officer<{ cases: { title: string; brief?: boolean; reporterPhone?: string }[] }>(
      'GET',
      '/cases?status=open',
    );
    const brief = list.body.cases.find((c) => c.title === '东湖 游客失联');
    expect(brief).toMatchObject({ brief: true });
    expect(brief?.reporterPhone).toBeUndefined();

    const op = await e2e.newPage('officer', '#/map');
    await op.getByTestId('cases-toggle').click({ timeout: 120_000 });
    const row = op.getByTestId('cases-panel').locator('li', { hasText: '东湖 游客失联' });
    await expect.poll(() => row.getByTestId('case-brief').textContent(), { timeout: 30_000 }).toBe('仅概要');
    await expect.poll(() => op.getByTestId('cases-panel').textContent()).not.toContain('undefined');
    // Not his case: the row cannot be opened (the server would refuse it).
    await expect.poll(() => row.locator('button').isDisabled()).toBe(true);
    expect(e2e.errors).toEqual([]);
  }, 240_000);
});
