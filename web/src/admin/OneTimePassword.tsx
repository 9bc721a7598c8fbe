import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../hooks.ts';
import './admin-i18n.ts';

export interface ShownPassword {
  name: string;
  password: string;
  note: string;
}

/** A generated password, shown once, with copy and dismiss. */
export function OneTimePassword({ shown, onDismiss }: { shown: ShownPassword; onDismiss(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
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
        <button type="button" data-testid="user-password-dismiss" onClick={onDismiss}>
          {t('adminx.users.dismiss')}
        </button>
      </div>
    </section>
  );
}
