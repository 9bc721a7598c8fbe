import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type AdminUser, type SessionInfo } from './admin-api.ts';
import { dateTime } from './admin-format.ts';
import { Confirm, ErrorText } from './common.tsx';

/** One user's sessions (newest first), each revocable, or all at once. */
export function SessionsView({
  user,
  name,
  onClose,
  onChanged,
}: {
  user: AdminUser;
  name: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ sessionId?: string } | null>(null);
  const [done, setDone] = useState<number | null>(null);

  const reload = useCallback(() => {
    adminApi
      .sessions(user.id)
      .then((r) => setSessions(r.sessions))
      .catch((err: unknown) => setError(err));
  }, [user.id]);
  useEffect(reload, [reload]);

  const revoke = async (sessionId?: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await adminApi.revokeSessions(user.id, sessionId);
      setDone(r.revoked);
      reload();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  const status = (s: SessionInfo) =>
    s.active ? t('adminx.sessions.active') : s.revokedAt ? t('adminx.sessions.revoked') : t('adminx.sessions.expired');

  return (
    <div className="adm-sessions card" data-testid="sessions-view">
      <h2>{t('adminx.sessions.title', { name })}</h2>
      <ErrorText error={error} />
      {done !== null ? <p className="adm-muted">{t('adminx.sessions.done', { count: done })}</p> : null}
      {sessions && sessions.length === 0 ? <p className="adm-muted">{t('adminx.sessions.none')}</p> : null}
      {sessions && sessions.length > 0 ? (
        <div className="table-wrap">
          <table className="adm-table">
            <thead>
              <tr>
                <th>{t('adminx.sessions.colId')}</th>
                <th>{t('adminx.sessions.colCreated')}</th>
                <th className="adm-hide-narrow">{t('adminx.sessions.colExpires')}</th>
                <th>{t('adminx.sessions.colFrom')}</th>
                <th>{t('adminx.sessions.colStatus')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} className={s.active ? undefined : 'adm-off'}>
                  <td>
                    <code>{s.id.slice(0, 8)}</code>
                  </td>
                  <td>{dateTime(s.createdAt)}</td>
                  <td className="adm-hide-narrow">{dateTime(s.expiresAt)}</td>
                  <td>{s.remoteAddr ?? '–'}</td>
                  <td>{status(s)}</td>
                  <td>
                    {s.active ? (
                      <button type="button" disabled={busy} onClick={() => setPending({ sessionId: s.id })}>
                        {t('adminx.sessions.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="adm-filter-actions">
        <button type="button" disabled={busy || !sessions?.some((s) => s.active)} onClick={() => setPending({})}>
          {t('adminx.sessions.revokeAll')}
        </button>
        <button type="button" onClick={onClose}>
          {t('adminx.sessions.close')}
        </button>
      </div>
      {pending ? (
        <Confirm
          message={pending.sessionId ? t('adminx.confirm.revokeOne') : t('adminx.confirm.revokeAll', { name })}
          busy={busy}
          danger
          onOk={() => void revoke(pending.sessionId)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </div>
  );
}
