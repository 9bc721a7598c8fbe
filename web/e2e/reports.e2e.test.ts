/**
 * Monthly reports per station, in Debian's Chromium against the real server (embedded PGlite, fresh
 * data folder). Cases and their events of last month are written into that database by SQL before the server
 * starts (the report reads the past; the API only writes the present); a commander opens 月报, picks the month,
 * reads the interval table (figures worked out by hand below), sees both charts drawn, switches station and
 * downloads the CSV. Screenshot: docs/screenshots/reports.png (1280×800).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiMonth, shiftMonth } from '../src/reports/reports-format.ts';
import { DESKTOP, SHOTS, startE2eLookout } from './e2e-lookout.ts';
import { ROOT } from './lookout-process.ts';

const OTHER = '城东派出所';
const MONTH = shiftMonth(shanghaiMonth(Date.now()), -1);
/** An instant of last month given as local (UTC+8) day and time. */
const local = (day: number, hh: number, afterS = 0) =>
  new Date(
    Date.parse(`${MONTH}-${String(day).padStart(2, '0')}T${String(hh).padStart(2, '0')}:00:00+08:00`) + afterS * 1000,
  );

type Ev = [string, number, Record<string, unknown>?];

async function seed(dataDir: string): Promise<void> {
  const db = new PGlite(path.join(dataDir, 'pglite'), { extensions: { postgis } });
  await migrate(drizzle(db), { migrationsFolder: path.join(ROOT, 'db/migrations') });
  const caseAt = async (
    kind: string,
    t0: Date,
    events: Ev[],
    o: { station?: string; closed?: boolean; title: string },
  ): Promise<string> => {
    const { rows } = await db.query<{ id: string }>(
      `insert into cases (kind, title, created_at, station, status, closed_at) values ($1, $2, $3, $4, $5, $6) returning id`,
      [kind, o.title, t0, o.station ?? null, o.closed ? 'closed' : 'open', o.closed ? t0 : null],
    );
    const id = rows[0]!.id;
    for (const [type, s, data] of [[kind === 'lost_person' ? 'opened' : 'tadpole_reported', 0] as Ev, ...events]) {
      await db.query(`insert into case_events (case_id, type, at, data) values ($1, $2, $3, $4)`, [
        id,
        type,
        new Date(t0.getTime() + s * 1000),
        JSON.stringify(data ?? {}),
      ]);
    }
    return id;
  };
  // Home station (no station = STATION_NAME).
  await caseAt(
    'lost_person',
    local(3, 10),
    [
      ['acknowledged', 60],
      ['unit_on_scene', 600],
      ['person_found', 2400],
      ['closed', 3000, { outcome: 'found_safe' }],
    ],
    { closed: true, title: '驴友走失' },
  );
  await caseAt(
    'lost_person',
    local(3, 14),
    [
      ['acknowledged', 180],
      ['unit_on_scene', 1200],
    ],
    { title: '老人走失' },
  );
  await caseAt(
    'lost_person',
    local(10, 9),
    [
      ['acknowledged', 90],
      ['unit_on_scene', 700],
      ['closed', 5000, { outcome: 'not_found' }],
    ],
    { closed: true, title: '钓鱼人失联' },
  );
  const t0 = local(15, 16);
  const child = await caseAt(
    'lost_child',
    t0,
    [
      ['alert_verified', 120],
      ['first_broadcast', 200],
      ['child_found', 1500],
      ['handed_over', 1800],
      ['closed', 1800],
    ],
    { closed: true, title: '商场走失儿童' },
  );
  const { rows: alert } = await db.query<{ id: string }>(
    `insert into alerts (case_id, kind, status, age_band, point, seen_at, contact_phone, public_token_hash, expires_at,
                         created_at, blurred_at)
     values ($1, 'lost_child', 'handed_over', 'child_4_6', ST_SetSRID(ST_MakePoint(10, -40), 4326), $2, '13800000000',
             'e2e-report-token', $2::timestamptz + interval '1 day', $2, $2) returning id`,
    [child, t0],
  );
  const { rows: group } = await db.query<{ id: string }>(
    `insert into community_groups (name, channel, member_count, area, disabled)
     values ('报表测试群', 'forward_kit', 80, ST_Buffer(ST_SetSRID(ST_MakePoint(10, -40), 4326), 0.001), true) returning id`,
  );
  const { rows: cap } = await db.query<{ id: number }>(
    `insert into cap_messages (alert_id, msg_type, identifier, headline, description, area, radius_m, expires)
     values ($1, 'Alert', 'e2e-report-cap', 'h', 'd', ST_Buffer(ST_SetSRID(ST_MakePoint(10, -40), 4326), 0.001), 100,
             $2::timestamptz + interval '1 day') returning id`,
    [alert[0]!.id, t0],
  );
  await db.query(
    `insert into deliveries (cap_message_id, alert_id, group_id, priority, status, sent_at) values ($1, $2, $3, 0, 'sent', $4)`,
    [cap[0]!.id, alert[0]!.id, group[0]!.id, new Date(t0.getTime() + 200_000)],
  );
  await db.query(
    `insert into tips (alert_id, seen_at, text, useful, received_at) values ($1, $2, '在门口', true, $2)`,
    [alert[0]!.id, new Date(t0.getTime() + 600_000)],
  );
  // Another station, same month.
  await caseAt('lost_person', local(20, 8), [['acknowledged', 30]], { station: OTHER, title: '城东 走失' });
  await db.close();
}

