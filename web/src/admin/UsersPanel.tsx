import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../api-types.ts';
import { copyText } from '../hooks.ts';
import { adminApi, type AdminUser } from './admin-api.ts';
import { StationCell } from './StationCell.tsx';
import { dateTime, ROLES, selfLock } from './admin-format.ts';
import { Confirm, ErrorText } from './common.tsx';
import { SessionsView } from './SessionsView.tsx';
import './admin-i18n.ts';

type Pending =
  { kind: 'disable' | 'enable' | 'reset' | 'unlock'; user: AdminUser } | { kind: 'role'; user: AdminUser; role: Role };

interface Shown {
  name: string;
  password: string;
  note: string;
}

/**
 * Admin: create users (generated password shown once), disable/enable, change role, reset password, sessions,
 * and let a user held back by failed logins try again (unlock).
 */
export function UsersPanel({ me }: { me: User }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'officer' as Role });
  const [shown, setShown] = useState<Shown | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [sessionsOf, setSessionsOf] = useState<AdminUser | null>(null);

  const reload = useCallback(() => {
    adminApi
      .users()
      .then((r) => setUsers(r.users))
      .catch((err: unknown) => setError(err));
  }, []);
  useEffect(reload, [reload]);

  const roleName = (r: Role) => t(`adminx.roles.${r}`);
  const name = (u: AdminUser) =>
    u.displayName && u.displayName !== u.username ? `${u.displayName}（${u.username}）` : u.username;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await adminApi.createUser({
        username: form.username.trim(),
        role: form.role,
        ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
      });
      if (r.password) {
        setShown({
          name: r.user.username,
          password: r.password,
          note: t('adminx.users.passwordCreated', { name: r.user.username, role: roleName(r.user.role) }),
        });
        setCopied(false);
      }
      setForm({ username: '', displayName: '', role: form.role });
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const run = async (p: Pending) => {
    setBusy(true);
    setError(null);
    try {
      if (p.kind === 'disable' || p.kind === 'enable') await adminApi.setDisabled(p.user.id, p.kind === 'disable');
      else if (p.kind === 'role') await adminApi.setRole(p.user.id, p.role);
      else if (p.kind === 'unlock') await adminApi.unlock(p.user.id);
      else {
        const r = await adminApi.resetPassword(p.user.id);
        if (r.password) {
          setShown({
            name: p.user.username,
            password: r.password,
            note: t('adminx.users.passwordReset', { name: p.user.username, count: r.revoked }),
          });
          setCopied(false);
        }
      }
      setPending(null);
      reload();
    } catch (err) {
      setPending(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const confirmText = (p: Pending): string =>
    p.kind === 'role'
      ? t('adminx.confirm.role', { name: name(p.user), from: roleName(p.user.role), to: roleName(p.role) })
      : t(`adminx.confirm.${p.kind}`, { name: name(p.user) });

  return (
    <div data-testid="users-panel">
      <section className="card">
        <h2>{t('adminx.users.create')}</h2>
        <form className="inline-form" onSubmit={(e) => void create(e)} data-testid="user-create">
          <label>
            {t('adminx.users.username')}
            <input
              name="new-username"
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.target.value })}
              required
              minLength={2}
              maxLength={64}
              pattern="[A-Za-z0-9._\-]+"
              title={t('adminx.users.usernameHint')}
              placeholder={t('adminx.users.usernameHint')}
              autoComplete="off"
            />
          </label>
          <label>
            {t('adminx.users.displayName')}
            <input
              name="new-displayName"
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.target.value })}
              maxLength={100}
              autoComplete="off"
            />
          </label>
          <label>
            {t('adminx.users.role')}
            <select
              name="new-role"
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('adminx.users.busy') : t('adminx.users.submit')}
          </button>
        </form>
        <ErrorText error={error} />
      </section>

      {shown ? (
        <section className="card creds adm-pw" data-testid="user-password" role="alert">
          <h2>{t('adminx.users.passwordTitle', { name: shown.name })}</h2>
          <p>{shown.note}</p>
          <p className="warning">{t('adminx.users.passwordWarning')}</p>
          <p>
            <code className="adm-password" data-testid="user-password-text">
              {shown.password}
            </code>
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void copyText(shown.password).then(setCopied)}>
              {copied ? t('adminx.users.copied') : t('adminx.users.copy')}
            </button>
            <button type="button" data-testid="user-password-dismiss" onClick={() => setShown(null)}>
              {t('adminx.users.dismiss')}
            </button>
          </div>
        </section>
      ) : null}

      <section className="card">
        <h2>{t('adminx.users.list')}</h2>
        <div className="table-wrap">
          <table className="adm-table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('adminx.users.colName')}</th>
                <th>{t('adminx.users.colRole')}</th>
                <th>{t('reports.userStation.label')}</th>
                <th>{t('adminx.users.colStatus')}</th>
                <th>{t('adminx.users.colSessions')}</th>
                <th className="adm-hide-narrow">{t('adminx.users.colCreated')}</th>
                <th>{t('adminx.users.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.length === 0 ? (
                <tr>
                  <td colSpan={7} className="adm-muted">
                    {t('adminx.users.empty')}
                  </td>
                </tr>
              ) : null}
              {users.map((u) => {
                const lock = selfLock(u.id, me.id);
                const lockText = lock ? t(lock) : undefined;
                return (
                  <tr key={u.id} data-user={u.username} className={u.disabled ? 'adm-off' : undefined}>
                    <td>
                      <strong>{u.displayName || u.username}</strong>{' '}
                      <span className="adm-muted">
                        {u.username}
                        {lock ? ` ${t('adminx.users.you')}` : ''}
                      </span>
                    </td>
                    <td>
                      <span className="adm-badge">{roleName(u.role)}</span>
                    </td>
                    <td>
                      <StationCell user={u} onChanged={reload} />
                    </td>
                    <td>
                      <span className={u.disabled ? 'adm-badge off' : 'adm-badge ok'} data-testid="user-status">
                        {u.disabled ? t('adminx.users.disabled') : t('adminx.users.active')}
                      </span>
                      {u.locked ? (
                        <>
                          {' '}
                          <span
                            className="adm-badge off"
                            data-testid="user-locked"
                            title={t('adminx.users.lockedHint', { count: u.locked.failures })}
                          >
                            {t('adminx.users.locked', { until: dateTime(u.locked.until) })}
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td>{u.activeSessions}</td>
                    <td className="adm-hide-narrow">{dateTime(u.createdAt)}</td>
                    <td>
                      <div className="adm-row-actions">
                        <button
                          type="button"
                          data-action={u.disabled ? 'enable' : 'disable'}
                          disabled={busy || !!lock}
                          title={lockText}
                          onClick={() => setPending({ kind: u.disabled ? 'enable' : 'disable', user: u })}
                        >
                          {u.disabled ? t('adminx.users.enable') : t('adminx.users.disable')}
                        </button>
                        {u.locked ? (
                          <button
                            type="button"
                            data-action="unlock"
                            disabled={busy}
                            onClick={() => setPending({ kind: 'unlock', user: u })}
                          >
                            {t('adminx.users.unlock')}
                          </button>
                        ) : null}
                        <button
                          type="button"
                          data-action="reset"
                          disabled={busy}
                          onClick={() => setPending({ kind: 'reset', user: u })}
                        >
                          {t('adminx.users.reset')}
                        </button>
                        <select
                          aria-label={t('adminx.users.changeRole')}
                          data-action="role"
                          value={u.role}
                          disabled={busy || !!lock}
                          title={lockText}
                          onChange={(e) => setPending({ kind: 'role', user: u, role: e.target.value as Role })}
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {r === u.role ? roleName(r) : `${t('adminx.users.changeRole')} ${roleName(r)}`}
                            </option>
                          ))}
                        </select>
                        <button type="button" data-action="sessions" onClick={() => setSessionsOf(u)}>
                          {t('adminx.users.sessions')}
                        </button>
                        {lock ? <span className="adm-lock">{lockText}</span> : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {sessionsOf ? (
          <SessionsView
            user={sessionsOf}
            name={name(sessionsOf)}
            onClose={() => setSessionsOf(null)}
            onChanged={reload}
          />
        ) : null}
      </section>

      {pending ? (
        <Confirm
          message={confirmText(pending)}
          busy={busy}
          danger={pending.kind !== 'enable' && pending.kind !== 'unlock'}
          onOk={() => void run(pending)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </div>
  );
}
