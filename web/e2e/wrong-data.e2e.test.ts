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
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, PHONE } from './harness.ts';
import { LookoutProcess, ROOT, startTileServer, type Account, type Api } from './lookout-process.ts';

const SHOTS = path.join(ROOT, 'docs/screenshots');
// A fresh PGlite with PostGIS takes 8–18 s alone; on a shared 2-core machine it can take minutes.
const STARTUP_TIMEOUT_MS = 480_000;
const DESK = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };

let lookout: LookoutProcess;
let dataDir = '';
let browser: Browser | null = null;
let tiles: Awaited<ReturnType<typeof startTileServer>> | null = null;
let commander: Api;
let admin: Api;
let liaisonApi: Api;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} missing`).toBe(true);
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-e2e-wrong-data-'));
  tiles = await startTileServer();
  lookout = await LookoutProcess.start({
    dataDir,
    env: { BASEMAP_URL: tiles.url, BASEMAP_ATTRIBUTION: 'e2e tiles' },
    readyRoles: ['commander', 'liaison', 'admin'],
    timeoutMs: STARTUP_TIMEOUT_MS,
  });
  browser = await launchChromium();
  commander = await lookout.api(lookout.account('commander'));
  admin = await lookout.api(lookout.account('admin'));
  liaisonApi = await lookout.api(lookout.account('liaison'));
}, STARTUP_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await browser?.close();
  await lookout?.stop();
  await tiles?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** A fresh officer account of this test (the demo officer has the demo case) and his unit. */
async function newOfficer(name: string): Promise<{ account: Account; api: Api; unitId: string }> {
  const account = { username: `o-${randomUUID().slice(0, 8)}`, password: 'officer-pass-1234', role: 'officer' };
  const made = await admin('POST', '/users', { ...account, displayName: name });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const api = await lookout.api(account);
  const me = await api<{ unit: { id: string } }>('GET', '/me/assignment');
  return { account, api, unitId: me.body.unit.id };
}

async function openCase(title: string): Promise<string> {
  const r = await commander<{ id: string }>('POST', '/cases', {
    kind: 'lost_person',
    title,
    subjectCategory: 'hiker',
    subjectCount: 1,
    ipp: { lon: 120.07, lat: 28.95, datum: 'wgs84' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body as unknown as { id?: string; case?: { id: string } }).case?.id ?? r.body.id;
}

async function openCasePanel(page: Page, title: string): Promise<void> {
  await lookout.login(page, lookout.account('commander'), '#/map');
  await page.getByTestId('cases-toggle').click({ timeout: 60_000 });
  await page.getByTestId('cases-panel').locator('button', { hasText: title }).click({ timeout: 15_000 });
  await page.getByTestId('case-detail').waitFor({ timeout: 15_000 });
}

const point = (lon: number, lat: number) => ({ kind: 'point', lon, lat, datum: 'wgs84' });

describe('wrong data', () => {
  it('an offline 到达 carries the time of the tap and is marked 离线记录 in the timeline', async () => {
    const title = '离线到达 测试';
    const caseId = await openCase(title);
    const o = await newOfficer('离线民警');
    const a = await commander<{ id: string }>('POST', `/cases/${caseId}/assignments`, {
      unitId: o.unitId,
      target: point(120.071, 28.951),
    });
    expect(a.status).toBe(201);

    const ctx = await browser!.newContext({ ...PHONE, geolocation: { latitude: 28.95, longitude: 120.07 } });
    await ctx.grantPermissions(['geolocation']);
    const phone = await ctx.newPage();
    await lookout.login(phone, o.account, '#/officer');
    const view = phone.getByTestId('officer-page');
    await expect.poll(() => view.getAttribute('data-assignment'), { timeout: 30_000 }).toBe(a.body.id);

    await ctx.setOffline(true);
    const before = Date.now();
    await phone.locator('button[data-status=on_scene]').click();
    await expect
      .poll(() => phone.getByTestId('officer-queue').getAttribute('data-count'), { timeout: 10_000 })
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

    const desk = await (await browser!.newContext(DESK)).newPage();
    await openCasePanel(desk, title);
    const line = desk.locator('[data-testid=timeline-event][data-type=unit_on_scene]');
    await line.getByTestId('offline-recorded').waitFor({ timeout: 15_000 });
    await expect(line.getByTestId('offline-recorded').textContent()).resolves.toBe('离线记录');
    await desk.context().close();
  }, 180_000);

  it('re-dispatching an officer en route moves his target: one assignment, 已在途, 警力 1', async () => {
    const title = '重复派警 测试';
    const caseId = await openCase(title);
    const o = await newOfficer('在途民警');
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

    const desk = await (await browser!.newContext(DESK)).newPage();
    await openCasePanel(desk, title);
    await desk.getByTestId('dispatch-unit').selectOption(o.unitId);
    await desk.getByTestId('dispatch-en-route').waitFor({ timeout: 10_000 });
    await expect(desk.getByTestId('dispatch-en-route').textContent()).resolves.toContain('已在途');
    await desk.getByTestId('dispatch-target').selectOption(`caller_location:${fix.body.properties.id}`);
    await desk.getByTestId('dispatch-submit').click();
    await desk
      .locator('[data-testid=dispatch-outcome]', { hasText: '已在途：目标已更新' })
      .waitFor({ timeout: 10_000 });

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
    await desk.context().close();
  }, 120_000);

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

    const desk = await (await browser!.newContext(DESK)).newPage();
    await lookout.login(desk, lookout.account('commander'), '#/map');
    await desk.getByTestId('cases-toggle').click({ timeout: 60_000 });
    const li = desk.getByTestId('cases-panel').locator('li', { hasText: row.title });
    await li.waitFor({ timeout: 15_000 });
    await expect.poll(() => li.textContent(), { timeout: 10_000 }).not.toContain('未确认');
    await desk.context().close();
  }, 120_000);

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

    const ctx = await browser!.newContext(PHONE);
    const phone = await ctx.newPage();
    await lookout.login(phone, lookout.account('liaison'), `#/tadpole/a/${id}`);
    const tab = phone.getByTestId('deliveries-tab');
    await expect.poll(() => tab.locator('li[data-group]').count(), { timeout: 30_000 }).toBe(3);
    const count = (s: string) => tab.locator(`.tp-count[data-status=${s}] b`).textContent();
    await expect.poll(() => count('to_forward'), { timeout: 15_000 }).toBe('2');
    await expect.poll(() => tab.locator('li[data-state=to_forward]').count()).toBe(2);
    // Every group counted once: the chips add up to the rows.
    const chips = await tab.locator('.tp-count b').allTextContents();
    expect(chips.reduce((s, n) => s + Number(n), 0)).toBe(3);
    await ctx.close();
  }, 120_000);

  it('after the handover the liaison asks the police to retract; the board row shows it', async () => {
    const alert = await foundChild('请民警撤回 测试');
    expect((await commander('POST', `/tadpole/alerts/${alert.id}/verify`, {})).status).toBe(200);
    const gv = await liaisonApi('POST', `/tadpole/alerts/${alert.id}/guardian-verification`, {
      methods: ['id_checked'],
      relation: '母亲',
    });
    expect(gv.status).toBe(200);
    expect((await liaisonApi('POST', `/tadpole/alerts/${alert.id}/handover`, {})).status).toBe(200);

    const ctx = await browser!.newContext(PHONE);
    const phone = await ctx.newPage();
    const errors: string[] = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    await lookout.login(phone, lookout.account('liaison'), `#/tadpole/a/${alert.id}`);
    await phone.locator('[data-tab=reunion]').click({ timeout: 30_000 });
    const tab = phone.getByTestId('reunion-tab');
    await tab.getByTestId('handed-over').waitFor({ timeout: 15_000 });
    await tab.getByTestId('request-retraction').click();
    await tab.locator('[data-testid=retraction-requested]', { hasText: '已请民警撤回' }).waitFor({ timeout: 10_000 });
    await tab.getByTestId('retract-section').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: path.join(SHOTS, 'tadpole-phone-retraction-request-zh.png') });
    expect(errors).toEqual([]);
    await ctx.close();

    const desk = await (await browser!.newContext(DESK)).newPage();
    await lookout.login(desk, lookout.account('commander'), '#/board');
    const row = desk.locator(`[data-testid=board-row][data-case="${alert.caseId}"]`);
    await row.getByTestId('board-retraction-requested').waitFor({ timeout: 30_000 });
    await expect(row.getByTestId('board-retraction-requested').textContent()).resolves.toBe('联络员请民警撤回');
    await desk.context().close();
  }, 120_000);
});
