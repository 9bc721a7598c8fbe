/**
 * Lookout's DJI Pilot 2 page (GET /pilot2) in Chromium, with a stand-in for DJI Pilot 2's `window.djiBridge` that
 * records every call as DJI's JSBridge reference documents it (names, argument order and types; answers are JSON
 * strings `{code, message, data}`; component parameters are JSON strings; callbacks are global function names).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, mapReady, SHOTS, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';

const LICENSE = { DJI_APP_ID: '135791', DJI_APP_KEY: 'e2e-app-key-0123456789', DJI_LICENSE: 'e2e-licence-text==' };
const AIRCRAFT_SN = '1581F5FHE2E0001';
/** Near the map's default centre (MAP_CENTER 120.07, 28.95). */
const PIN = [120.0712, 28.9521] as const;

interface BridgeCall {
  name: string;
  args: unknown[];
}

/**
 * The stand-in bridge, as page source (a function compiled by tsx would need its `__name` helper in the page).
 * Connect callbacks are called a little after their component loads, as Pilot 2 does once its connection is up.
 */
const FAKE_BRIDGE = `(() => {
  const calls = [];
  const loaded = {};
  let verified = false;
  const answer = (data, code = 0) => JSON.stringify({ code, message: code === 0 ? 'ok' : 'failed', data });
  const record = (name, args) => calls.push({ name, args: Array.from(args) });
  const connected = { thing: false, ws: false };
  const connectLater = (name, param) => {
    const callback = JSON.parse(param).connectCallback;
    setTimeout(() => {
      connected[name] = true;
      window[callback](true);
    }, 300);
  };
  window.__djiCalls = calls;
  window.djiBridge = {
    platformVerifyLicense(appId, appKey, license) {
      record('platformVerifyLicense', arguments);
      verified = appId === ${JSON.stringify(LICENSE.DJI_APP_ID)} && appKey === ${JSON.stringify(LICENSE.DJI_APP_KEY)}
        && license === ${JSON.stringify(LICENSE.DJI_LICENSE)};
      return answer(verified, verified ? 0 : 1);
    },
    platformIsVerified() { record('platformIsVerified', arguments); return answer(verified); },
    platformSetWorkspaceId(uuid) { record('platformSetWorkspaceId', arguments); return answer(true); },
    platformSetInformation(platformName, workspaceName, desc) { record('platformSetInformation', arguments); return answer(true); },
    platformGetAircraftSN() { record('platformGetAircraftSN', arguments); return answer(${JSON.stringify(AIRCRAFT_SN)}); },
    platformGetRemoteControllerSN() { record('platformGetRemoteControllerSN', arguments); return answer('5YSZK7B0030ABC'); },
    platformLoadComponent(name, param) {
      record('platformLoadComponent', arguments);
      if (typeof param !== 'string') return answer(false, 1);
      loaded[name] = true;
      if (name === 'thing' || name === 'ws') connectLater(name, param);
      return answer(true);
    },
    platformUnloadComponent(name) {
      record('platformUnloadComponent', arguments);
      loaded[name] = false;
      if (name in connected) connected[name] = false;
      return answer(true);
    },
    platformIsComponentLoaded(name) { record('platformIsComponentLoaded', arguments); return answer(Boolean(loaded[name])); },
    thingGetConnectState() { record('thingGetConnectState', arguments); return answer(connected.thing); },
    wsGetConnectState() { record('wsGetConnectState', arguments); return answer(connected.ws); },
  };
})();`;

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __djiCalls: BridgeCall[] }).__djiCalls);
const named = async (page: Page, name: string) => (await calls(page)).filter((c) => c.name === name);
const loadParam = async (page: Page, component: string) => {
  const c = (await named(page, 'platformLoadComponent')).find((x) => x.args[0] === component);
  expect(typeof c?.args[1], `${component} parameters are a JSON string`).toBe('string');
  return JSON.parse(c!.args[1] as string) as Record<string, string>;
};
const partState = (page: Page, part: string) =>
  page.locator(`#states li[data-part=${part}]`).getAttribute('data-state');

