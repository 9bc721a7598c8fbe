/**
 * The security headers in Debian's Chromium: with Lookout's Content-Security-Policy on, the map (MapLibre's
 * workers, an XYZ tile server on another port), the caller location page and the public card with its tip form
 * and photo upload (the JSON POST and the image PUT through the same-origin guard) all work, and the browser reports no CSP violation; a page of another origin cannot frame the
 * app. Screenshot: docs/screenshots/map-csp-zh.png.
 */
import { createServer, type Server } from 'node:http';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { shot, startE2eLookout } from './e2e-lookout.ts';
import { freePort, PHONE } from './harness.ts';
import { jpeg } from './seed.ts';

const FOUND = { latitude: 28.9012, longitude: 120.0412, accuracy: 20 };

const e2e = startE2eLookout({ name: 'csp', roles: ['commander', 'liaison'] });
let framer: Server | null = null;

/**
 * What the browser says about the policy on one page: `securitypolicyviolation` events (collected from the first
 * script on), console lines naming the Content Security Policy, and the same from Chromium's own log (CDP).
 */
async function watchCsp(ctx: BrowserContext, page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Log.enable');
  cdp.on('Log.entryAdded', (e: { entry: { source: string; text: string } }) => {
    if (e.entry.source === 'security' || /Content Security Policy/i.test(e.entry.text))
      seen.push(`log: ${e.entry.text}`);
  });
  return async () => [
    ...seen,
    ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])) as string[]),
  ];
}

async function newContext(options: BrowserContextOptions): Promise<BrowserContext> {
  const ctx = await e2e.newContext(options);
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`event: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return ctx;
}

const directive = (csp: string | undefined, name: string) =>
  (csp ?? '')
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `) || d === name);

