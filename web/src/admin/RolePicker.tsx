import { useTranslation } from 'react-i18next';
import type { Role } from '../api-types.ts';
import { ROLES } from './admin-format.ts';
import './admin-i18n.ts';

/** A set of roles as checkboxes, in the order of `ROLES`; the caller keeps the set. */
export function RolePicker({
  name,
  value,
  disabled,
  onChange,
}: {
  name: string;
  value: readonly Role[];
  disabled?: boolean;
  onChange(roles: Role[]): void;
}) {
  const { t } = useTranslation();
  const toggle = (r: Role, on: boolean) => onChange(ROLES.filter((x) => (x === r ? on : value.includes(x))));
  return (
    <span className="adm-roles" role="group" aria-label={t('adminx.users.role')} data-testid={name}>
      {ROLES.map((r) => (
        <label key={r} className="adm-role">
          <input
            type="checkbox"
            name={name}
            value={r}
            checked={value.includes(r)}
            disabled={disabled}
            onChange={(e) => toggle(r, e.target.checked)}
          />
          {t(`adminx.roles.${r}`)}
        </label>
      ))}
    </span>
  );
}