describe('the DJI Pilot 2 page', () => {
  const e2e = startE2eLookout({ name: 'pilot2', roles: ['pilot', 'admin'], viewport: 'phone', env: LICENSE });

  async function openPage(): Promise<Page> {
    const ctx = await e2e.newContext({ ...PHONE, viewport: { width: 800, height: 600 }, locale: 'zh-CN' });
    await ctx.addInitScript(FAKE_BRIDGE);
    const page = await ctx.newPage();
    await page.goto(`${e2e.baseUrl}/pilot2`);
    await page.locator('#sign-in', { hasText: '登录' }).waitFor();
    return page;
  }

  async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
    await page.locator('#username').fill(who.username);
    await page.locator('#password').fill(who.password);
    await page.locator('#sign-in').click();
    await page.locator('#states li[data-part=ws] .value', { hasText: '已连接' }).waitFor();
    await page.locator('#states li[data-part=thing] .value', { hasText: '已连接' }).waitFor();
  }

  /** A fresh pilot account made by the admin (so disabling it touches no other test). */
  async function newPilot(): Promise<{ id: string; username: string; password: string }> {
    const admin = await e2e.api('admin');
    const username = `pilot-${randomUUID().slice(0, 8)}`;
    const password = `pw-${randomUUID()}`;
    const r = await admin<{ user: { id: string } }>('POST', '/users', { username, roles: ['pilot'], password });
    expect(r.status).toBe(201);
    return { id: r.body.user.id, username, password };
  }

  /** DJI Pilot 2's own request with the token the page gave its api component. */
  const pilot2Request = (api: Record<string, string>, workspace: string, method: string, p: string, body?: unknown) =>
    fetch(`${api.host}/map/api/v1/workspaces/${workspace}${p}`, {
      method,
      headers: { 'x-auth-token': api.token!, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('signs in, calls DJI’s JSBridge as documented and shows every part connected', async () => {
    const page = await openPage();
    await shot(page, 'pilot2-login.png');
    await signIn(page, e2e.account('pilot'));

    const [verify] = await named(page, 'platformVerifyLicense');
    expect(verify!.args).toEqual([LICENSE.DJI_APP_ID, LICENSE.DJI_APP_KEY, LICENSE.DJI_LICENSE]);
    const order = (await calls(page))
      .map((c) => (c.name === 'platformLoadComponent' ? `load:${String(c.args[0])}` : c.name))
      .filter((n) => n.startsWith('load:') || n.startsWith('platformSet') || n === 'platformVerifyLicense');
    expect(order).toEqual([
      'platformVerifyLicense',
      'load:thing',
      'platformSetWorkspaceId',
      'platformSetInformation',
      'load:api',
      'load:ws',
      'load:map',
    ]);

    const thing = await loadParam(page, 'thing');
    expect(Object.keys(thing).sort()).toEqual(['connectCallback', 'host', 'password', 'username']);
    expect(thing.host).toMatch(/^tcp:\/\/[^/]+:\d+$/);
    expect(thing.username).toMatch(/^dji-pilot-/);
    expect(
      await page.evaluate((n) => typeof (window as unknown as Record<string, unknown>)[n], thing.connectCallback!),
    ).toBe('function');
    const api = await loadParam(page, 'api');
    expect(api.host).toBe(e2e.baseUrl);
    const ws = await loadParam(page, 'ws');
    expect(ws.host).toBe(`${e2e.baseUrl.replace('http', 'ws')}/api/v1/dji/ws`);
    expect(ws.token).toBe(api.token);
    expect(await loadParam(page, 'map')).toMatchObject({ elementPreName: 'Lookout' });
    const [workspace] = await named(page, 'platformSetWorkspaceId');
    expect(workspace!.args[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [info] = await named(page, 'platformSetInformation');
    expect(info!.args.map((a) => typeof a)).toEqual(['string', 'string', 'string']);

    for (const part of ['license', 'thing', 'api', 'ws', 'map'])
      await expect.poll(() => partState(page, part)).toBe('ok');
    await page.locator('#drone', { hasText: 'DJI-pilot' }).waitFor();
    // The token the page gave DJI's api component works for DJI's map-element requests.
    const res = await pilot2Request(api, String(workspace!.args[0]), 'GET', '/element-groups');
    expect(res.status).toBe(200);
    await shot(page, 'pilot2-connected.png');
    expect(e2e.errors).toEqual([]);
  }, 300_000);

  it('unloads every component on sign-out, and the DJI token stops working', async () => {
    const page = await openPage();
    const pilot = await newPilot();
    await signIn(page, pilot);
    const api = await loadParam(page, 'api');
    const [workspace] = await named(page, 'platformSetWorkspaceId');
    await page.locator('#sign-out').click();
    await page.locator('#sign-in', { hasText: '登录' }).waitFor();
    await expect
      .poll(async () => (await named(page, 'platformUnloadComponent')).map((c) => c.args))
      .toEqual([['map'], ['ws'], ['api'], ['thing']]);
    await expect.poll(() => page.locator('#session').isHidden()).toBe(true);
    expect((await pilot2Request(api, String(workspace!.args[0]), 'GET', '/element-groups')).status).toBe(401);
  }, 300_000);

  it('refuses a disabled pilot at /dji/connect and revokes his DJI token', async () => {
    const page = await openPage();
    const pilot = await newPilot();
    await signIn(page, pilot);
    const api = await loadParam(page, 'api');
    const [workspace] = await named(page, 'platformSetWorkspaceId');
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const admin = await e2e.api('admin');
    await admin('POST', `/users/${pilot.id}/disable`);
    const connect = await fetch(`${e2e.baseUrl}/api/v1/dji/connect`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(connect.status).toBe(401);
    expect((await pilot2Request(api, String(workspace!.args[0]), 'GET', '/element-groups')).status).toBe(401);
  }, 300_000);

  it('shows a Pilot 2 pin as a sighting on Lookout’s map', async () => {
    const page = await openPage();
    const pilot = await newPilot();
    await signIn(page, pilot);
    const api = await loadParam(page, 'api');
    const [workspace] = await named(page, 'platformSetWorkspaceId');
    const ws = String(workspace!.args[0]);
    const groups = (await (await pilot2Request(api, ws, 'GET', '/element-groups')).json()) as {
      data: { id: string; type: number }[];
    };
    const shared = groups.data.find((g) => g.type === 2)!;
    const pin = {
      id: randomUUID(),
      name: '发现人员 红衣',
      resource: {
        type: 0,
        user_name: pilot.username,
        content: {
          type: 'Feature',
          properties: { color: '#E23C39', clampToGround: true },
          geometry: { type: 'Point', coordinates: [...PIN, 310.5] },
        },
      },
    };
    expect((await pilot2Request(api, ws, 'POST', `/element-groups/${shared.id}/elements`, pin)).status).toBe(200);

    // The pin is a sighting of the pilot's drone, with its name and colour in the note.
    const reader = await e2e.api('pilot');
    const since = new Date(Date.now() - 600_000).toISOString();
    const sighting = await (async () => {
      const fc = await reader<{ features: { properties: { id: number; note: string | null; kind: string } }[] }>(
        'GET',
        `/sightings?since=${since}`,
      );
      return fc.body.features.find((f) => f.properties.note?.includes('发现人员 红衣'));
    })();
    expect(sighting?.properties).toMatchObject({ kind: 'person' });
    const sightingId = String(sighting!.properties.id);

    const map = await e2e.newPage('pilot', '', DESKTOP);
    await mapReady(map);
    // No wait for "idle": the demo drones move every second, so on a busy machine the map may never be idle.
    await map.evaluate(([lon, lat]) => window.__lookout!.map!.jumpTo({ center: [lon, lat], zoom: 16 }), PIN);
    await expect
      .poll(
        () =>
          map.evaluate(
            (id) =>
              window
                .__lookout!.map!.queryRenderedFeatures({ layers: ['sightings-symbol'] })
                .filter((f) => String(f.properties.id) === id).length,
            sightingId,
          ),
        { timeout: 90_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    // The basemap of the new view is drawn (the "loading" veil is gone) before the click and the screenshot.
    await map.locator('[data-testid=map-loading]').waitFor({ state: 'detached', timeout: 120_000 });
    const point = await map.evaluate(([lon, lat]) => {
      const m = window.__lookout!.map!;
      const p = m.project([lon, lat]);
      const rect = m.getCanvas().getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    }, PIN);
    await map.mouse.click(point.x, point.y);
    const panel = map.locator('[data-testid=sighting-panel]');
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain('DJI Pilot 2');
    await map.locator('[data-testid=map-loading]').waitFor({ state: 'detached', timeout: 120_000 });
    await shot(map, 'dji-pin-sighting.png');
    expect(path.basename(SHOTS)).toBe('screenshots');
  }, 480_000);
});
