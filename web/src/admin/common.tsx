import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { errorKey } from './admin-format.ts';

/** An API error in plain words (by its code); the server's English message stays in the logs. */
export function ErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : { code: 'other', message: String(error) };
  return (
    <div className="error adm-error" role="alert" data-testid="admin-error">
      <p>{t(errorKey(e))}</p>
    </div>
  );
}

/** A confirmation that stays on the page until answered. */
export function Confirm({
  message,
  busy,
  onOk,
  onCancel,
  danger,
}: {
  message: ReactNode;
  busy: boolean;
  onOk: () => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="adm-backdrop" onClick={busy ? undefined : onCancel}>
      <div
        className="adm-confirm card"
        role="alertdialog"
        aria-modal="true"
        data-testid="admin-confirm"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>{t('adminx.confirm.title')}</h2>
        <p>{message}</p>
        <div className="actions">
          <button type="button" onClick={onCancel} disabled={busy}>
            {t('adminx.confirm.cancel')}
          </button>
          <button
            type="button"
            className={danger ? 'primary adm-danger' : 'primary'}
            data-testid="confirm-ok"
            onClick={onOk}
            disabled={busy}
            autoFocus
          >
            {busy ? t('adminx.users.busy') : t('adminx.confirm.ok')}
          </button>
        </div>
      </div>
    </div>
  );
}
