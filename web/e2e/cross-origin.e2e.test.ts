/**
 * Cross-site request forgery from a neighbour, in Debian's Chromium: the admin is signed in to Lookout, and a page
 * served from another port of the same host (the same "site", so the SameSite=Lax session cookie rides along)
 * tries to disable a user — once with an auto-submitted form, once with a `no-cors` fetch with a text body.
 * Lookout must refuse both (403 `cross_origin`, counted) and the user must stay enabled.
 */
import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eLookout } from './e2e-lookout.ts';
import { freePort } from './harness.ts';

// No basemap needed: the pages under test are the login and the user list.
const e2e = startE2eLookout({ name: 'xorigin', roles: ['admin'], tiles: false });
let hostile: Server | null = null;
let hostileBase = '';
const admin = async <T = Record<string, unknown>>(method: string, p: string, body?: unknown) =>
  (await e2e.api('admin'))<T>(method, p, body);

/** The attacker's pages: `/form?to=<url>` posts a form there at load, `/fetch?to=<url>` a no-cors fetch. */
function hostilePage(kind: string, to: string): string {
  const target = JSON.stringify(to);
  if (kind === 'form') {
    return `<!doctype html><meta charset="utf-8"><title>win a prize</title>
<form id="f" method="POST" action=${target}><input type="hidden" name="a" value="b"></form>
<script>document.getElementById('f').submit()</script>`;
  }
  return `<!doctype html><meta charset="utf-8"><title>win a prize</title>
<script>
fetch(${target}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'a=b' })
  .then(() => { document.title = 'fetch done'; }, (e) => { document.title = 'fetch failed: ' + e; });
</script>`;
}

async function startHostile(): Promise<void> {
  const port = await freePort();
  hostile = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostilePage(url.pathname.slice(1), url.searchParams.get('to') ?? ''));
  });
  await new Promise<void>((r) => hostile!.listen(port, '127.0.0.1', () => r()));
  hostileBase = `http://127.0.0.1:${port}`;
}

async function newUser(): Promise<{ id: string; username: string }> {
  const username = `victim-${Math.random().toString(36).slice(2, 8)}`;
  const r = await admin<{ user: { id: string; username: string } }>('POST', '/users', { username, roles: ['officer'] });
  expect(r.status).toBe(201);
  return r.body.user;
}

async function isDisabled(id: string): Promise<boolean> {
  const r = await admin<{ users: { id: string; disabled: boolean }[] }>('GET', '/users');
  return r.body.users.find((u) => u.id === id)!.disabled;
}

async function refusedCount(): Promise<number> {
  const res = await fetch(`${e2e.baseUrl}/metrics`, { headers: { cookie: await adminCookie() } });
  const text = await res.text();
  return [...text.matchAll(/^lookout_http_rejected_total\{reason="cross_(?:origin|site)"\} (\d+)$/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
}

let cookie = '';
async function adminCookie(): Promise<string> {
  if (cookie) return cookie;
  const a = e2e.account('admin');
  const res = await fetch(`${e2e.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: a.username, password: a.password }),
  });
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return cookie;
}

/** A browser context with the admin signed in through the web app (the session cookie in the jar). */
async function signedInAdmin(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await e2e.newContext();
  const page = await ctx.newPage();
  await e2e.login(page, 'admin');
  await expect
    .poll(async () => (await ctx.cookies(e2e.baseUrl)).some((c) => c.name === 'lookout_session'), {
      timeout: 30_000,
    })
    .toBe(true);
  return { ctx, page };
}

describe('cross-origin writes from a page on another port', () => {
  beforeAll(startHostile);

  afterAll(async () => {
    await new Promise<void>((r) => (hostile ? hostile.close(() => r()) : r()));
  });

  it('an auto-submitted form POST to /users/:id/disable is refused and the user stays enabled', async () => {
    const victim = await newUser();
    const { ctx } = await signedInAdmin();
    const before = await refusedCount();
    const target = `${e2e.baseUrl}/api/v1/users/${victim.id}/disable`;
    const page = await ctx.newPage();
    const answered = page.waitForResponse((r) => r.url() === target, { timeout: 30_000 });
    await page.goto(`${hostileBase}/form?to=${encodeURIComponent(target)}`);
    const res: Response = await answered;
    // The request carried the admin's cookie (else 401): it was refused for where it came from.
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'cross_origin' } });
    await expect.poll(() => refusedCount(), { timeout: 30_000 }).toBeGreaterThan(before);
    expect(await isDisabled(victim.id)).toBe(false);
    await ctx.close();
  }, 180_000);

  it('a no-cors fetch with credentials and a text body is refused and the user stays enabled', async () => {
    const victim = await newUser();
    const { ctx } = await signedInAdmin();
    const before = await refusedCount();
    const target = `${e2e.baseUrl}/api/v1/users/${victim.id}/disable`;
    const page = await ctx.newPage();
    // The answer is opaque to the page, and Chromium then drops it for its Cross-Origin-Resource-Policy
    // (net::ERR_BLOCKED_BY_RESPONSE): only Chromium's network log still sees the status the server sent.
    // Chromium may send the ExtraInfo event before or after the request's own event: both are kept by request id
    // and joined when read.
    const urls = new Map<string, string>();
    const statusById = new Map<string, number>();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) =>
      urls.set(e.requestId, e.request.url),
    );
    cdp.on('Network.responseReceivedExtraInfo', (e: { requestId: string; statusCode: number }) =>
      statusById.set(e.requestId, e.statusCode),
    );
    cdp.on('Network.responseReceived', (e: { requestId: string; response: { status: number } }) => {
      if (e.response.status) statusById.set(e.requestId, e.response.status);
    });
    const statuses = () => [...urls].filter(([, url]) => url === target).map(([id]) => statusById.get(id));
    await page.goto(`${hostileBase}/fetch?to=${encodeURIComponent(target)}`);
    await expect.poll(() => page.title(), { timeout: 30_000 }).toMatch(/^fetch /);
    await expect.poll(statuses, { timeout: 30_000 }).toEqual([403]);
    await expect.poll(() => refusedCount(), { timeout: 30_000 }).toBeGreaterThan(before);
    expect(await isDisabled(victim.id)).toBe(false);
    await ctx.close();
  }, 180_000);

  it('the web app itself still disables a user from its own origin', async () => {
    const victim = await newUser();
    const { ctx, page } = await signedInAdmin();
    // The same request as the admin page's button: the app's own fetch, an empty POST, from Lookout's origin.
    const status = await page.evaluate(
      async (url) => (await fetch(url, { method: 'POST', credentials: 'same-origin' })).status,
      `/api/v1/users/${victim.id}/disable`,
    );
    expect(status).toBe(200);
    await expect.poll(() => isDisabled(victim.id), { timeout: 30_000 }).toBe(true);
    await ctx.close();
  }, 180_000);
});
