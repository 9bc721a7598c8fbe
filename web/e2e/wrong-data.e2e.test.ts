/**
 * Data the walk-through found wrong, in Debian's Chromium against the real server (embedded PGlite + aedes, fresh
 * data folder). Each test seeds its own case through the API:
 * - an officer taps 到达 while offline: the step carries the tap time, the timeline says 离线记录;
 * - a commander sends an officer already en route on the case to a new target: one assignment, "已在途";
 * - a verified found-child case is acknowledged in the case list as on the board;
 * - the liaison's delivery counts are the list's rows, one per group;
 * - after the handover the liaison asks the police to retract; the commander's board row shows it.
 * Screenshot: docs/screenshots/tadpole-phone-retraction-request-zh.png (360×640).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { newOfficer, openCase as openCaseAs } from './seed.ts';

const DESK = DESKTOP;
const e2e = startE2eLookout({ name: 'wrong-data', roles: ['commander', 'liaison', 'admin'] });

const openCase = (title: string) => openCaseAs(e2e, title, { ipp: { lon: 120.07, lat: 28.95, datum: 'wgs84' } });

/** The commander's desk with this case open in the case panel. */
async function openCasePanel(title: string): Promise<Page> {
  const page = await e2e.newPage('commander', '#/map', DESK);
  await page.getByTestId('cases-toggle').click({ timeout: 120_000 });
  await page.getByTestId('cases-panel').locator('button', { hasText: title }).click();
  await page.getByTestId('case-detail').waitFor();
  return page;
}

const point = (lon: number, lat: number) => ({ kind: 'point', lon, lat, datum: 'wgs84' });

