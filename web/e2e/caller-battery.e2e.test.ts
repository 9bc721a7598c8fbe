/**
 * The caller's battery, in Debian's Chromium against the real server (embedded PGlite + aedes, fresh data folder):
 * a caller's page reports a draining battery and then goes silent; the commander's board warns of it (row and
 * banner), and the case panel shows each fix's battery and age with "电量约可维持 N 分钟". On a 360×640 phone and a
 * 1280×800 desk, in Chinese and in English.
 * Screenshots: docs/screenshots/caller-battery-{board,panel}-{phone,desktop}-{zh,en}.png.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, mapReady, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';

const IPP = { lon: 120.068, lat: 28.948 };
/** The caller's page, every two minutes from 18 to 6 minutes ago: 1 % down each time, 18 % at the end. */
const READINGS = [24, 23, 22, 21, 20, 19, 18].map((battery, i) => ({ minutesAgo: 18 - i * 2, battery }));

const VIEWS = [
  { name: 'phone', options: PHONE as BrowserContextOptions },
  { name: 'desktop', options: DESKTOP as BrowserContextOptions },
] as const;
const LANGS = [
  {
    lang: 'zh',
    outlook: '电量约可维持 35 分钟',
    level: '电量 18%',
    silent: /报警人页面已 \d+ 分钟无回传，最后电量 18%/,
    banner: '报警人可能已关机',
  },
  {
    lang: 'en',
    outlook: 'battery lasts about 35 min',
    level: 'battery 18%',
    silent: /Caller's page silent for \d+ min, last battery 18%/,
    banner: 'Caller may have lost power',
  },
] as const;

describe("caller's battery", () => {
  const e2e = startE2eLookout({ name: 'caller-battery', roles: ['commander'], env: { ESCALATION_EVERY_S: '2' } });

  /** A page in the given view and language, signed in as the commander on `hash`. */
  async function commanderPage(options: BrowserContextOptions, lang: 'zh' | 'en', hash: string): Promise<Page> {
    const ctx = await e2e.newContext(options);
    if (lang === 'en') await presetLanguage(ctx, 'en');
    const page = await ctx.newPage();
    await e2e.login(page, 'commander', hash);
    return page;
  }

  /** A case whose caller's page sent READINGS through its location link. */
  async function silentCaller(title: string): Promise<string> {
    const commander = await e2e.api('commander');
    const opened = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title,
      subjectCategory: 'hiker',
      subjectCount: 1,
      ipp: { ...IPP, datum: 'wgs84' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseId = opened.body.case.id;
    // Acknowledged at once, so no clock breach of this case takes the board's banner during the other tests.
    expect((await commander('POST', `/cases/${caseId}/acknowledge`)).status).toBe(200);
    const link = await commander<{ url: string }>('POST', `/cases/${caseId}/location-links`, { phone: '13800000000' });
    expect(link.status).toBe(201);
    const token = new URL(link.body.url).pathname.split('/').pop()!;
    // One "now" for all: posts on a busy machine take seconds, which would bend the fit.
    const now = Date.now();
    // Newest first: the latest fix is the silent one from the start, so the server sees one silence, not one per
    // fix as they arrive; the estimate sorts the fixes by time.
    for (const [i, r] of [...READINGS.entries()].reverse()) {
      const res = await fetch(`${e2e.baseUrl}/api/v1/public/locate/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          lat: IPP.lat + 0.002 + i * 0.0004,
          lon: IPP.lon + 0.001 * i,
          accuracy: 25,
          t: now - r.minutesAgo * 60_000,
          // The Battery API's fraction, as the caller page sends it.
          battery: r.battery / 100,
          idempotencyKey: randomUUID(),
        }),
      });
      expect(res.status).toBe(201);
    }
    return caseId;
  }

  for (const view of VIEWS) {
    for (const text of LANGS) {
      it(`${view.name} ${text.lang}: the board warns once, the panel shows the battery`, async () => {
        const title = `${text.lang === 'zh' ? '白云山 手机快没电的驴友' : 'Baiyun hill, caller low battery'} ${view.name}`;
        // The board is open before the caller goes silent: the warning arrives live and rings the banner.
        const board = await commanderPage(view.options, text.lang, '#/board');
        await board.getByTestId('board-page').waitFor();
        await board.getByTestId('board-row').first().waitFor({ timeout: 120_000 });
        const caseId = await silentCaller(title);
        const row = board.locator(`[data-testid=board-row][data-case="${caseId}"]`);
        await row.getByTestId('board-caller-silent').waitFor({ timeout: 30_000 });
        await expect.poll(() => row.getByTestId('board-caller-silent').textContent()).toMatch(text.silent);
        const banner = board.getByTestId('board-banner');
        await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain(text.banner);
        await expect.poll(() => banner.textContent()).toContain(title);
        await row.scrollIntoViewIfNeeded();
        await shot(board, `caller-battery-board-${view.name}-${text.lang}.png`);
        // The escalation tick writes the silence into the case's log once.
        const commander = await e2e.api('commander');
        const events = async () => {
          const d = await commander<{ events: { type: string }[] }>('GET', `/cases/${caseId}`);
          return d.body.events.filter((e) => e.type === 'caller_silent_low_battery').length;
        };
        await expect.poll(events, { timeout: 30_000 }).toBe(1);
        await board.context().close();

        // The case panel: the battery's trend and time left, each fix with its battery and age.
        const page = await commanderPage(view.options, text.lang, '');
        await mapReady(page);
        if ((await page.getByTestId('cases-panel').count()) === 0) await page.getByTestId('cases-toggle').click();
        await page.locator('[data-testid=cases-panel] button', { hasText: title }).click();
        const detail = page.locator('[data-testid=case-detail]');
        await detail.waitFor({ timeout: 30_000 });
        const battery = detail.getByTestId('caller-battery');
        await expect.poll(() => battery.getAttribute('data-trend'), { timeout: 30_000 }).toBe('draining');
        await expect.poll(() => detail.getByTestId('caller-battery-outlook').textContent()).toBe(text.outlook);
        const fixes = detail.getByTestId('caller-fix');
        await expect.poll(() => fixes.count()).toBe(READINGS.length);
        await expect.poll(() => fixes.first().textContent()).toContain(text.level);
        await expect.poll(() => fixes.first().textContent()).toMatch(/\d+ (分钟前|min ago)/);
        // On the map each fix carries its battery.
        await expect
          .poll(
            () =>
              page.evaluate(() =>
                window
                  .__lookout!.map!.querySourceFeatures('case-caller')
                  .map((f) => f.properties.battery as number)
                  .sort((a, b) => a - b),
              ),
            { timeout: 30_000 },
          )
          .toEqual(expect.arrayContaining([18, 24]));
        await battery.scrollIntoViewIfNeeded();
        await shot(page, `caller-battery-panel-${view.name}-${text.lang}.png`);
        expect(e2e.errors).toEqual([]);
      }, 300_000);
    }
  }
});