describe('the Content-Security-Policy in a real browser', () => {
  afterAll(async () => {
    await new Promise<void>((r) => (framer ? framer.close(() => r()) : r()));
  });

  it('the map draws its tiles and drones under the policy, with no violation', async () => {
    const ctx = await newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    const violations = await watchCsp(ctx, page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(e2e.baseUrl);
    const csp = res!.headers()['content-security-policy'];
    const tileOrigin = new URL(e2e.tileUrl.replace(/\{\w\}/g, '0')).origin;
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'worker-src')).toBe("worker-src 'self' blob:");
    expect(directive(csp, 'img-src')).toContain(tileOrigin);
    expect(res!.headers()['x-frame-options']).toBe('DENY');
    expect(res!.headers()['x-content-type-options']).toBe('nosniff');

    const tilesBefore = e2e.tileRequests.length;
    await page.locator('input[name=username]').fill(e2e.account('commander').username);
    await page.locator('input[name=password]').fill(e2e.account('commander').password);
    await page.locator('button[type=submit]').click();
    // The basemap (tiles from the server on another port, decoded in MapLibre's workers) loaded, the live socket
    // connected and the drones drawn. Not the map's `idle`: with the simulated drones redrawing it every second and
    // SwiftShader on a busy machine it can take minutes, and it says nothing more about the policy.
    await page.waitForFunction(
      () => {
        const map = window.__lookout?.map;
        // isSourceLoaded reports an error on the map when the style has no such source yet.
        return Boolean(map?.getSource('basemap') && map.isSourceLoaded('basemap'));
      },
      null,
      { timeout: 120_000 },
    );
    await expect.poll(() => e2e.tileRequests.length, { timeout: 30_000 }).toBeGreaterThan(tilesBefore);
    await expect
      .poll(() => page.locator('.topbar [data-conn]').getAttribute('data-conn'), { timeout: 30_000 })
      .toBe('connected');
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            // Querying a layer the style does not have yet records an error on the map, which this test reads.
            const map = window.__lookout!.map!;
            return map.getLayer('drones-symbol') ? map.queryRenderedFeatures({ layers: ['drones-symbol'] }).length : 0;
          }),
        { timeout: 60_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    await shot(page, 'map-csp-zh.png');
    expect(await violations()).toEqual([]);
    expect(await page.evaluate(() => window.__lookout!.errors)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 240_000);

  it('the caller page runs its inline script (allowed by hash) and sends the fix', async () => {
    const c = await (
      await e2e.api('commander')
    )<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: 'CSP 测试',
      subjectCount: 1,
      subjectCategory: 'hiker',
      terrain: 'temperate_mountain',
      ipp: { lon: 120.068, lat: 28.948, datum: 'wgs84' },
    });
    expect(c.status).toBe(201);
    const link = await (
      await e2e.api('commander')
    )<{ url: string }>('POST', `/cases/${c.body.case.id}/location-links`, {
      phone: '13800000000',
    });
    expect(link.status).toBe(201);
    const ctx = await newContext({
      ...PHONE,
      geolocation: { latitude: 28.9512, longitude: 120.0731, accuracy: 80 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    const violations = await watchCsp(ctx, page);
    const res = await page.goto(link.body.url);
    expect(directive(res!.headers()['content-security-policy'], 'script-src')).toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
    await page.locator('#status[data-state=sent]').waitFor({ timeout: 60_000 });
    expect(await violations()).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('the public card runs its inline script and takes a tip and its photo, with no violation', async () => {
    const a = await (
      await e2e.api('liaison')
    )<{ alert: { id: string }; publicUrl: string }>('POST', '/tadpole/alerts', {
      kind: 'found_child',
      ageBand: 'child_1_3',
      sex: 'male',
      heightCm: 95,
      clothing: '蓝色上衣，黑色裤子',
      placeText: '花都路',
      point: { lon: FOUND.longitude, lat: FOUND.latitude, datum: 'wgs84' },
      seenAt: new Date().toISOString(),
      contactPhone: '0579-87654321',
      maxRadiusM: 3000,
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect((await (await e2e.api('commander'))('POST', `/tadpole/alerts/${a.body.alert.id}/verify`)).status).toBe(200);

    const ctx = await newContext({ ...PHONE, geolocation: FOUND, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    const violations = await watchCsp(ctx, page);
    const res = await page.goto(a.body.publicUrl);
    expect(directive(res!.headers()['content-security-policy'], 'script-src')).toMatch(/'sha256-/);
    await page.locator('main[data-view=card]').waitFor({ timeout: 30_000 });
    await page.locator('#pin-map').waitFor();
    await page.locator('textarea[name=text]').fill('在花都路公交站看到这个小男孩');
    const photo = await jpeg(320, 240, '#5080d0');
    await page.locator('input[name=photo]').setInputFiles({ name: 'tip.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('#send-tip').click();
    await page.locator('#tip-status[data-state=sent]').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __card: { photo: string } }).__card.photo), {
        timeout: 30_000,
      })
      .toBe('sent');
    expect(await violations()).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('a page of another origin cannot frame the app', async () => {
    const port = await freePort();
    framer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><iframe id="f" src="${e2e.baseUrl}/" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((r) => framer!.listen(port, '127.0.0.1', () => r()));
    const ctx = await newContext({ viewport: { width: 1024, height: 768 } });
    const page = await ctx.newPage();
    const violations = await watchCsp(ctx, page);
    const framed = page.waitForResponse((r) => r.url() === `${e2e.baseUrl}/`, { timeout: 30_000 });
    await page.goto(`http://127.0.0.1:${port}/`);
    expect((await framed).status()).toBe(200);
    // Chromium replaces a frame its policy refuses with an error page: the login form never renders in it.
    await expect
      .poll(() => page.frames().map((f) => f.url()), { timeout: 30_000 })
      .toContain('chrome-error://chromewebdata/');
    const inner = page.frames().find((f) => f !== page.mainFrame())!;
    expect(await inner.locator('input[name=username]').count()).toBe(0);
    expect((await violations()).join('\n')).toMatch(/frame-ancestors/);
    await ctx.close();
  }, 180_000);
});
