/**
 * Access and audit end to end in Debian's Chromium against the real server (embedded PGlite,
 * fresh data folder, free ports), the admin on a 1280×800 desktop and a liaison on a phone:
 * - the admin creates a liaison (the generated password is shown once), a taken login name is refused in plain
 *   Chinese, and his own row cannot be disabled or demoted;
 * - the liaison signs in; the admin changes her role (her live socket closes with 4002 and the page re-reads
 *   /auth/me), then disables her: her open page is thrown back to the login page live (4001);
 * - the admin resets her password (shown once), enables her again: the new password works, the old one not;
 * - the admin filters the audit log by actor and action and sees those writes, and the CSV link exports them.
 * Each test seeds its own user through the admin API and can run alone.
 * Screenshots: docs/screenshots/admin-users-zh.png, admin-audit-zh.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, presetLanguage, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import type { Account } from './lookout-process.ts';

const NEW_USER = 'wang.li';
/** The admin's desk, with the clipboard for the once-shown password. */
const ADMIN_DESK = { ...DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] };

describe('admin: users, sessions and the audit log', () => {
  const e2e = startE2eLookout({ name: 'admin', roles: ['admin', 'liaison'] });

  async function loginStatus(username: string, password: string): Promise<number> {
    const r = await fetch(`${e2e.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return r.status;
  }

  /** A liaison of this test, created through the admin API, with the password she signs in with. */
  async function newLiaison(): Promise<Account & { id: string }> {
    const account = { username: `liaison-${randomUUID().slice(0, 8)}`, password: 'first-password-1', role: 'liaison' };
    const r = await (
      await e2e.api('admin')
    )<{ user: { id: string } }>('POST', '/users', {
      username: account.username,
      password: account.password,
      roles: [account.role],
      displayName: '李娜',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { ...account, id: r.body.user.id };
  }

  /** The admin's page on 管理 → 用户. */
  async function adminUsers(): Promise<Page> {
    const admin = await e2e.newPage('admin', '#/admin', ADMIN_DESK);
    await admin.locator('.adm-tabs [data-tab=users]').click();
    return admin;
  }

  const row = (admin: Page, username = NEW_USER) => admin.locator(`tr[data-user="${username}"]`);
  const confirm = async (admin: Page, expected: string) => {
    const dialog = admin.locator('[data-testid=admin-confirm]');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain(expected);
    await dialog.locator('[data-testid=confirm-ok]').click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  };

  it('the admin creates a liaison; the password is shown once; his own row is locked', async () => {
    const admin = await adminUsers();
    const form = admin.locator('[data-testid=user-create]');
    await form.locator('input[name=new-username]').fill(NEW_USER);
    await form.locator('input[name=new-displayName]').fill('王丽');
    await form.locator('input[name=new-role][value=officer]').uncheck();
    await expect.poll(() => form.locator('button[type=submit]').isDisabled()).toBe(true); // no role: no account
    await form.locator('input[name=new-role][value=liaison]').check();
    await form.locator('button[type=submit]').click();
    const card = admin.locator('[data-testid=user-password]');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('只显示这一次');
    const passwordText = card.locator('[data-testid=user-password-text]');
    await expect.poll(async () => (await passwordText.textContent())?.trim().length ?? 0).toBeGreaterThanOrEqual(10);
    const firstPassword = (await passwordText.textContent())!.trim();
    await card.locator('button.primary').click(); // copy: the label changes once the clipboard write settles
    await card.locator('button.primary', { hasText: '已复制' }).waitFor();
    await card.locator('[data-testid=user-password-dismiss]').click();
    await expect.poll(() => card.count()).toBe(0); // gone for good: the list never carries it
    await expect.poll(() => admin.locator('body').textContent()).not.toContain(firstPassword);
    await expect.poll(() => row(admin).locator('[data-testid=user-status]').textContent()).toBe('正常');
    expect(await loginStatus(NEW_USER, firstPassword)).toBe(200);

    // The same login name again: refused, in plain Chinese.
    await form.locator('input[name=new-username]').fill(NEW_USER);
    await form.locator('button[type=submit]').click();
    const err = admin.locator('[data-testid=admin-error]');
    await err.waitFor();
    await expect.poll(() => err.textContent()).toContain('该登录名已被使用');
    await form.locator('input[name=new-username]').fill('');

    // The admin's own row: no disabling, no demotion, and it says why.
    const own = admin.locator('tr[data-user=admin]');
    await expect.poll(() => own.locator('button[data-action=disable]').isDisabled()).toBe(true);
    await expect.poll(() => own.locator('button[data-action=roles]').isDisabled()).toBe(true);
    await expect.poll(() => own.textContent()).toContain('不能停用或降级自己的账号');
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('a role change reaches her open page (4002), disabling throws her back to the login page (4001)', async () => {
    const her = await newLiaison();
    const admin = await adminUsers();
    const liaison = await e2e.newPage(her, '', {
      viewport: PHONE.viewport,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    await liaison.locator('[data-testid=tadpole-list]').waitFor();
    await liaison.waitForFunction(
      () => (window.__lookout?.store as { conn?: { status: string } } | undefined)?.conn?.status === 'open',
      null,
      { timeout: 60_000 },
    );
    await liaison.evaluate(() => {
      const w = window as unknown as { roleEvents: string[] };
      w.roleEvents = [];
      window.addEventListener('lookout:session-user', (e) =>
        w.roleEvents.push((e as CustomEvent<{ roles: string[] }>).detail.roles.join('+')),
      );
    });

    // She is also made an officer: both roles, one set.
    const setRoles = async (check: string[], uncheck: string[], expected: string) => {
      const r = row(admin, her.username);
      await r.locator('button[data-action=roles]').click();
      for (const role of check) await r.locator(`input[value=${role}]`).check();
      for (const role of uncheck) await r.locator(`input[value=${role}]`).uncheck();
      await r.locator('button[data-action=save-roles]').click();
      await confirm(admin, expected);
    };
    await setRoles(['officer'], [], '改为「民警 + 联络员」');
    await liaison.waitForFunction(
      () => (window as unknown as { roleEvents: string[] }).roleEvents.includes('officer+liaison'),
      null,
      { timeout: 30_000 },
    );
    await expect
      .poll(() => row(admin, her.username).locator('.adm-badge[data-role]').allTextContents())
      .toEqual(['民警', '联络员']);
    await setRoles([], ['officer'], '改为「联络员」');
    await expect
      .poll(() => row(admin, her.username).locator('.adm-badge[data-role]').allTextContents())
      .toEqual(['联络员']);

    await row(admin, her.username).locator('button[data-action=disable]').click();
    const started = Date.now();
    await confirm(admin, '回到登录页');
    await liaison.locator('input[name=username]').waitFor({ timeout: 30_000 });
    console.log(`admin-disable to_login_page_ms=${Date.now() - started}`);
    await expect.poll(() => row(admin, her.username).locator('[data-testid=user-status]').textContent()).toBe('已停用');
    expect(await loginStatus(her.username, her.password)).toBe(401);
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('the admin resets her password (shown once) and enables her again', async () => {
    const her = await newLiaison();
    const adminApi = await e2e.api('admin');
    expect((await adminApi('POST', `/users/${her.id}/disable`)).status).toBe(200);
    const admin = await adminUsers();
    await expect.poll(() => row(admin, her.username).locator('[data-testid=user-status]').textContent()).toBe('已停用');

    await row(admin, her.username).locator('button[data-action=reset]').click();
    await confirm(admin, '新密码只显示一次');
    const card = admin.locator('[data-testid=user-password]');
    await card.waitFor();
    const passwordText = card.locator('[data-testid=user-password-text]');
    await expect.poll(async () => (await passwordText.textContent())?.trim().length ?? 0).toBeGreaterThanOrEqual(10);
    const resetPassword = (await passwordText.textContent())!.trim();
    expect(resetPassword).not.toBe(her.password);
    await row(admin, her.username).locator('button[data-action=enable]').click();
    await confirm(admin, '重新启用');
    await expect.poll(() => row(admin, her.username).locator('[data-testid=user-status]').textContent()).toBe('正常');
    // The once-shown password and the whole user list (with the admin's own locked row) in one view.
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(admin, 'admin-users-zh.png');
    expect(await loginStatus(her.username, her.password)).toBe(401);
    expect(await loginStatus(her.username, resetPassword)).toBe(200);

    // Her sessions: the one just opened, revocable from the list.
    await card.locator('[data-testid=user-password-dismiss]').click();
    await row(admin, her.username).locator('button[data-action=sessions]').click();
    const sessions = admin.locator('[data-testid=sessions-view]');
    await sessions.waitFor();
    await expect.poll(() => sessions.textContent()).toContain('有效');
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('on a phone, in English, the admin gives a liaison a second role; a set without a role is not offered', async () => {
    const her = await newLiaison();
    const ctx = await e2e.newContext({ ...PHONE, locale: 'en' });
    await presetLanguage(ctx, 'en');
    const admin = await ctx.newPage();
    await e2e.login(admin, 'admin', '#/admin');
    await admin.locator('.adm-tabs [data-tab=users]').click();
    const r = row(admin, her.username);
    await r.locator('button[data-action=roles]').click();
    await r.locator('input[value=officer]').check();
    await r.locator('button[data-action=save-roles]').click();
    await confirm(admin, 'to “Officer + Liaison”');
    await expect.poll(() => r.locator('.adm-badge[data-role]').allTextContents()).toEqual(['Officer', 'Liaison']);
    await r.locator('button[data-action=roles]').click();
    await r.locator('input[value=officer]').uncheck();
    await r.locator('input[value=liaison]').uncheck();
    await expect.poll(() => r.locator('button[data-action=save-roles]').isDisabled()).toBe(true);
    await r.locator('input[value=liaison]').check();
    // The table scrolls sideways on a phone: the editor in view, not the names.
    await r.locator('.adm-roles-edit').evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }));
    await shot(admin, 'admin-roles-phone-en.png');
    expect(e2e.errors).toEqual([]);
  }, 180_000);

  it('the audit log, filtered by actor and action, shows those writes and exports them as CSV', async () => {
    // The admin's user writes of this test: create, role change, disable, password reset, enable.
    const her = await newLiaison();
    const adminApi = await e2e.api('admin');
    for (const [method, p, body] of [
      ['PUT', 'roles', { roles: ['officer'] }],
      ['POST', 'disable', undefined],
      ['POST', 'password', {}],
      ['POST', 'enable', undefined],
    ] as const) {
      const r = await adminApi(method, `/users/${her.id}/${p}`, body);
      expect(r.status, `${method} ${p}: ${JSON.stringify(r.body)}`).toBe(200);
    }

    const admin = await e2e.newPage('admin', '#/admin', ADMIN_DESK);
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
        { timeout: 30_000 },
      )
      .toEqual(expect.arrayContaining(want));
    const shown = await actions();
    expect(shown.every((a) => a?.startsWith('POST /api/v1/users'))).toBe(true);
    expect(shown).not.toContain('PUT /api/v1/users/:id/roles');

    const csvLink = panel.locator('[data-testid=audit-csv]');
    await expect.poll(() => csvLink.getAttribute('href')).toContain('actor=admin');
    const href = await csvLink.getAttribute('href');
    expect(href).toContain('from=');
    const csv = await admin.request.get(`${e2e.baseUrl}${href}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('actor');
    for (const a of want) expect(text).toContain(a);
    expect(text).not.toContain('PUT /api/v1/users/:id/roles');
    await shot(admin, 'admin-audit-zh.png');
    expect(e2e.errors).toEqual([]);
  }, 180_000);
});
