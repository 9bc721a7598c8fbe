import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { ensurePgliteTemplate } from '@lookout/db/testing';
import { CHROMIUM, launchChromium, PHONE } from './harness.ts';
import { LookoutProcess, ROOT, startTileServer, type Account, type Api } from './lookout-process.ts';

export const SHOTS = path.join(ROOT, 'docs/screenshots');

/** The desk of the browser tests: 1280×800, zh-CN. */
export const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };

/**
 * Waits sized for a newcomer's machine with another process keeping both cores busy: software WebGL, a fresh
 * embedded database and a bundled web app each take several times what they take on an idle machine.
 */
export const WAIT = {
  /** Server start (embedded PGlite + PostGIS, aedes, bridge, simulator) up to the demo accounts. */
  startupMs: 480_000,
  /** Any one locator action or wait in the page. */
  actionMs: 60_000,
  /** A page load. */
  navigationMs: 90_000,
  /** expect.poll without a timeout of its own. */
  pollMs: 20_000,
};

export type Role = 'pilot' | 'officer' | 'liaison' | 'commander' | 'admin';
type Who = Role | Account;

export interface E2eOptions {
  /** Names the data folder in the temporary directory. */
  name: string;
  /** The demo accounts the tests sign in with: the server is ready once they are printed. */
  roles: Role[];
  /** The context `newPage` opens by default: the desk (1280×800) or the phone (360×640, touch). */
  viewport?: 'desktop' | 'phone';
  /**
   * Extra server environment (STATION_NAME, ESCALATION_EVERY_S, …), or a function that makes it just before the
   * server starts (free ports of another server the test starts after it).
   */
  env?: Record<string, string> | (() => Promise<Record<string, string>>);
  /** A local XYZ basemap server (on by default); off, the server draws its offline sketch basemap. */
  tiles?: boolean;
  /**
   * Start from the migrated PGlite template (on by default: creating PostGIS takes most of a cold start). Off for a
   * test of the first start itself.
   */
  fromTemplate?: boolean;
  /** Writes into the data folder before the server opens it (a recorded past, which the API cannot write). */
  beforeStart?: (dataDir: string) => Promise<void>;
}

export interface E2eLookout {
  readonly server: LookoutProcess;
  readonly browser: Browser;
  readonly baseUrl: string;
  readonly dataDir: string;
  /** The local basemap's URL template (`…/{z}/{x}/{y}.png`; empty without tiles) and its request log. */
  readonly tileUrl: string;
  readonly tileRequests: string[];
  /** Page errors of the pages the running test opened through `newContext`/`newPage`. */
  readonly errors: string[];
  account(role: Role): Account;
  /** A logged-in HTTP client of this role or account (one per role, reused). */
  api(who: Who): Promise<Api>;
  /** Sign in through the login page, then open `hash`. */
  login(page: Page, who: Who, hash?: string): Promise<void>;
  /** A browser context closed after the test, with waits for a slow machine; its pages' errors land in `errors`. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a new context (the file's viewport unless `options` say otherwise), signed in as `who` on `hash`. */
  newPage(who: Who | null, hash?: string, options?: BrowserContextOptions): Promise<Page>;
  /** A logged-in raw POST or PUT (photo uploads take the image as the body); returns the status. */
  upload(who: Who, method: 'POST' | 'PUT', p: string, body: Buffer, contentType: string): Promise<number>;
}

/**
 * One Lookout for the tests of a describe block: `npm start`'s server on a data folder of its own and free ports,
 * a local basemap, and Debian's Chromium. Registers the suite's hooks: start before the tests, close each test's
 * browser contexts after it, stop everything after the last one. Each test opens its own pages.
 */
