/**
 * Issue 6 part 5 (access and audit) end to end in Debian's Chromium against the real server (embedded PGlite,
 * fresh data folder, free ports), the admin on a 1280×800 desktop and a liaison on a phone:
 * - the admin creates a liaison (the generated password is shown once), a taken login name is refused in plain
 *   Chinese, and his own row cannot be disabled or demoted;
 * - the liaison signs in; the admin changes her role (her live socket closes with 4002 and the page re-reads
 *   /auth/me), then disables her: her open page is thrown back to the login page live (4001);
 * - the admin resets her password (shown once), enables her again: the new password works, the old one not;
 * - the admin filters the audit log by actor and action and sees those writes, and the CSV link exports them.
 * Screenshots: docs/screenshots/admin-users-zh.png, admin-audit-zh.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './harness.ts';
import { LookoutProcess, ROOT, startTileServer } from './lookout-process.ts';

const SHOTS = path.join(ROOT, 'docs/screenshots');
const STARTUP_TIMEOUT_MS = 180_000;
const NEW_USER = 'wang.li';

let lookout: LookoutProcess;
let dataDir = '';
let browser: Browser | null = null;
let tiles: Awaited<ReturnType<typeof startTileServer>> | null = null;

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

async function loginStatus(username: string, password: string): Promise<number> {
  const r = await fetch(`${lookout.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return r.status;
}

describe('admin: users, sessions and the audit log', () => {
  let adminCtx: BrowserContext;
  let admin: Page;
  let phoneCtx: BrowserContext;
  let liaison: Page;
  let firstPassword = '';
  let resetPassword = '';
  const errors: string[] = [];

  const row = () => admin.locator(`tr[data-user="${NEW_USER}"]`);
  const confirm = async (expected: string) => {
    const dialog = admin.locator('[data-testid=admin-confirm]');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain(expected);
    await dialog.locator('[data-testid=confirm-ok]').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  };

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk`).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-e2e-admin-'));
    tiles = await startTileServer();
    lookout = await LookoutProcess.start({
      dataDir,
      env: { BASEMAP_URL: tiles.url, BASEMAP_ATTRIBUTION: 'e2e tiles' },
      readyRoles: ['admin', 'liaison'],
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    browser = await launchChromium();
    adminCtx = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    admin = await adminCtx.newPage();
    admin.on('pageerror', (e) => errors.push(`admin: ${e.message}`));
    phoneCtx = await browser.newContext({
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    liaison = await phoneCtx.newPage();
    liaison.on('pageerror', (e) => errors.push(`liaison: ${e.message}`));
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await lookout?.stop();
    await tiles?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('the admin creates a liaison; the password is shown once; his own row is locked', async () => {
    await lookout.login(admin, lookout.account('admin'), '#/admin');
    await admin.locator('.adm-tabs [data-tab=users]').click();
    const form = admin.locator('[data-testid=user-create]');
    await form.locator('input[name=new-username]').fill(NEW_USER);
    await form.locator('input[name=new-displayName]').fill('王丽');
    await form.locator('select[name=new-role]').selectOption('liaison');
    await form.locator('button[type=submit]').click();
    const card = admin.locator('[data-testid=user-password]');
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.textContent()).toContain('只显示这一次');
    firstPassword = (await card.locator('[data-testid=user-password-text]').textContent())!.trim();
    expect(firstPassword.length).toBeGreaterThanOrEqual(10);
    await card.locator('button.primary').click(); // copy: the label changes once the clipboard write settles
    await card.locator('button.primary', { hasText: '已复制' }).waitFor({ timeout: 5_000 });
    await card.locator('[data-testid=user-password-dismiss]').click();
    await expect.poll(() => card.count()).toBe(0); // gone for good: the list never carries it
    await expect.poll(() => admin.locator('body').textContent()).not.toContain(firstPassword);
    await expect.poll(() => row().locator('[data-testid=user-status]').textContent()).toBe('正常');

    // The same login name again: refused, in plain Chinese.
    await form.locator('input[name=new-username]').fill(NEW_USER);
    await form.locator('button[type=submit]').click();
    const err = admin.locator('[data-testid=admin-error]');
    await err.waitFor({ timeout: 10_000 });
    await expect.poll(() => err.textContent()).toContain('该登录名已被使用');
    await form.locator('input[name=new-username]').fill('');

    // The admin's own row: no disabling, no demotion, and it says why.
    const own = admin.locator('tr[data-user=admin]');
    await expect.poll(() => own.locator('button[data-action=disable]').isDisabled()).toBe(true);
    await expect.poll(() => own.locator('select[data-action=role]').isDisabled()).toBe(true);
    await expect.poll(() => own.textContent()).toContain('不能停用或降级自己的账号');
    expect(errors).toEqual([]);
  }, 90_000);

  it('a role change reaches her open page (4002), disabling throws her back to the login page (4001)', async () => {
    await lookout.login(liaison, { username: NEW_USER, password: firstPassword, role: 'liaison' });
    await liaison.locator('[data-testid=tadpole-list]').waitFor({ timeout: 30_000 });
    await liaison.waitForFunction(
      () => (window.__lookout?.store as { conn?: { status: string } } | undefined)?.conn?.status === 'open',
      null,
      { timeout: 30_000 },
    );
    await liaison.evaluate(() => {
      const w = window as unknown as { roleEvents: string[] };
      w.roleEvents = [];
      window.addEventListener('lookout:session-user', (e) =>
        w.roleEvents.push((e as CustomEvent<{ role: string }>).detail.role),
      );
    });

    await row().locator('select[data-action=role]').selectOption('officer');
    await confirm('改为「民警」');
    await liaison.waitForFunction(
      () => (window as unknown as { roleEvents: string[] }).roleEvents.includes('officer'),
      null,
      {
        timeout: 15_000,
      },
    );
    await row().locator('select[data-action=role]').selectOption('liaison');
    await confirm('改为「联络员」');
    await expect.poll(() => row().locator('.adm-badge').first().textContent()).toBe('联络员');

    await row().locator('button[data-action=disable]').click();
    const started = Date.now();
    await confirm('回到登录页');
    await liaison.locator('input[name=username]').waitFor({ timeout: 10_000 });
    console.log(`admin-disable to_login_page_ms=${Date.now() - started}`);
    await expect.poll(() => row().locator('[data-testid=user-status]').textContent()).toBe('已停用');
    expect(await loginStatus(NEW_USER, firstPassword)).toBe(401);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the admin resets her password (shown once) and enables her again', async () => {
    await row().locator('button[data-action=reset]').click();
    await confirm('新密码只显示一次');
    const card = admin.locator('[data-testid=user-password]');
    await card.waitFor({ timeout: 15_000 });
    resetPassword = (await card.locator('[data-testid=user-password-text]').textContent())!.trim();
    expect(resetPassword).not.toBe(firstPassword);
    await row().locator('button[data-action=enable]').click();
    await confirm('重新启用');
    await expect.poll(() => row().locator('[data-testid=user-status]').textContent()).toBe('正常');
    // The once-shown password and the whole user list (with the admin's own locked row) in one view.
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(admin, 'admin-users-zh.png');
    expect(await loginStatus(NEW_USER, firstPassword)).toBe(401);
    expect(await loginStatus(NEW_USER, resetPassword)).toBe(200);

    // Her sessions: the one just opened, revocable from the list.
    await card.locator('[data-testid=user-password-dismiss]').click();
    await row().locator('button[data-action=sessions]').click();
    const sessions = admin.locator('[data-testid=sessions-view]');
    await sessions.waitFor();
    await expect.poll(() => sessions.textContent()).toContain('有效');
    expect(errors).toEqual([]);
  }, 60_000);

  it('the audit log, filtered by actor and action, shows those writes and exports them as CSV', async () => {
    await admin.locator('.adm-tabs [data-tab=audit]').click();
    const panel = admin.locator('[data-testid=audit-panel]');
    // From an hour ago (local time, YYYY-MM-DD HH:MM), by the admin, user writes only.
    const d = new Date(Date.now() - 3600_000);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const from = `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}`;
    await panel.locator('input[name=audit-from]').fill(from);
    await panel.locator('input[name=audit-actor]').fill('admin');
    await panel.locator('input[name=audit-action]').fill('POST /api/v1/users*');
    const actions = () =>
      panel.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    const want = [
      'POST /api/v1/users',
      'POST /api/v1/users/:id/disable',
      'POST /api/v1/users/:id/password',
      'POST /api/v1/users/:id/enable',
    ];
    await expect
      .poll(
        async () => {
          await panel.locator('button[type=submit]').click();
          await admin.waitForTimeout(300);
          return actions();
        },
        { timeout: 15_000 },
      )
      .toEqual(expect.arrayContaining(want));
    const shown = await actions();
    expect(shown.every((a) => a?.startsWith('POST /api/v1/users'))).toBe(true);
    expect(shown).not.toContain('PUT /api/v1/users/:id/role');

    const href = await panel.locator('[data-testid=audit-csv]').getAttribute('href');
    expect(href).toContain('actor=admin');
    expect(href).toContain('from=');
    const csv = await admin.request.get(`${lookout.baseUrl}${href}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('actor');
    for (const a of want) expect(text).toContain(a);
    expect(text).not.toContain('PUT /api/v1/users/:id/role');
    await shot(admin, 'admin-audit-zh.png');
    expect(errors).toEqual([]);
  }, 60_000);
});
