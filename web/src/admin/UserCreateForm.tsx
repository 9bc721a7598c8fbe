import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api-types.ts';
import { adminApi, type AdminUser } from './admin-api.ts';
import { ErrorText } from './common.tsx';
import { RolePicker } from './RolePicker.tsx';
import './admin-i18n.ts';

/** Admin: create a user; the generated password goes to `onCreated` to be shown once. */
export function UserCreateForm({ onCreated }: { onCreated(user: AdminUser, password: string | undefined): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ username: '', displayName: '', roles: ['officer'] as Role[] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await adminApi.createUser({
        username: form.username.trim(),
        roles: form.roles,
        ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
      });
      setForm({ username: '', displayName: '', roles: form.roles });
      onCreated(r.user, r.password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
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
        <fieldset className="adm-roles-field" title={t('adminx.users.rolesHint')}>
          <legend>{t('adminx.users.role')}</legend>
          <RolePicker name="new-role" value={form.roles} onChange={(roles) => setForm({ ...form, roles })} />
        </fieldset>
        <button
          type="submit"
          className="primary"
          disabled={busy || form.roles.length === 0}
          title={form.roles.length === 0 ? t('adminx.users.rolesNeeded') : undefined}
        >
          {busy ? t('adminx.users.busy') : t('adminx.users.submit')}
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  );
}