/** The cells of an interval row: n, median, p90, within. */
async function row(page: Page, key: string) {
  const r = page.locator(`[data-testid=report-intervals] tr[data-interval=${key}]`);
  const cell = (c: string) => r.locator(`[data-cell=${c}]`).textContent();
  return { n: await cell('n'), median: await cell('median'), p90: await cell('p90'), within: await cell('within') };
}

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

describe('monthly reports', () => {
  const e2e = startE2eLookout({
    name: 'reports',
    roles: ['commander', 'admin'],
    env: { STATION_NAME: '永康市公安局' },
    beforeStart: seed,
  });
  /** The commander's 月报 page on last month. */
  const reportsPage = async (): Promise<Page> => {
    const page = await e2e.newPage('commander', '#/reports', { ...DESKTOP, acceptDownloads: true });
    await page.getByTestId('reports-page').waitFor();
    await page.getByTestId('report-month').selectOption(MONTH);
    return page;
  };

  it('shows last month’s figures of the home station, with both charts drawn', async () => {
    const page = await reportsPage();
    await expect.poll(() => page.getByTestId('nav-reports').getAttribute('class')).toContain('active');
    await expect.poll(() => page.getByTestId('report-total').textContent(), { timeout: 30_000 }).toContain('4');
    await expect.poll(() => page.getByTestId('report-station').inputValue()).toBe('永康市公安局');
    await expect.poll(() => page.getByTestId('report-kind-lost_person').textContent()).toContain('3');
    await expect.poll(() => page.getByTestId('report-kind-lost_child').textContent()).toContain('1');
    await expect.poll(() => page.getByTestId('report-tp-membersReached').textContent()).toContain('80');
    await expect.poll(() => page.getByTestId('report-tp-usefulTips').textContent()).toContain('1');
    // acknowledged: 60 180 90 120 → 60 90 120 180: median 105 s, p90 at 2.7 = 120 + 0.7·60 = 162 s; ≤ 120 s: 3 of 4.
    await expect
      .poll(() => row(page, 'acknowledged'))
      .toEqual({ n: '4', median: '1分45秒', p90: '2分42秒', within: '75% (3/4)' });
    // on scene: 600 1200 700 → median 700 s, p90 at 1.8 = 700 + 0.8·500 = 1100 s; ≤ 900 s: 2 of 3.
    await expect
      .poll(() => row(page, 'on_scene'))
      .toEqual({ n: '3', median: '11分40秒', p90: '18分20秒', within: '67% (2/3)' });
    // first broadcast 200 s (≤ 300 s), first useful tip 400 s after it, reunion 1500 s.
    await expect
      .poll(() => row(page, 'first_broadcast'))
      .toEqual({
        n: '1',
        median: '3分20秒',
        p90: '3分20秒',
        within: '100% (1/1)',
      });
    await expect.poll(() => row(page, 'first_useful_tip')).toMatchObject({ n: '1', median: '6分40秒' });
    await expect.poll(() => row(page, 'reunion')).toMatchObject({ n: '1', median: '25分00秒', within: '100% (1/1)' });

    for (const id of ['chart-intervals', 'chart-per-day']) {
      await page.locator(`[data-testid=${id}][data-rendered=true]`).waitFor({ timeout: 30_000 });
      expect(await inkedPixels(page, id), id).toBeGreaterThan(2000);
    }
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(SHOTS, 'reports.png') });

    // A tablet held upright: one column, nothing wider than the screen, the charts redrawn at the new width.
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.locator('[data-testid=chart-per-day][data-rendered=true]').waitFor({ timeout: 30_000 });
    const overflow = await page.evaluate(() => {
      const el = document.querySelector('.reports-page')!;
      return el.scrollWidth - el.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    const chartWidth = await page.getByTestId('chart-intervals').evaluate((e) => e.getBoundingClientRect().width);
    expect(chartWidth).toBeGreaterThan(600);
    await page.screenshot({ path: path.join(SHOTS, 'reports-tablet.png') });
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('switches station and downloads the CSV', async () => {
    const page = await reportsPage();
    await expect.poll(() => page.getByTestId('report-total').textContent()).toContain('4');
    await page.getByTestId('report-station').selectOption(OTHER);
    await expect.poll(() => page.getByTestId('report-total').textContent(), { timeout: 30_000 }).toContain('1');
    await expect
      .poll(() => row(page, 'acknowledged'))
      .toEqual({ n: '1', median: '30秒', p90: '30秒', within: '100% (1/1)' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'station,month,section,item,kinds,n,median_s,p90_s,target_s,within_target,within_target_pct,value',
    );
    expect(lines).toContain(`${OTHER},${MONTH},cases,total,,,,,,,,1`);
    expect(lines).toContain(
      `${OTHER},${MONTH},interval,acknowledged (reported → acknowledged),lost_person lost_child found_child,1,30,30,120,1,100,`,
    );
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('an admin sets the commander’s station; the cases he opens count there', async () => {
    const admin = await e2e.newPage('admin', '#/admin');
    await admin.locator('.adm-tabs [data-tab=users]').click();
    const row = admin.locator('tr[data-user=commander]');
    await row.waitFor();
    await expect.poll(() => row.getByTestId('user-station').textContent()).toContain('本所');
    await row.locator('[data-action=station]').click();
    await row.locator('input[name=station]').fill('城西派出所');
    await row.locator('button[type=submit]').click();
    await expect.poll(() => row.getByTestId('user-station').textContent(), { timeout: 30_000 }).toContain('城西派出所');

    const commander = await e2e.api('commander');
    const opened = await commander('POST', '/cases', {
      kind: 'lost_person',
      title: '城西 老人走失',
      subjectCategory: 'dementia',
      subjectCount: 1,
    });
    expect(opened.status).toBe(201);
    const report = await commander<{ station: string; cases: { total: number } }>(
      'GET',
      `/reports/monthly?station=${encodeURIComponent('城西派出所')}`,
    );
    expect(report.body).toMatchObject({ station: '城西派出所', cases: { total: 1 } });
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('reads in English', async () => {
    const page = await reportsPage();
    await page.evaluate(() => localStorage.setItem('lookout.lang', 'en'));
    await page.reload();
    await page.getByTestId('reports-page').waitFor();
    await expect.poll(() => page.locator('.reports-head h1').textContent()).toBe('Monthly report');
    await page.getByTestId('report-month').selectOption(MONTH);
    await expect
      .poll(() => row(page, 'acknowledged'), { timeout: 30_000 })
      .toEqual({
        n: '4',
        median: '1 min 45 s',
        p90: '2 min 42 s',
        within: '75% (3/4)',
      });
    expect(e2e.errors).toEqual([]);
  }, 180_000);
});
