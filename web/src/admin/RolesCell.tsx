import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api-types.ts';
import type { AdminUser } from './admin-api.ts';
import { RolePicker } from './RolePicker.tsx';
import './admin-i18n.ts';

/** A user's roles as badges; an admin edits the set in place and saves it (confirmed by the panel). */
export function RolesCell({
  user,
  locked,
  busy,
  onSave,
}: {
  user: AdminUser;
  /** Why the admin may not change them (his own account), or undefined. */
  locked: string | undefined;
  busy: boolean;
  onSave(roles: Role[]): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Role[] | null>(null);
  if (!draft) {
    return (
      <span className="adm-roles-view">
        {user.roles.map((r) => (
          <span key={r} className="adm-badge" data-role={r}>
            {t(`adminx.roles.${r}`)}
          </span>
        ))}{' '}
        <button
          type="button"
          data-action="roles"
          disabled={busy || !!locked}
          title={locked}
          onClick={() => setDraft([...user.roles])}
        >
          {t('adminx.users.editRoles')}
        </button>
      </span>
    );
  }
  const unchanged = draft.join() === user.roles.join();
  return (
    <span className="adm-roles-edit">
      <RolePicker name={`roles-${user.username}`} value={draft} disabled={busy} onChange={setDraft} />
      <span className="adm-row-actions">
        <button
          type="button"
          className="primary"
          data-action="save-roles"
          disabled={busy || draft.length === 0 || unchanged}
          title={draft.length === 0 ? t('adminx.users.rolesNeeded') : undefined}
          onClick={() => {
            onSave(draft);
            setDraft(null);
          }}
        >
          {t('adminx.users.saveRoles')}
        </button>
        <button type="button" onClick={() => setDraft(null)}>
          {t('adminx.users.cancelRoles')}
        </button>
      </span>
    </span>
  );
}
