/**
 * The yearly report in Debian's Chromium against the real server (embedded PGlite, fresh data folder). Cases of
 * the last two whole years are written into that database by SQL before the server starts (the report reads the
 * past; the API only writes the present); a commander opens 年度, picks last year through December and reads the
 * figures as the station quotes them (worked out by hand below), on the desk and on a phone, in Chinese and
 * English. Screenshots: docs/screenshots/reports-yearly-{desk,phone}-{zh,en}.png.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiMonth } from '../src/reports/reports-format.ts';
import { DESKTOP, SHOTS, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { ROOT } from './lookout-process.ts';

/** The year shown (last year, a whole year) and the year before it. */
const YEAR = Number(shanghaiMonth(Date.now()).slice(0, 4)) - 1;
const BEFORE = YEAR - 1;

type Ev = [string, number, Record<string, unknown>?];
const found = (s: number): Ev[] => [
  ['acknowledged', 60],
  ['person_found', s],
  ['closed', s + 60, { outcome: 'found_safe' }],
];
const reunited = (s: number): Ev[] => [
  ['child_found', s],
  ['closed', s + 60],
];

/** Cases of the home station: [kind, year, month, day, events, closed]. */
const CASES: [string, number, number, number, Ev[], boolean][] = [
  ['lost_person', YEAR, 3, 5, found(2400), true],
  ['lost_person', YEAR, 6, 10, found(3600), true],
  ['lost_child', YEAR, 7, 1, reunited(1200), true],
  ['found_child', YEAR, 11, 20, reunited(2400), true],
  ['lost_person', YEAR, 12, 5, [['acknowledged', 100]], false],
  ['lost_child', YEAR, 12, 12, reunited(1800), true],
  ['lost_person', BEFORE, 2, 1, found(4800), true],
  ['lost_child', BEFORE, 4, 1, reunited(3000), true],
  ['found_child', BEFORE, 8, 1, reunited(4200), true],
  ['lost_person', BEFORE, 10, 3, [['acknowledged', 30]], false],
  ['lost_person', BEFORE, 12, 20, [['acknowledged', 300]], false],
];

async function seed(dataDir: string): Promise<void> {
  const db = new PGlite(path.join(dataDir, 'pglite'), { extensions: { postgis } });
  await migrate(drizzle(db), { migrationsFolder: path.join(ROOT, 'db/migrations') });
  for (const [kind, year, month, day, events, closed] of CASES) {
    const pad = (n: number) => String(n).padStart(2, '0');
    const t0 = new Date(`${year}-${pad(month)}-${pad(day)}T10:00:00+08:00`);
    const { rows } = await db.query<{ id: string }>(
      `insert into cases (kind, title, created_at, status, closed_at) values ($1, $2, $3, $4, $5) returning id`,
      [kind, `年报 ${kind}`, t0, closed ? 'closed' : 'open', closed ? t0 : null],
    );
    for (const [type, s, data] of [[kind === 'lost_person' ? 'opened' : 'tadpole_reported', 0] as Ev, ...events]) {
      await db.query(`insert into case_events (case_id, type, at, data) values ($1, $2, $3, $4)`, [
        rows[0]!.id,
        type,
        new Date(t0.getTime() + s * 1000),
        JSON.stringify(data ?? {}),
      ]);
    }
  }
  await db.close();
}

const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

