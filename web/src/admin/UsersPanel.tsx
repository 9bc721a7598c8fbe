import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../api-types.ts';
import { adminApi, type AdminUser } from './admin-api.ts';
import { Confirm, ErrorText } from './common.tsx';
import { OneTimePassword, type ShownPassword } from './OneTimePassword.tsx';
import { SessionsView } from './SessionsView.tsx';
import { UserCreateForm } from './UserCreateForm.tsx';
import { UserRow, type UserAction } from './UserRow.tsx';
import './admin-i18n.ts';

/**
 * Admin: create users (generated password shown once), disable/enable, change role, reset password, sessions,
 * and let a user held back by failed logins try again (unlock).
 */
export function UsersPanel({ me }: { me: User }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<ShownPassword | null>(null);
  const [pending, setPending] = useState<UserAction | null>(null);
  const [sessionsOf, setSessionsOf] = useState<AdminUser | null>(null);

  const reload = useCallback(() => {
    adminApi
      .users()
      .then((r) => setUsers(r.users))
      .catch((err: unknown) => setError(err));
  }, []);
  useEffect(reload, [reload]);

  const roleNames = (rs: readonly Role[]) => rs.map((r) => t(`adminx.roles.${r}`)).join(' + ');
  const name = (u: AdminUser) =>
    u.displayName && u.displayName !== u.username ? `${u.displayName}（${u.username}）` : u.username;

  const created = (user: AdminUser, password: string | undefined) => {
    if (password) {
      setShown({
        name: user.username,
        password,
        note: t('adminx.users.passwordCreated', { name: user.username, role: roleNames(user.roles) }),
      });
    }
    reload();
  };

  const run = async (p: UserAction) => {
    setBusy(true);
    setError(null);
    try {
      if (p.kind === 'disable' || p.kind === 'enable') await adminApi.setDisabled(p.user.id, p.kind === 'disable');
      else if (p.kind === 'roles') await adminApi.setRoles(p.user.id, p.roles);
      else if (p.kind === 'unlock') await adminApi.unlock(p.user.id);
      else {
        const r = await adminApi.resetPassword(p.user.id);
        if (r.password) {
          setShown({
            name: p.user.username,
            password: r.password,
            note: t('adminx.users.passwordReset', { name: p.user.username, count: r.revoked }),
          });
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

  const confirmText = (p: UserAction): string =>
    p.kind === 'roles'
      ? t('adminx.confirm.role', { name: name(p.user), from: roleNames(p.user.roles), to: roleNames(p.roles) })
      : t(`adminx.confirm.${p.kind}`, { name: name(p.user) });

  return (
    <div data-testid="users-panel">
      <UserCreateForm onCreated={created} />

      {shown ? <OneTimePassword key={shown.password} shown={shown} onDismiss={() => setShown(null)} /> : null}

      <section className="card">
        <h2>{t('adminx.users.list')}</h2>
        <ErrorText error={error} />
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
              {users.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  me={me}
                  busy={busy}
                  onAction={setPending}
                  onSessions={() => setSessionsOf(u)}
                  onChanged={reload}
                />
              ))}
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
