import { useTranslation } from 'react-i18next';
import type { Role, User } from '../api-types.ts';
import type { AdminUser } from './admin-api.ts';
import { StationCell } from './StationCell.tsx';
import { dateTime, selfLock } from './admin-format.ts';
import { RolesCell } from './RolesCell.tsx';
import './admin-i18n.ts';

export type UserAction =
  | { kind: 'disable' | 'enable' | 'reset' | 'unlock'; user: AdminUser }
  | { kind: 'roles'; user: AdminUser; roles: Role[] };

/** One user in the admin's table: name, roles, station, status and lock, sessions, and the actions on him. */
export function UserRow({
  user: u,
  me,
  busy,
  onAction,
  onSessions,
  onChanged,
}: {
  user: AdminUser;
  me: User;
  busy: boolean;
  onAction(action: UserAction): void;
  onSessions(): void;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const lock = selfLock(u.id, me.id);
  const lockText = lock ? t(lock) : undefined;
  return (
    <tr data-user={u.username} className={u.disabled ? 'adm-off' : undefined}>
      <td>
        <strong>{u.displayName || u.username}</strong>{' '}
        <span className="adm-muted">
          {u.username}
          {lock ? ` ${t('adminx.users.you')}` : ''}
        </span>
      </td>
      <td>
        <RolesCell
          user={u}
          locked={lockText}
          busy={busy}
          onSave={(roles) => onAction({ kind: 'roles', user: u, roles })}
        />
      </td>
      <td>
        <StationCell user={u} onChanged={onChanged} />
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
            onClick={() => onAction({ kind: u.disabled ? 'enable' : 'disable', user: u })}
          >
            {u.disabled ? t('adminx.users.enable') : t('adminx.users.disable')}
          </button>
          {u.locked ? (
            <button
              type="button"
              data-action="unlock"
              disabled={busy}
              onClick={() => onAction({ kind: 'unlock', user: u })}
            >
              {t('adminx.users.unlock')}
            </button>
          ) : null}
          <button
            type="button"
            data-action="reset"
            disabled={busy}
            onClick={() => onAction({ kind: 'reset', user: u })}
          >
            {t('adminx.users.reset')}
          </button>
          <button type="button" data-action="sessions" onClick={onSessions}>
            {t('adminx.users.sessions')}
          </button>
          {lock ? <span className="adm-lock">{lockText}</span> : null}
        </div>
      </td>
    </tr>
  );
}