export function startE2eLookout(options: E2eOptions): E2eLookout {
  let server: LookoutProcess | null = null;
  let browser: Browser | null = null;
  let tiles: Awaited<ReturnType<typeof startTileServer>> | null = null;
  let dataDir = '';
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const apis = new Map<string, Promise<Api>>();
  const defaults: BrowserContextOptions = options.viewport === 'phone' ? PHONE : DESKTOP;

  const need = <T>(v: T | null, what: string): T => {
    if (v === null) throw new Error(`${what} is not started (startE2eLookout's beforeAll failed or has not run)`);
    return v;
  };
  const accountOf = (who: Who): Account => (typeof who === 'string' ? need(server, 'the server').account(who) : who);

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk`).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), `lookout-e2e-${options.name}-`));
    if (options.fromTemplate !== false) cpSync(await ensurePgliteTemplate(), dataDir, { recursive: true });
    await options.beforeStart?.(dataDir);
    if (options.tiles !== false) tiles = await startTileServer();
    const env = typeof options.env === 'function' ? await options.env() : options.env;
    server = await LookoutProcess.start({
      dataDir,
      env: { ...(tiles ? { BASEMAP_URL: tiles.url, BASEMAP_ATTRIBUTION: 'e2e tiles' } : {}), ...env },
      readyRoles: options.roles,
      timeoutMs: WAIT.startupMs,
    });
    browser = await launchChromium();
  }, WAIT.startupMs + 120_000);

  beforeEach(() => {
    errors.length = 0;
    // expect.poll waits 1 s by default: far too short for a page on a loaded machine.
    vi.setConfig({ expect: { poll: { timeout: WAIT.pollMs, interval: 100 } } });
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tiles?.close();
    // The DJI broker (the machine's Mosquitto) may still write its store while it exits: retry a busy folder.
    if (dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }, 60_000);

  const e2e: E2eLookout = {
    get server() {
      return need(server, 'the server');
    },
    get browser() {
      return need(browser, 'Chromium');
    },
    get baseUrl() {
      return need(server, 'the server').baseUrl;
    },
    get dataDir() {
      return dataDir;
    },
    get tileUrl() {
      return tiles?.url ?? '';
    },
    get tileRequests() {
      return tiles?.requests ?? [];
    },
    errors,
    account: (role) => need(server, 'the server').account(role),
    api(who) {
      const a = accountOf(who);
      const key = `${a.username}\n${a.password}`;
      let api = apis.get(key);
      if (!api) {
        api = need(server, 'the server').api(a);
        apis.set(key, api);
        api.catch(() => apis.delete(key));
      }
      return api;
    },
    login: (page, who, hash = '') => need(server, 'the server').login(page, accountOf(who), hash),
    async newContext(contextOptions = defaults) {
      const ctx = await need(browser, 'Chromium').newContext(contextOptions);
      contexts.push(ctx);
      ctx.setDefaultTimeout(WAIT.actionMs);
      ctx.setDefaultNavigationTimeout(WAIT.navigationMs);
      ctx.on('page', (p) => p.on('pageerror', (e) => errors.push(e.message)));
      return ctx;
    },
    async newPage(who, hash = '', contextOptions = defaults) {
      const page = await (await e2e.newContext(contextOptions)).newPage();
      if (who !== null) await e2e.login(page, who, hash);
      return page;
    },
    async upload(who, method, p, body, contentType) {
      const a = accountOf(who);
      const base = need(server, 'the server').baseUrl;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: a.username, password: a.password }),
      });
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const r = await fetch(`${base}/api/v1${p}`, {
        method,
        headers: { cookie, 'content-type': contentType },
        body: new Uint8Array(body),
      });
      return r.status;
    },
  };
  return e2e;
}

/** A screenshot into docs/screenshots once the last frame has settled. */
/**
 * The app's language for every page of a context from its first load. The script runs in every document, also
 * those that have no storage (the new page's about:blank), where reading `localStorage` throws.
 */
export async function presetLanguage(ctx: BrowserContext, lang: string): Promise<void> {
  await ctx.addInitScript((l) => {
    try {
      localStorage.setItem('lookout.lang', l);
    } catch {
      /* a document without storage */
    }
  }, lang);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/**
 * The map page's map has its style (its layers) and its basemap tiles. Not `loaded()` nor "idle": the demo drones'
 * sources are set every second, and with software WebGL on a busy machine a worker may still be busy with the last
 * update each time the page looks, so the map may never be idle or "loaded" between two updates.
 */
export async function mapReady(page: Page, timeout = 180_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.__lookout?.map;
      // isSourceLoaded records an error on the map when the style has no such source yet.
      return Boolean(map?.getLayer('drones-symbol') && map.getSource('basemap') && map.isSourceLoaded('basemap'));
    },
    null,
    { timeout },
  );
}

/** Centre the map so this point shows in the free part of the canvas, then click it like a user would. */
export async function clickMapAt(page: Page, p: { lon: number; lat: number }, shiftUpPx: number): Promise<void> {
  await mapReady(page);
  const xy = await page.evaluate(
    ({ p, shiftUpPx }) =>
      new Promise<{ x: number; y: number }>((resolve) => {
        const map = window.__lookout!.map!;
        map.once('idle', () => {
          const rect = map.getCanvas().getBoundingClientRect();
          const px = map.project([p.lon, p.lat]);
          resolve({ x: rect.left + px.x, y: rect.top + px.y });
        });
        map.jumpTo({ center: [p.lon, p.lat], zoom: 16 });
        map.panBy([0, shiftUpPx], { animate: false });
      }),
    { p, shiftUpPx },
  );
  await page.mouse.click(xy.x, xy.y);
}

/** The commander's page on a case's whole-incident replay, its window loaded. */
export async function openReplay(e2e: E2eLookout, caseId: string): Promise<Page> {
  const page = await e2e.newPage('commander', `#/replay/${caseId}`);
  await page.getByTestId('replay-page').waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.replayReady === 'true', undefined, {
    timeout: 120_000,
  });
  return page;
}