describe('wrong data', () => {
  const commander = async <T = Record<string, unknown>>(method: string, p: string, body?: unknown) =>
    (await e2e.api('commander'))<T>(method, p, body);
  const liaisonApi = async <T = Record<string, unknown>>(method: string, p: string, body?: unknown) =>
    (await e2e.api('liaison'))<T>(method, p, body);

  it('an offline 到达 carries the time of the tap and is marked 离线记录 in the timeline', async () => {
    const title = '离线到达 测试';
    const caseId = await openCase(title);
    const o = await newOfficer(e2e, '离线民警');
    const a = await commander<{ id: string }>('POST', `/cases/${caseId}/assignments`, {
      unitId: o.unitId,
      target: point(120.071, 28.951),
    });
    expect(a.status).toBe(201);

    const ctx = await e2e.newContext({ ...PHONE, geolocation: { latitude: 28.95, longitude: 120.07 } });
    await ctx.grantPermissions(['geolocation']);
    const phone = await ctx.newPage();
    await e2e.login(phone, o.account, '#/officer');
    const view = phone.getByTestId('officer-page');
    await expect.poll(() => view.getAttribute('data-assignment'), { timeout: 30_000 }).toBe(a.body.id);

    await ctx.setOffline(true);
    const before = Date.now();
    await phone.locator('button[data-status=on_scene]').click();
    await expect
      .poll(() => phone.getByTestId('officer-queue').getAttribute('data-count'), { timeout: 30_000 })
      .not.toBe('0');
    // The tap happened between these two instants (a loaded machine may take seconds over the click).
    const queuedBy = Date.now();
    await phone.waitForTimeout(15_000);
    await ctx.setOffline(false);
    await expect
      .poll(() => phone.getByTestId('officer-queue').getAttribute('data-count'), { timeout: 40_000 })
      .toBe('0');

    const detail = await commander<{
      events: { type: string; at: string; data: { receivedAt?: string } }[];
      case: { times: Record<string, string | null> };
    }>('GET', `/cases/${caseId}`);
    const ev = detail.body.events.find((e) => e.type === 'unit_on_scene')!;
    expect(Date.parse(ev.at)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(ev.at)).toBeLessThanOrEqual(queuedBy + 1_000);
    expect(Date.parse(ev.data.receivedAt!) - Date.parse(ev.at)).toBeGreaterThan(10_000);
    expect(detail.body.case.times.on_scene).toBe(ev.at);
    await ctx.close();

    const desk = await openCasePanel(title);
    const line = desk.locator('[data-testid=timeline-event][data-type=unit_on_scene]');
    await line.locator('[data-testid=offline-recorded]', { hasText: '离线记录' }).waitFor();
    await expect.poll(() => line.getByTestId('offline-recorded').textContent()).toBe('离线记录');
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('re-dispatching an officer en route moves his target: one assignment, 已在途, 警力 1', async () => {
    const title = '重复派警 测试';
    const caseId = await openCase(title);
    const o = await newOfficer(e2e, '在途民警');
    const a = await commander<{ id: string }>('POST', `/cases/${caseId}/assignments`, {
      unitId: o.unitId,
      target: point(120.071, 28.951),
    });
    expect(a.status).toBe(201);
    expect(
      (await o.api('POST', `/assignments/${a.body.id}/status`, { status: 'en_route', idempotencyKey: randomUUID() }))
        .status,
    ).toBe(200);
    const fix = await commander<{ properties: { id: number } }>('POST', `/cases/${caseId}/caller-locations`, {
      lon: 120.075,
      lat: 28.955,
      datum: 'wgs84',
      accuracyM: 30,
    });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);

    const desk = await openCasePanel(title);
    await desk.getByTestId('dispatch-unit').selectOption(o.unitId);
    await desk.locator('[data-testid=dispatch-en-route]', { hasText: '已在途' }).waitFor();
    await desk.getByTestId('dispatch-target').selectOption(`caller_location:${fix.body.properties.id}`);
    await desk.getByTestId('dispatch-submit').click();
    await desk.locator('[data-testid=dispatch-outcome]', { hasText: '已在途：目标已更新' }).waitFor();

    const detail = await commander<{ assignments: { id: string; status: string; target: { kind: string } }[] }>(
      'GET',
      `/cases/${caseId}`,
    );
    expect(detail.body.assignments).toEqual([
      expect.objectContaining({
        id: a.body.id,
        status: 'en_route',
        target: expect.objectContaining({ kind: 'caller_location' }),
      }),
    ]);
    const board = await commander<{ cases: { id: string; counts: { units: number } }[] }>('GET', '/board');
    expect(board.body.cases.find((c) => c.id === caseId)?.counts.units).toBe(1);
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  async function foundChild(placeText: string): Promise<{ id: string; caseId: string }> {
    const created = await liaisonApi<{ alert: { id: string; caseId: string } }>('POST', '/tadpole/alerts', {
      kind: 'found_child',
      ageBand: 'child_1_3',
      sex: 'male',
      heightCm: 95,
      clothing: '蓝色上衣',
      placeText,
      point: { lon: 120.0731, lat: 28.9012, datum: 'wgs84' },
      seenAt: new Date().toISOString(),
      contactPhone: '0579-87654321',
      caseFile: { data: { childName: '小明' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.alert;
  }

  it('a verified found-child case is acknowledged in the case list, as on the board', async () => {
    const alert = await foundChild('确认规则 测试');
    expect((await commander('POST', `/tadpole/alerts/${alert.id}/verify`, {})).status).toBe(200);
    const list = await commander<{ cases: { id: string; title: string; acknowledgedAt: string | null }[] }>(
      'GET',
      '/cases?status=open',
    );
    const row = list.body.cases.find((c) => c.id === alert.caseId)!;
    const board = await commander<{ cases: { id: string; clocks: { step: string; reachedAt: string | null }[] }[] }>(
      'GET',
      '/board',
    );
    const ack = board.body.cases.find((c) => c.id === alert.caseId)!.clocks.find((c) => c.step === 'acknowledged')!;
    expect(ack.reachedAt).not.toBeNull();
    expect(row.acknowledgedAt).toBe(ack.reachedAt);

    const desk = await e2e.newPage('commander', '#/map', DESK);
    await desk.getByTestId('cases-toggle').click({ timeout: 120_000 });
    const li = desk.getByTestId('cases-panel').locator('li', { hasText: row.title });
    await li.waitFor();
    await expect.poll(() => li.textContent(), { timeout: 30_000 }).not.toContain('未确认');
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it("the liaison's delivery counts are the list's rows, one per group", async () => {
    const at = { lon: 121.5, lat: 29.5 };
    for (const [name, channel] of [
      ['计数 业主群', 'forward_kit'],
      ['计数 居民群', 'forward_kit'],
      ['计数 联络员短信', 'sms'],
    ] as const) {
      const g = await commander('POST', '/tadpole/groups', {
        name,
        channel,
        memberCount: 100,
        area: { circle: { ...at, radiusM: 300, datum: 'wgs84' } },
        ...(channel === 'sms' ? { credentials: { phones: ['13800000009'] } } : {}),
      });
      expect(g.status, JSON.stringify(g.body)).toBe(201);
    }
    const created = await liaisonApi<{ alert: { id: string } }>('POST', '/tadpole/alerts', {
      kind: 'found_child',
      ageBand: 'child_1_3',
      sex: 'female',
      heightCm: 90,
      clothing: '红色外套',
      placeText: '计数 测试',
      point: { ...at, datum: 'wgs84' },
      seenAt: new Date().toISOString(),
      contactPhone: '0579-87654321',
      caseFile: { data: {} },
    });
    expect(created.status).toBe(201);
    const id = created.body.alert.id;
    expect((await commander('POST', `/tadpole/alerts/${id}/verify`, {})).status).toBe(200);

    const phone = await e2e.newPage('liaison', `#/tadpole/a/${id}`, PHONE);
    const tab = phone.getByTestId('deliveries-tab');
    await expect.poll(() => tab.locator('li[data-group]').count(), { timeout: 30_000 }).toBe(3);
    const count = (s: string) => tab.locator(`.tp-count[data-status=${s}] b`).textContent();
    await expect.poll(() => count('to_forward'), { timeout: 30_000 }).toBe('2');
    await expect.poll(() => tab.locator('li[data-state=to_forward]').count()).toBe(2);
    // Every group counted once: the chips add up to the rows.
    await expect
      .poll(async () => (await tab.locator('.tp-count b').allTextContents()).reduce((s, n) => s + Number(n), 0))
      .toBe(3);
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('after the handover the liaison asks the police to retract; the board row shows it', async () => {
    const alert = await foundChild('请民警撤回 测试');
    expect((await commander('POST', `/tadpole/alerts/${alert.id}/verify`, {})).status).toBe(200);
    const gv = await liaisonApi('POST', `/tadpole/alerts/${alert.id}/guardian-verification`, {
      methods: ['id_checked'],
      relation: '母亲',
    });
    expect(gv.status).toBe(200);
    expect((await liaisonApi('POST', `/tadpole/alerts/${alert.id}/handover`, {})).status).toBe(200);

    const phone = await e2e.newPage('liaison', `#/tadpole/a/${alert.id}`, PHONE);
    await phone.locator('[data-tab=reunion]').click();
    const tab = phone.getByTestId('reunion-tab');
    await tab.getByTestId('handed-over').waitFor();
    await tab.getByTestId('request-retraction').click();
    await tab.locator('[data-testid=retraction-requested]', { hasText: '已请民警撤回' }).waitFor();
    await tab.getByTestId('retract-section').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(phone, 'tadpole-phone-retraction-request-zh.png');
    expect(e2e.errors).toEqual([]);
    await phone.context().close();

    const desk = await e2e.newPage('commander', '#/board', DESK);
    const row = desk.locator(`[data-testid=board-row][data-case="${alert.caseId}"]`);
    await row.locator('[data-testid=board-retraction-requested]', { hasText: '联络员请民警撤回' }).waitFor();
    await expect.poll(() => row.getByTestId('board-retraction-requested').textContent()).toBe('联络员请民警撤回');
    expect(e2e.errors).toEqual([]);
  }, 240_000);
});