/** Nothing wider than the screen: the comparison table scrolls inside its own box. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('.reports-page')!;
    return el.scrollWidth - el.clientWidth;
  });

/** Pixels of the chart's canvas that are not blank. */
function inkedPixels(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid=${id}] canvas`);
    if (!canvas) return 0;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! + data[i + 1]! + data[i + 2]! < 600) n++;
    return n;
  }, testId);
}

describe('yearly report', () => {
  const e2e = startE2eLookout({
    name: 'reports-yearly',
    roles: ['commander'],
    env: { STATION_NAME: '永康市公安局' },
    beforeStart: seed,
  });

  /** The commander's 年度 view on last year through December, in `lang`. */
  async function yearlyPage(context: BrowserContextOptions, lang: 'zh-CN' | 'en'): Promise<Page> {
    const page = await e2e.newPage('commander', '#/reports', context);
    await page.getByTestId('reports-page').waitFor();
    if (lang === 'en') {
      await page.evaluate(() => localStorage.setItem('lookout.lang', 'en'));
      await page.reload();
    }
    await page.getByTestId('report-tab-yearly').click();
    await page.getByTestId('yearly-year').selectOption(String(YEAR));
    await page.locator(`[data-testid=yearly-body][data-report="永康市公安局 ${YEAR}-12"][aria-busy=false]`).waitFor({
      timeout: 30_000,
    });
    return page;
  }

  async function chartDrawn(page: Page): Promise<void> {
    await page.locator('[data-testid=chart-per-month][data-rendered=true]').waitFor({ timeout: 30_000 });
    await expect.poll(() => inkedPixels(page, 'chart-per-month')).toBeGreaterThan(1000);
  }

  for (const [name, context] of [
    ['desk', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`quotes the year in Chinese on the ${name}`, async () => {
      const page = await yearlyPage(context, 'zh-CN');
      await expect.poll(() => page.getByTestId('report-tab-yearly').getAttribute('class')).toContain('active');
      await expect.poll(() => page.locator('.reports-head h1').textContent()).toBe('年度报表');
      // 6 cases against 5: +20 %.
      await expect.poll(() => text(page, 'yearly-total')).toMatch(/6 起[\s\S]*同比 \+20%（去年同期 5 起）/);
      // Children: 1200 2400 1800 against 3000 4200: mean and median 30 min against 1 h, 50 % shorter.
      await expect.poll(() => text(page, 'yearly-reunion')).toMatch(/儿童平均寻回时间\s*30分00秒\s*同比缩短 50%/);
      await expect.poll(() => text(page, 'yearly-reunion-median')).toBe('中位数 30分00秒 同比缩短 50%');
      // Lost persons: 2400 3600 against 4800: 50 min against 1 h 20 min, 37.5 % shorter.
      await expect.poll(() => text(page, 'yearly-found')).toMatch(/50分00秒\s*同比缩短 38%/);
      // December: 2 against November's 1 and last December's 1.
      await expect.poll(() => text(page, 'yearly-mom')).toBe('环比 +100%（上月 1 起）');
      await expect.poll(() => text(page, 'yearly-month-yoy')).toBe('同比 +100%（去年同月 1 起）');
      // Within 1 h: 3 of 3 against 1 of 2; acknowledged within 2 min: 3 of 3 against 2 of 3.
      await expect.poll(() => page.locator('[data-within=reunion] dd').innerText()).toBe('100% 同比 +50 个百分点');
      await expect.poll(() => page.locator('[data-within=acknowledged] dd').innerText()).toBe('100% 同比 +33 个百分点');
      const row = page.locator('[data-testid=yearly-table] tr[data-row=total]');
      await expect.poll(() => row.locator('[data-cell=ytd]').innerText()).toBe('6');
      await expect.poll(() => row.locator('[data-cell=lastYtd]').innerText()).toBe('5');
      await chartDrawn(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `reports-yearly-${name}-zh.png`) });
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(e2e.errors).toEqual([]);
    }, 240_000);

    it(`reads in English on the ${name}`, async () => {
      const page = await yearlyPage(context, 'en');
      await expect.poll(() => page.locator('.reports-head h1').textContent()).toBe('Yearly report');
      await expect
        .poll(() => text(page, 'yearly-total'))
        .toMatch(/6 cases[\s\S]*\+20% year on year \(the same span last year: 5 cases\)/);
      await expect.poll(() => text(page, 'yearly-reunion')).toMatch(/30 min 00 s\s*50% shorter year on year/);
      await expect.poll(() => text(page, 'yearly-mom')).toBe('+100% month on month (the month before: 1 case)');
      await chartDrawn(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `reports-yearly-${name}-en.png`) });
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(e2e.errors).toEqual([]);
    }, 240_000);
  }
});
